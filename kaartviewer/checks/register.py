"""Today's registry files: ``samenwerkingen.csv`` (with the register columns),
``versies.csv`` and ``deelnemers.csv``.

Memberships of today's registry come from ``deelnemers.csv`` (per version); the
``deelnemers`` column of ``samenwerkingen.csv`` is the picture on the snapshot date, for
people who read the CSV, and is not used for loading: a samenwerking without a version in
force on the snapshot date rightly has none.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kaartviewer.checks import FileContext, Rejection, kort, read_bytes
from kaartviewer.checks.csv_lines import ROW_CHECKS, Rij, TableSpec
from kaartviewer.checks.tables import (
    _VOCAB,
    SAMENWERKINGEN_SPEC,
    SamenwerkingContext,
    check_id,
    check_naam,
    check_table,
    check_vocabulaire,
)
from kaartviewer.schema import (
    DEELNEMER_COLUMNS,
    DEELNEMER_TYPES,
    JURIDISCHE_VORMEN,
    REGISTER_COLUMNS,
    SAMENWERKING_COLUMNS,
    VERSIE_COLUMNS,
    samenwerking_soort_van,
)
from kaartviewer.validation import ValidationReport

ACTUEEL_SPEC = TableSpec(
    columns=SAMENWERKING_COLUMNS + REGISTER_COLUMNS,
    required=SAMENWERKINGEN_SPEC.required,
    defaults=SAMENWERKINGEN_SPEC.defaults,
    sleutel="id",
    optional=SAMENWERKINGEN_SPEC.optional | frozenset(REGISTER_COLUMNS),
)
VERSIES_SPEC = TableSpec(
    columns=VERSIE_COLUMNS,
    required=("samenwerking", "roo_id", "geldig_van", "geldig_tot"),
    sleutel="roo_id",
    optional=frozenset({"citeertitel", "vorige_roo_id", "volgende_roo_id"}),
)
DEELNEMERS_SPEC = TableSpec(
    columns=DEELNEMER_COLUMNS,
    required=("samenwerking", "roo_id", "deelnemer_type", "gemeentecode"),
    defaults={"aandeel": "1"},
    sleutel="samenwerking",
    optional=frozenset({"via_code", "via_naam", "toetredingsdatum", "bestuursorganen"}),
)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_datums(rij: Rij, ctx) -> Rejection | None:
    """``geldig_van`` / ``geldig_tot`` are ISO dates or empty, and van ≤ tot."""
    van, tot = rij.waarden.get("geldig_van", ""), rij.waarden.get("geldig_tot", "")
    for naam, value in (("geldig_van", van), ("geldig_tot", tot)):
        if value and not _is_date(value):
            return Rejection(f"{naam} {kort(value)} is geen datum", "schrijf JJJJ-MM-DD")
    if van and tot and tot < van:
        return Rejection(f"geldig_tot {tot} ligt vóór geldig_van {van}")
    return None


ACTUEEL_CHECKS = (*ROW_CHECKS, check_id, check_naam, check_vocabulaire, check_datums)


@dataclass
class VersieContext:
    file: FileContext
    samenwerkingen: set[str]
    roo_ids: set[str] = field(default_factory=set)


def check_versie_samenwerking(rij: Rij, ctx: VersieContext) -> Rejection | None:
    sid = rij.waarden["samenwerking"]
    return None if sid in ctx.samenwerkingen else Rejection(f"onbekende samenwerking {kort(sid)}")


def check_roo_id(rij: Rij, ctx: VersieContext) -> Rejection | None:
    rid = rij.waarden["roo_id"]
    if not rid:
        return Rejection("roo_id is leeg")
    return Rejection(f"roo_id {kort(rid)} komt dubbel voor") if rid in ctx.roo_ids else None


def check_versie_vorm(rij: Rij, ctx: VersieContext) -> Rejection | None:
    vorm = rij.waarden.get("juridische_vorm", "")
    if not vorm or vorm in JURIDISCHE_VORMEN:
        return None
    return Rejection(f"juridische_vorm {kort(vorm)} staat niet in de lijst")


VERSIE_CHECKS = (
    *ROW_CHECKS,
    check_versie_samenwerking,
    check_roo_id,
    check_datums,
    check_versie_vorm,
)


@dataclass
class DeelnemerContext:
    file: FileContext
    gemeenten: dict[str, str]
    versies: dict[str, set[str]]  # samenwerking → its roo_ids
    samenwerkingen: set[str]


def check_deelnemer_versie(rij: Rij, ctx: DeelnemerContext) -> Rejection | None:
    """The samenwerking exists, and ``roo_id`` is one of its versions ('' when it has none)."""
    sid, rid = rij.waarden["samenwerking"], rij.waarden["roo_id"]
    if sid not in ctx.samenwerkingen:
        return Rejection(f"onbekende samenwerking {kort(sid)}")
    own = ctx.versies.get(sid, set())
    if (rid or own) and rid not in own:
        return Rejection(f"roo_id {kort(rid)} is geen versie van {kort(sid)}")
    return None


def check_deelnemer_type(rij: Rij, ctx: DeelnemerContext) -> Rejection | None:
    typ, code = rij.waarden["deelnemer_type"], rij.waarden["gemeentecode"]
    if typ not in DEELNEMER_TYPES:
        return Rejection(
            f"deelnemer_type {kort(typ)} onbekend", f"toegestaan: {', '.join(DEELNEMER_TYPES)}"
        )
    if typ == "gemeente" and code not in ctx.gemeenten:
        return Rejection(f"onbekende gemeentecode {kort(code)}")
    if typ != "gemeente" and code:
        return Rejection(f"een {typ} heeft geen gemeentecode ({kort(code)})")
    return None


def check_deelnemer_aandeel(rij: Rij, ctx: DeelnemerContext) -> Rejection | None:
    try:
        share = float(rij.waarden["aandeel"] or "1")
    except ValueError:
        share = math.nan
    if not 0 < share <= 1:
        return Rejection(f"aandeel {kort(rij.waarden['aandeel'])} ligt niet tussen 0 en 1")
    rij.aandeel = share
    return None


DEELNEMER_CHECKS = (
    *ROW_CHECKS,
    check_deelnemer_versie,
    check_deelnemer_type,
    check_deelnemer_aandeel,
)


# --- fast path ------------------------------------------------------------------------------


def clean_table(data: bytes, spec: TableSpec) -> pd.DataFrame | None:
    """The table as strings when it is *clean* — UTF-8, exactly the spec's header, one record
    per physical line, every row with every field — else ``None``.

    The C parser reads a clean file many times faster than the line-by-line checks; a file
    that is not clean goes through those checks, which name every problem. One record per
    line is proven by counting: a quoted value running over a line end would make fewer
    records than lines.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text or not text.startswith(",".join(spec.columns) + "\n"):
        return None
    n_records = _nonblank_lines(text) - 1
    try:
        # Plain Python strings (object), not pandas' Arrow-backed default: the loader and
        # registry_at select, join and compare these columns many times, and numpy object
        # arrays do that several times faster for tables of this size.
        df = pd.read_csv(
            io.StringIO(text),
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
        )
    except (ValueError, pd.errors.ParserError):
        return None
    if len(df) != n_records or list(df.columns) != list(spec.columns):
        return None
    return df


def _nonblank_lines(text: str) -> int:
    """The number of lines with content of a text whose first line has content (a header).

    A written file has no blank lines: count them quickly; otherwise look at every line."""
    if _BLANK_LINE.search(text) is None:
        return text.count("\n") + (not text.endswith("\n"))
    return sum(1 for ln in text.split("\n") if ln.strip())


#: A line (after the first) with nothing but whitespace, or an empty line before the end.
_BLANK_LINE = re.compile(r"\n[^\S\n]*(?:\n|[^\S\n]+$)")


def _accept_all(df: pd.DataFrame, bestand: str, report: ValidationReport) -> pd.DataFrame:
    report.rijen_in[bestand] += len(df)
    report.rijen_geladen[bestand] += len(df)
    return df


def _dates_ok(col: pd.Series) -> bool:
    """Every value empty or a real date written YYYY-MM-DD (each distinct value once)."""
    return all(v == "" or _is_iso_date(v) for v in set(col.tolist()))


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or _ISO_DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _versies_ok(df: pd.DataFrame, samenwerkingen: set[str]) -> bool:
    van, tot = df["geldig_van"], df["geldig_tot"]
    return bool(
        df["samenwerking"].isin(samenwerkingen).all()
        and df["roo_id"].ne("").all()
        and not df["roo_id"].duplicated().any()
        and _dates_ok(van)
        and _dates_ok(tot)
        and all(
            a == "" or b == "" or b >= a for a, b in zip(van.tolist(), tot.tolist(), strict=True)
        )
        and (
            df["juridische_vorm"].eq("") | df["juridische_vorm"].isin(set(JURIDISCHE_VORMEN))
        ).all()
    )


def _deelnemers_ok(df, gemeenten, versies: pd.DataFrame, samenwerkingen: set[str]) -> bool:
    """The vectorised form of :data:`DEELNEMER_CHECKS`; checks each distinct value once."""
    own = set(zip(versies["samenwerking"].tolist(), versies["roo_id"].tolist(), strict=True))
    with_versions = set(versies["samenwerking"].tolist())
    pairs = set(zip(df["samenwerking"].tolist(), df["roo_id"].tolist(), strict=True))
    if not all(
        sid in samenwerkingen and ((sid, rid) in own or (rid == "" and sid not in with_versions))
        for sid, rid in pairs
    ):
        return False
    kinds = set(zip(df["deelnemer_type"].tolist(), df["gemeentecode"].tolist(), strict=True))
    if not all(
        typ in DEELNEMER_TYPES and (code in gemeenten if typ == "gemeente" else code == "")
        for typ, code in kinds
    ):
        return False
    shares = set(df["aandeel"].unique().tolist())
    try:
        return all(0 < float(x or "1") <= 1 for x in shares)
    except ValueError:
        return False


def _samenwerkingen_ok(df: pd.DataFrame) -> bool:
    return bool(
        df["id"].ne("").all()
        and not df["id"].duplicated().any()
        and df["naam"].ne("").all()
        and all(df[col].isin(set(vocab)).all() for col, vocab in _VOCAB.items())
        and _dates_ok(df["geldig_van"])
        and _dates_ok(df["geldig_tot"])
    )


def load_actueel_samenwerkingen(path: Path, report: ValidationReport) -> pd.DataFrame:
    """Today's ``samenwerkingen.csv`` (id unique, names, vocabularies, dates)."""
    data = read_bytes(path)
    df = clean_table(data, ACTUEEL_SPEC)
    if df is not None and _samenwerkingen_ok(df):
        rows = _accept_all(df, path.name, report).assign(
            samenwerking_soort=df["juridische_vorm"].map(samenwerking_soort_van)
        )
        return rows.set_index("id", drop=False).rename_axis(None)
    ctx = SamenwerkingContext(FileContext(path.name, report), {})
    loaded = check_table(
        data,
        ACTUEEL_SPEC,
        ACTUEEL_CHECKS,
        ctx,
        on_accept=lambda rij: ctx.ids.add(rij.waarden["id"]),
    )
    rows = [
        rij.waarden | {"samenwerking_soort": samenwerking_soort_van(rij.waarden["juridische_vorm"])}
        for rij in loaded
    ]
    cols = list(ACTUEEL_SPEC.columns) + ["samenwerking_soort"]
    df = pd.DataFrame(rows, columns=cols).set_index("id", drop=False)
    df.index.name = None
    return df


def load_versies(path: Path, samenwerkingen: set[str], report: ValidationReport) -> pd.DataFrame:
    data = read_bytes(path)
    df = clean_table(data, VERSIES_SPEC)
    if df is not None and _versies_ok(df, samenwerkingen):
        return _accept_all(df, path.name, report)
    ctx = VersieContext(FileContext(path.name, report), samenwerkingen)
    loaded = check_table(
        data,
        VERSIES_SPEC,
        VERSIE_CHECKS,
        ctx,
        on_accept=lambda rij: ctx.roo_ids.add(rij.waarden["roo_id"]),
    )
    return pd.DataFrame([rij.waarden for rij in loaded], columns=list(VERSIE_COLUMNS))


def load_deelnemers(
    path: Path,
    gemeenten: dict[str, str],
    versies: pd.DataFrame,
    samenwerkingen: set[str],
    report: ValidationReport,
) -> pd.DataFrame:
    data = read_bytes(path)
    df = clean_table(data, DEELNEMERS_SPEC)
    if df is not None and _deelnemers_ok(df, gemeenten, versies, samenwerkingen):
        shares = {x: float(x or "1") for x in set(df["aandeel"].tolist())}  # checked above
        df["aandeel"] = pd.Series(
            [shares[x] for x in df["aandeel"].tolist()], index=df.index, dtype=float
        )
        return _accept_all(df, path.name, report)
    by_sw: dict[str, set[str]] = {}
    for sid, rid in versies[["samenwerking", "roo_id"]].itertuples(index=False):
        by_sw.setdefault(sid, set()).add(rid)
    ctx = DeelnemerContext(FileContext(path.name, report), gemeenten, by_sw, samenwerkingen)
    loaded = check_table(data, DEELNEMERS_SPEC, DEELNEMER_CHECKS, ctx)
    return pd.DataFrame(
        [rij.waarden | {"aandeel": rij.aandeel} for rij in loaded],
        columns=list(DEELNEMER_COLUMNS),
    )
