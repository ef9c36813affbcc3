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
(``indelingen.csv``, ``indelingen_2025.csv``, ``bouwrapport.json``) never raise: missing
or unusable, they give a melding and an empty table / dict.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kaartviewer.checks.geojson import gemeenten_from_bytes, load_gemeenten
from kaartviewer.checks.meta import load_meta
from kaartviewer.checks.tables import (
    indelingen_from_bytes,
    load_crosswalk,
    load_indelingen,
    load_samenwerkingen,
    samenwerkingen_from_bytes,
)
from kaartviewer.config import SHIPPED_DATA_DIR
from kaartviewer.registry import Registry
from kaartviewer.schema import GEMEENTE_INDELINGEN, INDELING_COLUMNS
from kaartviewer.validation import LoadError, ValidationReport

__all__ = [
    "DEFAULT_DATA_DIR",
    "GEMEENTE_INDELINGEN",
    "LoadError",
    "ValidationReport",
    "gemeenten_from_bytes",
    "indelingen_from_bytes",
    "load",
    "load_crosswalk",
    "load_gemeenten",
    "load_indelingen",
    "load_meta",
    "load_samenwerkingen",
    "samenwerkingen_from_bytes",
]

DEFAULT_DATA_DIR = SHIPPED_DATA_DIR
GEMEENTEN_FILE = "gemeenten.geojson"
SAMENWERKINGEN_FILE = "samenwerkingen.csv"
INDELINGEN_FILE = "indelingen.csv"
META_FILE = "bouwrapport.json"
GEMEENTEN_2025_FILE = "gemeenten_2025.geojson"
CROSSWALK_FILE = "herindeling_2016_2025.csv"
INDELINGEN_2025_FILE = "indelingen_2025.csv"


def load(
    data_dir: Path | str | None = None, gemeente_indeling: str = "2016"
) -> tuple[Registry, ValidationReport]:
    """Load ``gemeenten.geojson``, ``samenwerkingen.csv`` and (if present) ``indelingen.csv``
    and ``bouwrapport.json``.

    ``gemeente_indeling="2025"`` shows the same (2016) registry on today's gemeenten: it also
    loads ``gemeenten_2025.geojson``, the crosswalk ``herindeling_2016_2025.csv`` and (if
    present) ``indelingen_2025.csv`` and projects the memberships (see
    :mod:`kaartviewer.herindeling`). Raises :class:`LoadError` only when a required file
    cannot be used at all; ``exc.report`` then holds the findings gathered so far.
    """
    if gemeente_indeling not in GEMEENTE_INDELINGEN:
        raise LoadError(
            f"Onbekende gemeente-indeling '{gemeente_indeling}'; kies uit {', '.join(GEMEENTE_INDELINGEN)}."
        )
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    report = ValidationReport()
    try:
        registry = _load_2016(data_dir, report)
        if gemeente_indeling == "2025":
            registry = _project_2025(data_dir, registry, report)
    except LoadError as exc:
        exc.report = report
        raise
    return registry, report


def _load_2016(data_dir: Path, report: ValidationReport) -> Registry:
    gemeenten = load_gemeenten(data_dir / GEMEENTEN_FILE, report)
    codes = dict(zip(gemeenten["gemeentecode"], gemeenten["gemeentenaam"], strict=True))
    samenwerkingen, leden, overige = load_samenwerkingen(
        data_dir / SAMENWERKINGEN_FILE, codes, report
    )
    indelingen = load_optional_indelingen(data_dir / INDELINGEN_FILE, codes, report)
    meta = load_meta(data_dir / META_FILE, report)
    return Registry.from_tables(gemeenten, samenwerkingen, leden, overige, indelingen, meta)


def _project_2025(data_dir: Path, reg16: Registry, report: ValidationReport) -> Registry:
    from kaartviewer import herindeling

    codes16 = dict(
        zip(reg16.gemeenten["gemeentecode"], reg16.gemeenten["gemeentenaam"], strict=True)
    )
    g25 = load_gemeenten(data_dir / GEMEENTEN_2025_FILE, report)
    codes25 = dict(zip(g25["gemeentecode"], g25["gemeentenaam"], strict=True))
    cw = load_crosswalk(data_dir / CROSSWALK_FILE, codes16, codes25, report)
    ind25 = load_optional_indelingen(data_dir / INDELINGEN_2025_FILE, codes25, report)
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
