"""Metrics on the hand-checkable fixture (tests/fixtures.py), worked out in comments,
plus hypothesis properties and the vectorised-vs-slow overlap check.

Fixture (gemeente numbers = last digit of GM000x; provincie N = 1, 2, 5; Z = 3, 4, 6):
    s1 {1,2,5} afval   s2 {1,2} belastingen   s3 {3,4,6} gezondheid
    s4 {3,4,6} afval   s5 {2,3} regionaal
Indeling "ggd": Noord = {1,2,5,6}, Zuid = {3,4}.
"""

import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaartviewer import network as nw
from kaartviewer.registry import Registry


def test_bipartite_graph(registry):
    g = nw.bipartite_graph(registry)
    assert g.number_of_nodes() == 6 + 5 and g.number_of_edges() == 13
    assert g.nodes["s3"]["kind"] == "samenwerking" and g.nodes["GM0004"]["bipartite"] == 0
    assert set(g["GM0002"]) == {"s1", "s2", "s5"}


def test_bipartite_graph_with_typed_overige(tmp_path):
    from fixtures import write_data

    from kaartviewer.load import load

    reg, _ = load(write_data(tmp_path / "d", extra_overige={"s1": "waterschap:Waterschap Zijl"}))
    g = nw.bipartite_graph(reg, include_overige=True)
    node = "overig:waterschap:Waterschap Zijl"
    assert g.nodes[node]["type"] == "waterschap" and set(g[node]) == {"s1"}
    assert node not in nw.bipartite_graph(reg)


def test_comembership_graph(registry):
    g = nw.comembership_graph(registry)
    w = {tuple(sorted((u, v))): d["weight"] for u, v, d in g.edges(data=True)}
    # 1–2 share s1 and s2; 3–4, 3–6, 4–6 share s3 and s4; 2–3 share s5.
    assert w == {
        ("GM0001", "GM0002"): 2,
        ("GM0001", "GM0005"): 1,
        ("GM0002", "GM0005"): 1,
        ("GM0002", "GM0003"): 1,
        ("GM0003", "GM0004"): 2,
        ("GM0003", "GM0006"): 2,
        ("GM0004", "GM0006"): 2,
    }
    afval = nw.comembership_graph(registry, onderwerp=["afval"])
    assert afval["GM0003"]["GM0004"]["weight"] == 1 and not afval.has_edge("GM0002", "GM0003")


def test_memberships_by_onderwerp(registry):
    t = nw.memberships_by(registry, "onderwerp")
    assert t.loc["GM0003", "afval"] == 1 and t.loc["GM0003", "gezondheid"] == 1
    assert t.loc["GM0005"].sum() == 1


def test_gemeente_metrics(registry):
    m = nw.gemeente_metrics(registry)
    # GM0002: s1, s2, s5 → J(s1,s2)=2/3, J(s1,s5)=1/4, J(s2,s5)=1/3; mean 5/12 → S = 7/12
    assert m.at["GM0002", "spaghetti"] == pytest.approx(7 / 12)
    # GM0003: J(s3,s4)=1, J(s3,s5)=J(s4,s5)=1/4; mean 1/2 → S = 1/2
    assert m.at["GM0003", "spaghetti"] == pytest.approx(0.5)
    assert m.at["GM0001", "spaghetti"] == pytest.approx(1 / 3)  # only pair s1,s2: J=2/3
    assert m.at["GM0004", "spaghetti"] == 0.0  # s3 and s4 have the same members
    assert math.isnan(m.at["GM0005", "spaghetti"])  # one arrangement: undefined
    # 7/12 > 1/2 > 1/3 > 0 = 0 (ties share the best rank); no rank without an index
    assert pd.isna(m.at["GM0005", "rang"])
    assert m["rang"].dropna().to_dict() == {
        "GM0001": 3,
        "GM0002": 1,
        "GM0003": 2,
        "GM0004": 4,
        "GM0006": 4,
    }
    # GM0002's partners: 1 and 5 (Noordland) and 3 (Zuidland) → 1/3 outside its provincie
    assert m.at["GM0002", "partners"] == 3
    assert m.at["GM0002", "aandeel_buiten_provincie"] == pytest.approx(1 / 3)
    assert m.at["GM0004", "aandeel_buiten_provincie"] == 0.0


def test_overlap_pairs_worked_example(registry):
    ov = nw.overlap_pairs(registry, min_jaccard=0.5)
    got = {
        (r.a, r.b): (r.overlap_soort, r.gedeeld, r.jaccard, r.containment, r.zelfde_onderwerp)
        for r in ov.itertuples()
    }
    # s3 = s4 (identical, different topic); s2 ⊂ s1 (J = 2/3, containment 1)
    assert got == {
        ("s3", "s4"): ("identiek", 3, 1.0, 1.0, False),
        ("s1", "s2"): ("genest", 2, pytest.approx(2 / 3), 1.0, False),
    }
    low = nw.overlap_pairs(registry, min_jaccard=0.25)
    # adds s1–s5 (J = 1/4), s2–s5 (J = 1/3), s3–s5, s4–s5 (J = 1/4)
    assert len(low) == 6 and set(low["overlap_soort"]) == {"identiek", "genest", "vergelijkbaar"}
    afval = nw.overlap_pairs(registry, min_jaccard=0.0, onderwerp=["afval"])
    assert afval.empty  # s1 and s4 share no gemeente


def test_fit_and_region_congruence(registry):
    fit = nw.arrangement_fit(registry, "ggd")
    # s3 {3,4,6}: Zuid has 3 and 4, Noord has 6 → fit 2/3 in Zuid
    assert fit.at["s3", "fit"] == pytest.approx(2 / 3) and fit.at["s3", "regio"] == "Zuid"
    assert fit.at["s1", "fit"] == 1.0
    assert fit.at["s5", "fit"] == 0.5
    prov = nw.region_congruence(registry, "provincie").set_index("regio")
    # Noordland is touched by s1, s2, s5; s5 crosses into Zuidland → 2/3
    assert prov.at["Noordland", "raakt"] == 3 and prov.at["Noordland", "binnen"] == 2
    assert prov.at["Noordland", "congruentie"] == pytest.approx(2 / 3)
    assert prov.at["Noordland", "grensoverschrijdend"] == ["s5"]


def test_ari_nmi_worked_example(registry):
    res = nw.compare_regio_indelingen(registry, "provincie", "ggd")
    # contingency [[3,0],[1,2]]: ΣC(nij,2)=4, ΣC(ai,2)=6, ΣC(bj,2)=7, C(6,2)=15,
    # E = 6·7/15 = 2.8, max = 6.5 → ARI = 1.2/3.7
    assert res["ari"] == pytest.approx(1.2 / 3.7)
    # I = ½ln1.5 − ⅙ln2 + ⅓ln2; H(prov) = ln2; H(ggd) = −(⅔ln⅔ + ⅓ln⅓)
    mi = 0.5 * math.log(1.5) - math.log(2) / 6 + math.log(2) / 3
    hx, hy = math.log(2), -(2 / 3 * math.log(2 / 3) + 1 / 3 * math.log(1 / 3))
    assert res["nmi"] == pytest.approx(mi / ((hx + hy) / 2))
    ari, nmi = nw.congruence_matrix(registry)
    assert ari.loc["provincie", "ggd"] == pytest.approx(1.2 / 3.7)
    assert ari.loc["ggd", "provincie"] == ari.loc["provincie", "ggd"]
    assert np.allclose(np.diag(ari), 1.0) and np.allclose(np.diag(nmi), 1.0)


def test_natural_regions_recover_the_two_clusters(registry):
    labels = nw.natural_regions(registry, resolution=1.0, seed=1)
    assert labels["GM0001"] == labels["GM0002"] == labels["GM0005"]
    assert labels["GM0003"] == labels["GM0004"] == labels["GM0006"] != labels["GM0001"]
    agree = nw.natural_regions_agreement(registry, labels).set_index("regio_indeling")
    assert agree.at["provincie", "ari"] == pytest.approx(1.0)
    frame = nw.natural_regions_frame(registry, labels)
    assert len(frame) == 2 and set(frame["gemeenten"]) == {3}
    assert nw.natural_regions(registry, seed=1).equals(labels)  # deterministic


# --- properties ---------------------------------------------------------------------------


def rand_pair_counting(x, y) -> float:
    """ARI from explicit pair counting (an independent formula), for cross-checking."""
    n11 = n10 = n01 = n00 = 0
    for i, j in combinations(range(len(x)), 2):
        same_x, same_y = x[i] == x[j], y[i] == y[j]
        n11 += same_x and same_y
        n10 += same_x and not same_y
        n01 += same_y and not same_x
        n00 += not same_x and not same_y
    den = (n00 + n01) * (n01 + n11) + (n00 + n10) * (n10 + n11)
    return 1.0 if den == 0 else 2 * (n00 * n11 - n01 * n10) / den


labelings = st.integers(2, 25).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
    )
)


@given(labelings)
def test_ari_nmi_properties(xy):
    x, y = xy
    assert nw.adjusted_rand(x, x) == pytest.approx(1.0)
    assert nw.normalized_mutual_info(x, x) == pytest.approx(1.0)
    assert nw.adjusted_rand(x, y) == pytest.approx(nw.adjusted_rand(y, x))
    assert nw.normalized_mutual_info(x, y) == pytest.approx(nw.normalized_mutual_info(y, x))
    assert 0.0 <= nw.normalized_mutual_info(x, y) <= 1.0
    assert nw.adjusted_rand(x, y) == pytest.approx(rand_pair_counting(x, y), abs=1e-9)
    relabelled = [10 - v for v in x]
    assert nw.adjusted_rand(x, relabelled) == pytest.approx(1.0)


def make_registry(sets: list[set[int]], n_gem: int = 8) -> Registry:
    import geopandas as gpd
    from shapely.geometry import box

    codes = [f"GM{i:04d}" for i in range(n_gem)]
    gem = gpd.GeoDataFrame(
        {
            "gemeentecode": codes,
            "gemeentenaam": [f"G{i}" for i in range(n_gem)],
            "provinciecode": ["PV01" if i % 2 else "PV02" for i in range(n_gem)],
            "provincienaam": ["A" if i % 2 else "B" for i in range(n_gem)],
        },
        geometry=[box(5 + i * 0.1, 52, 5.1 + i * 0.1, 52.1) for i in range(n_gem)],
        crs="EPSG:4326",
    )
    sw = pd.DataFrame(
        {
            "id": [f"s{i:02d}" for i in range(len(sets))],
            "naam": [f"S{i}" for i in range(len(sets))],
            "onderwerp": ["afval" if i % 2 else "overig" for i in range(len(sets))],
            "juridische_vorm": "wgr_onbekend",
            "samenwerking_soort": "wgr",
            "n_deelnemers": [len(s) for s in sets],
        }
    )
    leden = pd.DataFrame(
        [(f"s{i:02d}", codes[g]) for i, s in enumerate(sets) for g in sorted(s)],
        columns=["samenwerking", "gemeentecode"],
    )
    return Registry.from_tables(
        gem,
        sw,
        leden,
        pd.DataFrame(columns=["samenwerking", "type", "naam"]),
        pd.DataFrame(
            columns=[
                "regio_indeling",
                "regio_indeling_naam",
                "indeling_soort",
                "gemeentecode",
                "regio",
            ]
        ),
    )


member_sets = st.lists(st.sets(st.integers(0, 7), min_size=1, max_size=6), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(member_sets, st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]))
def test_vectorised_overlap_equals_slow_reference(sets, t):
    reg = make_registry(sets)
    fast = nw.overlap_pairs(reg, min_jaccard=t)
    slow = nw.overlap_pairs_slow(reg, min_jaccard=t)
    key = ["a", "b"]
    f = fast.set_index(key).sort_index()
    s = slow.set_index(key).sort_index()
    assert list(f.index) == list(s.index)
    assert (f["overlap_soort"] == s["overlap_soort"]).all() and (f["gedeeld"] == s["gedeeld"]).all()
    assert np.allclose(f["jaccard"].astype(float), s["jaccard"].astype(float))
    assert np.allclose(f["containment"].astype(float), s["containment"].astype(float))
    assert ((0 <= f["jaccard"]) & (f["jaccard"] <= 1)).all()
    assert (f["containment"] >= f["jaccard"] - 1e-12).all()


# No deadline: the first example pays for building a Registry (pandas/GeoPandas warm-up).
@settings(deadline=None)
@given(st.sets(st.integers(0, 7), min_size=1, max_size=8), st.integers(2, 6))
def test_spaghetti_zero_when_all_arrangements_share_members(members, k):
    reg = make_registry([set(members)] * k)
    s = nw.spaghetti_index(reg)
    assert (s.dropna() == 0).all() and s.notna().sum() == len(members)


@settings(max_examples=60, deadline=None)
@given(member_sets)
def test_spaghetti_in_unit_interval(sets):
    s = nw.spaghetti_index(make_registry(sets)).dropna()
    assert ((s >= -1e-12) & (s <= 1 + 1e-12)).all()
