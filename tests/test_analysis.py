"""Analysis tables moved out of the views (kaartviewer.analysis): small worked examples."""

import pandas as pd
import pytest

from kaartviewer import analysis, network


def test_comembership_edges_of_the_fixture(registry):
    e = analysis.comembership_edges(registry)
    w = {frozenset((a, b)): int(x) for a, b, x in e.itertuples(index=False)}
    # s1 {1,2,5}, s2 {1,2}, s5 {2,3}, s3 = s4 = {3,4,6}
    assert w[frozenset(("GM0001", "GM0002"))] == 2
    assert w[frozenset(("GM0002", "GM0003"))] == 1
    assert w[frozenset(("GM0004", "GM0006"))] == 2
    assert frozenset(("GM0001", "GM0003")) not in w
    assert list(e.columns) == ["a", "b", "weight"] and len(e) == 7


def test_partners_and_edges_of(registry):
    e = analysis.comembership_edges(registry)
    assert analysis.partners(e, "GM0002") == {"GM0001": 2, "GM0005": 1, "GM0003": 1}
    assert len(analysis.edges_of(e, "GM0002")) == 3
    assert analysis.partners(e, "GM9999") == {}


def test_overlaps_of_sees_the_pair_from_either_side(registry):
    pairs = network.overlap_pairs(registry, min_jaccard=0.5)
    # s3 and s4 have identical members; s2 is nested in s1.
    mine = analysis.overlaps_of(pairs, "s4")
    assert list(mine["id"]) == ["s3"] and mine.at[0, "overlap_soort"] == "identiek"
    assert mine.at[0, "naam"] == "GGD Zuid" and mine.at[0, "jaccard"] == 1.0
    assert set(analysis.overlaps_of(pairs, "s2")["id"]) == {"s1"}


def test_fit_per_indeling(registry):
    ov = network.regio_indelingen_overview(registry)
    fits = {i: network.arrangement_fit(registry, i) for i in ov["regio_indeling"]}
    t = analysis.fit_per_indeling(fits, ov, "s5")  # Bergen (NH.) + Bergen (L.)
    assert set(t["regio_indeling"]) == {"ggd", "provincie"}
    assert (t["fit"] == 0.5).all()  # one member in each region of both indelingen


def test_ari_differences_worked_example():
    ids = ["a", "b", "c"]
    toen = pd.DataFrame([[1, 0.5, 0.2], [0.5, 1, 0.4], [0.2, 0.4, 1]], index=ids, columns=ids)
    nu = pd.DataFrame([[1, 0.7, 0.1], [0.7, 1, 0.4], [0.1, 0.4, 1]], index=ids, columns=ids)
    d = analysis.ari_differences({"indelingen": ids, "ari_toen": toen, "ari_nu": nu})
    assert [(a, b) for a, b in zip(d["a"], d["b"], strict=True)] == [
        ("a", "c"),
        ("b", "c"),
        ("a", "b"),
    ]
    assert d["verschil"].tolist() == pytest.approx([-0.1, 0.0, 0.2])


def test_names_list_and_ranking(registry):
    names = pd.Series({"x": "X", "y": "Y", "z": "Z"})
    assert analysis.names_list(["x", "y", "z"], names, limit=2) == "X, Y … (+1)"
    r = analysis.ranking(registry, registry.memberships_per_gemeente())
    # Bergen (NH.) and Bergen (L.) are in 3 samenwerkingen each; ties by name.
    assert r.iloc[0]["gemeente"] == "Bergen (L.)" and r.iloc[0]["samenwerkingen"] == 3
    assert list(r.columns) == ["gemeentecode", "gemeente", "provincie", "samenwerkingen"]


# --- today's register: bestuursorganen, versions, changes ---------------------------------------


@pytest.mark.parametrize(
    "organen,expected",
    [
        ("College van burgemeester en wethouders;Gemeenteraad", "ja"),
        ("Gemeenteraad", "ja"),
        ("Burgemeester;College van burgemeester en wethouders", "nee"),
        ("College van burgemeester en wethouders", "nee"),
        ("", analysis.ONBEKEND),
        (None, analysis.ONBEKEND),
        (float("nan"), analysis.ONBEKEND),
    ],
)
def test_raad_neemt_deel(organen, expected):
    assert analysis.raad_neemt_deel(organen) == expected


def test_deelnemers_tabel_of_todays_register(registry):
    t = analysis.deelnemers_tabel(registry, "s1")
    assert list(t["gemeentecode"]) == ["GM0001", "GM0002", "GM0005"]
    assert list(t.columns) == [
        "gemeentecode",
        "gemeente",
        "provincie",
        "raad neemt deel",
        "bestuursorganen",
        "toegetreden",
        "via",
    ]
    assert set(t["raad neemt deel"]) == {"nee"}  # the fixture's members: college only
    assert set(t["via"]) == {""}  # nobody came in through a predecessor


def test_versies_van_marks_the_version_on_the_peildatum():
    versies = pd.DataFrame(
        {
            "samenwerking": ["a", "a", "a", "b"],
            "roo_id": ["2", "1", "3", "9"],
            "titel": ["A 2018", "A", "A 2024", "B"],
            "geldig_van": ["2018-01-01", "2010-01-01", "2024-01-01", "2010-01-01"],
            "geldig_tot": ["2024-01-01", "2018-01-01", "", ""],
            "juridische_vorm": ["openbaar_lichaam"] * 4,
        }
    )
    v = analysis.versies_van(versies, "a", "2024-01-01")
    assert list(v["roo_id"]) == ["1", "2", "3"]  # oldest first
    assert list(v["op_peildatum"]) == [False, False, True]  # half-open: 2024-01-01 is new
    assert list(analysis.versies_van(versies, "a", "2023-12-31")["op_peildatum"]) == [
        False,
        True,
        False,
    ]
    assert not analysis.versies_van(versies, "a", "2000-01-01")["op_peildatum"].any()


def test_opsomming_and_the_raadslid_sentence():
    assert analysis.opsomming(["A"]) == "A"
    assert analysis.opsomming(["A", "B"]) == "A en B"
    assert analysis.opsomming(["A", "B", "C"]) == "A, B en C"
    assert analysis.opsomming(list("ABCDE"), limit=3) == "A, B, C en nog 2 andere"
    zin = analysis.wijzigingen_zin("Gamma", "1 juli 2021", "16 mei 2026", ["X", "Y"], ["Z"])
    assert zin == "Sinds 1 juli 2021 trad Gamma toe tot X en Y en trad uit Z (tot 16 mei 2026)."
    assert analysis.wijzigingen_zin("Gamma", "2016", "nu", [], ["Z"]) == (
        "Sinds 2016 trad Gamma uit Z (tot nu)."
    )
    assert "nergens toe en nergens uit" in analysis.wijzigingen_zin("Gamma", "a", "b", [], [])


def test_binnen_keeps_only_the_given_samenwerkingen(registry):
    from kaartviewer.wijzigingen import vergelijk

    w = vergelijk(registry.subset(["s1", "s2"]), registry.subset(["s2", "s3"]), "a", "b")
    assert set(w.samenwerkingen["id"]) == {"s1", "s3"}
    kept = analysis.binnen(w, {"s3"})
    assert set(kept.samenwerkingen["id"]) == {"s3"}
    assert set(kept.lidmaatschappen["samenwerking"]) == {"s3"}
    assert (kept.van, kept.tot) == ("a", "b")


def test_lidmaatschap_via_names_the_predecessor(registry):
    """A membership that ended with a merged gemeente's says which one (Weesp → Amsterdam)."""
    import dataclasses

    lid = registry.lidmaatschappen.copy()
    lid["via"], lid["via_codes"] = "", lid["gemeentecode"]
    hit = (lid["samenwerking"] == "s2") & (lid["gemeentecode"] == "GM0001")
    lid.loc[hit, ["via", "via_codes"]] = ["Oudedorp", "GM0901"]
    van = dataclasses.replace(registry, lidmaatschappen=lid)
    changes = pd.DataFrame(
        {
            "samenwerking": ["s2", "s1", "s9"],
            "gemeentecode": ["GM0001", "GM0001", "GM0001"],
            "mutatie": ["af", "af", "bij"],
        }
    )
    assert analysis.lidmaatschap_via(changes, van, registry) == ["Oudedorp", "", ""]
