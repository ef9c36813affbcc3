"""Provenance from one declaration: sources, thresholds quoted from their constants, the
build report read defensively, and the sources travelling with exports and factsheet."""

import io
import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from conftest import REPO
from shapely.geometry import box

from kaartviewer import analysis, export, herindeling, provenance


def test_sources_per_laag_and_gemeente_indeling():
    names16 = [b.naam for b in provenance.bronnen_voor("2016")]
    names16_25 = [b.naam for b in provenance.bronnen_voor("2016", "2025")]
    today = provenance.bronnen_voor("actueel", snapshot="2026-05-16")
    assert "OpenGR 2016" in names16 and "OpenGR 2016" in names16_25
    assert not any("2025" in n for n in names16) and any("2025" in n for n in names16_25)
    assert provenance.GR_REGISTER not in names16 + names16_25
    # Today's layer: the GR-register (its peildatum = the snapshot) and CBS 2025, no 2016.
    assert [b.naam for b in today][0] == provenance.GR_REGISTER
    assert today[0].peildatum == "2026-05-16" and today[0].licentie == "CC0 1.0"
    assert "KOOP" in today[0].uitgever and "BZK" in today[0].uitgever
    assert not any("2016" in b.naam for b in today)
    # Today's layer is always on 2025, whatever gemeente-indeling is asked.
    assert provenance.bronnen_voor("actueel", "2016") == provenance.bronnen_voor("actueel")
    zin = provenance.bronnen_zin("2016", "2025")
    assert "Bron: CBS, Kadaster" in zin and "CC-BY 4.0" in zin and "ODC-PDDL-1.0" in zin
    assert "CC0 1.0" in provenance.bronnen_zin("actueel")
    tabel = provenance.bronnen_tabel(today)
    assert tabel[0]["laag"] == "Vandaag" and tabel[0]["peildatum"] == "2026-05-16"


def test_reservation_names_the_layer_and_the_incompleteness():
    assert "Historische laag" in provenance.voorbehoud("2016", "2016")
    now = provenance.voorbehoud("actueel", "2026-05-16", "2026-05-16")
    assert "16 mei 2026" in now and "onvolledig" not in now
    before = provenance.voorbehoud("actueel", "2021-06-30", "2026-05-16")
    assert "onvolledig" in before and "1 juli 2021" in before and "30 juni 2021" in before
    assert provenance.register_onvolledig("2021-06-30")
    assert not provenance.register_onvolledig("2021-07-01")
    assert provenance.datum("2021-07-01") == "1 juli 2021" and provenance.datum("2016") == "2016"


def test_thresholds_are_quoted_from_their_constants(monkeypatch):
    assert "500 m" in provenance.herindeling_regel()
    assert "1 km²" in provenance.herindeling_regel()
    assert "≥ 0,5" in provenance.overlap_regel()
    monkeypatch.setattr(herindeling, "ERODE_M", 250.0)
    monkeypatch.setattr(herindeling, "MIN_CORE_KM2", 0.5)
    monkeypatch.setattr(analysis, "OVERLAP_MIN_JACCARD", 0.6)
    assert "250 m" in provenance.herindeling_regel()
    assert "0,5 km²" in provenance.herindeling_regel()
    assert "≥ 0,6" in provenance.overlap_regel()
    assert "≥ 0,35" in provenance.overlap_regel(0.35)


@pytest.mark.parametrize(
    "meta,problem",
    [
        ([1, 2], "geen JSON-object"),
        ({"peildatum": {"x": 1}}, "'peildatum'"),
        ({"opgelost_aandeel_gemeentelijke_rijen": "veel"}, "aandeel"),
        ({"opgelost_aandeel_gemeentelijke_rijen": 3}, "aandeel"),
        ({"bronnen": "OpenGR"}, "'bronnen' is geen lijst"),
        ({"bronnen": [{"licentie": "x"}]}, "geen naam"),
        ({"bronnen": [{"naam": "Eigen Excel"}]}, "'Eigen Excel'"),
    ],
)
def test_a_malformed_build_report_gives_problems_not_a_crash(meta, problem):
    r = provenance.bouwrapport(meta)
    assert any(problem in p for p in r.problemen), r.problemen


def test_a_sound_build_report():
    r = provenance.bouwrapport(
        {"peildatum": 2016, "opgelost_aandeel_gemeentelijke_rijen": 1, "bronnen": []}
    )
    assert r == provenance.Bouwrapport(peildatum="2016", opgelost_aandeel=1.0)
    assert provenance.bouwrapport({}) == provenance.bouwrapport(None) == provenance.Bouwrapport()


@pytest.mark.shipped_data
def test_shipped_build_report_names_only_declared_sources():
    meta = json.loads((REPO / "data" / "bouwrapport.json").read_text(encoding="utf-8"))
    r = provenance.bouwrapport(meta)
    assert not r.problemen and r.bronnen and r.peildatum == "2016"


def test_exports_carry_the_layer_and_peildatum():
    herkomst = provenance.metadata("actueel", None, "2024-01-01", "", "2026-05-16")
    assert herkomst["peildatum"] == "2024-01-01" and herkomst["stand_register"] == "2026-05-16"
    assert herkomst["laag"].startswith("Vandaag") and herkomst["gemeente_indeling"] == "2025"
    assert [b["naam"] for b in herkomst["bronnen"]][0] == provenance.GR_REGISTER
    assert herkomst["bronnen"][0]["peildatum"] == "2026-05-16"
    wb = openpyxl.load_workbook(
        io.BytesIO(export.to_xlsx(pd.DataFrame({"a": [1]}), herkomst=herkomst))
    )
    cells = [c.value for row in wb["bronnen"].iter_rows() for c in row]
    assert "2024-01-01" in cells and "CC0 1.0" in cells
    old = provenance.metadata("2016", "2016", "2016")
    assert "historisch" in old["laag"] and provenance.GR_REGISTER not in str(old)


def test_exports_carry_the_sources():
    herkomst = provenance.metadata("2016", "2016", "2016", "onderwerp Afval")
    df = pd.DataFrame({"naam": ["=x"]})
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(df, herkomst=herkomst)))
    assert wb.sheetnames == ["kaartviewer", "bronnen"]
    cells = [c.value for row in wb["bronnen"].iter_rows() for c in row]
    assert "OpenGR 2016" in cells and "Bron: CBS, Kadaster" in cells
    assert any("onderwerp Afval" in str(c) for c in cells)
    gdf = gpd.GeoDataFrame({"naam": ["a"]}, geometry=[box(5, 52, 5.1, 52.1)], crs="EPSG:4326")
    doc = json.loads(export.to_geojson(gdf, herkomst=herkomst))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 1
    assert [b["naam"] for b in doc["bronnen"]][0] == "OpenGR 2016"
    assert doc["peildatum"] == "2016" and doc["filters"] == "onderwerp Afval"
    # CSV stays a plain table.
    assert export.to_csv(df).decode("utf-8-sig").splitlines() == ["naam", "'=x"]
