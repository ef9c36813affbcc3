"""Read and validate the shipped data: the one entry point is :func:`load`.

``load(data_dir)`` returns ``(Registry, ValidationReport)``. Bad rows and features are
rejected *and reported* (file, line/feature, reason, suggestion); for every file
``rows in == rows loaded + rows rejected``. Only structural failure raises
:class:`~kaartviewer.validation.LoadError`: an unreadable file or missing key columns.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from kaartviewer.config import SHIPPED_DATA_DIR
from kaartviewer.registry import Registry
from kaartviewer.schema import (
    DEELNEMER_TYPES,
    GEMEENTE_INDELINGEN,
    GEMEENTE_KEY_PROPERTIES,
    GEMEENTE_PROPERTIES,
    HERKOMST,
    INDELING_COLUMNS,
    INDELING_SOORTEN,
    JURIDISCHE_VORMEN,
    LIST_SEP,
    NL_BOUNDS_LONLAT,
    ONDERWERPEN,
    SAMENWERKING_COLUMNS,
    SAMENWERKING_KEY_COLUMNS,
    SAMENWERKING_OPTIONAL_COLUMNS,
    STATUSSEN,
    TYPE_SEP,
    WGS84,
    samenwerking_soort_van,
)
from kaartviewer.text import close_matches
from kaartviewer.validation import LoadError, ValidationReport

DEFAULT_DATA_DIR = SHIPPED_DATA_DIR
GEMEENTEN_FILE = "gemeenten.geojson"
SAMENWERKINGEN_FILE = "samenwerkingen.csv"
INDELINGEN_FILE = "indelingen.csv"
META_FILE = "bouwrapport.json"
GEMEENTEN_2025_FILE = "gemeenten_2025.geojson"
CROSSWALK_FILE = "herindeling_2016_2025.csv"
INDELINGEN_2025_FILE = "indelingen_2025.csv"
#: The gemeente-indelingen the registry can be shown on (the registry itself is of 2016).

_CODE = re.compile(r"^GM\d{4}$")
_SURROGATE = re.compile(r"[\udc80-\udcff]")
#: Defaults for optional columns that are missing altogether (reported once as an error).
_DEFAULTS = {
    "juridische_vorm": "wgr_onbekend",
    "juridische_vorm_herkomst": "bron",
    "onderwerp": "overig",
    "onderwerp_herkomst": "regel",
    **SAMENWERKING_OPTIONAL_COLUMNS,
}
_VOCAB = {
    "juridische_vorm": JURIDISCHE_VORMEN,
    "onderwerp": ONDERWERPEN,
    "juridische_vorm_herkomst": HERKOMST,
    "onderwerp_herkomst": HERKOMST,
    "status": STATUSSEN,
}


def load(
    data_dir: Path | str | None = None, gemeente_indeling: str = "2016"
) -> tuple[Registry, ValidationReport]:
    """Load ``gemeenten.geojson``, ``samenwerkingen.csv`` and (if present) ``indelingen.csv``.

    ``gemeente_indeling="2025"`` shows the same (2016) registry on today's gemeenten: it also loads
    ``gemeenten_2025.geojson``, the crosswalk ``herindeling_2016_2025.csv`` and
    ``indelingen_2025.csv`` and projects the memberships (see :mod:`kaartviewer.herindeling`).
    Raises :class:`LoadError` only when a file cannot be used at all.
    """
    if gemeente_indeling not in GEMEENTE_INDELINGEN:
        raise LoadError(
            f"Onbekende gemeente-indeling '{gemeente_indeling}'; kies uit {', '.join(GEMEENTE_INDELINGEN)}."
        )
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    report = ValidationReport()
    gemeenten = load_gemeenten(data_dir / GEMEENTEN_FILE, report)
    codes = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True))
    samenwerkingen, leden, overige = load_samenwerkingen(
        data_dir / SAMENWERKINGEN_FILE, codes, report
    )
    ind_path = data_dir / INDELINGEN_FILE
    indelingen = (
        load_indelingen(ind_path, codes, report)
        if ind_path.exists()
        else pd.DataFrame(columns=list(INDELING_COLUMNS))
    )
    meta = _read_meta(data_dir / META_FILE, report)
    registry = Registry.from_tables(gemeenten, samenwerkingen, leden, overige, indelingen, meta)
    if gemeente_indeling == "2025":
        registry = _project_2025(data_dir, registry, codes, report)
    return registry, report


def _project_2025(
    data_dir: Path, reg16: Registry, codes16: dict[str, str], report: ValidationReport
) -> Registry:
    from kaartviewer import herindeling

    g25 = load_gemeenten(data_dir / GEMEENTEN_2025_FILE, report)
    codes25 = dict(zip(g25["gemeentecode"], g25["gemeentenaam"], strict=True))
    cw = load_crosswalk(data_dir / CROSSWALK_FILE, codes16, codes25, report)
    ind_path = data_dir / INDELINGEN_2025_FILE
    ind25 = (
        load_indelingen(ind_path, codes25, report)
        if ind_path.exists()
        else pd.DataFrame(columns=list(INDELING_COLUMNS))
    )
    return herindeling.project(reg16, g25, cw, ind25)


def load_crosswalk(
    path: Path, old: dict[str, str], new: dict[str, str], report: ValidationReport
) -> pd.DataFrame:
    """Validate the crosswalk; every old gemeente must have successors whose shares sum to
    1 ± 0.01, else its memberships could be lost: that is reported as an error."""
    from kaartviewer.herindeling import CROSSWALK_COLUMNS, MUTATIES

    name = path.name
    rows = []
    for where, rec in _table_rows(path, CROSSWALK_COLUMNS, report):
        try:
            share = float(rec["aandeel"])
        except ValueError:
            share = float("nan")
        if rec["gemeentecode_oud"] not in old:
            _reject(report, name, where, f"onbekende oude gemeentecode {rec['gemeentecode_oud']!r}")
        elif rec["gemeentecode_nieuw"] not in new:
            _reject(
                report, name, where, f"onbekende nieuwe gemeentecode {rec['gemeentecode_nieuw']!r}"
            )
        elif not 0 < share <= 1:
            _reject(report, name, where, f"aandeel {rec['aandeel']!r} ligt niet tussen 0 en 1")
        elif rec["mutatie"] not in MUTATIES:
            _reject(
                report,
                name,
                where,
                f"mutatie {rec['mutatie']!r} onbekend",
                f"toegestaan: {', '.join(MUTATIES)}",
            )
        else:
            rec["aandeel"] = share
            rows.append(rec)
    report.rijen_geladen[name] += len(rows)
    cw = pd.DataFrame(rows, columns=CROSSWALK_COLUMNS)
    sums = cw.groupby("gemeentecode_oud")["aandeel"].sum()
    for code in sorted(set(old) - set(sums.index)):
        report.fout(
            name,
            f"gemeente {code}",
            f"{old[code]} heeft geen opvolger: haar "
            "lidmaatschappen ontbreken op de nieuwe indeling",
            "bouw de data opnieuw met 'kaartviewer build-data'",
        )
    for code, total in sums.items():
        if abs(total - 1) > 0.01:
            report.waarschuwing(
                name, f"gemeente {code}", f"aandelen tellen op tot {total:.3f} in plaats van 1"
            )
    return cw


# --- gemeenten ---------------------------------------------------------------------------


def load_gemeenten(path: Path, report: ValidationReport) -> gpd.GeoDataFrame:
    """Validate features one by one; return a WGS84 GeoDataFrame of the good ones."""
    name = path.name
    try:
        doc = json.loads(_read_text(path, report))
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{name} is geen geldige GeoJSON (regel {exc.lineno}: {exc.msg}). "
            "Herstel het bestand of bouw het opnieuw met 'kaartviewer build-data'."
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        raise LoadError(f"{name} is geen GeoJSON FeatureCollection (lijst 'features' ontbreekt).")
    crs_name = ((doc.get("crs") or {}).get("properties") or {}).get("name") or ""
    to_wgs84 = None
    if crs_name and not re.search(r"(CRS84|EPSG::?4326)$", crs_name):
        epsg = re.search(r"EPSG::?(\d+)$", crs_name)
        if not epsg:
            raise LoadError(f"{name}: onbekend coördinatenstelsel {crs_name!r}; verwacht WGS84.")
        from pyproj import Transformer

        to_wgs84 = Transformer.from_crs(f"EPSG:{epsg.group(1)}", WGS84, always_xy=True)
        report.waarschuwing(
            name,
            "bestand",
            f"coördinatenstelsel {crs_name} in plaats van WGS84",
            "omgerekend naar WGS84; lever voortaan WGS84 (EPSG:4326) aan",
        )
    features = doc["features"]
    report.rijen_in[name] += len(features)
    rows, geoms, seen = [], [], set()
    for i, feat in enumerate(features, start=1):
        where = f"feature {i}"
        props = (feat or {}).get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            _reject(report, name, where, "feature zonder properties")
            continue
        missing = [p for p in GEMEENTE_KEY_PROPERTIES if not str(props.get(p) or "").strip()]
        if missing:
            _reject(report, name, where, f"verplichte eigenschap ontbreekt: {', '.join(missing)}")
            continue
        code = str(props["gemeentecode"]).strip()
        where = f"feature {i} ({code})"
        if not _CODE.match(code):
            _reject(
                report, name, where, f"ongeldige gemeentecode {code!r}", "verwacht GM + 4 cijfers"
            )
            continue
        if code in seen:
            _reject(report, name, where, f"gemeentecode {code} komt dubbel voor")
            continue
        try:
            geom = shape(feat["geometry"]) if feat.get("geometry") else None
        except Exception as exc:  # shapely raises several types for malformed input
            _reject(report, name, where, f"onleesbare geometrie ({exc})")
            continue
        if geom is None or geom.is_empty:
            _reject(report, name, where, "lege geometrie")
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            _reject(report, name, where, f"geometrie is {geom.geom_type}, verwacht een vlak")
            continue
        if to_wgs84 is not None:
            geom = shapely.transform(
                geom, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1]))
            )
        minx, miny, maxx, maxy = geom.bounds
        if (
            minx < NL_BOUNDS_LONLAT[0]
            or miny < NL_BOUNDS_LONLAT[1]
            or maxx > NL_BOUNDS_LONLAT[2]
            or maxy > NL_BOUNDS_LONLAT[3]
        ):
            _reject(
                report,
                name,
                where,
                "coördinaten liggen niet in Nederland in WGS84",
                "verkeerd coördinatenstelsel? Lever WGS84 (lengte, breedte) aan",
            )
            continue
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
            report.waarschuwing(name, where, "ongeldige geometrie hersteld met make_valid")
        seen.add(code)
        rows.append({p: _str(props.get(p)) for p in GEMEENTE_PROPERTIES} | {"gemeentecode": code})
        geoms.append(geom)
    report.rijen_geladen[name] += len(rows)
    if not rows:
        raise LoadError(f"{name} bevat geen enkele bruikbare gemeente; zie de meldingen.")
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs=WGS84)
    return gdf.sort_values("gemeentecode").reset_index(drop=True)


# --- samenwerkingen ----------------------------------------------------------------------


def load_samenwerkingen(path: Path, gemeenten: dict[str, str], report: ValidationReport):
    """Validate rows; return (samenwerkingen, lidmaatschappen, overige deelnemers) frames."""
    name = path.name
    header, records = _read_csv(path, report)
    missing_key = [c for c in SAMENWERKING_KEY_COLUMNS if c not in header]
    if missing_key:
        raise LoadError(
            f"{name}: verplichte kolom(men) ontbreken: {', '.join(missing_key)}. "
            f"Verwachte kolommen: {', '.join(SAMENWERKING_COLUMNS)}."
        )
    for col in SAMENWERKING_COLUMNS:
        if col not in header and col not in SAMENWERKING_OPTIONAL_COLUMNS:
            default = _DEFAULTS.get(col, "")
            report.fout(
                name,
                f"kolom {col}",
                "kolom ontbreekt",
                f"alle rijen krijgen {default!r}" if default else "waarden blijven leeg",
            )
    for col in header:
        if col not in SAMENWERKING_COLUMNS:
            close = close_matches(col, SAMENWERKING_COLUMNS, n=1)
            report.waarschuwing(
                name,
                f"kolom {col}",
                "onbekende kolom wordt genegeerd",
                f"bedoeld: {close[0]}?" if close else "",
            )
    report.rijen_in[name] += len(records)
    rows, leden, overige, ids = [], [], [], set()
    by_name = {}
    for code, naam in gemeenten.items():
        by_name.setdefault(naam.casefold(), code)
    for where, rec in _sound_rows(name, header, records, SAMENWERKING_COLUMNS, report):
        for col, default in _DEFAULTS.items():
            rec.setdefault(col, default)
        for col in SAMENWERKING_COLUMNS:
            rec.setdefault(col, "")
        sid = rec["id"]
        if not sid:
            _reject(report, name, where, "id is leeg")
            continue
        if sid in ids:
            _reject(
                report,
                name,
                f"{where} (id {sid})",
                f"id {sid!r} komt dubbel voor",
                "geef elke samenwerking een eigen id",
            )
            continue
        if not rec["naam"]:
            _reject(report, name, f"{where} (id {sid})", "naam is leeg")
            continue
        bad_vocab = None
        for col, vocab in _VOCAB.items():
            if rec[col] not in vocab:
                close = close_matches(rec[col], list(vocab), n=1)
                bad_vocab = (col, rec[col], close[0] if close else ", ".join(vocab))
                break
        if bad_vocab:
            col, val, hint = bad_vocab
            _reject(
                report,
                name,
                f"{where} (id {sid})",
                f"{col} {val!r} staat niet in de lijst",
                f"bedoeld: {hint}?" if "," not in hint else f"toegestaan: {hint}",
            )
            continue
        members = []
        for item in [x.strip() for x in rec["deelnemers"].split(LIST_SEP) if x.strip()]:
            if item in gemeenten:
                members.append(item)
                continue
            suggestion = _suggest_code(item, gemeenten, by_name)
            report.waarschuwing(
                name,
                f"{where} (id {sid})",
                f"onbekende gemeentecode {item!r} in deelnemers: weggelaten",
                suggestion,
            )
        members = sorted(set(members))
        if not members:
            _reject(
                report,
                name,
                f"{where} (id {sid})",
                "geen (geldige) gemeente als deelnemer",
                "vul 'deelnemers' met CBS-gemeentecodes, gescheiden door ';'",
            )
            continue
        extra = []
        for item in [x.strip() for x in rec["overige_deelnemers"].split(LIST_SEP) if x.strip()]:
            typ, sep, naam = item.partition(TYPE_SEP)
            if not sep or typ not in DEELNEMER_TYPES or not naam.strip():
                report.waarschuwing(
                    name,
                    f"{where} (id {sid})",
                    f"overige deelnemer {item!r} heeft geen geldig type",
                    f"schrijf type:naam met type uit {', '.join(DEELNEMER_TYPES)}; "
                    "opgenomen als 'overig'",
                )
                typ, naam = "overig", item
            extra.append((typ, naam.strip()))
        ids.add(sid)
        rec["samenwerking_soort"] = samenwerking_soort_van(rec["juridische_vorm"])
        rec["n_deelnemers"] = len(members)
        rows.append(rec)
        leden.extend((sid, m) for m in members)
        overige.extend((sid, t, n) for t, n in sorted(set(extra)))
    report.rijen_geladen[name] += len(rows)
    cols = list(SAMENWERKING_COLUMNS) + ["samenwerking_soort", "n_deelnemers"]
    return (
        pd.DataFrame(rows, columns=cols),
        pd.DataFrame(leden, columns=["samenwerking", "gemeentecode"]),
        pd.DataFrame(overige, columns=["samenwerking", "type", "naam"]),
    )


def load_indelingen(
    path: Path, gemeenten: dict[str, str], report: ValidationReport
) -> pd.DataFrame:
    """Validate ``indelingen.csv`` (gemeente × regio-indeling → regio)."""
    name = path.name
    rows = []
    for where, rec in _table_rows(path, INDELING_COLUMNS, report):
        if rec["gemeentecode"] not in gemeenten:
            _reject(report, name, where, f"onbekende gemeentecode {rec['gemeentecode']!r}")
            continue
        if not rec["regio_indeling"] or not rec["regio"]:
            _reject(report, name, where, "regio-indeling of regio is leeg")
            continue
        if rec["indeling_soort"] not in INDELING_SOORTEN:
            _reject(
                report,
                name,
                where,
                f"indeling_soort {rec['indeling_soort']!r} onbekend",
                f"toegestaan: {', '.join(INDELING_SOORTEN)}",
            )
            continue
        rows.append(rec)
    report.rijen_geladen[name] += len(rows)
    return pd.DataFrame(rows, columns=list(INDELING_COLUMNS))


# --- helpers -----------------------------------------------------------------------------


def _table_rows(path: Path, columns, report: ValidationReport):
    """Yield ``(place, record)`` for each structurally sound row of a simple CSV table.

    Missing columns are a structural failure; every row is counted in, and rows that are
    not even well-formed CSV are rejected (reported) here. The caller rejects or loads the
    rest, so ``in == loaded + rejected`` holds.
    """
    name = path.name
    header, records = _read_csv(path, report)
    missing = [c for c in columns if c not in header]
    if missing:
        raise LoadError(f"{name}: kolom(men) ontbreken: {', '.join(missing)}")
    report.rijen_in[name] += len(records)
    yield from _sound_rows(name, header, records, columns, report)


def _sound_rows(name: str, header: list[str], records, keep, report: ValidationReport):
    """Reject (and report) rows that are not well-formed; yield ``(place, record)`` for
    the others, with only the ``keep`` columns."""
    for line, values in records:
        where = f"regel {line}"
        reason = _row_problem(values, len(header))
        if reason:
            _reject(report, name, where, reason)
            continue
        yield where, {c: values[i].strip() for i, c in enumerate(header) if c in keep}


def _read_text(path: Path, report: ValidationReport) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            f"Kan {path} niet lezen ({exc.strerror or exc}). Staat de map 'data/' naast app.py? "
            "Bouw hem anders opnieuw met 'kaartviewer build-data'."
        ) from exc
    # surrogateescape keeps undecodable bytes visible so the rows holding them can be reported.
    return raw.decode("utf-8-sig", errors="surrogateescape")


def _read_csv(
    path: Path, report: ValidationReport
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header plus ``(first line number, values)`` per record."""
    text = _read_text(path, report)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise LoadError(f"{path.name} is leeg (geen kopregel).") from None
    except csv.Error as exc:
        raise LoadError(f"{path.name}: kopregel onleesbaar ({exc}).") from exc
    records = []
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            records.append((start, [f"\x00csv:{exc}"]))
            start = reader.line_num + 1
            continue
        if values:  # csv yields [] for a blank physical line: not a record
            records.append((start, values))
        start = reader.line_num + 1
    return header, records


def _row_problem(values: list[str], n_columns: int) -> str:
    if len(values) == 1 and values[0].startswith("\x00csv:"):
        return f"regel is geen geldige CSV ({values[0][5:]})"
    if any(_SURROGATE.search(v) for v in values):
        return "tekst niet te decoderen als UTF-8"
    if "\x00" in "".join(values):
        return "regel bevat een NUL-teken"
    if not any(v.strip() for v in values):
        return "lege regel"
    if len(values) < n_columns:
        return f"te weinig velden ({len(values)} van {n_columns})"
    if len(values) > n_columns:
        return f"te veel velden ({len(values)} van {n_columns}); staat er een komma zonder aanhalingstekens?"
    return ""


def _reject(report: ValidationReport, bestand: str, plaats: str, reden: str, suggestie: str = ""):
    report.fout(bestand, plaats, reden, suggestie)
    report.rijen_afgewezen[bestand] += 1


def _suggest_code(item: str, gemeenten: dict[str, str], by_name: dict[str, str]) -> str:
    if item.casefold() in by_name:
        code = by_name[item.casefold()]
        return f"bedoeld: {code} ({gemeenten[code]})?"
    digits = re.sub(r"\D", "", item)
    if digits:
        code = f"GM{digits.zfill(4)[-4:]}"
        if code in gemeenten:
            return f"bedoeld: {code} ({gemeenten[code]})?"
    names = close_matches(item, gemeenten.values(), n=1)
    if names:
        code = by_name[names[0].casefold()]
        return f"bedoeld: {code} ({names[0]})?"
    return "gebruik een CBS-gemeentecode van 2016 (GM + 4 cijfers)"


def _str(v) -> str:
    return "" if v is None else str(v).strip()


def _read_meta(path: Path, report: ValidationReport) -> dict:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        report.waarschuwing(
            path.name,
            "bestand",
            f"bouwrapport onleesbaar ({exc}); bron- en dekkingsinformatie ontbreekt",
        )
        return {}
