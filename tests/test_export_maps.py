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
        stand="<i>peildatum</i>",
    )
    assert EVIL not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>P</b>" not in page
    assert "rang 3 van 6" in page and "25%" in page
    assert "<script>" not in page and "&lt;script&gt;voorbehoud" in page
    assert "<i>" not in page and "&lt;i&gt;peildatum" in page
    # The sources come from the one declaration, with their licence and attribution.
    for bron in provenance.bronnen_voor("2016"):
        assert html.escape(bron.naam) in page and html.escape(bron.licentie) in page
    assert "Bron: CBS, Kadaster" in page


def test_factsheet_of_todays_register_says_whether_the_raad_takes_part():
    df = pd.DataFrame(
        {
            "naam": ["A", "B", "C"],
            "onderwerp": ["afval"] * 3,
            "juridische_vorm": ["openbaar_lichaam"] * 3,
            "partners": [1, 2, 3],
            "bestuursorganen": [
                "College van burgemeester en wethouders;Gemeenteraad",
                "College van burgemeester en wethouders",
                "",
            ],
        }
    )
    snapshot = "2026-05-16"
    page = gemeente_factsheet(
        "Gamma",
        "GM0004",
        "Zuidland",
        df,
        {"lidmaatschappen": 3, "partners": 3, "n_gemeenten": 6},
        "geen",
        provenance.bronnen_voor("actueel", snapshot=snapshot),
        provenance.voorbehoud("actueel", "2020-01-01", snapshot),
        stand="GR-register, peildatum 1 januari 2020",
    )
    assert "<th>Raad neemt deel</th>" in page
    cells = [c.split("</td>")[0] for c in page.split("<td>")[1:]]
    assert cells.count("ja") == 1 and cells.count("nee") == 1 and cells.count("—") == 1
    assert "peildatum 1 januari 2020" in page and "onvolledig" in page
    assert "GR-register (Register van Overheidsorganisaties)" in page and "CC0 1.0" in page
    assert "OpenGR" not in page


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
        "laag": ["2016"],
        "gemeente_indeling": ["2025"],
    }
    vs, msgs = state.parse(params, registry, ["ggd", "provincie"])
    assert not msgs
    assert vs.filters.onderwerp == ("afval", "gezondheid") and vs.gemeente == "GM0003"
    assert vs.laag == "2016" and vs.gemeente_indeling == "2025" and vs.grenzen == "ggd"
    assert state.to_params(vs) == {
        "onderwerp": "afval,gezondheid",
        "provincie": "PV02",
        "weergave": "analyse",
        "gemeente": "GM0003",
        "grenzen": "ggd",
        "laag": "2016",
        "gemeente_indeling": "2025",
    }
    vs, msgs = state.parse(
        {"samenwerking": "nope", "vorm": "x", "gemeente_indeling": "1999"}, registry, []
    )
    assert vs.samenwerking is None and vs.laag == "actueel" and len(msgs) == 3


def test_state_of_todays_register(registry):
    """Today's layer is the default; its peildatum and the Wijzigingen dates round-trip."""
    vs, msgs = state.parse(
        {"peildatum": "2024-01-01", "weergave": "wijzigingen", "van": "2022-01-01"}, registry, []
    )
    assert not msgs and vs.laag == "actueel" and vs.peildatum == "2024-01-01"
    assert vs.van == "2022-01-01" and vs.tot is None
    assert state.to_params(vs) == {
        "peildatum": "2024-01-01",
        "weergave": "wijzigingen",
        "van": "2022-01-01",
    }
    # The Wijzigingen dates are written only in that view; today's layer has no
    # gemeente-indeling parameter (it is always 2025).
    vs.weergave, vs.gemeente_indeling = "kaart", "2025"
    assert state.to_params(vs) == {"peildatum": "2024-01-01"}
    vs, _ = state.parse({"weergave": "wijzigingen", "vergelijking": "lagen"}, registry, [])
    assert state.to_params(vs) == {"weergave": "wijzigingen", "vergelijking": "lagen"}


@pytest.mark.parametrize(
    "params,laag,gemeente_indeling,peildatum,said",
    [
        ({}, "actueel", "2016", None, []),
        ({"laag": ["2016"]}, "2016", "2016", None, []),
        ({"laag": "2016", "gemeente_indeling": "2025"}, "2016", "2025", None, []),
        # An old link: gemeente_indeling=2016 was the 2016 registry.
        ({"gemeente_indeling": "2016"}, "2016", "2016", None, []),
        ({"gemeente_indeling": "2025"}, "actueel", "2016", None, []),
        ({"peildatum": " 2024-03-01 "}, "actueel", "2016", "2024-03-01", []),
        ({"laag": "zz"}, "actueel", "2016", None, ["Onbekende laag 'zz'"]),
        (
            {"peildatum": "31-12-2024"},
            "actueel",
            "2016",
            None,
            ["'31-12-2024' in de link is geen datum"],
        ),
        ({"peildatum": "2024-02-30"}, "actueel", "2016", None, ["geen datum"]),
        ({"laag": "2016", "peildatum": "2024-01-01"}, "2016", "2016", None, ["geen peildatum"]),
        (
            {"laag": "actueel", "gemeente_indeling": "2016"},
            "actueel",
            "2016",
            None,
            ["alleen voor de historische laag"],
        ),
        ({"gemeente_indeling": "1999"}, "actueel", "2016", None, ["'1999'"]),
    ],
)
def test_parse_laag(params, laag, gemeente_indeling, peildatum, said):
    keuze, msgs = state.parse_laag(params)
    assert (keuze.laag, keuze.gemeente_indeling, keuze.peildatum) == (
        laag,
        gemeente_indeling,
        peildatum,
    )
    assert len(msgs) == len(said)
    for part in said:
        assert any(part in m for m in msgs), msgs


def test_a_long_url_value_is_quoted_short():
    keuze, msgs = state.parse_laag({"peildatum": "x" * 500, "laag": "y" * 500})
    assert keuze.laag == "actueel" and keuze.peildatum is None
    assert len(msgs) == 2 and all(len(m) < 200 for m in msgs)


def test_old_and_unknown_parameters(registry):
    # Links made before the vocabulary was settled still open, under the new names; a
    # gemeente_indeling of 2025 was the 2016 registry projected: today's layer is on 2025.
    vs, msgs = state.parse({"soort": ["wgr"], "indeling": ["2016"]}, registry, [])
    assert vs.filters.samenwerking_soort == ("wgr",) and vs.laag == "2016"
    assert not msgs
    assert state.to_params(vs) == {"samenwerking_soort": "wgr", "laag": "2016"}
    # An unknown parameter is reported (quoted, shortened), never silently ignored.
    vs, msgs = state.parse({"gemeent": ["GM0003"], "x" * 300: ["1"]}, registry, [])
    assert vs.gemeente is None and len(msgs) == 2
    assert "'gemeent'" in msgs[0] and len(msgs[1]) < 120


def test_choropleth_from_prebuilt_features_is_the_same():
    """The UI builds the layer's GeoJSON once per data version and colours it per run."""
    import folium

    layer = gpd.GeoDataFrame(
        {"gemeentenaam": [EVIL, "Beta"], "provincienaam": ["P", "P"]},
        geometry=[box(5, 52, 5.1, 52.1), box(5.1, 52, 5.2, 52.1)],
        crs="EPSG:4326",
        index=["GM0001", "GM0002"],
    )
    counts = pd.Series({"GM0001": 3, "GM0002": 1})

    def geojson(**kwargs):
        m = maps.base_map(asset_base="/x/")
        breaks = maps.choropleth(m, layer, counts, "Samenwerkingen", **kwargs)
        layers = [c for c in m._children.values() if isinstance(c, folium.GeoJson)]
        return breaks, layers[0].data

    features = maps.layer_features(layer)
    assert geojson() == geojson(features=features)
    _, data = geojson(features=features)
    assert [f["properties"]["aantal"] for f in data["features"]] == [3, 1]
    assert "aantal" not in features["features"][0]["properties"]  # the cache is not touched
    assert data["features"][0]["properties"]["naam"] == html.escape(EVIL)
