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
