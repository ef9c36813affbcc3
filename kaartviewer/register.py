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
    included; those without any gemeente on that day are not (``meta["zonder_gemeente"]``).
    ``meta`` gains ``peildatum`` and ``register_onvolledig`` (peildatum before
    :data:`REGISTER_VERPLICHT_SINDS`).
    """
    p = parse_peildatum(peildatum) if peildatum else data.snapshot
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
    with_versions = set(data.versies["samenwerking"].tolist())
    chosen = {(sid, v[0]) for sid, v in current.items()}
    chosen |= {(sid, "") for sid in data.samenwerkingen.index if sid not in with_versions}
    rows = _deelnemers_of(data.deelnemers, chosen)
    is_gem = rows["deelnemer_type"] == "gemeente"
    leden = _lidmaatschappen(rows[is_gem])
    overige = (
        rows.loc[~is_gem, ["samenwerking", "deelnemer_type", "naam"]]
        .rename(columns={"deelnemer_type": "type"})
        .drop_duplicates()
        .sort_values(["samenwerking", "type", "naam"])
    )
    codes = _codes_per_samenwerking(leden)
    # Without a gemeente among its deelnemers (a waterschap-only regeling) a samenwerking is
    # not intergemeentelijk: it stays in the data but not in the registry; meta counts it.
    keep = {sid for sid, _ in chosen}
    zonder = keep - codes.keys()
    sw = data.samenwerkingen
    out = sw[sw.index.isin(keep & codes.keys())].copy()
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
    overige = overige[~overige["samenwerking"].isin(zonder)]
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


def _deelnemers_of(deelnemers: pd.DataFrame, chosen: set[tuple[str, str]]) -> pd.DataFrame:
    """The deelnemer rows of the chosen (samenwerking, roo_id) pairs."""
    pairs = zip(deelnemers["samenwerking"].tolist(), deelnemers["roo_id"].tolist(), strict=True)
    return deelnemers[[pair in chosen for pair in pairs]]


def _codes_per_samenwerking(leden: pd.DataFrame) -> dict[str, list[str]]:
    """samenwerking → its gemeentecodes (``leden`` is sorted by both)."""
    out: dict[str, list[str]] = {}
    for sid, code in zip(
        leden["samenwerking"].tolist(), leden["gemeentecode"].tolist(), strict=True
    ):
        out.setdefault(sid, []).append(code)
    return out


def _lidmaatschappen(gem: pd.DataFrame) -> pd.DataFrame:
    """Membership rows with provenance: one row per samenwerking × gemeentecode.

    Two register rows can land on one gemeente (a merged gemeente and its successor both
    listed): they become one membership whose ``via`` names the predecessor(s).
    """
    if gem.empty:
        return pd.DataFrame(columns=list(LIDMAATSCHAP_COLUMNS))
    key = ["samenwerking", "gemeentecode"]
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
    pairs = list(zip(g["samenwerking"].tolist(), g["gemeentecode"].tolist(), strict=True))
    if any(a > b for a, b in zip(pairs, pairs[1:], strict=False)):
        g = g.sort_values(key)
    g = g.reset_index(drop=True)
    g["deels"] = g["aandeel"] < 1.0
    return g[list(LIDMAATSCHAP_COLUMNS)]


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
