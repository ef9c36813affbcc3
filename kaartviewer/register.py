"""Today's registry over time: samenwerkingen with their versions, seen at a peildatum.

The GR-register keeps an amended regeling as a new *versie* (``roo_id``) valid from–to; one
samenwerking is one chain of versions. :class:`RegisterData` holds every version and every
deelnemer of every version; :func:`registry_at` picks, for one peildatum, the version then
in force of each samenwerking and returns an ordinary :class:`~kaartviewer.registry.Registry`
(so the network metrics, the map and the CLI need not know about time).

Validity is half-open: a version counts on day *p* when ``geldig_van <= p`` and
(``geldig_tot`` is empty or ``p < geldig_tot``): the register's ``valid_until`` is the day the
next version starts. Samenwerkingen without versions (the CBS regio-indelingen of network
collaborations) have no history in their source and count on every peildatum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from kaartviewer.registry import Registry
from kaartviewer.schema import DEELNEMER_COLUMNS, VERSIE_COLUMNS  # noqa: F401 (re-export)

#: Registration in the GR-register is compulsory since this date; earlier pictures are partial.
REGISTER_VERPLICHT_SINDS = "2021-07-01"

#: Provenance columns a membership row carries into ``Registry.lidmaatschappen``.
LIDMAATSCHAP_COLUMNS: tuple[str, ...] = (
    "samenwerking",
    "gemeentecode",
    "via",
    "via_codes",
    "deels",
    "aandeel",
    "toetredingsdatum",
    "bestuursorganen",
)


class PeildatumError(ValueError):
    """A peildatum that is not a date ``YYYY-MM-DD``."""


def parse_peildatum(text: str) -> str:
    """``text`` as an ISO date string, or :class:`PeildatumError` with a Dutch message."""
    try:
        return dt.date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise PeildatumError(
            f"Peildatum '{text}' is geen datum; schrijf JJJJ-MM-DD, bijv. 2024-01-01."
        ) from None


@dataclass(frozen=True)
class RegisterData:
    """Every samenwerking of today's registry with all its versions and deelnemers.

    * ``samenwerkingen``: one row per samenwerking (index ``id``), descriptive columns of the
      latest version; ``geldig_van`` / ``geldig_tot`` of the whole chain ('' = open).
    * ``versies``: ``VERSIE_COLUMNS``, one row per version (register samenwerkingen only).
    * ``deelnemers``: ``DEELNEMER_COLUMNS``, one row per version × deelnemer; ``roo_id`` is
      '' for samenwerkingen without versions. ``gemeentecode`` is a code of
      ``gemeenten`` (today's gemeente-indeling) or '' for other deelnemers.
    * ``meta["snapshot"]``: the date of the register snapshot, the default peildatum.
    """

    gemeenten: gpd.GeoDataFrame
    samenwerkingen: pd.DataFrame
    versies: pd.DataFrame
    deelnemers: pd.DataFrame
    indelingen: pd.DataFrame
    meta: dict = field(default_factory=dict)
    #: Worked out once per RegisterData by the functions that read it often (its tables
    #: are not changed after loading).
    opzoek: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def snapshot(self) -> str:
        return str(self.meta.get("snapshot") or dt.date.today().isoformat())


def in_force(versies: pd.DataFrame, peildatum: str) -> pd.DataFrame:
    """The version in force on ``peildatum`` per samenwerking (at most one row each).

    Should the source hold two versions of one chain valid on the same day (the loader
    reports that), the later ``geldig_van`` wins, so the answer is still one version.
    """
    best: dict[str, tuple[str, str, int]] = {}
    rows = zip(
        versies["samenwerking"].tolist(),
        versies["geldig_van"].fillna("").tolist(),
        versies["geldig_tot"].fillna("").tolist(),
        versies["roo_id"].tolist(),
        range(len(versies)),
        strict=True,
    )
    for sid, van, tot, roo_id, i in rows:
        if van <= peildatum and (tot == "" or peildatum < tot):
            key = (van, roo_id, i)
            if sid not in best or key[:2] > best[sid][:2]:
                best[sid] = key
    keep = sorted(best.items())
    return versies.iloc[[i for _, (_, _, i) in keep]]


def registry_at(data: RegisterData, peildatum: str | None = None) -> Registry:
    """The registry as it stood on ``peildatum`` (default: the snapshot date).

    A register samenwerking is included when one of its versions is in force on that day;
    its members are the deelnemers of that version, its ``roo_id``, ``titel`` and
    ``juridische_vorm`` those of that version. Samenwerkingen without versions are always
    included; those without any gemeente on that day are not (``meta["zonder_gemeente"]``),
    nor those whose own ``start``/``einde`` columns (aanvullingen, see
    :func:`kaartviewer.beheer.publiceren.register_met_aanvullingen`) exclude the day.
    ``meta`` gains ``peildatum`` and ``register_onvolledig`` (peildatum before
    :data:`REGISTER_VERPLICHT_SINDS`).

    What does not depend on the peildatum (the memberships of every version, with their
    provenance) is worked out once for ``data`` and kept with it (from its second
    peildatum on), so a further peildatum only picks versions.
    """
    p = parse_peildatum(peildatum) if peildatum else data.snapshot
    o = _samenwerkingen(data)
    versies = in_force(data.versies, p)
    current = {
        sid: (rid, titel, vorm)
        for sid, rid, titel, vorm in zip(
            versies["samenwerking"].tolist(),
            versies["roo_id"].tolist(),
            versies["titel"].tolist(),
            versies["juridische_vorm"].tolist(),
            strict=True,
        )
    }
    # The (samenwerking, roo_id) whose deelnemers count: the version in force, or '' for a
    # samenwerking without versions (a CBS regio).
    chosen = [(sid, v[0]) for sid, v in current.items()]
    chosen += [(sid, "") for sid in o.zonder_versies]
    buiten = {sid for sid, van, tot in o.perioden if (van and p < van) or (tot and p >= tot)}
    if buiten:
        chosen = [pair for pair in chosen if pair[0] not in buiten]
    o = _deelnemers(data, chosen)
    leden = _kies(o.leden, o.leden_per_versie, chosen)[list(LIDMAATSCHAP_COLUMNS)]
    overige = _kies(o.overige, o.overige_per_versie, chosen)[["samenwerking", "type", "naam"]]
    codes = {pair[0]: o.codes_per_versie[pair] for pair in chosen if pair in o.codes_per_versie}
    # Without a gemeente among its deelnemers (a waterschap-only regeling) a samenwerking is
    # not intergemeentelijk: it stays in the data but not in the registry; meta counts it.
    keep = {sid for sid, _ in chosen}
    zonder = keep - codes.keys()
    sw = data.samenwerkingen
    # A hash lookup per id (Index.isin iterates Arrow strings element by element).
    out = sw[[sid in codes for sid in sw.index.tolist()]].copy()
    ids = out.index.tolist()

    def column(values: list) -> pd.Series:
        # object, not pandas' inferred Arrow strings: cheaper to build and to select from
        return pd.Series(values, index=out.index, dtype=object)

    for j, col in enumerate(("roo_id", "titel", "juridische_vorm")):
        base = out[col].tolist() if col in out.columns else [""] * len(out)
        out[col] = column(
            [current[sid][j] if sid in current else b for sid, b in zip(ids, base, strict=True)]
        )
    out["n_deelnemers"] = [len(codes[sid]) for sid in ids]
    out["deelnemers"] = column([";".join(codes[sid]) for sid in ids])
    if zonder and len(overige):
        overige = overige[[sid not in zonder for sid in overige["samenwerking"].tolist()]]
    meta = dict(
        data.meta,
        peildatum=p,
        gemeente_indeling="2025",
        register_onvolledig=p < REGISTER_VERPLICHT_SINDS,
        zonder_gemeente=len(zonder),
    )
    return Registry.from_tables(
        data.gemeenten.reset_index(drop=True),
        out.reset_index(drop=True),
        leden,
        overige,
        data.indelingen,
        meta,
    )


@dataclass(frozen=True)
class _Perioden:
    """Of the samenwerkingen, what :func:`registry_at` needs on every peildatum."""

    zonder_versies: list[str]
    #: (samenwerking, start, einde) of those with their own period (aanvullingen).
    perioden: list[tuple[str, str, str]]


@dataclass(frozen=True)
class _Deelnemers:
    """The memberships and other deelnemers of versions (``roo_id`` '' = no versions),
    sorted as a registry holds them, with their row positions per (samenwerking, roo_id)."""

    leden: pd.DataFrame
    leden_per_versie: dict[tuple[str, str], list[int]] | None  # None: every row
    codes_per_versie: dict[tuple[str, str], list[str]]
    overige: pd.DataFrame
    overige_per_versie: dict[tuple[str, str], list[int]] | None


def _samenwerkingen(data: RegisterData) -> _Perioden:
    o = data.opzoek.get("perioden")
    if o is None:
        sw = data.samenwerkingen
        ids = sw.index.tolist()
        with_versions = set(data.versies["samenwerking"].tolist())
        perioden: list[tuple[str, str, str]] = []
        if "start" in sw.columns and "einde" in sw.columns:
            start = sw["start"].fillna("").tolist()
            einde = sw["einde"].fillna("").tolist()
            perioden = [(i, a, b) for i, a, b in zip(ids, start, einde, strict=True) if a or b]
        zonder = [sid for sid in ids if sid not in with_versions]
        o = data.opzoek["perioden"] = _Perioden(zonder, perioden)
    return o


def _deelnemers(data: RegisterData, chosen: list[tuple[str, str]]) -> _Deelnemers:
    """The deelnemers of the ``chosen`` versions, prepared. The first peildatum of ``data``
    prepares only those versions (a registry that is loaded to be shown once costs no
    more); from the second on, every version is prepared once and kept with ``data``, so
    a further peildatum only picks rows."""
    o = data.opzoek.get("deelnemers")
    if o is not None:
        return o
    dn = data.deelnemers
    if not data.opzoek.get("eerder"):
        data.opzoek["eerder"] = True
        keuze = set(chosen)
        pairs = zip(dn["samenwerking"].tolist(), dn["roo_id"].tolist(), strict=True)
        return _bereid(dn[[pair in keuze for pair in pairs]], alleen_gekozen=True)
    o = data.opzoek["deelnemers"] = _bereid(dn)
    return o


def _bereid(dn: pd.DataFrame, alleen_gekozen: bool = False) -> _Deelnemers:
    """``dn`` prepared; ``alleen_gekozen``: it holds the chosen versions only (nothing to
    look up: every row is taken)."""
    is_gem = (dn["deelnemer_type"] == "gemeente").to_numpy(dtype=bool)
    leden = _lidmaatschappen(dn[is_gem], per_versie=True)
    ov = (
        dn.loc[~is_gem, ["samenwerking", "roo_id", "deelnemer_type", "naam"]]
        .rename(columns={"deelnemer_type": "type"})
        .drop_duplicates()
        .sort_values(["samenwerking", "type", "naam"])
        .reset_index(drop=True)
    )
    codes: dict[tuple[str, str], list[str]] = {}
    for pair, code in zip(
        zip(leden["samenwerking"].tolist(), leden["roo_id"].tolist(), strict=True),
        leden["gemeentecode"].tolist(),
        strict=True,
    ):
        codes.setdefault(pair, []).append(code)
    return _Deelnemers(
        leden=leden,
        leden_per_versie=None if alleen_gekozen else _posities(leden),
        codes_per_versie=codes,
        overige=ov,
        overige_per_versie=None if alleen_gekozen else _posities(ov),
    )


def _posities(df: pd.DataFrame) -> dict[tuple[str, str], list[int]]:
    """(samenwerking, roo_id) → the row positions of that version in ``df``."""
    out: dict[tuple[str, str], list[int]] = {}
    pairs = zip(df["samenwerking"].tolist(), df["roo_id"].tolist(), strict=True)
    for i, pair in enumerate(pairs):
        out.setdefault(pair, []).append(i)
    return out


def _kies(df: pd.DataFrame, per_versie: dict | None, chosen: list[tuple[str, str]]) -> pd.DataFrame:
    """The rows of the chosen versions, in ``df``'s order (``per_versie`` None: all)."""
    if per_versie is None:
        return df
    pos = [i for pair in chosen for i in per_versie.get(pair, ())]
    pos.sort()
    return df.iloc[pos].reset_index(drop=True)


def _lidmaatschappen(gem: pd.DataFrame, per_versie: bool = False) -> pd.DataFrame:
    """Membership rows with provenance: one row per samenwerking × gemeentecode (with
    ``per_versie``: per samenwerking × roo_id × gemeentecode, plus column ``roo_id``),
    sorted by samenwerking and gemeentecode.

    Two register rows can land on one gemeente (a merged gemeente and its successor both
    listed): they become one membership whose ``via`` names the predecessor(s).
    """
    cols = [*LIDMAATSCHAP_COLUMNS, *(["roo_id"] if per_versie else [])]
    if gem.empty:
        return pd.DataFrame(columns=cols)
    key = ["samenwerking", *(["roo_id"] if per_versie else []), "gemeentecode"]
    text = ["via", "via_codes", "toetredingsdatum", "bestuursorganen"]
    g = gem[[*key, "via_naam", "via_code", "toetredingsdatum", "bestuursorganen", "aandeel"]]
    g = g.set_axis([*key, *text, "aandeel"], axis=1)
    g = g.assign(
        aandeel=pd.to_numeric(g["aandeel"], errors="coerce").fillna(1.0),
        # Names read better with commas; each distinct value is rewritten once.
        via=g["via"].map({v: _via_text(v) for v in set(g["via"].tolist())}),
        **{c: g[c].fillna("") for c in text[1:] if g[c].hasnans},
    )
    dup = g.duplicated(key, keep=False)
    # Nearly every membership is one row; only the few doubles need Python-level joining.
    if dup.any():
        grouped = g[dup].groupby(key, sort=False)
        joined = grouped[text].agg({c: _join_nonempty(", " if c == "via" else ";") for c in text})
        joined["aandeel"] = grouped["aandeel"].max()
        g = pd.concat([g[~dup], joined.reset_index()], ignore_index=True)
    if not _gesorteerd(g["samenwerking"], g["gemeentecode"]):
        g = g.sort_values(["samenwerking", "gemeentecode"], kind="stable")
    g = g.reset_index(drop=True)
    g["deels"] = g["aandeel"] < 1.0
    return g[cols]


def _gesorteerd(a: pd.Series, b: pd.Series) -> bool:
    """Are the rows in order of (a, b)? (One vectorised pass; the register's rows nearly
    always are, and then sorting is saved.)"""
    x, y = a.to_numpy(dtype=object), b.to_numpy(dtype=object)
    if len(x) < 2:
        return True
    try:
        ok = (x[:-1] < x[1:]) | ((x[:-1] == x[1:]) & (y[:-1] <= y[1:]))
    except TypeError:  # a missing value among the strings: let sorting decide
        return False
    return bool(ok.all())


def _via_text(value: object) -> str:
    return "" if not isinstance(value, str) else value.replace(";", ", ")


def _join_nonempty(sep: str):
    def join(values: pd.Series) -> str:
        parts: list[str] = []
        for v in values.fillna(""):
            for p in str(v).split(sep.strip() or sep):
                p = p.strip()
                if p and p not in parts:
                    parts.append(p)
        return sep.join(parts)

    return join
