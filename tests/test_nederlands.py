"""Dutch throughout: numbers (opmaak), the Excel CSV, export metadata, CLI help and errors."""

from __future__ import annotations

import csv
import io
import json
import math

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box

from kaartviewer import export, opmaak, provenance
from kaartviewer.cli import main as cli_main
from kaartviewer.ui import widgets

HERKOMST = provenance.metadata(
    "actueel", "2025", "2026-05-16", "onderwerp: Afval & reiniging", "2026-05-16"
)
TITEL = "Samenwerkingen van Gamma"


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: opmaak.getal(1234.5), "1.234,50"),
        (lambda: opmaak.getal(1234.5, 2, vast=False), "1.234,5"),
        (lambda: opmaak.getal(0.30612, 3), "0,306"),
        (lambda: opmaak.getal(-3.25, 1), "-3,2"),  # half to even, like Python's round
        (lambda: opmaak.getal(1_000_000, 0), "1.000.000"),
        (lambda: opmaak.getal(0.5, None), "0,5"),
        (lambda: opmaak.getal(None), "—"),
        (lambda: opmaak.getal(float("nan")), "—"),
        (lambda: opmaak.getal(pd.NA), "—"),
        (lambda: opmaak.geheel(4915), "4.915"),
        (lambda: opmaak.procent(0.8667), "87%"),
        (lambda: opmaak.procent(0.8667, 1), "86,7%"),
        (lambda: opmaak.procent(None), "—"),
        (lambda: opmaak.aantal(1, "partner", "partners"), "1 partner"),
        (lambda: opmaak.aantal(1200, "partner", "partners"), "1.200 partners"),
        (lambda: widgets.num(2.2, 1), "2,2"),
        (lambda: widgets.pct(0.25), "25%"),
        (lambda: provenance.getal(0.5), "0,5"),
    ],
)
def test_dutch_numbers(call, expected):
    assert call() == expected


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_property_dutch_number_reads_back(x, decimalen):
    """Removing the thousands points and turning the comma into a point gives the number
    rounded to ``decimalen`` places."""
    text = opmaak.getal(x, decimalen)
    assert "." not in text.split(",")[-1] or decimalen == 0  # no point among the decimals
    back = float(text.replace(".", "").replace(",", "."))
    assert math.isclose(back, x, abs_tol=10**-decimalen / 2 + 1e-9 * abs(x))
    if decimalen:
        assert len(text.split(",")[1]) == decimalen


# --- exports -------------------------------------------------------------------------------

DF = pd.DataFrame(
    {
        "naam": ['=HYPERLINK("x")', "Afval; Zuid", "@som"],
        "aandeel": [0.25, 1234.5, None],
        "n": [1, 2, -3],
    }
)


def test_excel_csv_is_semicolon_bom_decimal_comma_and_neutralised():
    raw = export.to_csv_excel(DF, HERKOMST, TITEL)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    kop, _, tabel = text.partition("\r\n\r\n")
    rows = list(csv.reader(io.StringIO(tabel), delimiter=";"))
    assert rows[0] == ["naam", "aandeel", "n"]
    assert rows[1] == ['\'=HYPERLINK("x")', "0,25", "1"]
    assert rows[2] == ["Afval; Zuid", "1234,5", "2"]  # ; inside a cell is quoted
    assert rows[3] == ["'@som", "", "-3"]  # a negative number stays a number
    meta = dict(csv.reader(io.StringIO(kop), delimiter=";"))
    assert meta["titel"] == TITEL
    assert meta["peildatum"] == "2026-05-16"
    assert meta["filters"] == "onderwerp: Afval & reiniging"
    assert "GR-register" in meta["bron"] and "Bron: CBS, Kadaster" in meta["bron"]


def test_standard_csv_stays_a_plain_table_with_a_metadata_sidecar():
    text = export.to_csv(DF).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["naam", "aandeel", "n"] and rows[2] == ["Afval; Zuid", "1234.5", "2"]
    side = json.loads(export.to_metadata_json(HERKOMST, TITEL, "x.csv"))
    assert side["bestand"] == "x.csv" and side["titel"] == TITEL
    assert side["peildatum"] == "2026-05-16" and side["filters"].startswith("onderwerp")
    assert any(b["naam"].startswith("GR-register") for b in side["bronnen"])


def test_xlsx_and_geojson_carry_title_sources_peildatum_filters():
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(DF, herkomst=HERKOMST, titel=TITEL)))
    assert wb.sheetnames == ["kaartviewer", "bronnen"]
    cells = {c.value for row in wb["bronnen"].iter_rows() for c in row}
    assert {TITEL, "2026-05-16", "onderwerp: Afval & reiniging", "titel", "filters"} <= cells
    assert wb["kaartviewer"]["A2"].value == '\'=HYPERLINK("x")'
    gdf = gpd.GeoDataFrame({"naam": ["a"]}, geometry=[box(5, 52, 5.1, 52.1)], crs="EPSG:4326")
    doc = json.loads(export.to_geojson(gdf, HERKOMST, titel=TITEL))
    assert doc["titel"] == TITEL and doc["peildatum"] == "2026-05-16" and doc["bronnen"]
    assert doc["type"] == "FeatureCollection"


# --- CLI help and errors ------------------------------------------------------------------

ENGELS = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help",
    "error:",
    "invalid choice",
    "required",
    "expected one argument",
    "unrecognized",
)


def run_cli(capsys, *args) -> tuple[int, str]:
    try:
        code = cli_main(list(args))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize(
    "args",
    [
        ["-h"],
        ["gemeente", "-h"],
        ["samenwerking", "-h"],
        ["stats", "-h"],
        ["wijzigingen", "-h"],
        ["congruentie", "-h"],
        ["onbekend"],
        ["gemeente"],
        ["stats", "--laag", "morgen"],
        ["stats", "--peildatum"],
        ["stats", "--zomaar"],
    ],
)
def test_cli_help_and_usage_errors_are_dutch(capsys, args):
    code, text = run_cli(capsys, *args)
    assert code in (0, 2), text
    low = text.lower()
    assert not [w for w in ENGELS if w in low], text
    assert ("gebruik:" in low) or ("fout" in low) or ("opties" in low), text


# --- factsheet: PDF, map, comparison ------------------------------------------------------


def _fixture_factsheet(registry, code: str = "GM0004") -> str:
    from kaartviewer import factsheet, network

    met = network.gemeente_metrics(registry)
    df = registry.samenwerkingen_van(code)
    lid = registry.lidmaatschappen
    partners = lid.loc[lid["samenwerking"].isin(set(df.index)), "gemeentecode"].value_counts()
    g = registry.gemeenten.loc[code]
    return factsheet.gemeente_factsheet(
        g.gemeentenaam,
        code,
        g.provincienaam,
        df,
        {"lidmaatschappen": len(df), "partners": 2, "n_gemeenten": 6},
        "geen (alle samenwerkingen)",
        provenance.bronnen_voor("actueel", snapshot="2026-05-16"),
        stand="GR-register, peildatum 16 mei 2026",
        kaart=factsheet.kaart_svg(registry.gemeenten, code, partners.drop(code)),
        vergeleken=factsheet.vergelijking(met, registry.gemeenten["provinciecode"], code),
    )


def test_factsheet_map_and_comparison(registry):
    """Gamma (GM0004, Zuidland) is in s3, s4 (with Bergen (L.) and Delta): partners
    Bergen (L.) ×2 and Delta ×2. Zuidland's gemeenten have 3 (Bergen (L.): s3, s4, s5), 2 and
    2 samenwerkingen (mean 7/3); all six have 2, 3, 1, 3, 2, 2 (mean 13/6)."""
    from kaartviewer import factsheet, network

    page = _fixture_factsheet(registry)
    svg = page[page.index("<svg") : page.index("</svg>")]
    # the gemeente in orange, both partners in blue, the other three in grey
    assert svg.count(f'fill="{factsheet.KLEUR_GEMEENTE}"') == 1
    assert svg.count(f'fill="{factsheet.KLEUR_PARTNER}"') == 2
    assert "<title>Delta</title>" in svg and "<title>Bergen (L.)</title>" in svg
    assert 'role="img"' in svg
    rows = factsheet.vergelijking(
        network.gemeente_metrics(registry), registry.gemeenten["provinciecode"], "GM0004"
    )
    lm = next(r for r in rows if r["kengetal"] == "Samenwerkingen")
    assert (lm["gemeente"], lm["provincie"], lm["nederland"]) == (2, 7 / 3, 13 / 6)
    assert "Gemiddelde Zuidland" in page and "2,3" in page and "2,2" in page
    assert '<p class="stand">Stand van de gegevens: <b>GR-register, peildatum 16 mei 2026' in page


def test_factsheet_map_escapes_names_and_survives_a_missing_geometry(registry):
    from kaartviewer import factsheet

    g = registry.gemeenten.copy()
    g.loc["GM0006", "gemeentenaam"] = "<b>Delta</b>"
    svg = factsheet.kaart_svg(g, "GM0004", pd.Series({"GM0006": 1}))
    assert "<b>" not in svg and "&lt;b&gt;Delta" in svg
    assert factsheet.kaart_svg(g, "GM9999", pd.Series(dtype=int)) == ""


def test_factsheet_pdf_is_a_pdf_with_the_name_and_the_date(registry):
    pypdf = pytest.importorskip("pypdf")
    from kaartviewer import factsheet

    pdf = factsheet.naar_pdf(_fixture_factsheet(registry, "GM0005"))
    assert pdf.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Súdwest-Fryslân" in text
    assert "peildatum 16 mei 2026" in text
    assert "Gemiddelde Noordland" in text.replace("\n", " ")


def test_export_title_from_the_file_name():
    t = widgets.standaard_titel
    assert t("samenwerkingen-GM0363-peildatum-2026-05-16").endswith(
        ": samenwerkingen GM0363 (peildatum 2026-05-16)"
    )
    assert t("spaghetti-2016-historisch").endswith(": spaghetti (historische laag 2016)")


# --- CLI search -----------------------------------------------------------------------------


def test_cli_zoek_and_gemeente_by_common_or_former_name(capsys, data_dir):
    """``zoek`` on the fixture: a code, a ranked --max 1 in JSON, nothing found (exit 1)."""
    code, text = run_cli(capsys, "zoek", "0004", "--data", str(data_dir))
    assert code == 0 and "Gamma  (code GM0004)  GM0004" in text
    code, text = run_cli(capsys, "zoek", "afval", "--max", "1", "--json", "--data", str(data_dir))
    doc = json.loads(text[text.index("{") :])
    assert code == 0 and [t["id"] for t in doc["treffers"]] == ["s4"]
    code, text = run_cli(capsys, "zoek", "xqzw", "--data", str(data_dir))
    assert code == 1 and "Niets gevonden voor 'xqzw'" in text


@pytest.mark.shipped_data
def test_cli_gemeente_den_bosch_and_a_split_gemeente(capsys):
    code, text = run_cli(capsys, "gemeente", "Den Bosch")
    assert code == 0 and "let op: 'Den Bosch' is 's-Hertogenbosch" in text
    assert "'s-Hertogenbosch (GM0796, Noord-Brabant)" in text
    code, text = run_cli(capsys, "gemeente", "Appingedam")
    assert code == 0 and "Eemsdelta (GM1979" in text
    code, text = run_cli(capsys, "gemeente", "Haaren")  # split over four: no guess
    assert code == 1 and "Vught (voorheen Haaren)" in text and "Boxtel (voorheen Haaren)" in text
