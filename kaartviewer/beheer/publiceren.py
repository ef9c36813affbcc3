"""The read path: approved aanvullingen merged into a Registry, with herkomst on every value.

Sources are never edited: :func:`met_aanvullingen` returns a *new* Registry in which

* samenwerkingen that no register holds are added (id ``aanvulling-<n>``, ``bron``
  'Aanvulling', ``herkomst`` 'aanvulling door NAAM, DATUM'), on the peildata between their
  start and einde;
* corrections replace single fields (``onderwerp_herkomst``/``juridische_vorm_herkomst``
  become 'handmatig'), add or remove deelnemers, or end a samenwerking (``einde`` on or
  before the peildatum takes it off the map of that day);
* bestuurders go into ``meta['bestuurders']`` (a DataFrame).

Herkomst: every row keeps ``bron`` — its source ('GR-register 2026-05-16', 'CBS 2025';
'Aanvulling' for a new one) — and gains ``aanvulling_herkomst``: '' for an untouched source
row, 'aanvulling door NAAM, DATUM' for a new one, one entry per corrected field
('onderwerp: aanvulling door NAAM, DATUM') otherwise.
``meta['herkomst']`` lists every value an aanvulling supplied (samenwerking, veld, waarde,
herkomst); :func:`herkomst_van` answers for one value. Only today's layer is merged: the 2016
layer is history and stays as its sources had it.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date

import pandas as pd

from kaartviewer.beheer.service import Aanvulling, GoedgekeurdeAanvullingen
from kaartviewer.registry import Registry
from kaartviewer.schema import (
    AANVULLING_VORM_JURIDISCH,
    LIST_SEP,
    TYPE_SEP,
    samenwerking_soort_van,
)

#: Columns the merge adds to ``samenwerkingen`` (empty for source rows unless corrected).
EXTRA_KOLOMMEN = ("fase", "start", "einde", "aanvulling_vorm", "aanvulling_herkomst")
BRON_AANVULLING = "Aanvulling"
BESTUURDER_KOLOMMEN = (
    "samenwerking",
    "gemeentecode",
    "partij",
    "naam",
    "functie",
    "orgaan",
    "portefeuille",
    "vanaf",
    "tot",
    "herkomst",
    "aanvulling",
)
HERKOMST_KOLOMMEN = ("samenwerking", "veld", "waarde", "herkomst", "aanvulling")


def herkomst_tekst(a: Aanvulling) -> str:
    """'aanvulling door NAAM, DATUM' (the author; the date it was approved)."""
    wanneer = a.goedgekeurd_op or a.gewijzigd
    return f"aanvulling door {a.auteur}, {wanneer.date().isoformat()}"


def _peildatum(reg: Registry) -> str:
    p = str(reg.meta.get("peildatum") or "")
    try:
        return date.fromisoformat(p).isoformat()
    except ValueError:
        return date.today().isoformat()


def _in_werking(start: str, einde: str, p: str) -> bool:
    return (not start or start <= p) and (not einde or p < einde)


def met_aanvullingen(reg: Registry, goedgekeurd: GoedgekeurdeAanvullingen) -> Registry:
    """``reg`` plus the approved aanvullingen (see the module docstring). The 2016 layer is
    returned unchanged."""
    if reg.meta.get("laag") == "2016":
        return reg
    p = _peildatum(reg)
    sw = reg.samenwerkingen.copy()
    for col in (*EXTRA_KOLOMMEN, "website", "afkorting", "doel"):
        if col not in sw.columns:
            sw[col] = ""
    sw["aanvulling_herkomst"] = ""
    herkomst: list[dict] = []
    nieuw_sw, nieuw_lid, nieuw_ov = _nieuwe(reg, goedgekeurd.samenwerkingen, p, herkomst)
    if nieuw_sw:
        sw = pd.concat([sw, pd.DataFrame(nieuw_sw).set_index("id", drop=False)])
    lid = reg.lidmaatschappen
    if nieuw_lid:
        lid = pd.concat([lid, _lid_frame(lid, nieuw_lid)], ignore_index=True)
    ov = reg.overige
    if nieuw_ov:
        ov = pd.concat([ov, pd.DataFrame(nieuw_ov)], ignore_index=True)
    sw, lid, ov = _corrigeer(reg, sw, lid, ov, goedgekeurd.correcties, p, herkomst)
    counts = lid.groupby("samenwerking").size()
    sw["n_deelnemers"] = counts.reindex(sw.index).fillna(0).astype(int)
    sw = sw[sw["n_deelnemers"] > 0]
    keep = set(sw.index)
    lid = lid[lid["samenwerking"].isin(keep)].reset_index(drop=True)
    ov = ov[ov["samenwerking"].isin(keep)].reset_index(drop=True)
    codes = lid.sort_values("gemeentecode").groupby("samenwerking")["gemeentecode"]
    sw["deelnemers"] = codes.agg(LIST_SEP.join).reindex(sw.index).fillna("")
    sw = sw.sort_index()
    meta = dict(reg.meta)
    meta["aanvullingen"] = {"aantal": goedgekeurd.aantal, "sleutel": goedgekeurd.sleutel}
    meta["herkomst"] = pd.DataFrame(herkomst, columns=list(HERKOMST_KOLOMMEN))
    meta["bestuurders"] = bestuurders_frame(goedgekeurd, None, alle=True)
    return Registry(reg.gemeenten, sw, lid, ov, reg.indelingen, meta)


def _nieuwe(
    reg: Registry, items: tuple[Aanvulling, ...], p: str, herkomst: list[dict]
) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows for the samenwerkingen no register holds, in force on ``p``."""
    gemeenten = set(reg.gemeenten.index)
    sw_rows, lid_rows, ov_rows = [], [], []
    for a in items:
        inh = a.gepubliceerd or {}
        v = inh.get("velden", {})
        if not _in_werking(v.get("start", ""), v.get("einde", ""), p):
            continue
        codes = [
            d["gemeentecode"]
            for d in inh.get("deelnemers", [])
            if d.get("type") == "gemeente" and d.get("gemeentecode") in gemeenten
        ]
        if not codes:
            continue
        h = herkomst_tekst(a)
        sid = a.samenwerking_id
        overige = [d for d in inh.get("deelnemers", []) if d.get("type") != "gemeente"]
        vorm = AANVULLING_VORM_JURIDISCH.get(v.get("vorm", ""), "onbekend")
        sw_rows.append(
            {
                "id": sid,
                "naam": v.get("naam", ""),
                "titel": v.get("naam", ""),
                "juridische_vorm": vorm,
                "juridische_vorm_herkomst": "handmatig",
                "onderwerp": v.get("onderwerp", "overig"),
                "onderwerp_herkomst": "handmatig",
                "overige_deelnemers": LIST_SEP.join(
                    f"{d['type']}{TYPE_SEP}{d['naam']}" for d in overige
                ),
                "bron": BRON_AANVULLING,
                "peildatum": p,
                "status": "opgeheven" if v.get("fase") == "beeindigd" else "actief",
                "samenwerking_soort": samenwerking_soort_van(vorm),
                "website": v.get("website", ""),
                "geldig_van": v.get("start", ""),
                "geldig_tot": v.get("einde", ""),
                "fase": v.get("fase", ""),
                "start": v.get("start", ""),
                "einde": v.get("einde", ""),
                "aanvulling_vorm": v.get("vorm", ""),
                "aanvulling_herkomst": h,
                "bron_namen": "",
                "regio_indeling": "",
            }
        )
        lid_rows += [
            {"samenwerking": sid, "gemeentecode": c, "toetredingsdatum": v.get("start", "")}
            for c in dict.fromkeys(codes)
        ]
        ov_rows += [{"samenwerking": sid, "type": d["type"], "naam": d["naam"]} for d in overige]
        herkomst.append(
            {"samenwerking": sid, "veld": "*", "waarde": "", "herkomst": h, "aanvulling": a.id}
        )
    return sw_rows, lid_rows, ov_rows


def _lid_frame(lid: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """New membership rows with the registry's columns (neutral defaults)."""
    df = pd.DataFrame(rows)
    defaults = {"via": "", "via_codes": "", "deels": False, "aandeel": 1.0}
    for col in lid.columns:
        if col not in df.columns:
            df[col] = defaults.get(col, "")
    return df[list(lid.columns)]


class _Deelnemers:
    """Added and removed deelnemers, in order (a later correction wins), applied at once."""

    def __init__(self, gemeenten: set[str]):
        self.gemeenten = gemeenten
        self.lid_toe: dict[tuple[str, str], bool] = {}
        self.ov_toe: dict[tuple[str, str, str], bool] = {}

    def verwerk(self, sid: str, waarde: dict, erbij: bool) -> None:
        if waarde.get("type") == "gemeente":
            if waarde.get("gemeentecode") in self.gemeenten:
                self.lid_toe[(sid, waarde["gemeentecode"])] = erbij
        else:
            self.ov_toe[(sid, waarde.get("type", ""), waarde.get("naam", ""))] = erbij

    def toepassen(self, lid: pd.DataFrame, ov: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        paren = pd.Series(
            list(zip(lid["samenwerking"], lid["gemeentecode"], strict=True)), index=lid.index
        )
        weg = {k for k, erbij in self.lid_toe.items() if not erbij}
        lid = lid[~paren.isin(weg)]
        bestaand = set(paren)
        nieuw = [
            {"samenwerking": s, "gemeentecode": c}
            for (s, c), erbij in self.lid_toe.items()
            if erbij and (s, c) not in bestaand
        ]
        if nieuw:
            lid = pd.concat([lid, _lid_frame(lid, nieuw)], ignore_index=True)
        trio = pd.Series(
            list(zip(ov["samenwerking"], ov["type"], ov["naam"], strict=True)), index=ov.index
        )
        ov = ov[~trio.isin({k for k, erbij in self.ov_toe.items() if not erbij})]
        ov_nieuw = [
            {"samenwerking": s, "type": t, "naam": n}
            for (s, t, n), erbij in self.ov_toe.items()
            if erbij and (s, t, n) not in set(trio)
        ]
        if ov_nieuw:
            ov = pd.concat([ov, pd.DataFrame(ov_nieuw)], ignore_index=True)
        return lid, ov


def _corrigeer(
    reg: Registry,
    sw: pd.DataFrame,
    lid: pd.DataFrame,
    ov: pd.DataFrame,
    items: tuple[Aanvulling, ...],
    p: str,
    herkomst: list[dict],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Apply field corrections in order of approval (a later one wins)."""
    deelnemers = _Deelnemers(set(reg.gemeenten.index))
    extra_herkomst: dict[str, list[str]] = defaultdict(list)
    velden: dict[tuple[str, str], object] = {}
    for a in items:
        sid = a.samenwerking_id
        if sid not in sw.index:
            continue  # not on this peildatum, or filtered away
        inh = a.gepubliceerd or {}
        veld, waarde = inh.get("veld"), inh.get("waarde")
        h = herkomst_tekst(a)
        herkomst.append(
            {
                "samenwerking": sid,
                "veld": veld,
                "waarde": _als_tekst(waarde),
                "herkomst": h,
                "aanvulling": a.id,
            }
        )
        extra_herkomst[sid].append(f"{veld}: {h}")
        if veld in ("deelnemer_toevoegen", "deelnemer_verwijderen") and isinstance(waarde, dict):
            deelnemers.verwerk(sid, waarde, veld == "deelnemer_toevoegen")
        elif veld:
            velden[(sid, veld)] = waarde
    for (sid, veld), waarde in velden.items():
        _zet(sw, sid, veld, waarde)
    for sid, hs in extra_herkomst.items():
        sw.at[sid, "aanvulling_herkomst"] = "; ".join(hs)
    # A corrected start or einde can take a samenwerking off the map of this peildatum.
    weg = [
        sid
        for sid in {s for s, v in velden if v in ("start", "einde")}
        if not _in_werking(str(sw.at[sid, "start"] or ""), str(sw.at[sid, "einde"] or ""), p)
    ]
    lid, ov = deelnemers.toepassen(lid, ov)
    return sw.drop(index=weg), lid, ov


def _zet(sw: pd.DataFrame, sid: str, veld: str, waarde) -> None:
    if veld == "juridische_vorm":
        sw.at[sid, "juridische_vorm"] = waarde
        sw.at[sid, "juridische_vorm_herkomst"] = "handmatig"
        sw.at[sid, "samenwerking_soort"] = samenwerking_soort_van(str(waarde))
    elif veld == "onderwerp":
        sw.at[sid, "onderwerp"] = waarde
        sw.at[sid, "onderwerp_herkomst"] = "handmatig"
    elif veld == "naam":
        sw.at[sid, "naam"] = waarde
        if "titel" in sw.columns:
            sw.at[sid, "titel"] = waarde
    elif veld == "fase":
        sw.at[sid, "fase"] = waarde
        if waarde == "beeindigd":
            sw.at[sid, "status"] = "opgeheven"
    else:
        sw.at[sid, veld] = waarde


def _als_tekst(waarde) -> str:
    if isinstance(waarde, dict):
        return waarde.get("gemeentecode") or f"{waarde.get('type')}{TYPE_SEP}{waarde.get('naam')}"
    return "" if waarde is None else str(waarde)


def herkomst_van(reg: Registry, samenwerking_id: str, veld: str) -> str:
    """Where one value comes from: the aanvulling that set it, else the row's source."""
    h = reg.meta.get("herkomst")
    if isinstance(h, pd.DataFrame) and len(h):
        hit = h[(h["samenwerking"] == samenwerking_id) & (h["veld"].isin([veld, "*"]))]
        if len(hit):
            return str(hit["herkomst"].iloc[-1])
    return str(reg.samenwerkingen.at[samenwerking_id, "bron"])


def aanvulling_details(reg: Registry, sid: str) -> dict:
    """What the CLI's ``samenwerking`` adds for a merged registry: fase, period, vorm,
    herkomst and the bestuurders at the table ({} without aanvullingen)."""
    if "aanvullingen" not in reg.meta or sid not in reg.samenwerkingen.index:
        return {}
    s = reg.samenwerkingen.loc[sid]
    b = reg.meta.get("bestuurders")
    rows = b[b["samenwerking"] == sid] if isinstance(b, pd.DataFrame) else pd.DataFrame()
    return {
        "fase": str(s.get("fase") or ""),
        "start": str(s.get("start") or ""),
        "einde": str(s.get("einde") or ""),
        "aanvulling_vorm": str(s.get("aanvulling_vorm") or ""),
        "aanvulling_herkomst": str(s.get("aanvulling_herkomst") or ""),
        "bestuurders": [
            {k: ("" if pd.isna(v) else v) for k, v in r.items() if k != "samenwerking"}
            for r in rows.to_dict("records")
        ],
    }


# --- bestuurders --------------------------------------------------------------------------------


def bestuurders_frame(
    goedgekeurd: GoedgekeurdeAanvullingen, op: date | None = None, *, alle: bool = False
) -> pd.DataFrame:
    """Published bestuurders (one row per bestuurder × samenwerking), in office on ``op``
    (default today) unless ``alle``."""
    d = (op or date.today()).isoformat()
    rows = []
    for a in goedgekeurd.samenwerkingen:
        for b in (a.gepubliceerd or {}).get("bestuurders", []):
            rows.append(
                {
                    **b,
                    "samenwerking": a.samenwerking_id,
                    "herkomst": herkomst_tekst(a),
                    "aanvulling": a.id,
                }
            )
    for a in goedgekeurd.bestuurders:
        rows.append(
            {
                **(a.gepubliceerd or {}),
                "samenwerking": a.samenwerking_id,
                "herkomst": herkomst_tekst(a),
                "aanvulling": a.id,
            }
        )
    df = pd.DataFrame(rows, columns=list(BESTUURDER_KOLOMMEN))
    for col in ("gemeentecode", "partij", "portefeuille", "vanaf", "tot"):
        df[col] = df[col].fillna("")
    if not alle and len(df):
        df = df[df.apply(lambda r: _in_werking(r["vanaf"], r["tot"], d), axis=1)]
    return df.reset_index(drop=True)


def per_gemeente(df: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente × bestuurder: at how many tables (samenwerkingen) they sit."""
    g = df[df["gemeentecode"] != ""]
    out = (
        g.groupby(["gemeentecode", "naam", "functie"])["samenwerking"]
        .nunique()
        .rename("tafels")
        .reset_index()
    )
    return out.sort_values(
        ["gemeentecode", "tafels", "naam"], ascending=[True, False, True]
    ).reset_index(drop=True)


def per_bestuurder(df: pd.DataFrame) -> pd.DataFrame:
    """Per bestuurder (naam + gemeente or partij): tables and which samenwerkingen."""
    cols = ["naam", "functie", "gemeentecode", "partij", "tafels", "samenwerkingen"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    out = (
        df.groupby(["naam", "gemeentecode", "partij"])
        .agg(
            functie=("functie", "first"),
            tafels=("samenwerking", "nunique"),
            samenwerkingen=("samenwerking", lambda s: LIST_SEP.join(sorted(set(s)))),
        )
        .reset_index()
    )
    return out[cols].sort_values(["tafels", "naam"], ascending=[False, True]).reset_index(drop=True)


# --- the CLI's read path -----------------------------------------------------------------------


def uit_store(reg: Registry, url: str | None = None) -> Registry:
    """``reg`` with the approved aanvullingen of the configured store (see
    :func:`kaartviewer.beheer.db.geconfigureerd`), or ``reg`` itself when no store is
    configured. A store that cannot be read is an error, not silently skipped."""
    from kaartviewer.beheer import db
    from kaartviewer.beheer.service import Store

    url = url or db.geconfigureerd()
    if not url or reg.meta.get("laag") == "2016":
        return reg
    store = Store.open(url, registry=reg, upgrade=False)
    return met_aanvullingen(reg, store.goedgekeurd())


def store_geconfigureerd() -> bool:
    from kaartviewer.beheer import db

    return bool(os.environ.get(db.ENV_VAR) or db.geconfigureerd())
