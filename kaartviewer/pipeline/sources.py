"""Readers for the raw open-data sources (kept exactly as published in ``bronnen/``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kaartviewer.text import clean

OPENGR = Path("openstate/provincies/opengr_provincies.csv")
#: The GR-register snapshot (one YAML file per record).
ROO = Path("roo")
REGIOATLAS = Path("openstate/regioatlas")
CBS = Path("cbs")
HISTORY_YEARS = range(2003, 2016)


@dataclass(frozen=True)
class OpenGRRow:
    line: int  # 1-based line in the CSV (the header is line 1)
    deelnemer: str
    regeling: str
    provincie: str


def read_opengr(bronnen: Path) -> list[OpenGRRow]:
    """All OpenGR rows with mojibake repaired; line numbers point into the raw file."""
    path = bronnen / OPENGR
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            rows.append(
                OpenGRRow(
                    line=reader.line_num,
                    deelnemer=rec["Deelnemer"] or "",
                    regeling=clean(rec["Gemeenschappelijke regeling"] or ""),
                    provincie=clean(rec["Provincie"] or ""),
                )
            )
    return rows


@dataclass(frozen=True)
class RegioRow:
    line: int
    gemeente: str
    cbs: str  # four digits, e.g. "1680"
    regio: str


def regioatlas_files(bronnen: Path) -> dict[str, Path]:
    """File stem → path for every RegioAtlas indeling CSV."""
    return {p.stem: p for p in sorted((bronnen / REGIOATLAS).glob("*/*.csv"))}


def read_regioatlas(path: Path) -> list[RegioRow]:
    """Rows of one RegioAtlas indeling (``;``-separated, UTF-8 with BOM)."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader)
        for rec in reader:
            if not any(cell.strip() for cell in rec):
                continue
            rec = rec + [""] * (3 - len(rec))
            rows.append(RegioRow(reader.line_num, clean(rec[0]), rec[1].strip(), clean(rec[2])))
    return rows


def history_files(bronnen: Path) -> dict[int, Path]:
    """Year → boundary file for every gemeente-indeling before 2016 that is present."""
    out = {}
    for year in HISTORY_YEARS:
        try:
            out[year] = cbs_file(bronnen, f"gemeente_{year}")
        except FileNotFoundError:
            continue
    return out


def cbs_file(bronnen: Path, stem: str) -> Path:
    """``gemeente_2016`` → the WGS84 file for it (GeoJSON preferred, then TopoJSON)."""
    for suffix in (".wgs84.geojson", ".wgs84.topojson", ".topojson"):
        p = bronnen / CBS / f"{stem}{suffix}"
        if p.exists():
            return p
    raise FileNotFoundError(f"geen CBS-bestand voor {stem} in {bronnen / CBS}")
