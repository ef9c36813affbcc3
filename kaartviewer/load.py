"""Read and validate the shipped data: the one entry point is :func:`load`.

``load(data_dir)`` returns ``(Registry, ValidationReport)``. Bad rows and features are
rejected *and reported* (file, line/feature, reason, suggestion); for every file
``rows in == rows loaded + rows rejected``, counted on physical lines.

The work is done by :mod:`kaartviewer.checks`, the loader as a series of checks:

* :mod:`kaartviewer.checks.csv_lines` reads a CSV file one physical line at a time into
  typed :class:`~kaartviewer.checks.csv_lines.Rij` records and diagnoses structural
  problems (encoding, delimiter, header) by name;
* :mod:`kaartviewer.checks.geojson` turns each GeoJSON feature into a
  :class:`~kaartviewer.checks.geojson.GemeenteFeature`;
* :func:`kaartviewer.checks.run_checks` runs every record through a table's list of small
  ``check_*`` steps (:mod:`kaartviewer.checks.tables` for the CSV tables,
  :mod:`kaartviewer.checks.geojson` for the gemeenten);
* :mod:`kaartviewer.checks.meta` reads the optional build report.

Only structural failure of a required file raises
:class:`~kaartviewer.validation.LoadError` (Dutch message; the findings so far are attached
as ``exc.report``): unreadable, empty, UTF-16, wrong delimiter, key columns missing or
duplicated, not a FeatureCollection, no usable gemeente. Optional files
(``indelingen.csv`` of either layer, ``bouwrapport.json``) never raise: missing
or unusable, they give a melding and an empty table / dict.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kaartviewer.checks.geojson import gemeenten_from_bytes, load_gemeenten
from kaartviewer.checks.meta import load_meta
from kaartviewer.checks.register import (
    load_actueel_samenwerkingen,
    load_deelnemers,
    load_versies,
)
from kaartviewer.checks.tables import (
    indelingen_from_bytes,
    load_crosswalk,
    load_indelingen,
    load_samenwerkingen,
    samenwerkingen_from_bytes,
)
from kaartviewer.config import SHIPPED_DATA_DIR
from kaartviewer.register import PeildatumError, RegisterData, registry_at
from kaartviewer.registry import Registry
from kaartviewer.schema import GEMEENTE_INDELINGEN, INDELING_COLUMNS, LAGEN
from kaartviewer.validation import LoadError, ValidationReport

__all__ = [
    "DEFAULT_DATA_DIR",
    "GEMEENTE_INDELINGEN",
    "LoadError",
    "ValidationReport",
    "gemeenten_from_bytes",
    "indelingen_from_bytes",
    "load",
    "load_2016",
    "load_register",
    "load_crosswalk",
    "load_gemeenten",
    "load_indelingen",
    "load_meta",
    "load_samenwerkingen",
    "samenwerkingen_from_bytes",
]

DEFAULT_DATA_DIR = SHIPPED_DATA_DIR
#: Folder of the 2016 layer inside the data directory.
HISTORIE_MAP = "2016"
GEMEENTEN_FILE = "gemeenten.geojson"
SAMENWERKINGEN_FILE = "samenwerkingen.csv"
VERSIES_FILE = "versies.csv"
DEELNEMERS_FILE = "deelnemers.csv"
INDELINGEN_FILE = "indelingen.csv"
META_FILE = "bouwrapport.json"
CROSSWALK_FILE = "herindeling_2016_2025.csv"


def load(
    data_dir: Path | str | None = None,
    gemeente_indeling: str | None = None,
    *,
    laag: str = "actueel",
    peildatum: str | None = None,
) -> tuple[Registry, ValidationReport]:
    """The registry of one layer, validated.

    ``laag="actueel"`` (default): today's registry (GR-register + CBS 2025) on the
    ``peildatum`` (default: the register's snapshot date), always on today's gemeenten.
    ``laag="2016"``: the 2016 layer (``data_dir/2016/``) on the gemeenten of 2016, or with
    ``gemeente_indeling="2025"`` projected onto today's (see :func:`load_2016`).
    Raises :class:`LoadError` only when a required file cannot be used at all.
    """
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if laag not in LAGEN:
        raise LoadError(f"Onbekende laag '{laag}'; kies uit {', '.join(LAGEN)}.")
    if laag == "2016":
        if peildatum:
            raise LoadError("De laag 2016 heeft één peildatum (2016); laat --peildatum weg.")
        return load_2016(data_dir / HISTORIE_MAP, gemeente_indeling or "2016", data_dir)
    if gemeente_indeling not in (None, "2025"):
        raise LoadError(
            "Het GR-register staat op de gemeenten van vandaag (2025); de gemeente-indeling "
            "2016 bestaat alleen voor de laag 2016."
        )
    data, report = load_register(data_dir)
    try:
        return registry_at(data, peildatum), report
    except PeildatumError as exc:
        raise LoadError(str(exc)) from None


def load_register(data_dir: Path | str | None = None) -> tuple[RegisterData, ValidationReport]:
    """Today's registry with all versions (:class:`~kaartviewer.register.RegisterData`),
    before a peildatum is chosen: load once, then :func:`registry_at` per peildatum."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    report = ValidationReport()
    try:
        gemeenten = load_gemeenten(data_dir / GEMEENTEN_FILE, report)
        codes = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True))
        sw = load_actueel_samenwerkingen(data_dir / SAMENWERKINGEN_FILE, report)
        ids = set(sw.index)
        versies = load_versies(data_dir / VERSIES_FILE, ids, report)
        deelnemers = load_deelnemers(data_dir / DEELNEMERS_FILE, codes, versies, ids, report)
    except LoadError as exc:
        exc.report = report
        raise
    indelingen = load_optional_indelingen(data_dir / INDELINGEN_FILE, codes, report)
    meta = load_meta(data_dir / META_FILE, report)
    meta = dict(meta, snapshot=_snapshot(meta, sw), laag="actueel")
    return RegisterData(gemeenten, sw, versies, deelnemers, indelingen, meta), report


def _snapshot(meta: dict, sw) -> str:
    """The register's snapshot date: from the build report, else the rows' ``peildatum``."""
    actueel = meta.get("actueel")
    if isinstance(actueel, dict) and isinstance(actueel.get("snapshot"), str):
        return actueel["snapshot"]
    dates = sorted(p for p in sw.get("peildatum", []) if isinstance(p, str) and len(p) == 10)
    return dates[-1] if dates else ""


def load_2016(
    layer_dir: Path | str,
    gemeente_indeling: str = "2016",
    actueel_dir: Path | str | None = None,
) -> tuple[Registry, ValidationReport]:
    """The 2016 layer in ``layer_dir`` (``gemeenten.geojson``, ``samenwerkingen.csv`` and,
    if present, ``indelingen.csv`` and ``bouwrapport.json``).

    ``gemeente_indeling="2025"`` shows the same (2016) registry on today's gemeenten: it also
    loads today's ``gemeenten.geojson`` and ``indelingen.csv`` from ``actueel_dir`` (default:
    the parent folder) and the crosswalk ``herindeling_2016_2025.csv`` of the layer, and
    projects the memberships (see :mod:`kaartviewer.herindeling`). Raises
    :class:`LoadError` only when a required file cannot be used at all; ``exc.report`` then
    holds the findings gathered so far.
    """
    if gemeente_indeling not in GEMEENTE_INDELINGEN:
        raise LoadError(
            f"Onbekende gemeente-indeling '{gemeente_indeling}'; "
            f"kies uit {', '.join(GEMEENTE_INDELINGEN)}."
        )
    layer_dir = Path(layer_dir)
    # Inside a data directory the layer's files are named from there ("2016/gemeenten.geojson"):
    # today's files next to them have the same names.
    prefix = f"{layer_dir.name}/" if actueel_dir is not None else ""
    actueel_dir = Path(actueel_dir) if actueel_dir is not None else layer_dir.parent
    report, layer = ValidationReport(), ValidationReport()
    try:
        try:
            registry = _load_2016(layer_dir, actueel_dir, layer)
        except LoadError as exc:
            raise _prefixed(exc, prefix) from None
        finally:
            report.absorb(layer, prefix)
        if gemeente_indeling == "2025":
            registry = _project_2025(layer_dir, actueel_dir, registry, report, prefix)
    except LoadError as exc:
        exc.report = report
        raise
    return registry, report


def _prefixed(exc: LoadError, prefix: str) -> LoadError:
    """``exc`` with its file named from the data directory (``2016/…``)."""
    if not prefix or not exc.bestand:
        return exc
    name = prefix + exc.bestand
    return LoadError(str(exc).replace(exc.bestand, name, 1), name, exc.plaats)


def _load_2016(data_dir: Path, actueel_dir: Path, report: ValidationReport) -> Registry:
    gemeenten = load_gemeenten(data_dir / GEMEENTEN_FILE, report)
    codes = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True))
    samenwerkingen, leden, overige = load_samenwerkingen(
        data_dir / SAMENWERKINGEN_FILE, codes, report
    )
    indelingen = load_optional_indelingen(data_dir / INDELINGEN_FILE, codes, report)
    meta_file = data_dir / META_FILE
    meta = load_meta(meta_file if meta_file.exists() else actueel_dir / META_FILE, report)
    meta = dict(meta, laag="2016", peildatum="2016")
    return Registry.from_tables(gemeenten, samenwerkingen, leden, overige, indelingen, meta)


def _project_2025(
    data_dir: Path, actueel_dir: Path, reg16: Registry, report: ValidationReport, prefix: str
) -> Registry:
    from kaartviewer import herindeling

    codes16 = dict(
        zip(reg16.gemeenten["gemeentecode"], reg16.gemeenten["gemeentenaam"], strict=True)
    )
    g25 = load_gemeenten(actueel_dir / GEMEENTEN_FILE, report)
    codes25 = dict(zip(g25["gemeentecode"], g25["gemeentenaam"], strict=True))
    layer = ValidationReport()
    try:
        cw = load_crosswalk(data_dir / CROSSWALK_FILE, codes16, codes25, layer)
    except LoadError as exc:
        raise _prefixed(exc, prefix) from None
    finally:
        report.absorb(layer, prefix)
    ind25 = load_optional_indelingen(actueel_dir / INDELINGEN_FILE, codes25, report)
    return herindeling.project(reg16, g25, cw, ind25)


def load_optional_indelingen(
    path: Path, gemeenten: dict[str, str], report: ValidationReport
) -> pd.DataFrame:
    """An optional indelingen table: missing → warning, structurally unusable → error; both
    give an empty table so the rest of the registry still loads."""
    empty = pd.DataFrame(columns=list(INDELING_COLUMNS))
    if not path.exists():
        report.waarschuwing(
            path.name,
            "bestand",
            "bestand ontbreekt: regio-indelingen (congruentie, grenzen) zijn niet beschikbaar",
            "bouw de data met 'kaartviewer build-data'",
        )
        return empty
    try:
        return load_indelingen(path, gemeenten, report)
    except LoadError as exc:
        report.fout(
            path.name,
            exc.plaats or "bestand",
            f"bestand onbruikbaar, regio-indelingen ontbreken: {exc}",
        )
        return empty
