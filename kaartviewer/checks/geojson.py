"""``gemeenten.geojson``: one typed record per feature, checked step by step.

The document must be a FeatureCollection (else :class:`LoadError`); every element of its
``features`` list is one :class:`GemeenteFeature` that runs through
:data:`FEATURE_CHECKS`. A feature is loaded only when, after any repair, its geometry is a
Polygon or MultiPolygon of positive area with finite coordinates inside the Netherlands,
so the map layer built from the loaded gemeenten always renders. JSON nested too deeply
for Python's parser does not abort the file: the features are then split with a small
iterative scanner and only the offending feature is rejected.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, shape
from shapely.geometry.base import BaseGeometry

from kaartviewer.checks import (
    FileContext,
    Rejection,
    has_undecodable,
    kort,
    read_bytes,
    run_checks,
)
from kaartviewer.checks.csv_lines import utf16_name
from kaartviewer.schema import (
    GEMEENTE_KEY_PROPERTIES,
    GEMEENTE_PROPERTIES,
    NL_BOUNDS_LONLAT,
    WGS84,
)
from kaartviewer.validation import LoadError, ValidationReport

_CODE = re.compile(r"^GM\d{4}$")
_POLYGONAL = ("Polygon", "MultiPolygon")
_EXAMPLE = {"gemeentecode": "'GM0014'", "gemeentenaam": "'Groningen'"}
_REBUILD = "bouw de data opnieuw met 'kaartviewer build-data'"
_REBUILD_ZIN = "Bouw de data opnieuw met 'kaartviewer build-data'."
#: Smallest area (square degrees, WGS84) that counts as a surface: about 1 m² in the
#: Netherlands. Three "collinear" points in floating point enclose ~1e-16, not zero.
MIN_AREA = 1e-10
#: A feature nested deeper than this (levels below the feature object) is rejected; a
#: MultiPolygon needs 6.
MAX_DEPTH = 64
_TYPE_NAMES = {
    "Point": "een punt (Point)",
    "MultiPoint": "een verzameling punten (MultiPoint)",
    "LineString": "een lijn (LineString)",
    "MultiLineString": "een verzameling lijnen (MultiLineString)",
    "GeometryCollection": "een verzameling geometrieën (GeometryCollection)",
}
#: GEOS validity reasons in Dutch (``shapely.is_valid_reason``).
_VALIDITY = {
    "Self-intersection": "de rand snijdt zichzelf",
    "Ring Self-intersection": "een ring raakt zichzelf",
    "Too few points in geometry component": "te weinig verschillende punten",
    "Hole lies outside shell": "een gat ligt buiten de buitenrand",
    "Nested holes": "gaten liggen in elkaar",
    "Interior is disconnected": "het vlak valt in losse delen uiteen",
    "Nested shells": "vlakken liggen in elkaar",
    "Duplicate Rings": "dubbele ringen",
    "Invalid Coordinate": "ongeldige coördinaat",
    "Ring is not closed": "ring is niet gesloten",
}


@dataclass(frozen=True)
class TooDeep:
    """Stands in for a feature that was nested too deeply to parse."""

    diepte: int


@dataclass
class GemeenteFeature:
    """One element of ``features``, on its way through the checks.

    ``feature`` is its 1-based position; ``bron`` the JSON value as read. Checks fill in
    ``props``, ``code`` and ``geom`` (WGS84, repaired) as they pass.
    """

    feature: int
    bron: object
    props: dict = field(default_factory=dict)
    code: str = ""
    geom: BaseGeometry | None = None

    @property
    def plaats(self) -> str:
        return f"feature {self.feature} ({self.code})" if self.code else f"feature {self.feature}"

    @property
    def positie(self) -> dict[str, int]:
        return {"feature": self.feature}

    @property
    def geometry_json(self):
        return self.bron.get("geometry") if isinstance(self.bron, dict) else None


@dataclass
class FeatureContext:
    file: FileContext
    to_wgs84: object | None = None  # pyproj Transformer when the file declares another CRS
    codes: set[str] = field(default_factory=set)  # gemeentecodes loaded so far


# --- checks --------------------------------------------------------------------------------------


def check_object(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    if isinstance(f.bron, TooDeep):
        return Rejection(
            f"feature is te diep genest ({f.bron.diepte} niveaus, hooguit {MAX_DEPTH})",
            f"een gemeente is een Polygon of MultiPolygon; {_REBUILD}",
        )
    if not isinstance(f.bron, dict):
        return Rejection("feature is geen JSON-object", _REBUILD)
    return None


def check_properties(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    props = f.bron.get("properties")
    if not isinstance(props, dict):
        return Rejection("feature zonder properties", f"verwacht: {', '.join(GEMEENTE_PROPERTIES)}")
    f.props = props
    return None


def check_eigenschappen(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    """gemeentecode and gemeentenaam are filled in; every property is text (or a number)
    in valid UTF-8. A non-text optional property is left empty with a warning."""
    missing = [p for p in GEMEENTE_KEY_PROPERTIES if scalar_text(f.props.get(p)) == ""]
    if missing:
        return Rejection(f"verplichte eigenschap ontbreekt: {', '.join(missing)}")
    for p in GEMEENTE_PROPERTIES:
        value = scalar_text(f.props.get(p))
        if value is None and p in GEMEENTE_KEY_PROPERTIES:
            return Rejection(
                f"eigenschap {p} is geen tekst", f"verwacht bijvoorbeeld {_EXAMPLE[p]}"
            )
        if value is None:
            ctx.file.warn(f, f"eigenschap {p} is geen tekst: leeg gelaten")
        elif has_undecodable(value):
            return Rejection(
                f"eigenschap {p} is geen geldige UTF-8", "sla het bestand op als UTF-8"
            )
    return None


def check_gemeentecode(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    code = scalar_text(f.props.get("gemeentecode")) or ""
    if not _CODE.match(code):
        return Rejection(f"ongeldige gemeentecode {kort(code)}", "verwacht GM + 4 cijfers")
    f.code = code
    if code in ctx.codes:
        return Rejection(
            f"gemeentecode {code} komt dubbel voor", "elke gemeente hoort één keer in het bestand"
        )
    return None


def check_geometrie_type(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    g = f.geometry_json
    if g is None:
        return Rejection("feature zonder geometrie", _REBUILD)
    kind = g.get("type") if isinstance(g, dict) else None
    if not isinstance(kind, str):
        return Rejection("geometrie is geen GeoJSON-geometrie (object met 'type')", _REBUILD)
    if kind not in _POLYGONAL:
        name = _TYPE_NAMES.get(kind, f"van onbekend type {kort(kind)}")
        return Rejection(
            f"geometrie is {name}, verwacht een vlak (Polygon of MultiPolygon)", _REBUILD
        )
    return None


def check_coordinaten(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    """The coordinates form rings of number pairs, all finite; builds ``f.geom``."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            geom = shape(f.geometry_json)
    except Exception as exc:  # shapely/numpy raise many types for malformed coordinates
        return Rejection(geometry_error(exc, f.geometry_json.get("type")), _REBUILD)
    if geom.is_empty:
        return Rejection("lege geometrie (geen coördinaten)", _REBUILD)
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        return Rejection(
            "coördinaten bevatten NaN of oneindig (geen getal)",
            f"elke coördinaat hoort een eindig getal te zijn; {_REBUILD}",
        )
    f.geom = geom
    return None


def check_in_nederland(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    """Reproject when the file declares another CRS; the bounds must lie in the
    Netherlands in WGS84 (lon, lat)."""
    if ctx.to_wgs84 is not None:
        t = ctx.to_wgs84
        try:
            with np.errstate(all="ignore"):
                f.geom = shapely.transform(
                    f.geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))
                )
        except Exception:  # pyproj raises its own types for points outside the domain
            return Rejection("coördinaten zijn niet om te rekenen naar WGS84")
    bounds = np.asarray(f.geom.bounds)
    lo, hi = np.asarray(NL_BOUNDS_LONLAT[:2]), np.asarray(NL_BOUNDS_LONLAT[2:])
    if not np.isfinite(bounds).all() or (bounds[:2] < lo).any() or (bounds[2:] > hi).any():
        return Rejection(
            "coördinaten liggen niet in Nederland in WGS84",
            "verkeerd coördinatenstelsel? Lever WGS84 (lengte, breedte) aan",
        )
    return None


def check_herstel(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    """An invalid geometry is repaired with ``make_valid`` and only its polygonal part
    kept (a spike becomes a line and is dropped); nothing polygonal left → rejected."""
    if f.geom.is_valid:
        return None
    why = validity_reason(f.geom)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        valid = shapely.make_valid(f.geom)
    repaired = polygonal_part(valid)
    if repaired is None or repaired.area < MIN_AREA:
        return Rejection(
            f"ongeldige geometrie ({why}) houdt na herstel geen vlak over",
            "teken de grens opnieuw (een ring heeft minstens drie verschillende punten)",
        )
    dropped = any(p.geom_type not in _POLYGONAL for p in shapely.get_parts(valid))
    f.geom = repaired
    tail = "; losse lijnen of punten (spitsen) weggelaten" if dropped else ""
    ctx.file.warn(f, f"ongeldige geometrie ({why}) hersteld met make_valid{tail}")
    return None


def check_oppervlak(f: GemeenteFeature, ctx: FeatureContext) -> Rejection | None:
    """The final geometry is a (Multi)Polygon of positive area, at least :data:`MIN_AREA`
    (a valid ring of three collinear points has none)."""
    if f.geom.geom_type in _POLYGONAL and f.geom.area >= MIN_AREA:
        return None
    return Rejection(
        "geometrie heeft geen oppervlak (alle punten op één lijn?)",
        "teken de grens opnieuw",
    )


FEATURE_CHECKS = (
    check_object,
    check_properties,
    check_eigenschappen,
    check_gemeentecode,
    check_geometrie_type,
    check_coordinaten,
    check_in_nederland,
    check_herstel,
    check_oppervlak,
)


# --- the file ------------------------------------------------------------------------------------


def load_gemeenten(path, report: ValidationReport) -> gpd.GeoDataFrame:
    """Validate features one by one; return a WGS84 GeoDataFrame of the good ones, sorted by
    gemeentecode. No usable feature at all is structural (:class:`LoadError`)."""
    return gemeenten_from_bytes(read_bytes(path), path.name, report)


def gemeenten_from_bytes(data: bytes, bestand: str, report: ValidationReport) -> gpd.GeoDataFrame:
    file = FileContext(bestand, report)
    doc = parse_json(data, bestand)
    features = feature_list(doc, bestand)
    ctx = FeatureContext(file, crs_transformer(doc, file))
    records = (GemeenteFeature(i, feat) for i, feat in enumerate(features, start=1))
    loaded = run_checks(records, FEATURE_CHECKS, ctx, on_accept=lambda f: ctx.codes.add(f.code))
    if not loaded:
        raise LoadError(
            f"{bestand} bevat geen enkele bruikbare gemeente"
            f"{_main_reason(report, bestand)}; zie 'kaartviewer validate'.",
            bestand,
        )
    rows = [
        {p: scalar_text(f.props.get(p)) or "" for p in GEMEENTE_PROPERTIES}
        | {"gemeentecode": f.code}
        for f in loaded
    ]
    gdf = gpd.GeoDataFrame(rows, geometry=[f.geom for f in loaded], crs=WGS84)
    return gdf.sort_values("gemeentecode").reset_index(drop=True)


def _main_reason(report: ValidationReport, bestand: str) -> str:
    reasons = Counter(m.reden for m in report.fouten if m.bestand == bestand and m.feature)
    if not reasons:
        return " (geen features)"
    reden, n = reasons.most_common(1)[0]
    return f" ({n} van {sum(reasons.values())} features: {reden})"


def parse_json(data: bytes, bestand: str):
    """The JSON document in ``data``; not JSON at all is structural (Dutch message with
    line and column), nesting too deep for Python's parser falls back to
    :func:`parse_features_shallow`."""
    if not data.strip():
        raise LoadError(f"{bestand} is leeg.", bestand)
    wide = utf16_name(data)
    if wide:
        raise LoadError(
            f"{bestand} is opgeslagen als {wide}; GeoJSON hoort UTF-8 te zijn. {_REBUILD_ZIN}",
            bestand,
        )
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="surrogateescape")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{bestand} is geen geldige GeoJSON: {json_reason(exc, text)} "
            f"(regel {exc.lineno}, kolom {exc.colno}). Herstel het bestand of {_REBUILD}.",
            bestand,
            f"regel {exc.lineno}",
        ) from exc
    except RecursionError:
        return parse_features_shallow(text, bestand)
    except ValueError as exc:  # e.g. an integer with more than 4300 digits
        raise LoadError(
            f"{bestand} is geen bruikbare GeoJSON: een waarde is niet te lezen "
            f"(bijvoorbeeld een getal met duizenden cijfers). Herstel het bestand of {_REBUILD}.",
            bestand,
        ) from exc


_JSON_ERRORS = (
    ("Expecting value", "waarde verwacht"),
    (
        "Expecting property name enclosed in double quotes",
        "naam tussen dubbele aanhalingstekens verwacht",
    ),
    ("Expecting ':' delimiter", "dubbele punt verwacht"),
    ("Expecting ',' delimiter", "komma verwacht"),
    ("Unterminated string", "tekst tussen aanhalingstekens niet afgesloten"),
    ("Invalid control character", "ongeldig stuurteken in een tekst"),
    ("Invalid \\escape", "ongeldige \\-code in een tekst"),
    ("Invalid \\u", "ongeldige \\u-code in een tekst"),
    ("Extra data", "na het einde van de JSON staat nog tekst"),
)


def json_reason(exc: json.JSONDecodeError, text: str) -> str:
    """Dutch reason for a JSON syntax error; a file that stops mid-way is called truncated."""
    if exc.pos >= len(text.rstrip()) and exc.pos > 0:
        return "het bestand houdt midden in de JSON op (afgebroken?)"
    if exc.pos == 0 and exc.msg == "Expecting value":
        return "het bestand is geen JSON"
    for english, dutch in _JSON_ERRORS:
        if exc.msg.startswith(english):
            return dutch
    return f"JSON-fout (technische melding: {exc.msg})"


def feature_list(doc, bestand: str) -> list:
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        raise LoadError(
            f"{bestand} is geen GeoJSON FeatureCollection (lijst 'features' ontbreekt). "
            f"Herstel het bestand of {_REBUILD}.",
            bestand,
        )
    return doc["features"]


def crs_transformer(doc: dict, file: FileContext):
    """None for WGS84 (declared or not); a transformer for a declared EPSG code (reported);
    an unknown CRS is structural."""
    crs = doc.get("crs")
    if crs is None:
        return None
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    if not isinstance(name, str) or not name:
        file.file_warning("'crs' onleesbaar: aangenomen dat de coördinaten WGS84 zijn")
        return None
    if re.search(r"(CRS84|EPSG::?4326)$", name):
        return None
    epsg = re.search(r"EPSG::?(\d+)$", name)
    transformer = _transformer(epsg.group(1)) if epsg else None
    if transformer is None:
        raise LoadError(
            f"{file.bestand}: onbekend coördinatenstelsel {kort(name)}; verwacht WGS84 (EPSG:4326).",
            file.bestand,
        )
    file.file_warning(
        f"coördinatenstelsel {kort(name, 80)[1:-1]} in plaats van WGS84",
        "omgerekend naar WGS84; lever voortaan WGS84 (EPSG:4326) aan",
    )
    return transformer


def _transformer(epsg: str):
    from pyproj import Transformer
    from pyproj.exceptions import CRSError

    try:
        return Transformer.from_crs(f"EPSG:{epsg}", WGS84, always_xy=True)
    except CRSError:
        return None


# --- deep nesting ----------------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]', re.DOTALL)


def parse_features_shallow(text: str, bestand: str) -> dict:
    """Parse a document too deep for ``json.loads``: find the ``features`` array with an
    iterative scanner, parse each feature on its own and put :class:`TooDeep` in place of
    those nested deeper than :data:`MAX_DEPTH`."""
    found = _features_span(text)
    if found is None:
        raise LoadError(
            f"{bestand} is te diep genest om te lezen en de lijst 'features' is niet te vinden. "
            f"Herstel het bestand of {_REBUILD}.",
            bestand,
        )
    start, end, elements = found
    try:
        doc = json.loads(text[:start] + "[]" + text[end:])
        features = [
            TooDeep(depth) if depth > MAX_DEPTH else json.loads(part) for part, depth in elements
        ]
    except (ValueError, RecursionError) as exc:
        raise LoadError(
            f"{bestand} is geen geldige GeoJSON (te diep genest of onleesbaar buiten de features). "
            f"Herstel het bestand of {_REBUILD}.",
            bestand,
        ) from exc
    doc["features"] = features
    return doc


def _features_span(text: str):
    """``(start, end, [(element text, depth)])`` of the top-level ``features`` array, or
    None. An element's depth counts its brackets (a feature object alone is depth 1)."""
    tokens = _TOKEN.finditer(text)
    depth, prev = 0, ("", "")
    for m in tokens:
        tok = m.group()
        if tok == "[" and depth == 1 and prev == ('"features"', ":"):
            return _split_array(text, m, tokens)
        if tok in ("[", "{"):
            depth += 1
        elif tok in ("]", "}"):
            depth -= 1
        prev = (prev[1], tok)
    return None


def _split_array(text: str, opening: re.Match, tokens):
    """The elements of the array opened at ``opening``, read from ``tokens`` up to its
    closing bracket."""
    depth, elem_start, elem_depth = 0, opening.end(), 0
    elements: list[tuple[str, int]] = []
    for m in tokens:
        tok = m.group()
        if depth == 0 and tok in (",", "]"):
            part = text[elem_start : m.start()]
            if tok == "," or part.strip() or elements:
                elements.append((part, elem_depth))
            if tok == "]":
                return opening.start(), m.end(), elements
            elem_start, elem_depth = m.end(), 0
        elif tok in ("[", "{"):
            depth += 1
            elem_depth = max(elem_depth, depth)
        elif tok in ("]", "}"):
            depth -= 1
    return None


# --- helpers ---------------------------------------------------------------------------------------


def scalar_text(value) -> str | None:
    """A property as text: strings stripped, numbers written out, None as ``""``; lists,
    objects, booleans and non-finite numbers give None (not text)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value)


def geometry_error(exc: Exception, kind) -> str:
    """Dutch reason for a geometry that shapely cannot build."""
    text = str(exc)
    if "at least 4 coordinates" in text or "at least 3 coordinates" in text:
        return "een ring heeft te weinig punten (minstens 4, het eerste herhaald aan het eind)"
    if isinstance(exc, KeyError):
        return "geometrie zonder 'coordinates'"
    return f"coördinaten zijn onleesbaar: geen lijst van ringen met getallenparen ({kind})"


def validity_reason(geom: BaseGeometry) -> str:
    """``shapely.is_valid_reason`` in Dutch: ``de rand snijdt zichzelf bij (5.05, 51.05)``."""
    raw = shapely.is_valid_reason(geom) or ""
    name, _, where = raw.partition("[")
    dutch = _VALIDITY.get(name.strip(), "ongeldige vorm")
    coords = where.rstrip("]").split()
    return f"{dutch} bij ({', '.join(coords[:2])})" if len(coords) >= 2 else dutch


def polygonal_part(geom: BaseGeometry) -> BaseGeometry | None:
    """The Polygon/MultiPolygon parts of ``geom`` as one geometry, or None."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL]
    polygons = [q for p in parts for q in shapely.get_parts(p) if not q.is_empty]
    if not polygons:
        return None
    if len(polygons) == 1:
        return polygons[0]
    multi = MultiPolygon(polygons)
    return multi if multi.is_valid else shapely.union_all(polygons)
