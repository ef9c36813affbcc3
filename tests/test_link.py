from kaartviewer.pipeline.link import link_duplicates, name_similarity


def fs(*codes):
    return frozenset(codes)


def test_name_similarity():
    assert name_similarity("GGD Drenthe", "GGD Drenthe") == 1.0
    # {gemeentelijke, gezondheidsdienst, ggd, hart, voor, brabant} vs {ggd, hart, voor, brabant}
    assert (
        name_similarity(
            "Gemeentelijke Gezondheidsdienst (GGD) Hart voor Brabant", "GGD Hart voor Brabant"
        )
        == 4 / 6
    )


def test_link_picks_the_right_family_and_pairs_one_to_one():
    members = fs("A", "B", "C", "D")
    opengr = {
        "gr-vr": ("Veiligheidsregio Groningen", members),
        "gr-vh": ("Veiligheidshuis Groningen", members),
        "gr-afval": ("Afval Groningen", members),  # no family matches
        "gr-ggd": ("GGD Klein", fs("A", "B")),  # Jaccard with region = 2/4 < 0.6
    }
    regios = {
        "ra-vr": ("veiligheidsregio", "Groningen", members),
        "ra-vh": ("veiligheidshuis", "Veiligheidshuis Groningen", members),
        "ra-ggd": ("ggd", "GGD Klein", members),
    }
    pairs = {(k.opengr_id, k.regio_id) for k in link_duplicates(opengr, regios)}
    assert pairs == {("gr-vr", "ra-vr"), ("gr-vh", "ra-vh")}


def test_link_needs_some_name_overlap():
    members = fs("A", "B")
    pairs = link_duplicates(
        {"gr": ("Omgevingsdienst Noord", members)},
        {"ra": ("omgevingsdienst", "Zuidelijke dienst", members)},
    )
    assert pairs == []
