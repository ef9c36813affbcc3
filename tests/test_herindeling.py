"""Crosswalk 2016 → 2025 on hand-drawn polygons, and on the real data for known herindelingen.

Hand-drawn (metres, EPSG:28992), old → new:

    A (0–10 km × 0–10 km)          → A'  a little larger (a 300 m strip of D: a sliver)
    B, C (10–20, 20–30 km)         → BC  (merge)
    D (0–20 km × 10–20 km, 200 km²)→ D1 (x < 14 km, above the strip) and D2 (x ≥ 14 km): split
"""

import json

import geopandas as gpd
import pandas as pd
import pytest
from conftest import REPO
from shapely.geometry import box
from shapely.ops import unary_union

from kaartviewer import herindeling
from kaartviewer.load import load
from kaartviewer.registry import Registry


def frame(rows):
    return gpd.GeoDataFrame(
        {"gemeentecode": [r[0] for r in rows], "gemeentenaam": [r[1] for r in rows]},
        geometry=[r[2] for r in rows],
        crs="EPSG:28992",
    )


OLD = frame(
    [
        ("GM0001", "A", box(0, 0, 10_000, 10_000)),
        ("GM0002", "B", box(10_000, 0, 20_000, 10_000)),
        ("GM0003", "C", box(20_000, 0, 30_000, 10_000)),
        ("GM0004", "D", box(0, 10_000, 20_000, 20_000)),
    ]
)
NEW = frame(
    [
        ("GM0101", "A'", box(0, 0, 10_000, 10_300)),
        ("GM0102", "BC", box(10_000, 0, 30_000, 10_000)),
        (
            "GM0103",
            "D1",
            unary_union([box(0, 10_300, 14_000, 20_000), box(10_000, 10_000, 14_000, 10_300)]),
        ),
        ("GM0104", "D2", box(14_000, 10_000, 20_000, 20_000)),
    ]
)


def test_crosswalk_merge_split_unchanged_sliver():
    cw = herindeling.crosswalk(OLD, NEW)
    got = {
        (r.gemeentecode_oud, r.gemeentecode_nieuw): (r.aandeel, r.mutatie) for r in cw.itertuples()
    }
    # D ∩ A' is a 10 km × 300 m strip (1.5 % of D): after shrinking by 500 m nothing is left.
    # D ∩ D1 = 200 − 3 − 60 = 137 km², D ∩ D2 = 60 km² → renormalised 137/197 and 60/197.
    assert got == {
        ("GM0001", "GM0101"): (1.0, "ongewijzigd"),
        ("GM0002", "GM0102"): (1.0, "samengevoegd"),
        ("GM0003", "GM0102"): (1.0, "samengevoegd"),
        ("GM0004", "GM0103"): (pytest.approx(137 / 197, abs=1e-4), "gesplitst"),
        ("GM0004", "GM0104"): (pytest.approx(60 / 197, abs=1e-4), "gesplitst"),
    }
    assert cw.groupby("gemeentecode_oud")["aandeel"].sum().between(0.99, 1.01).all()
    # With a looser rule the sliver would count: the rule is what drops it.
    loose = herindeling.crosswalk(OLD, NEW, erode_m=0, min_core_km2=1.0)
    assert ("GM0004", "GM0101") in set(
        zip(loose.gemeentecode_oud, loose.gemeentecode_nieuw, strict=True)
    )


# A gemeente that continues (same code) but is drawn smaller in the new file, a 3 km strip of
# it falling in a new neighbour; and a dissolved gemeente that is really split.
#
#     old:  GM0011 West (−10–0 km) | GM0010 Kust (0–10 km)            | GM0012 Oost (10–20 km)
#     new:  GM0200 Nieuwstad (−10–3 km) | GM0010 Kust (3–10 km) | GM0201 (10–16) | GM0202 (16–20)
CONT_OLD = frame(
    [
        ("GM0010", "Kust", box(0, 0, 10_000, 10_000)),
        ("GM0011", "West", box(-10_000, 0, 0, 10_000)),
        ("GM0012", "Oost", box(10_000, 0, 20_000, 10_000)),
    ]
)
CONT_NEW = frame(
    [
        ("GM0010", "Kust", box(3_000, 0, 10_000, 10_000)),
        ("GM0200", "Nieuwstad", box(-10_000, 0, 3_000, 10_000)),
        ("GM0201", "Oost-1", box(10_000, 0, 16_000, 10_000)),
        ("GM0202", "Oost-2", box(16_000, 0, 20_000, 10_000)),
    ]
)


def test_a_continuing_gemeente_is_not_split_by_a_drawing_difference():
    cw = herindeling.crosswalk(CONT_OLD, CONT_NEW)
    got = {
        (r.gemeentecode_oud, r.gemeentecode_nieuw): (r.aandeel, r.mutatie) for r in cw.itertuples()
    }
    # Kust ∩ Nieuwstad is 3 km × 10 km (30 %, 18 km² left after shrinking by 500 m): shape
    # alone would count it. Kust's code continues, so Kust goes wholly to itself.
    assert got == {
        ("GM0010", "GM0010"): (1.0, "ongewijzigd"),
        ("GM0011", "GM0200"): (1.0, "ongewijzigd"),
        ("GM0012", "GM0201"): (pytest.approx(0.6), "gesplitst"),
        ("GM0012", "GM0202"): (pytest.approx(0.4), "gesplitst"),
    }
    pieces = herindeling.crosswalk_pieces(CONT_OLD, CONT_NEW)
    (ignored,) = pieces[~pieces["telt"] & (pieces["gemeentecode_oud"] == "GM0010")].itertuples()
    assert ignored.gemeentecode_nieuw == "GM0200"
    assert ignored.aandeel_ruw == pytest.approx(0.3) and ignored.kern_km2 >= 1
    assert ignored.reden == herindeling.REDEN_VOORTBESTAAND
    # The same drawing with a new code for Kust: Kust was dissolved and is split.
    renamed = CONT_NEW.assign(gemeentecode=CONT_NEW["gemeentecode"].replace({"GM0010": "GM0210"}))
    split = herindeling.crosswalk(CONT_OLD, renamed)
    assert set(split.loc[split["gemeentecode_oud"] == "GM0010", "gemeentecode_nieuw"]) == {
        "GM0210",
        "GM0200",
    }


def test_projection_unions_predecessors_with_provenance():
    old = OLD.to_crs("EPSG:4326").assign(provinciecode="PV01", provincienaam="P")
    new = NEW.to_crs("EPSG:4326").assign(provinciecode="PV01", provincienaam="P")
    sw = pd.DataFrame(
        {
            "id": ["s1", "s2"],
            "naam": ["Eén", "Twee"],
            "onderwerp": "afval",
            "juridische_vorm": "netwerk",
            "samenwerking_soort": "netwerk",
            "bron": "test",
            "n_deelnemers": [2, 2],
        }
    )
    leden = pd.DataFrame(
        {
            "samenwerking": ["s1", "s1", "s2", "s2"],
            "gemeentecode": ["GM0002", "GM0003", "GM0003", "GM0004"],
        }
    )
    empty_ind = pd.DataFrame(
        columns=["regio_indeling", "regio_indeling_naam", "indeling_soort", "gemeentecode", "regio"]
    )
    reg = Registry.from_tables(
        old, sw, leden, pd.DataFrame(columns=["samenwerking", "type", "naam"]), empty_ind
    )
    proj = herindeling.project(reg, new, herindeling.crosswalk(OLD, NEW))
    lid = proj.lidmaatschappen.set_index(["samenwerking", "gemeentecode"])
    # s1 had B and C: both became BC → one membership, via "B, C", whole.
    assert lid.loc[("s1", "GM0102"), "via"] == "B, C" and not lid.loc[("s1", "GM0102"), "deels"]
    # s2 had C and the split D: BC whole, D1 and D2 partly, with D's area share.
    assert lid.loc[("s2", "GM0103"), "deels"]
    assert lid.loc[("s2", "GM0103"), "aandeel"] == pytest.approx(137 / 197, abs=1e-4)
    assert proj.samenwerkingen.at["s1", "n_deelnemers"] == 1
    assert set(proj.samenwerkingen_van("GM0102").index) == {"s1", "s2"}


# --- the real data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_cw():
    return pd.read_csv(
        REPO / "data" / "2016" / "herindeling_2016_2025.csv", dtype={"aandeel": float}
    )


def successors(cw, name):
    return set(cw.loc[cw["gemeentenaam_oud"] == name, "gemeentenaam_nieuw"])


def predecessors(cw, name):
    return set(cw.loc[cw["gemeentenaam_nieuw"] == name, "gemeentenaam_oud"])


@pytest.mark.shipped_data
def test_known_herindelingen(real_cw):
    assert {"Groningen", "Haren", "Ten Boer"} <= predecessors(real_cw, "Groningen")
    assert predecessors(real_cw, "Westerwolde") == {"Bellingwedde", "Vlagtwedde"}
    assert successors(real_cw, "Haaren") == {"Boxtel", "Oisterwijk", "Tilburg", "Vught"}
    assert predecessors(real_cw, "Land van Cuijk") == {
        "Boxmeer",
        "Cuijk",
        "Grave",
        "Mill en Sint Hubert",
        "Sint Anthonis",
    }
    assert set(real_cw.loc[real_cw["gemeentenaam_oud"] == "Haaren", "mutatie"]) == {"gesplitst"}


@pytest.mark.shipped_data
def test_real_splits_stay_and_nissewaard_is_not_split(real_cw):
    split = real_cw[real_cw["mutatie"] == "gesplitst"]
    assert set(split["gemeentenaam_oud"]) == {"Haaren", "Littenseradiel", "Winsum", "Slochteren"}
    assert successors(real_cw, "Littenseradiel") == {"Leeuwarden", "Súdwest-Fryslân", "Waadhoeke"}
    assert successors(real_cw, "Winsum") == {"Het Hogeland", "Westerkwartier"}
    assert successors(real_cw, "Slochteren") == {"Midden-Groningen", "Groningen"}
    # Nissewaard (GM1930) continues: 13 % of it lies in Voorne aan Zee in the 2025 file, which
    # is a drawing difference, not a herindeling.
    assert successors(real_cw, "Nissewaard") == {"Nissewaard"}
    assert predecessors(real_cw, "Voorne aan Zee") == {"Brielle", "Hellevoetsluis", "Westvoorne"}
    report = (REPO / "data" / "bouwrapport.md").read_text(encoding="utf-8")
    assert "Nissewaard (GM1930) → Voorne aan Zee (GM1992)" in report


@pytest.mark.shipped_data
def test_crosswalk_is_complete(real_cw):
    g16 = json.loads((REPO / "data" / "2016" / "gemeenten.geojson").read_text(encoding="utf-8"))
    g25 = json.loads((REPO / "data" / "gemeenten.geojson").read_text(encoding="utf-8"))
    codes16 = {f["properties"]["gemeentecode"] for f in g16["features"]}
    codes25 = {f["properties"]["gemeentecode"] for f in g25["features"]}
    assert set(real_cw["gemeentecode_oud"]) == codes16  # every 2016 gemeente has a successor
    assert set(real_cw["gemeentecode_nieuw"]) == codes25  # every 2025 gemeente a predecessor
    sums = real_cw.groupby("gemeentecode_oud")["aandeel"].sum()
    assert ((sums - 1).abs() <= 0.01).all()


@pytest.mark.shipped_data
def test_projected_registry_loads_clean():
    reg, report = load(REPO / "data", "2025", laag="2016")
    assert report.ok and report.balanced()
    assert len(reg.gemeenten) == 342
    # Amsterdam 2025 includes Weesp (2022): Weesp's arrangements come along via Weesp.
    ams = reg.samenwerkingen_van(reg.find_gemeente("Amsterdam"))
    assert (ams["via"].str.contains("Weesp")).any()


@pytest.mark.shipped_data
def test_cli_groningen_2025_lists_haren_and_ten_boer(capsys):
    from kaartviewer.cli import main

    args = ["gemeente", "Groningen", "--laag", "2016", "--gemeente-indeling", "2025", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gemeentecode"] == "GM0014" and data["gemeente_indeling"] == "2025"
    assert data["laag"] == "2016" and "zoals geregistreerd in 2016" in data["let_op"]
    via = {s["id"]: set(s["herkomst"]["via"]) for s in data["samenwerkingen"]}
    haren16, _ = load(REPO / "data", "2016", laag="2016")
    for oud in ("Haren", "Ten Boer"):
        had = set(haren16.samenwerkingen_van(haren16.find_gemeente(oud)).index)
        assert had and had <= set(via), oud
        assert all(oud in via[i] for i in had)
