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


def test_sources_per_gemeente_indeling():
    names16 = [b.naam for b in provenance.bronnen_voor("2016")]
    names25 = [b.naam for b in provenance.bronnen_voor("2025")]
    assert "OpenGR 2016" in names16 and "OpenGR 2016" in names25
    assert not any("2025" in n for n in names16) and any("2025" in n for n in names25)
    zin = provenance.bronnen_zin("2025")
    assert "Bron: CBS, Kadaster" in zin and "CC-BY 4.0" in zin and "ODC-PDDL-1.0" in zin


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


def test_exports_carry_the_sources():
    herkomst = provenance.metadata("2016", "2016", "onderwerp Afval")
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
