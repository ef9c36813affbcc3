"""Pure functions behind the compare view, the overlap toggle and the natural regions:
which regions correspond, their colours, shared samenwerkingen and trivially identical pairs.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from kaartviewer import geo, maps, network


def test_region_correspondence_by_hand():
    # a: N {1, 2}, Z {3, 4, 5}; b: X {1, 2, 3}, Y {4}, W {5}.
    a = pd.Series({"g1": "N", "g2": "N", "g3": "Z", "g4": "Z", "g5": "Z"})
    b = pd.Series({"g1": "X", "g2": "X", "g3": "X", "g4": "Y", "g5": "W"})
    corr = network.region_correspondence(a, b)
    by_pair = {(r.regio_a, r.regio_b): r for r in corr.itertuples(index=False)}
    # N ~ X: 2 of 3 shared (Jaccard 2/3), a match.
    nx_ = by_pair[("N", "X")]
    assert nx_.overeenkomst and nx_.alleen_b == ["g3"] and nx_.alleen_a == []
    assert abs(nx_.jaccard - 2 / 3) < 1e-9
    # Z overlaps Y and W most (1/3 each; W first by name), no match; Y is nobody's best
    # and gets its own row with Z, the region it overlaps most.
    assert set(by_pair) == {("N", "X"), ("Z", "W"), ("Z", "Y")}
    assert not by_pair[("Z", "W")].overeenkomst and not by_pair[("Z", "Y")].overeenkomst
    assert by_pair[("Z", "Y")].alleen_a == ["g3", "g5"] and by_pair[("Z", "Y")].gedeeld == 1
    # Differing regions first: the lowest Jaccard on top.
    assert corr["jaccard"].is_monotonic_increasing


labelings = st.dictionaries(
    st.sampled_from([f"g{i}" for i in range(12)]), st.sampled_from("ABCD"), min_size=1
)


@settings(deadline=None)
@given(labelings, labelings)
def test_correspondence_is_one_to_one_and_identity_is_exact(x, y):
    a, b = pd.Series(x, dtype=object), pd.Series(y, dtype=object)
    corr = network.region_correspondence(a, b)
    matched = corr[corr["overeenkomst"]]
    assert matched["regio_a"].is_unique and matched["regio_b"].is_unique
    assert (matched["jaccard"] >= 0.5).all()
    same = network.region_correspondence(a, a)
    assert same["identiek"].all() and same["overeenkomst"].all()


def test_neighbouring_regions_differ_and_corresponding_regions_match(registry):
    layer = registry.gemeenten
    # Every gemeente its own region: the three northern squares touch in a row.
    poly = geo.region_polygons(layer, pd.Series(layer.index, index=layer.index))
    colours = maps.region_colours(poly)
    for a, b in maps.region_adjacency(poly):
        assert colours[a] != colours[b]
    assert ("GM0001", "GM0002") in maps.region_adjacency(poly)
    assert ("GM0001", "GM0005") not in maps.region_adjacency(poly)
    prov = geo.region_polygons(layer, network.regio_labels(registry, "provincie"))
    ggd = geo.region_polygons(layer, network.regio_labels(registry, "ggd"))
    ca, cb = maps.matched_colours(prov, ggd, [("Noordland", "Noord"), ("Zuidland", "Zuid")])
    assert ca["Noordland"] == cb["Noord"] and ca["Zuidland"] == cb["Zuid"]
    assert ca["Noordland"] != ca["Zuidland"]  # far apart, still told apart
    ca, cb = maps.matched_colours(prov, ggd, [("Noordland", "Noord")])
    assert ca["Zuidland"] == maps.UNMATCHED and cb["Zuid"] == maps.UNMATCHED


def test_shared_samenwerkingen_and_on_gemeenten(registry):
    assert list(network.shared_samenwerkingen(registry, "GM0002", "GM0003").index) == ["s5"]
    assert network.shared_samenwerkingen(registry, "GM0001", "GM0006").empty
    north = network.on_gemeenten(registry, ["GM0001", "GM0002", "GM0005"])
    assert set(north.lidmaatschappen["gemeentecode"]) == {"GM0001", "GM0002", "GM0005"}
    labels = network.natural_regions(north)
    assert set(labels.index) == {"GM0001", "GM0002", "GM0005"}


def test_trivially_identical_needs_two_regions_with_the_same_members(registry):
    pairs = network.overlap_pairs(registry)
    sw = registry.samenwerkingen.copy()
    assert not network.trivially_identical(pairs, sw).any()  # no regions in the fixture
    sw["regio_indeling"] = ["", "", "ggd:Zuid", "vr:Zuid", ""]  # s3 and s4 as regions
    flags = network.trivially_identical(pairs, sw)
    flagged = {frozenset(p) for p in pairs.loc[flags, ["a", "b"]].itertuples(index=False)}
    assert flagged == {frozenset({"s3", "s4"})}
