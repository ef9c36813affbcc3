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
    van, tot = versies["geldig_van"].fillna(""), versies["geldig_tot"].fillna("")
    ok = (van <= peildatum) & ((tot == "") | (peildatum < tot))
    return (
        versies[ok]
        .sort_values(["samenwerking", "geldig_van", "roo_id"])
        .drop_duplicates("samenwerking", keep="last")
    )


def registry_at(data: RegisterData, peildatum: str | None = None) -> Registry:
    """The registry as it stood on ``peildatum`` (default: the snapshot date).

    A register samenwerking is included when one of its versions is in force on that day;
    its members are the deelnemers of that version, its ``roo_id``, ``titel`` and
    ``juridische_vorm`` those of that version. Samenwerkingen without versions are always
    included; those without any gemeente on that day are not (``meta["zonder_gemeente"]``). ``meta`` gains ``peildatum`` and ``register_onvolledig`` (peildatum before
    :data:`REGISTER_VERPLICHT_SINDS`).
    """
    p = parse_peildatum(peildatum) if peildatum else data.snapshot
    versies = in_force(data.versies, p)
    sw = data.samenwerkingen
    has_versions = sw.index.isin(set(data.versies["samenwerking"]))
    keep = set(sw.index[~has_versions]) | set(versies["samenwerking"])
    out = sw[sw.index.isin(keep)].copy()
    current = versies.set_index("samenwerking").reindex(out.index)
    for col in ("roo_id", "titel", "juridische_vorm"):
        base = out[col] if col in out.columns else pd.Series("", index=out.index)
        out[col] = current[col].where(current[col].notna(), base)

    chosen = pd.concat(
        [
            versies[["samenwerking", "roo_id"]],
            pd.DataFrame(
                {"samenwerking": sorted(keep - set(versies["samenwerking"])), "roo_id": ""}
            ),
        ]
    )
    rows = data.deelnemers.merge(chosen, on=["samenwerking", "roo_id"])
    gem = rows[rows["deelnemer_type"] == "gemeente"]
    leden = _lidmaatschappen(gem)
    overige = (
        rows.loc[rows["deelnemer_type"] != "gemeente", ["samenwerking", "deelnemer_type", "naam"]]
        .rename(columns={"deelnemer_type": "type"})
        .drop_duplicates()
        .sort_values(["samenwerking", "type", "naam"])
    )
    counts = leden.groupby("samenwerking").size()
    out["n_deelnemers"] = counts.reindex(out.index).fillna(0).astype(int)
    # Without a gemeente among its deelnemers (a waterschap-only regeling) a samenwerking is
    # not intergemeentelijk: it stays in the data but not in the registry; meta counts it.
    zonder = out.index[out["n_deelnemers"] == 0]
    out = out.drop(zonder)
    overige = overige[~overige["samenwerking"].isin(set(zonder))]
    out["deelnemers"] = pd.Series(_joined_codes(leden), dtype=object).reindex(out.index).fillna("")
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


def _joined_codes(leden: pd.DataFrame) -> dict[str, str]:
    """samenwerking → its gemeentecodes joined by ``;`` (``leden`` is sorted by both)."""
    out: dict[str, list[str]] = {}
    for sid, code in zip(
        leden["samenwerking"].tolist(), leden["gemeentecode"].tolist(), strict=True
    ):
        out.setdefault(sid, []).append(code)
    return {k: ";".join(v) for k, v in out.items()}


def _lidmaatschappen(gem: pd.DataFrame) -> pd.DataFrame:
    """Membership rows with provenance: one row per samenwerking × gemeentecode.

    Two register rows can land on one gemeente (a merged gemeente and its successor both
    listed): they become one membership whose ``via`` names the predecessor(s).
    """
    if gem.empty:
        return pd.DataFrame(columns=list(LIDMAATSCHAP_COLUMNS))
    g = gem.assign(aandeel=pd.to_numeric(gem["aandeel"], errors="coerce").fillna(1.0))
    g = g.rename(columns={"via_naam": "via", "via_code": "via_codes"})
    text = ["via", "via_codes", "toetredingsdatum", "bestuursorganen"]
    g[text] = g[text].fillna("").astype(str)
    g["via"] = g["via"].str.replace(";", ", ", regex=False)  # names read better with commas
    key = ["samenwerking", "gemeentecode"]
    dup = g.duplicated(key, keep=False)
    # Nearly every membership is one row; only the few doubles need Python-level joining.
    parts = [g.loc[~dup, key + text + ["aandeel"]]]
    if dup.any():
        grouped = g[dup].groupby(key, sort=False)
        joined = grouped[text].agg({c: _join_nonempty(", " if c == "via" else ";") for c in text})
        joined["aandeel"] = grouped["aandeel"].max()
        parts.append(joined.reset_index())
    leden = pd.concat(parts, ignore_index=True).sort_values(key, ignore_index=True)
    leden["deels"] = leden["aandeel"] < 1.0
    return leden[list(LIDMAATSCHAP_COLUMNS)]


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
