"""Linking OpenGR arrangements to RegioAtlas regions: hand-made cases for every rule."""

from kaartviewer.pipeline.link import (
    choose,
    distinctive_words,
    families,
    link,
    link_duplicates,
    name_similarity,
    wettelijke_leden,
)


def fs(*codes):
    return frozenset(codes)


def pairs_of(opengr, regios, plaatsnamen=(), statussen=None):
    return {
        (k.opengr_id, k.regio_id, k.samen_met)
        for k in link_duplicates(opengr, regios, plaatsnamen, statussen)
    }


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
        "ra-ggd": ("ggd", "GGD Groot", members),
    }
    pairs = {(k.opengr_id, k.regio_id) for k in link_duplicates(opengr, regios)}
    assert pairs == {("gr-vr", "ra-vr"), ("gr-vh", "ra-vh")}


def test_a_region_of_places_needs_name_overlap():
    # A jeugdregio is an area, not an organisation: the family alone does not link.
    members = fs("A", "B")
    assert not link_duplicates(
        {"gr": ("Jeugdzorg Noord", members)},
        {"ra": ("jeugdregio", "Zuidelijke regio", members)},
    )
    assert link_duplicates(
        {"gr": ("Jeugdzorg Zuidelijke regio", members)},
        {"ra": ("jeugdregio", "Zuidelijke regio", members)},
    )


def test_a_brand_name_in_both_names_links_a_place_name_does_not():
    m = fs("A", "B", "C", "D", "E", "F")
    opengr = {
        # No family in the name, but "Promenade" occurs in no other name: the same SW-bedrijf.
        "gr-sw": ("Promenade Kustland", m),
        # "Rivierenland" is a place: the afvalschap is not the SW-bedrijf of the same gemeenten.
        "gr-afval": ("Afvalschap Rivierenland", fs("G", "H", "I")),
    }
    regios = {
        "ra-sw": ("sociale_werkvoorziening", "Promenade", m - {"F"}),  # J = 5/6
        "ra-sw2": ("sociale_werkvoorziening", "Rivierenland Werkt", fs("G", "H", "I")),
    }
    got = link(opengr, regios, plaatsnamen=["Rivierenland"])
    assert [(k.opengr_id, k.regio_id, k.bewijs) for k in got.koppelingen] == [
        ("gr-sw", "ra-sw", "naamwoord")
    ]
    assert got.koppelingen[0].toelichting == "promenade"


def test_same_members_but_different_body_stay_two():
    m = fs("A", "B", "C")
    opengr = {
        "gr-afval": ("Afvalschap Noord", m),  # no family, no shared word
        "gr-ggd": ("GGD Noord", m),  # a GGD is not a veiligheidsregio
    }
    regios = {
        "ra-sw": ("sociale_werkvoorziening", "Noordwerk", m),
        "ra-vr": ("veiligheidsregio", "Noord", m),
    }
    assert pairs_of(opengr, regios, plaatsnamen=["Noord"]) == set()


def test_ggd_and_veiligheidsregio_with_the_same_members():
    m = fs("A", "B", "C")
    regios = {"ra-ggd": ("ggd", "GGD Noord", m), "ra-vr": ("veiligheidsregio", "Noord", m)}
    # Two bodies: each links to its own region only.
    two = {"gr-ggd": ("GGD Noord", m), "gr-vr": ("Veiligheidsregio Noord", m)}
    assert pairs_of(two, regios) == {("gr-ggd", "ra-ggd", ""), ("gr-vr", "ra-vr", "")}
    # A name that says it is both links to both regions, one per indeling.
    both = {"gr-vg": ("Veiligheids- en Gezondheidsregio Noord", m)}
    assert pairs_of(both, regios) == {("gr-vg", "ra-ggd", ""), ("gr-vg", "ra-vr", "")}
    assert families("Veiligheids- en Gezondheidsregio Noord") == {"ggd", "veiligheidsregio"}
    # With a GGD of its own in the source, the region goes to the name of one family.
    three = both | {"gr-pg": ("Publieke Gezondheid Noord", m)}
    res = link(three, regios)
    assert {(k.opengr_id, k.regio_id) for k in res.koppelingen} == {
        ("gr-pg", "ra-ggd"),
        ("gr-vg", "ra-vr"),
    }
    assert [(k.opengr_id, k.regio_id) for k, _ in res.overgeslagen] == [("gr-vg", "ra-ggd")]


def test_family_only_needs_nearly_the_same_members():
    regio = {"ra": ("isd", "Werkplein Baanzicht", fs("A", "B", "C", "D"))}
    same = {"gr": ("Intergemeentelijke sociale dienst Aa", fs("A", "B", "C", "D"))}
    three_of_four = {"gr": ("Intergemeentelijke sociale dienst Aa", fs("A", "B", "C"))}
    assert [k.bewijs for k in link_duplicates(same, regio)] == ["familie"]
    assert link_duplicates(three_of_four, regio) == []  # J = 0.75 < 0.8


def test_same_name_needs_containment_only():
    # OpenGR lists the 3 GR members, RegioAtlas the 6 gemeenten the dienst works for.
    got = link_duplicates(
        {"gr": ("Omgevingsdienst IJmond", fs("A", "B", "C"))},
        {"ra": ("omgevingsdienst", "Omgevingsdienst IJmond", fs("A", "B", "C", "D", "E", "F"))},
    )
    assert [(k.bewijs, k.jaccard) for k in got] == [("naam_gelijk", 0.5)]


def test_two_names_of_one_body_join_a_successor_does_not():
    m = fs("A", "B", "C")
    regios = {"ra": ("omgevingsdienst", "Omgevingsdienst Zuidoost", m)}
    opengr = {
        "gr-od": ("Omgevingsdienst Zuidoost", m),
        "gr-rud": ("Regionale Uitvoeringsdienst Zuidoost", m),
    }
    assert pairs_of(opengr, regios) == {("gr-od", "ra", ""), ("gr-rud", "ra", "gr-od")}
    # Different members: not joined, reported as passed over.
    other = dict(opengr, **{"gr-rud": ("Regionale Uitvoeringsdienst Zuidoost", m | {"D"})})
    res = link(other, regios)
    assert [k.opengr_id for k in res.koppelingen] == ["gr-od"]
    assert res.overgeslagen[0][1] == "regio al gekoppeld aan gr-od"
    # A body and its successor ("opgegaan in") have different status: not joined.
    assert pairs_of(opengr, regios, statussen={"gr-od": "opgegaan"}) == {("gr-od", "ra", "")}


def test_distinctive_words():
    words = distinctive_words(
        ["Werkvoorzieningschap Westrom", "S.W.B. Midden-Twente", "Afval Twente"],
        ["Westrom", "SWB Groep", "Noord Groep", "Zuid Groep"],
        ["Twente"],
    )
    assert {"westrom", "swb"} <= words  # a dotted abbreviation is one word
    assert "groep" not in words  # in three names
    assert "twente" not in words  # a place
    assert "werkvoorzieningschap" not in words  # names a family


def test_choose_takes_strongest_evidence_first():
    m = fs("A", "B")
    opengr = {"gr-1": ("Werkvoorziening Oost", m), "gr-2": ("WOT (Topwerk)", m)}
    regios = {"ra": ("sociale_werkvoorziening", "Topwerk BV", m)}
    from kaartviewer.pipeline.link import candidates

    cands = candidates(opengr, regios)
    assert [k.bewijs for k in cands] == ["naamwoord", "familie"]
    res = choose(cands, opengr, regios, {"gr-2": "opgeheven"})
    assert [k.opengr_id for k in res.koppelingen] == ["gr-2"]


def test_wettelijke_leden_of_a_veiligheidsregio():
    regios = {
        "ra-a": ("veiligheidsregio", "Amstelland", fs("A", "B")),
        "ra-z": ("veiligheidsregio", "Zaanstreek", fs("C", "D")),
        "ra-g": ("ggd", "GGD Amstelland", fs("A", "B")),
    }
    opengr = {
        "gr-vr": ("Veiligheidsregio Amstelland", fs("A", "C", "D")),  # C, D are Zaanstreek's
        "gr-ggd": ("GGD Amstelland", fs("A", "C")),  # no veiligheidsregio: untouched
        "gr-ok": ("Veiligheidsregio Zaanstreek", fs("C", "D")),  # already right
    }
    (w,) = wettelijke_leden(opengr, regios)
    assert (w.opengr_id, w.regio_id, w.leden) == ("gr-vr", "ra-a", fs("A", "B"))
    assert (w.weggelaten, w.toegevoegd) == (("C", "D"), ("B",))
