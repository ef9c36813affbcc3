"""The CSV tables: samenwerkingen, regio-indelingen and the herindeling crosswalk.

Each table is a :class:`~kaartviewer.checks.csv_lines.TableSpec`, a list of ``check_*``
steps and a function turning the rows that pass into DataFrames. Every row first runs the
shared :data:`~kaartviewer.checks.csv_lines.ROW_CHECKS` (valid CSV on its own line, valid
UTF-8, one field per column).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kaartviewer.checks import FileContext, Rejection, kort, read_bytes, run_checks
from kaartviewer.checks.csv_lines import (
    ROW_CHECKS,
    Rij,
    TableSpec,
    bind_header,
    parse_csv,
    report_blank_lines,
)
from kaartviewer.schema import (
    DEELNEMER_TYPES,
    HERKOMST,
    INDELING_COLUMNS,
    INDELING_SOORTEN,
    JURIDISCHE_VORMEN,
    LIST_SEP,
    ONDERWERPEN,
    SAMENWERKING_COLUMNS,
    SAMENWERKING_KEY_COLUMNS,
    SAMENWERKING_OPTIONAL_COLUMNS,
    STATUSSEN,
    TYPE_SEP,
    samenwerking_soort_van,
)
from kaartviewer.text import close_matches
from kaartviewer.validation import ValidationReport


def check_table(data: bytes, spec: TableSpec, checks, ctx, on_accept=None) -> list[Rij]:
    """Read a CSV table by physical line, check its header against ``spec`` and run every
    row through the shared row checks plus ``checks``; return the rows that pass."""
    table = parse_csv(data, ctx.file)
    layout = bind_header(table, spec, ctx.file)
    loaded = run_checks(table.rows(layout), checks, ctx, on_accept)
    report_blank_lines(table, ctx.file)
    return loaded


# --- samenwerkingen ------------------------------------------------------------------------

SAMENWERKINGEN_SPEC = TableSpec(
    columns=SAMENWERKING_COLUMNS,
    required=SAMENWERKING_KEY_COLUMNS,
    defaults={
        "juridische_vorm": "wgr_onbekend",
        "juridische_vorm_herkomst": "bron",
        "onderwerp": "overig",
        "onderwerp_herkomst": "regel",
        **SAMENWERKING_OPTIONAL_COLUMNS,
    },
    sleutel="id",
    optional=frozenset(SAMENWERKING_OPTIONAL_COLUMNS),
)
_VOCAB = {
    "juridische_vorm": JURIDISCHE_VORMEN,
    "onderwerp": ONDERWERPEN,
    "juridische_vorm_herkomst": HERKOMST,
    "onderwerp_herkomst": HERKOMST,
    "status": STATUSSEN,
}


@dataclass
class SamenwerkingContext:
    """Lookup state of the samenwerkingen checks."""

    file: FileContext
    gemeenten: dict[str, str]  # gemeentecode → gemeentenaam
    by_name: dict[str, str] = field(default_factory=dict)  # casefolded name → gemeentecode
    ids: set[str] = field(default_factory=set)  # ids loaded so far

    def __post_init__(self) -> None:
        self.by_name = names_to_codes(self.gemeenten)


def check_id(rij: Rij, ctx: SamenwerkingContext) -> Rejection | None:
    """The id is filled in and not taken by an earlier (loaded) row."""
    sid = rij.waarden["id"]
    if not sid:
        return Rejection("id is leeg", "geef elke samenwerking een eigen id")
    if sid in ctx.ids:
        return Rejection(f"id {kort(sid)} komt dubbel voor", "geef elke samenwerking een eigen id")
    return None


def check_naam(rij: Rij, ctx: SamenwerkingContext) -> Rejection | None:
    return None if rij.waarden["naam"] else Rejection("naam is leeg")


def check_vocabulaire(rij: Rij, ctx: SamenwerkingContext) -> Rejection | None:
    """juridische_vorm, onderwerp and both herkomst columns hold a code of their list."""
    for col, vocab in _VOCAB.items():
        value = rij.waarden[col]
        if value in vocab:
            continue
        close = closest(value, list(vocab))
        return Rejection(
            f"{col} {kort(value)} staat niet in de lijst",
            f"bedoeld: {close[0]}?" if close else f"toegestaan: {', '.join(vocab)}",
        )
    return None


def check_deelnemers(rij: Rij, ctx: SamenwerkingContext) -> Rejection | None:
    """At least one known gemeentecode; unknown codes are left out with a warning and a
    suggestion (the nearest code or name)."""
    members = []
    for item in _items(rij.waarden["deelnemers"]):
        if item in ctx.gemeenten:
            members.append(item)
        else:
            ctx.file.warn(
                rij,
                f"onbekende gemeentecode {kort(item)} in deelnemers: weggelaten",
                suggest_code(item, ctx.gemeenten, ctx.by_name),
            )
    rij.leden = tuple(sorted(set(members)))
    if not rij.leden:
        return Rejection(
            "geen (geldige) gemeente als deelnemer",
            "vul 'deelnemers' met CBS-gemeentecodes, gescheiden door ';'",
        )
    return None


def check_overige_deelnemers(rij: Rij, ctx: SamenwerkingContext) -> Rejection | None:
    """Items are ``type:naam`` with a known type; others are kept as ``overig`` (warned)."""
    extra = set()
    for item in _items(rij.waarden["overige_deelnemers"]):
        typ, sep, naam = item.partition(TYPE_SEP)
        if not sep or typ not in DEELNEMER_TYPES or not naam.strip():
            ctx.file.warn(
                rij,
                f"overige deelnemer {kort(item)} heeft geen geldig type",
                f"schrijf type:naam met type uit {', '.join(DEELNEMER_TYPES)}; "
                "opgenomen als 'overig'",
            )
            typ, naam = "overig", item
        extra.add((typ, naam.strip()))
    rij.overige = tuple(sorted(extra))
    return None


SAMENWERKING_CHECKS = (
    *ROW_CHECKS,
    check_id,
    check_naam,
    check_vocabulaire,
    check_deelnemers,
    check_overige_deelnemers,
)


def load_samenwerkingen(path: Path, gemeenten: dict[str, str], report: ValidationReport):
    """Validate ``samenwerkingen.csv``; return (samenwerkingen, lidmaatschappen, overige
    deelnemers) DataFrames. Missing key columns (id, naam, deelnemers) are structural."""
    return samenwerkingen_from_bytes(read_bytes(path), path.name, gemeenten, report)


def samenwerkingen_from_bytes(
    data: bytes, bestand: str, gemeenten: dict[str, str], report: ValidationReport
):
    """:func:`load_samenwerkingen` on the file's bytes (tests and fuzzing use this)."""
    ctx = SamenwerkingContext(FileContext(bestand, report), gemeenten)
    loaded = check_table(
        data,
        SAMENWERKINGEN_SPEC,
        SAMENWERKING_CHECKS,
        ctx,
        on_accept=lambda rij: ctx.ids.add(rij.waarden["id"]),
    )
    rows = [
        rij.waarden
        | {"samenwerking_soort": samenwerking_soort_van(rij.waarden["juridische_vorm"])}
        | {"n_deelnemers": len(rij.leden)}
        for rij in loaded
    ]
    leden = [(rij.waarden["id"], m) for rij in loaded for m in rij.leden]
    overige = [(rij.waarden["id"], t, n) for rij in loaded for t, n in rij.overige]
    cols = list(SAMENWERKING_COLUMNS) + ["samenwerking_soort", "n_deelnemers"]
    return (
        pd.DataFrame(rows, columns=cols),
        pd.DataFrame(leden, columns=["samenwerking", "gemeentecode"]),
        pd.DataFrame(overige, columns=["samenwerking", "type", "naam"]),
    )


# --- indelingen ------------------------------------------------------------------------------

INDELINGEN_SPEC = TableSpec(columns=INDELING_COLUMNS, required=INDELING_COLUMNS)


@dataclass
class GemeentenContext:
    """Lookup state of checks that only need the known gemeentecodes."""

    file: FileContext
    gemeenten: dict[str, str]
    nieuw: dict[str, str] = field(default_factory=dict)  # crosswalk: the newer gemeenten
    by_name: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = names_to_codes(self.gemeenten)


def check_gemeentecode(rij: Rij, ctx: GemeentenContext) -> Rejection | None:
    code = rij.waarden["gemeentecode"]
    if code in ctx.gemeenten:
        return None
    return Rejection(
        f"onbekende gemeentecode {kort(code)}", suggest_code(code, ctx.gemeenten, ctx.by_name)
    )


def check_regio(rij: Rij, ctx: GemeentenContext) -> Rejection | None:
    if rij.waarden["regio_indeling"] and rij.waarden["regio"]:
        return None
    return Rejection("regio-indeling of regio is leeg")


def check_indeling_soort(rij: Rij, ctx: GemeentenContext) -> Rejection | None:
    soort = rij.waarden["indeling_soort"]
    if soort in INDELING_SOORTEN:
        return None
    return Rejection(
        f"indeling_soort {kort(soort)} onbekend", f"toegestaan: {', '.join(INDELING_SOORTEN)}"
    )


INDELING_CHECKS = (*ROW_CHECKS, check_gemeentecode, check_regio, check_indeling_soort)


def load_indelingen(
    path: Path, gemeenten: dict[str, str], report: ValidationReport
) -> pd.DataFrame:
    """Validate ``indelingen.csv`` (gemeente × regio-indeling → regio)."""
    return indelingen_from_bytes(read_bytes(path), path.name, gemeenten, report)


def _indelingen_ok(df: pd.DataFrame, gemeenten: dict[str, str]) -> bool:
    """The vectorised form of :data:`INDELING_CHECKS` for a clean file."""
    return bool(
        df["gemeentecode"].isin(set(gemeenten)).all()
        and df["regio_indeling"].ne("").all()
        and df["regio"].ne("").all()
        and df["indeling_soort"].isin(set(INDELING_SOORTEN)).all()
    )


def indelingen_from_bytes(
    data: bytes, bestand: str, gemeenten: dict[str, str], report: ValidationReport
) -> pd.DataFrame:
    from kaartviewer.checks.register import clean_table

    df = clean_table(data, INDELINGEN_SPEC)
    if df is not None and _indelingen_ok(df, gemeenten):
        report.rijen_in[bestand] += len(df)
        report.rijen_geladen[bestand] += len(df)
        return df
    ctx = GemeentenContext(FileContext(bestand, report), gemeenten)
    loaded = check_table(data, INDELINGEN_SPEC, INDELING_CHECKS, ctx)
    return pd.DataFrame([rij.waarden for rij in loaded], columns=list(INDELING_COLUMNS))


# --- herindeling crosswalk -------------------------------------------------------------------


def check_oude_code(rij: Rij, ctx: GemeentenContext) -> Rejection | None:
    code = rij.waarden["gemeentecode_oud"]
    return None if code in ctx.gemeenten else Rejection(f"onbekende oude gemeentecode {kort(code)}")


def check_nieuwe_code(rij: Rij, ctx: GemeentenContext) -> Rejection | None:
    code = rij.waarden["gemeentecode_nieuw"]
    return None if code in ctx.nieuw else Rejection(f"onbekende nieuwe gemeentecode {kort(code)}")


def check_aandeel(rij: Rij, ctx: GemeentenContext) -> Rejection | None:
    """``aandeel`` is a number in (0, 1]."""
    try:
        share = float(rij.waarden["aandeel"])
    except ValueError:
        share = math.nan
    if not 0 < share <= 1:
        return Rejection(f"aandeel {kort(rij.waarden['aandeel'])} ligt niet tussen 0 en 1")
    rij.aandeel = share
    return None


def check_mutatie(rij: Rij, ctx: GemeentenContext) -> Rejection | None:
    from kaartviewer.herindeling import MUTATIES

    if rij.waarden["mutatie"] in MUTATIES:
        return None
    return Rejection(
        f"mutatie {kort(rij.waarden['mutatie'])} onbekend", f"toegestaan: {', '.join(MUTATIES)}"
    )


CROSSWALK_CHECKS = (*ROW_CHECKS, check_oude_code, check_nieuwe_code, check_aandeel, check_mutatie)


def load_crosswalk(
    path: Path, old: dict[str, str], new: dict[str, str], report: ValidationReport
) -> pd.DataFrame:
    """Validate the crosswalk; every old gemeente must have successors whose shares sum to
    1 ± 0.01, else its memberships could be lost: that is reported as an error."""
    from kaartviewer.herindeling import CROSSWALK_COLUMNS

    ctx = GemeentenContext(FileContext(path.name, report), old, new)
    spec = TableSpec(columns=tuple(CROSSWALK_COLUMNS), required=tuple(CROSSWALK_COLUMNS))
    loaded = check_table(read_bytes(path), spec, CROSSWALK_CHECKS, ctx)
    cw = pd.DataFrame(
        [rij.waarden | {"aandeel": rij.aandeel} for rij in loaded], columns=CROSSWALK_COLUMNS
    )
    _check_successors(cw, old, ctx.file)
    return cw


def _check_successors(cw: pd.DataFrame, old: dict[str, str], file: FileContext) -> None:
    sums = cw.groupby("gemeentecode_oud")["aandeel"].sum()
    for code in sorted(set(old) - set(sums.index)):
        file.file_error(
            f"{old[code]} heeft geen opvolger: haar lidmaatschappen ontbreken op de nieuwe indeling",
            "bouw de data opnieuw met 'kaartviewer build-data'",
            plaats=f"gemeente {code}",
        )
    for code, total in sums.items():
        if abs(total - 1) > 0.01:
            file.file_warning(
                f"aandelen tellen op tot {total:.3f} in plaats van 1", plaats=f"gemeente {code}"
            )


# --- helpers ---------------------------------------------------------------------------------


def _items(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(LIST_SEP) if x.strip()]


def names_to_codes(gemeenten: dict[str, str]) -> dict[str, str]:
    by_name: dict[str, str] = {}
    for code, naam in gemeenten.items():
        by_name.setdefault(str(naam).casefold(), code)
    return by_name


def closest(value: str, options) -> list[str]:
    """The nearest option (at most one); long values are not compared (too costly, never
    a typo)."""
    return close_matches(value, options, n=1) if 0 < len(value) <= 100 else []


def suggest_code(item: str, gemeenten: dict[str, str], by_name: dict[str, str]) -> str:
    """A suggestion for an unknown gemeentecode: the gemeente of that name, the code with
    those digits, or the nearest name."""
    if item.casefold() in by_name:
        code = by_name[item.casefold()]
        return f"bedoeld: {code} ({gemeenten[code]})?"
    digits = re.sub(r"\D", "", item)
    if digits:
        code = f"GM{digits.zfill(4)[-4:]}"
        if code in gemeenten:
            return f"bedoeld: {code} ({gemeenten[code]})?"
    names = closest(item, gemeenten.values())
    if names:
        code = by_name[names[0].casefold()]
        return f"bedoeld: {code} ({names[0]})?"
    return "gebruik een CBS-gemeentecode van 2016 (GM + 4 cijfers)"
