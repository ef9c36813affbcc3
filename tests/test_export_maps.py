"""Exports (formula injection), factsheet and map HTML escaping, URL state."""

import html
import io
import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import box

from kaartviewer import export, maps, provenance
from kaartviewer.factsheet import gemeente_factsheet
from kaartviewer.ui import state

EVIL = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    "value,expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 20", "'+31 20"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Afval Noord", "Afval Noord"),
        (-3, -3),
        (2.5, 2.5),
    ],
)
def test_neutralise(value, expected):
    assert export.neutralise(value) == expected


def test_csv_and_xlsx_are_neutralised():
    df = pd.DataFrame({"naam": ["=1+1", "ok"], "aantal": [-1, 2], "=kolom": ["a", "b"]})
    text = export.to_csv(df).decode("utf-8-sig")
    assert "'=1+1" in text and "'=kolom" in text and ",-1" in text
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(df)))
    ws = wb.active
    assert ws["A2"].value == "'=1+1" and ws["A2"].data_type == "s"
    assert ws["B2"].value == -1


def test_geojson_export():
    gdf = gpd.GeoDataFrame({"naam": ["@x"]}, geometry=[box(5, 52, 5.1, 52.1)], crs="EPSG:4326")
    doc = json.loads(export.to_geojson(gdf))
    assert doc["features"][0]["properties"]["naam"] == "'@x"


def test_factsheet_escapes_everything():
    df = pd.DataFrame(
        {"naam": [EVIL], "onderwerp": ["afval"], "juridische_vorm": ["netwerk"], "partners": [2]}
    )
    page = gemeente_factsheet(
        EVIL,
        "GM0001",
        "<b>P</b>",
        df,
        {
            "lidmaatschappen": 1,
            "partners": 2,
            "spaghetti": 0.5,
            "rang": 3,
            "n_gemeenten": 6,
            "aandeel_buiten_provincie": 0.25,
        },
        "geen",
        provenance.bronnen_voor("2016"),
        "<script>voorbehoud</script>",
    )
    assert EVIL not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>P</b>" not in page
    assert "rang 3 van 6" in page and "25%" in page
    assert "<script>" not in page and "&lt;script&gt;voorbehoud" in page
    # The sources come from the one declaration, with their licence and attribution.
    for bron in provenance.bronnen_voor("2016"):
        assert html.escape(bron.naam) in page and html.escape(bron.licentie) in page
    assert "Bron: CBS, Kadaster" in page


def test_map_tooltips_are_escaped():
    layer = gpd.GeoDataFrame(
        {"gemeentenaam": [EVIL, "Beta"], "provincienaam": ["P", "P"]},
        geometry=[box(5, 52, 5.1, 52.1), box(5.1, 52, 5.2, 52.1)],
        crs="EPSG:4326",
        index=["GM0001", "GM0002"],
    )
    m = maps.base_map(asset_base="/x/")
    maps.choropleth(m, layer, pd.Series({"GM0001": 3}), "Samenwerkingen")
    html = m.get_root().render()
    assert "<img src=x" not in html
    # Escaped in the feature properties (JSON writes & as \u0026): the tooltip shows text.
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    # Offline: only local assets, no CDN.
    assert "/x/leaflet/leaflet.js" in html and "cdn.jsdelivr" not in html
    assert "bootstrap" not in html


def test_class_breaks_and_colours():
    assert maps.class_breaks(pd.Series([0, 0])) == [0]
    br = maps.class_breaks(pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
    assert br == sorted(set(br)) and br[-1] == 12
    assert maps.colour_for(0, br) == maps.NO_DATA
    assert maps.colour_for(12, br) == maps.PALETTE[-1]
    assert maps.colour_for(1, br) == maps.PALETTE[0]
    items = maps.legend_items(br)
    assert items[0] == (maps.NO_DATA, "0") and items[-1][1].endswith("12")


def test_state_round_trip(registry):
    params = {
        "onderwerp": ["afval,gezondheid"],
        "provincie": ["PV02"],
        "weergave": ["analyse"],
        "gemeente": ["GM0003"],
        "grenzen": ["ggd"],
        "gemeente_indeling": ["2025"],
    }
    vs, msgs = state.parse(params, registry, ["ggd", "provincie"])
    assert not msgs
    assert vs.filters.onderwerp == ("afval", "gezondheid") and vs.gemeente == "GM0003"
    assert vs.gemeente_indeling == "2025" and vs.grenzen == "ggd"
    assert state.to_params(vs) == {
        "onderwerp": "afval,gezondheid",
        "provincie": "PV02",
        "weergave": "analyse",
        "gemeente": "GM0003",
        "grenzen": "ggd",
        "gemeente_indeling": "2025",
    }
    vs, msgs = state.parse(
        {"samenwerking": "nope", "vorm": "x", "gemeente_indeling": "1999"}, registry, []
    )
    assert vs.samenwerking is None and vs.gemeente_indeling == "2016" and len(msgs) == 3


def test_old_and_unknown_parameters(registry):
    # Links made before the vocabulary was settled still open, under the new names.
    vs, msgs = state.parse({"soort": ["wgr"], "indeling": ["2025"]}, registry, [])
    assert vs.filters.samenwerking_soort == ("wgr",) and vs.gemeente_indeling == "2025"
    assert not msgs
    assert state.to_params(vs) == {"samenwerking_soort": "wgr", "gemeente_indeling": "2025"}
    # An unknown parameter is reported (quoted, shortened), never silently ignored.
    vs, msgs = state.parse({"gemeent": ["GM0003"], "x" * 300: ["1"]}, registry, [])
    assert vs.gemeente is None and len(msgs) == 2
    assert "'gemeent'" in msgs[0] and len(msgs[1]) < 120
