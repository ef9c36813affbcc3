"""Corruption suite: one parametrised case per kind of damaged input.

Each case damages the fixture data (tests/fixtures.py) in one way and names the Dutch
reason it expects. For every case:

* no exception escapes :func:`load` except a documented :class:`LoadError` for structural
  failure, whose Dutch message names the file and carries the report so far;
* otherwise the expected melding is there, for the right file and line/feature, and every
  file balances: rows in == loaded + rejected, with rows in counted on *physical* lines of
  the bytes by an independent oracle (features for GeoJSON);
* no melding carries English library text, and the map renders the valid rest
  (``geo.web_layer`` + ``maps.choropleth``).

Fixture lines of samenwerkingen.csv: 1 header, 2 s1, 3 s2, 4 s3, 5 s4, 6 s5.
Features of gemeenten.geojson: 1 GM0001, 2 GM0002, 3 GM0005, 4 GM0003, 5 GM0004, 6 GM0006.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import folium
import pytest
import shapely
from fixtures import write_layer_2016
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_oracle import ENGLISH, english_in, printable, row_lines

from kaartviewer import geo, maps
from kaartviewer.checks.geojson import MIN_AREA
from kaartviewer.load import gemeenten_from_bytes, load_2016
from kaartviewer.validation import LoadError, ValidationReport


@pytest.fixture
def data_dir(tmp_path):
    """A 2016-layer directory (these tests exercise the checks on the 2016 format)."""
    write_layer_2016(tmp_path / "data" / "2016")
    return tmp_path / "data"


# Paths in the data directory: the 2016 layer's files as the loader names them.
SW = "2016/samenwerkingen.csv"
GEO = "2016/gemeenten.geojson"
IND = "2016/indelingen.csv"
META = "2016/bouwrapport.json"
CW = "2016/herindeling_2016_2025.csv"
#: Today's files sit next to the 2016 layer's folder (``data/`` and ``data/2016/``).
IND25 = "indelingen.csv"


# --- how to damage the fixture ------------------------------------------------------------------


def text_of(d: Path, name: str) -> str:
    return (d / name).read_text(encoding="utf-8")


def put_text(d: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    (d / name).write_bytes(text.encode(encoding))


def on_lines(name: str, fn: Callable[[list[str]], list[str] | None]):
    """Edit the lines (without line ends) of a CSV file; lines[0] is the header."""

    def mutate(d: Path) -> None:
        lines = text_of(d, name).split("\n")[:-1]
        put_text(d, name, "\n".join(fn(lines) or lines) + "\n")

    return mutate


def on_line(name: str, nr: int, old: str, new: str):
    def edit(lines):
        assert old in lines[nr - 1], (old, lines[nr - 1])
        lines[nr - 1] = lines[nr - 1].replace(old, new, 1)

    return on_lines(name, edit)


def on_bytes(name: str, fn: Callable[[bytes], bytes]):
    def mutate(d: Path) -> None:
        (d / name).write_bytes(fn((d / name).read_bytes()))

    return mutate


def on_geo(fn: Callable[[dict], None]):
    def mutate(d: Path) -> None:
        doc = json.loads(text_of(d, GEO))
        fn(doc)
        put_text(d, GEO, json.dumps(doc))  # NaN and inf are written as NaN / Infinity

    return mutate


def geometry(i: int, geom):
    def fn(doc):
        doc["features"][i - 1]["geometry"] = geom

    return on_geo(fn)


def ring(points):
    return {"type": "Polygon", "coordinates": [points]}


def dup_column(lines):
    return [lines[0] + ",naam"] + [line + ",Anders" for line in lines[1:]]


def mixed_endings(d: Path) -> None:
    lines = text_of(d, SW).split("\n")[:-1]
    ends = ["\r\n", "\n", "\r"]
    put_text(d, SW, "".join(line + ends[i % 3] for i, line in enumerate(lines)))


def deep_feature(d: Path) -> None:
    doc = json.loads(text_of(d, GEO))
    doc["features"][1]["geometry"] = {"type": "Polygon", "coordinates": "DIEP"}
    put_text(d, GEO, json.dumps(doc).replace('"DIEP"', "[" * 50_000 + "]" * 50_000))


def deep_outside(d: Path) -> None:
    doc = json.loads(text_of(d, GEO))
    doc["extra"] = "DIEP"
    put_text(d, GEO, json.dumps(doc).replace('"DIEP"', "[" * 50_000 + "]" * 50_000))


def rd_new(only_first: bool, declare: bool):
    def fn(doc):
        from pyproj import Transformer

        t = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
        for f in doc["features"][:1] if only_first else doc["features"]:
            f["geometry"]["coordinates"] = [
                [list(t.transform(x, y)) for x, y in r] for r in f["geometry"]["coordinates"]
            ]
        if declare:
            doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}

    return on_geo(fn)


def write_2025(d: Path) -> None:
    """The 2025 files of an unchanged gemeente-indeling (every gemeente its own successor)."""
    shutil.copy(d / GEO, d / "gemeenten.geojson")
    shutil.copy(d / IND, d / IND25)
    feats = json.loads(text_of(d, GEO))["features"]
    rows = [
        "gemeentecode_oud,gemeentenaam_oud,gemeentecode_nieuw,gemeentenaam_nieuw,aandeel,mutatie"
    ]
    for f in feats:
        code, naam = f["properties"]["gemeentecode"], f["properties"]["gemeentenaam"]
        rows.append(f"{code},{naam},{code},{naam},1.0,ongewijzigd")
    put_text(d, CW, "\n".join(rows) + "\n")


def in_2025(*mutations):
    def mutate(d: Path) -> None:
        write_2025(d)
        for m in mutations:
            m(d)

    return mutate


def remove(name: str):
    return lambda d: (d / name).unlink()


# --- the cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    kind: str
    mutate: Callable[[Path], None]
    bestand: str
    expect: str | None  # Dutch fragment of the reason/suggestion (None: loads cleanly)
    plaats: str = ""  # expected start of the melding's place ("regel 3", "feature 2")
    ernst: str = "fout"
    structural: bool = False  # a LoadError is the documented outcome
    geladen: int | None = None  # rows/features of `bestand` expected to load
    gemeente_indeling: str = "2016"


SQUARE_5 = [[5.0, 51.0], [5.1, 51.0], [5.1, 51.1], [5.0, 51.1], [5.0, 51.0]]

CSV_CASES = [
    Case(
        "unclosed quote mid-file",
        on_line(SW, 3, "Belasting", '"Belasting'),
        SW,
        "aanhalingsteken niet gesloten",
        "regel 3",
        geladen=4,
    ),
    Case(
        "stray quote",
        on_line(SW, 4, "GGD Zuid", '"GGD" Zuid'),
        SW,
        "los aanhalingsteken",
        "regel 4",
        geladen=4,
    ),
    Case(
        "quote inside an unquoted field is kept as text",
        on_line(SW, 5, "Afval Zuid", 'Afval "Zuid'),
        SW,
        None,
        geladen=5,
    ),
    Case(
        "duplicated column",
        on_lines(SW, dup_column),
        SW,
        "staat 2 keer in de kopregel",
        structural=True,
    ),
    Case(
        "missing key column",
        on_line(SW, 1, "deelnemers", "leden"),
        SW,
        "deelnemers",
        structural=True,
    ),
    Case(
        "extra fields in a row",
        on_line(SW, 5, "Afval Zuid", "Afval Zuid,x,y"),
        SW,
        "te veel velden",
        "regel 5",
        geladen=4,
    ),
    Case(
        "too few fields",
        on_lines(SW, lambda ls: ls[:5] + ["s5,Regio Midden"]),
        SW,
        "te weinig velden",
        "regel 6",
        geladen=4,
    ),
    Case("empty file", on_bytes(SW, lambda b: b""), SW, "is leeg", structural=True),
    Case(
        "only a header",
        on_lines(SW, lambda ls: ls[:1]),
        SW,
        "alleen een kopregel",
        "bestand",
        "waarschuwing",
        geladen=0,
    ),
    Case("UTF-8 BOM is accepted", on_bytes(SW, lambda b: b"\xef\xbb\xbf" + b), SW, None, geladen=5),
    Case(
        "UTF-16 file",
        on_bytes(SW, lambda b: b.decode().encode("utf-16")),
        SW,
        "UTF-16",
        structural=True,
    ),
    Case(
        "UTF-16 without BOM",
        on_bytes(SW, lambda b: b.decode().encode("utf-16-le")),
        SW,
        "UTF-16",
        structural=True,
    ),
    Case(
        "Latin-1 file",
        on_bytes(SW, lambda b: b.decode().replace("Midden", "Médden").encode("latin-1")),
        SW,
        "Latin-1",
        "regel 6",
        geladen=4,
    ),
    Case(
        "Latin-1 in the header",
        on_bytes(SW, lambda b: b.replace(b"naam", b"n\xe9am", 1)),
        SW,
        "geen UTF-8",
        structural=True,
    ),
    Case(
        "semicolon-delimited file",
        on_bytes(SW, lambda b: b.replace(b",", b";")),
        SW,
        "puntkomma",
        structural=True,
    ),
    Case(
        "tab-delimited file",
        on_bytes(SW, lambda b: b.replace(b",", b"\t")),
        SW,
        "tabs",
        structural=True,
    ),
    Case(
        "sep=; first line",
        on_bytes(SW, lambda b: b"sep=;\n" + b.replace(b",", b";")),
        SW,
        "sep=;",
        structural=True,
    ),
    Case(
        "sep=, first line is skipped",
        on_bytes(SW, lambda b: b"sep=,\r\n" + b),
        SW,
        "sep=,",
        "regel 1",
        "waarschuwing",
        geladen=5,
    ),
    Case("NUL bytes", on_line(SW, 4, "GGD", "G\x00GD"), SW, "NUL-teken", "regel 4", geladen=4),
    Case(
        "very long quoted field",
        on_line(SW, 2, "Afval Noord", '"' + "lang " * 30_000 + '"'),
        SW,
        "langer dan 131.072 tekens",
        "regel 2",
        geladen=4,
    ),
    Case(
        "very long unquoted field",
        on_line(SW, 2, "Afval Noord", "lang" * 40_000),
        SW,
        "langer dan 131.072 tekens",
        "regel 2",
        geladen=4,
    ),
    Case(
        "CRLF line endings", on_bytes(SW, lambda b: b.replace(b"\n", b"\r\n")), SW, None, geladen=5
    ),
    Case("mixed line endings", mixed_endings, SW, None, geladen=5),
    Case(
        "blank lines",
        on_lines(SW, lambda ls: ls[:3] + ["", " \t"] + ls[3:] + [""]),
        SW,
        "3 lege regels overgeslagen",
        "regel 4, 5 en 9",
        "waarschuwing",
        geladen=5,
    ),
    Case(
        "duplicate id",
        on_lines(SW, lambda ls: ls + [ls[1].replace("Afval Noord", "Dubbel", 1)]),
        SW,
        "komt dubbel voor",
        "regel 7 (id s1)",
        geladen=5,
    ),
    Case(
        "unknown gemeentecode",
        on_line(SW, 2, "GM0005", "GM0050"),
        SW,
        "onbekende gemeentecode 'GM0050'",
        "regel 2 (id s1)",
        "waarschuwing",
        geladen=5,
    ),
    Case(
        "no valid member left",
        on_line(SW, 6, "GM0002;GM0003", "GM9998;GM9999"),
        SW,
        "geen (geldige) gemeente",
        "regel 6 (id s5)",
        geladen=4,
    ),
    Case(
        "bad vocabulary value",
        on_line(SW, 4, "gezondheid", "gezondhied"),
        SW,
        "onderwerp 'gezondhied' staat niet in de lijst",
        "regel 4 (id s3)",
        geladen=4,
    ),
    Case("empty id", on_line(SW, 3, "s2,", ","), SW, "id is leeg", "regel 3", geladen=4),
]

OPTIONAL_CASES = [
    Case("missing indelingen.csv", remove(IND), IND, "ontbreekt", "bestand", "waarschuwing"),
    Case(
        "indelingen.csv in UTF-16",
        on_bytes(IND, lambda b: b.decode().encode("utf-16")),
        IND,
        "UTF-16",
        "bestand",
    ),
    Case(
        "indelingen.csv without its key column",
        on_line(IND, 1, "regio_indeling,", "indeling,"),
        IND,
        "ontbreken",
        "kopregel",
    ),
    Case(
        "indelingen.csv: unclosed quote",
        on_line(IND, 3, "Provincie", '"Provincie'),
        IND,
        "aanhalingsteken niet gesloten",
        "regel 3",
        geladen=11,
    ),
    Case(
        "indelingen.csv: unknown gemeentecode",
        on_line(IND, 2, "GM0001", "GM0010"),
        IND,
        "onbekende gemeentecode 'GM0010'",
        "regel 2",
        geladen=11,
    ),
    Case(
        "truncated bouwrapport.json",
        lambda d: put_text(d, META, '{"peildatum": "20'),
        META,
        "geen geldige JSON",
        "bestand",
        "waarschuwing",
    ),
    Case(
        "bouwrapport.json not an object",
        lambda d: put_text(d, META, "[1, 2]"),
        META,
        "geen JSON-object",
        "bestand",
        "waarschuwing",
    ),
    Case(
        "bouwrapport.json with a wrong type",
        lambda d: put_text(d, META, '{"bronnen": "OpenGR"}'),
        META,
        "hoort een lijst van objecten te zijn",
        "sleutel bronnen",
        "waarschuwing",
    ),
    Case(
        "bouwrapport.json nested absurdly deep",
        lambda d: put_text(d, META, "[" * 100_000 + "]" * 100_000),
        META,
        "te diep genest",
        "bestand",
        "waarschuwing",
    ),
    Case(
        "missing indelingen_2025.csv (2025 view)",
        in_2025(remove(IND25)),
        IND25,
        "ontbreekt",
        "bestand",
        "waarschuwing",
        gemeente_indeling="2025",
    ),
    Case(
        "crosswalk share out of range",
        in_2025(on_line(CW, 3, "1.0", "7")),
        CW,
        "ligt niet tussen 0 en 1",
        "regel 3",
        gemeente_indeling="2025",
        geladen=5,
    ),
    Case(
        "crosswalk unclosed quote",
        in_2025(on_line(CW, 2, "Alfa,GM", '"Alfa,GM')),
        CW,
        "aanhalingsteken niet gesloten",
        "regel 2",
        gemeente_indeling="2025",
        geladen=5,
    ),
]

GEO_CASES = [
    Case(
        "GeoJSON: not JSON",
        lambda d: put_text(d, GEO, "dit is geen json"),
        GEO,
        "is geen JSON",
        structural=True,
    ),
    Case(
        "GeoJSON: truncated",
        on_bytes(GEO, lambda b: b[: len(b) // 2]),
        GEO,
        "afgebroken",
        structural=True,
    ),
    Case(
        "GeoJSON: deeply nested feature",
        deep_feature,
        GEO,
        "te diep genest",
        "feature 2",
        geladen=5,
    ),
    Case(
        "GeoJSON: deeply nested outside the features",
        deep_outside,
        GEO,
        "te diep genest",
        structural=True,
    ),
    Case(
        "GeoJSON: FeatureCollection without features",
        lambda d: put_text(d, GEO, '{"type": "FeatureCollection"}'),
        GEO,
        "'features' ontbreekt",
        structural=True,
    ),
    Case(
        "GeoJSON: UTF-16",
        on_bytes(GEO, lambda b: b.decode().encode("utf-16")),
        GEO,
        "UTF-16",
        structural=True,
    ),
    Case(
        "GeoJSON: feature without geometry",
        geometry(1, None),
        GEO,
        "zonder geometrie",
        "feature 1 (GM0001)",
        geladen=5,
    ),
    Case(
        "GeoJSON: three-point ring",
        geometry(2, ring([[5.1, 52.0], [5.2, 52.1], [5.1, 52.0]])),
        GEO,
        "houdt na herstel geen vlak over",
        "feature 2 (GM0002)",
        geladen=5,
    ),
    Case(
        "GeoJSON: ring of three collinear points",
        geometry(2, ring([[5.1, 52.0], [5.15, 52.05], [5.2, 52.1], [5.1, 52.0]])),
        GEO,
        "geen oppervlak",
        "feature 2",
        geladen=5,
    ),
    Case(
        "GeoJSON: ring of two points",
        geometry(2, ring([[5.1, 52.0], [5.2, 52.1]])),
        GEO,
        "te weinig punten",
        "feature 2",
        geladen=5,
    ),
    Case(
        "GeoJSON: spike",
        geometry(
            3,
            ring(
                [
                    [5.2, 52.0],
                    [5.3, 52.0],
                    [5.3, 52.1],
                    [5.3, 52.3],
                    [5.3, 52.1],
                    [5.2, 52.1],
                    [5.2, 52.0],
                ]
            ),
        ),
        GEO,
        "spitsen",
        "feature 3 (GM0005)",
        "waarschuwing",
        geladen=6,
    ),
    Case(
        "GeoJSON: bow-tie",
        geometry(4, ring([[5.0, 51.0], [5.1, 51.1], [5.1, 51.0], [5.0, 51.1], [5.0, 51.0]])),
        GEO,
        "de rand snijdt zichzelf",
        "feature 4 (GM0003)",
        "waarschuwing",
        geladen=6,
    ),
    Case(
        "GeoJSON: NaN coordinate",
        geometry(4, ring([[5.0, 51.0], [float("nan"), 51.0], [5.1, 51.1], [5.0, 51.0]])),
        GEO,
        "NaN of oneindig",
        "feature 4",
        geladen=5,
    ),
    Case(
        "GeoJSON: infinite coordinate",
        geometry(4, ring([[5.0, 51.0], [float("inf"), 51.0], [5.1, 51.1], [5.0, 51.0]])),
        GEO,
        "NaN of oneindig",
        "feature 4",
        geladen=5,
    ),
    Case(
        "GeoJSON: coordinates outside NL",
        geometry(5, ring([[x + 20, y] for x, y in SQUARE_5])),
        GEO,
        "niet in Nederland",
        "feature 5 (GM0004)",
        geladen=5,
    ),
    Case(
        "GeoJSON: duplicate gemeentecode",
        on_geo(lambda doc: doc["features"][5]["properties"].update(gemeentecode="GM0001")),
        GEO,
        "gemeentecode GM0001 komt dubbel voor",
        "feature 6 (GM0001)",
        geladen=5,
    ),
    Case(
        "GeoJSON: Point geometry",
        geometry(1, {"type": "Point", "coordinates": [5.05, 52.05]}),
        GEO,
        "een punt (Point)",
        "feature 1",
        geladen=5,
    ),
    Case(
        "GeoJSON: LineString geometry",
        geometry(1, {"type": "LineString", "coordinates": SQUARE_5[:2]}),
        GEO,
        "een lijn",
        "feature 1",
        geladen=5,
    ),
    Case(
        "GeoJSON: coordinates not numbers",
        geometry(1, {"type": "Polygon", "coordinates": "abc"}),
        GEO,
        "coördinaten zijn onleesbaar",
        "feature 1",
        geladen=5,
    ),
    Case(
        "GeoJSON: missing properties",
        on_geo(lambda doc: doc["features"][0].pop("properties")),
        GEO,
        "zonder properties",
        "feature 1",
        geladen=5,
    ),
    Case(
        "GeoJSON: name is not text",
        on_geo(lambda doc: doc["features"][0]["properties"].update(gemeentenaam=[[["x"]]])),
        GEO,
        "eigenschap gemeentenaam is geen tekst",
        "feature 1",
        geladen=5,
    ),
    Case(
        "GeoJSON: feature is not an object",
        on_geo(lambda doc: doc["features"].insert(0, 42)),
        GEO,
        "geen JSON-object",
        "feature 1",
        geladen=6,
    ),
    Case(
        "GeoJSON: projected CRS, declared",
        rd_new(only_first=False, declare=True),
        GEO,
        "in plaats van WGS84",
        "bestand",
        "waarschuwing",
        geladen=6,
    ),
    Case(
        "GeoJSON: projected CRS, undeclared, one feature",
        rd_new(only_first=True, declare=False),
        GEO,
        "niet in Nederland",
        "feature 1",
        geladen=5,
    ),
    Case(
        "GeoJSON: projected CRS, undeclared, every feature",
        rd_new(only_first=False, declare=False),
        GEO,
        "niet in Nederland",
        structural=True,
    ),
    Case(
        "GeoJSON: unknown CRS",
        on_geo(lambda doc: doc.update(crs={"properties": {"name": "EPSG:999999"}})),
        GEO,
        "onbekend coördinatenstelsel",
        structural=True,
    ),
]

CASES = CSV_CASES + OPTIONAL_CASES + GEO_CASES


def test_at_least_25_kinds():
    assert len({c.kind for c in CASES}) == len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_corruption(case: Case, data_dir: Path):
    case.mutate(data_dir)
    try:
        reg, report = load_2016(data_dir / "2016", case.gemeente_indeling, data_dir)
    except LoadError as exc:
        assert case.structural, f"unexpected LoadError: {exc}"
        message = str(exc)
        assert case.expect in message and case.bestand in message, message
        assert not ENGLISH.search(message), message
        assert exc.report is not None and exc.bestand == case.bestand
        return
    assert not case.structural, "expected a LoadError"
    assert_accounting(data_dir, report)
    assert not english_in(report), english_in(report)
    assert printable(report)
    mine = [m for m in report.meldingen if m.bestand == case.bestand]
    if case.expect is None:
        assert not mine, mine
    else:
        hits = [m for m in mine if case.expect in f"{m.reden} — {m.suggestie}"]
        assert hits, [str(m) for m in report.meldingen]
        assert any(m.plaats.startswith(case.plaats) and m.ernst == case.ernst for m in hits), [
            (m.plaats, m.ernst) for m in hits
        ]
        assert_positions(hits)
    if case.geladen is not None:
        assert report.rijen_geladen[case.bestand] == case.geladen
    assert_map_renders(reg)


def assert_accounting(d: Path, report) -> None:
    """Every file balances; CSV rows in = non-blank physical lines after the header."""
    assert report.balanced()
    for name in report.rijen_in:
        data = (d / name).read_bytes()
        if name.endswith(".csv"):
            assert report.rijen_in[name] == len(row_lines(data)), name
        else:
            assert report.rijen_in[name] == feature_count(data), name


def feature_count(data: bytes) -> int:
    try:
        return len(json.loads(data)["features"])
    except RecursionError:  # the deeply nested case: count the features' type members
        return data.count(b'"Feature"')


def assert_positions(meldingen) -> None:
    """The integer line/feature of a melding matches its readable place."""
    for m in meldingen:
        word, _, rest = m.plaats.partition(" ")
        number = rest.split(" ")[0].rstrip(",")
        if word == "regel" and number.isdigit():
            assert m.regel == int(number), m
        if word == "feature" and number.isdigit():
            assert m.feature == int(number), m


def assert_map_renders(reg) -> None:
    layer = geo.web_layer(reg.gemeenten)
    assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not layer.geometry.is_empty.any()
    maps.choropleth(folium.Map(), layer, reg.memberships_per_gemeente(), "Samenwerkingen")


def test_geojson_feature_count_matches_features(data_dir):
    # The GeoJSON accounting in assert_accounting relies on one '"Feature"' per feature.
    _reg, report = load_2016(data_dir / "2016", actueel_dir=data_dir)
    assert report.rijen_in[GEO] == (data_dir / GEO).read_bytes().count(b'"Feature"') == 6


def test_load_error_keeps_the_report(data_dir):
    on_line(SW, 1, "deelnemers", "leden")(data_dir)
    with pytest.raises(LoadError) as info:
        load_2016(data_dir / "2016", actueel_dir=data_dir)
    assert info.value.report is not None and info.value.report.rijen_in[GEO] == 6


def test_report_groups_meldingen_per_file(data_dir):
    on_line(SW, 4, "GGD Zuid", '"GGD" Zuid')(data_dir)
    on_line(SW, 2, "GM0005", "GM0050")(data_dir)
    geometry(6, None)(data_dir)
    (data_dir / META).unlink()
    _reg, report = load_2016(data_dir / "2016", actueel_dir=data_dir)
    data = report.to_dict()
    assert set(data["bestanden"]) == {GEO, SW, IND, META}
    sw = data["bestanden"][SW]
    assert sw["rijen"] == {"in": 5, "geladen": 4, "afgewezen": 1}
    assert [(m["regel"], m["ernst"]) for m in sw["meldingen"]] == [
        (2, "waarschuwing"),  # GM0050 unknown
        (4, "fout"),  # stray quote
        (5, "waarschuwing"),  # GM0006, whose feature was rejected
    ]
    assert set(sw["meldingen"][0]) == {
        "bestand",
        "plaats",
        "regel",
        "feature",
        "reden",
        "suggestie",
        "ernst",
    }
    g = data["bestanden"][GEO]
    assert g["fouten"] == 1 and g["meldingen"][0]["feature"] == 6
    assert data["bestanden"][META]["rijen"] is None  # a file without rows: meldingen only
    json.dumps(data)  # JSON-ready


# --- hypothesis: random JSON in random places of the GeoJSON ------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["Polygon", "MultiPolygon", "Point", "Feature", "GM0001", "", "x"]),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)
PLACES = [
    "feature",
    "geometry",
    "type",
    "coordinates",
    "ring",
    "position",
    "number",
    "properties",
    "gemeentecode",
    "gemeentenaam",
    "delete",
    "duplicate",
]
geo_ops = st.lists(
    st.tuples(st.integers(0, 5), st.sampled_from(PLACES), json_values), min_size=1, max_size=4
)


def damage(doc: dict, ops) -> dict:
    feats = doc["features"]
    for i, place, value in ops:
        if not feats:
            break
        f = feats[i % len(feats)]
        if place == "delete":
            feats.remove(f)
        elif place == "duplicate":
            feats.append(json.loads(json.dumps(f)))
        elif place == "feature":
            feats[i % len(feats)] = value
        else:
            _damage_feature(f, place, value)
    return doc


def _damage_feature(f, place: str, value) -> None:
    if not isinstance(f, dict):
        return
    geom = f.get("geometry") if isinstance(f.get("geometry"), dict) else {}
    coords = geom.get("coordinates")
    if place == "geometry":
        f["geometry"] = value
    elif place == "properties":
        f["properties"] = value
    elif place in ("gemeentecode", "gemeentenaam") and isinstance(f.get("properties"), dict):
        f["properties"][place] = value
    elif place in ("type", "coordinates") and geom:
        geom[place] = value
    elif place in ("ring", "position", "number") and _is_ring_list(coords):
        ring0 = coords[0]
        if place == "ring":
            coords[0] = value
        elif place == "position":
            ring0[len(ring0) // 2] = value
        elif isinstance(ring0[1], list) and ring0[1]:
            ring0[1][0] = value


def _is_ring_list(coords) -> bool:
    return (
        isinstance(coords, list) and coords and isinstance(coords[0], list) and len(coords[0]) > 2
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=geo_ops)
def test_damaged_geojson_never_crashes_or_loses_features(ops):
    doc = damage(json.loads(json.dumps(FIXTURE_GEO)), ops)
    data = json.dumps(doc).encode()
    report = ValidationReport()
    try:
        gdf = gemeenten_from_bytes(data, GEO, report)
    except LoadError as exc:
        assert report.rijen_geladen[GEO] == 0 and not ENGLISH.search(str(exc)), str(exc)
        return
    assert report.rijen_in[GEO] == len(doc["features"])
    assert report.balanced() and len(gdf) == report.rijen_geladen[GEO]
    assert not english_in(report) and printable(report)
    assert gdf.geometry.is_valid.all() and (shapely.area(gdf.geometry.values) >= MIN_AREA).all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"} and gdf["gemeentecode"].is_unique
    geo.web_layer(gdf)


def _fixture_geo() -> dict:
    import tempfile

    from fixtures import write_layer_2016 as write_data

    with tempfile.TemporaryDirectory() as d:
        write_data(Path(d) / "data" / "2016")
        return json.loads((Path(d) / "data" / GEO).read_text(encoding="utf-8"))


FIXTURE_GEO = _fixture_geo()
