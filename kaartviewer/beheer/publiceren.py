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
from dataclasses import dataclass, field
from datetime import date

import numpy as np
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
#: Layout of :func:`tabellen`' rows; raise it when they change, so a prepared publication
#: the store kept in an older layout is made again instead of misread.
FORMAAT = 1


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


def _in_werking_mask(start: pd.Series, einde: pd.Series, p: str) -> pd.Series:
    start, einde = start.fillna("").astype(str), einde.fillna("").astype(str)
    return ((start == "") | (start <= p)) & ((einde == "") | (einde > p))


@dataclass
class Voorbereid:
    """The approved aanvullingen as tables, ready to merge into a registry of any peildatum
    (built once per publication state; a peildatum change only filters and assigns)."""

    nieuw_sw: pd.DataFrame
    nieuw_lid: pd.DataFrame
    nieuw_ov: pd.DataFrame
    velden: pd.DataFrame  # samenwerking, veld, waarde: the last correction per field
    deelnemers: pd.DataFrame  # samenwerking, type, gemeentecode, naam, erbij: last per key
    herkomst: pd.DataFrame  # HERKOMST_KOLOMMEN
    herkomst_per_sw: pd.Series  # samenwerking → 'veld: aanvulling door …; …'
    bestuurders: pd.DataFrame
    #: How many aanvullingen, and the publication state they are of.
    aantal: int = 0
    sleutel: str = ""
    #: New rows already laid out like a registry's tables (per column layout).
    uitgelijnd: dict = field(default_factory=dict)

    def nieuw_als(self, sw_cols: pd.Index, lid: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        key = (tuple(sw_cols), tuple(lid.columns))
        if key not in self.uitgelijnd:
            nieuw = self.nieuw_sw.reindex(columns=sw_cols).astype(object)
            nieuw = nieuw.where(nieuw.notna(), "")
            nl = _lid_frame(lid, self.nieuw_lid.drop_duplicates(["samenwerking", "gemeentecode"]))
            self.uitgelijnd[key] = (nieuw, nl)
        return self.uitgelijnd[key]


_VOORBEREID: dict[str, Voorbereid] = {}


def voorbereiden(goedgekeurd: GoedgekeurdeAanvullingen | Voorbereid) -> Voorbereid:
    """:class:`Voorbereid` of one publication state (kept for the last few ``sleutel``s)."""
    if isinstance(goedgekeurd, Voorbereid):
        return goedgekeurd
    key = goedgekeurd.sleutel
    if key and key in _VOORBEREID:
        return _VOORBEREID[key]
    return onthoud(_voorbereiden(goedgekeurd))


def onthoud(v: Voorbereid) -> Voorbereid:
    """Keep ``v`` for its ``sleutel`` in this process (the last few only)."""
    if v.sleutel:
        while len(_VOORBEREID) >= 4:
            _VOORBEREID.pop(next(iter(_VOORBEREID)))
        _VOORBEREID[v.sleutel] = v
    return v


def voorbereid_in_proces(sleutel: str) -> Voorbereid | None:
    return _VOORBEREID.get(sleutel)


def _voorbereiden(g: GoedgekeurdeAanvullingen) -> Voorbereid:
    return uit_tabellen(tabellen(g), g.aantal, g.sleutel)


def tabellen(g: GoedgekeurdeAanvullingen) -> dict:
    """The approved aanvullingen as plain rows (JSON values only): what is costly to work
    out per record, and what the store keeps as its prepared publication
    (:meth:`~kaartviewer.beheer.service.Store.publicatie`). :func:`uit_tabellen` builds the
    tables from it, the same way whether the rows were just made or read back."""
    sw_rows, lid_rows, ov_rows, herkomst = [], [], [], []
    for a in g.samenwerkingen:
        inh = a.gepubliceerd or {}
        v = inh.get("velden", {})
        sid, h = a.samenwerking_id, herkomst_tekst(a)
        vorm = AANVULLING_VORM_JURIDISCH.get(v.get("vorm", ""), "onbekend")
        overige = [d for d in inh.get("deelnemers", []) if d.get("type") != "gemeente"]
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
            }
        )
        for d in inh.get("deelnemers", []):
            if d.get("type") == "gemeente":
                lid_rows.append((sid, d["gemeentecode"], v.get("start", "")))
            else:
                ov_rows.append((sid, d["type"], d["naam"]))
        herkomst.append((sid, "*", "", h, a.id))
    velden, deel, per_sw = [], [], defaultdict(list)
    for a in g.correcties:
        inh = a.gepubliceerd or {}
        sid, veld, waarde = a.samenwerking_id, inh.get("veld"), inh.get("waarde")
        h = herkomst_tekst(a)
        herkomst.append((sid, veld, _als_tekst(waarde), h, a.id))
        per_sw[sid].append(f"{veld}: {h}")
        if veld in ("deelnemer_toevoegen", "deelnemer_verwijderen") and isinstance(waarde, dict):
            deel.append(
                (
                    sid,
                    waarde.get("type", ""),
                    waarde.get("gemeentecode") or "",
                    waarde.get("naam") or "",
                    veld == "deelnemer_toevoegen",
                )
            )
        elif veld:
            velden.append((sid, veld, waarde))
    return {
        "samenwerkingen": sw_rows,
        "leden": lid_rows,
        "overige": ov_rows,
        "velden": velden,
        "deelnemers": deel,
        "herkomst": herkomst,
        "herkomst_per_sw": dict(per_sw),
        "bestuurders": _bestuurder_rijen(g),
    }


def uit_tabellen(t: dict, aantal: int, sleutel: str) -> Voorbereid:
    """:class:`Voorbereid` from :func:`tabellen`' rows (freshly made or read back as JSON)."""
    sw_rows, lid_rows = t["samenwerkingen"], t["leden"]
    sw_cols = list(sw_rows[0]) if sw_rows else ["id", "start", "einde"]
    nieuw_sw = _frame(sw_rows, sw_cols).set_index("id", drop=False)
    # Members of the new samenwerkingen, precomputed (the gemeenten are today's).
    leden: dict[str, list[str]] = defaultdict(list)
    for sid, code, _ in lid_rows:
        if code not in leden[sid]:
            leden[sid].append(code)
    nieuw_sw["deelnemers"] = [LIST_SEP.join(sorted(leden[i])) for i in nieuw_sw.index]
    nieuw_sw["n_deelnemers"] = [len(leden[i]) for i in nieuw_sw.index]
    return Voorbereid(
        nieuw_sw=nieuw_sw,
        # Object columns: the merge tests membership in them per peildatum (hash lookups;
        # Arrow strings iterate element by element there).
        nieuw_lid=_frame(lid_rows, ["samenwerking", "gemeentecode", "toetredingsdatum"]),
        nieuw_ov=_frame(t["overige"], ["samenwerking", "type", "naam"]),
        velden=_frame(t["velden"], ["samenwerking", "veld", "waarde"]).drop_duplicates(
            ["samenwerking", "veld"], keep="last"
        ),
        deelnemers=_frame(
            t["deelnemers"], ["samenwerking", "type", "gemeentecode", "naam", "erbij"]
        )
        .astype({"erbij": bool})
        .drop_duplicates(["samenwerking", "type", "gemeentecode", "naam"], keep="last"),
        herkomst=pd.DataFrame(t["herkomst"], columns=list(HERKOMST_KOLOMMEN)),
        herkomst_per_sw=pd.Series(
            {k: "; ".join(v) for k, v in t["herkomst_per_sw"].items()}, dtype=object
        ),
        bestuurders=_bestuurders_df(t["bestuurders"]),
        aantal=aantal,
        sleutel=sleutel,
    )


def _in(values, members: set) -> np.ndarray:
    """Membership of every value in a set: one hash lookup each (``Series.isin`` on Arrow
    strings iterates in Python and costs ten times as much)."""
    arr = values.to_numpy(dtype=object) if hasattr(values, "to_numpy") else values
    return np.fromiter((x in members for x in arr), dtype=bool, count=len(arr))


def _frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """Object columns: membership tests on them use hash tables, not Arrow iteration."""
    return pd.DataFrame(rows, columns=columns, dtype=object)


def met_aanvullingen(reg: Registry, goedgekeurd: GoedgekeurdeAanvullingen | Voorbereid) -> Registry:
    """``reg`` plus the approved aanvullingen (see the module docstring), given as records
    (``Store.goedgekeurd()``) or prepared (``Store.publicatie()``). The 2016 layer is
    returned unchanged."""
    if reg.meta.get("laag") == "2016":
        return reg
    v = voorbereiden(goedgekeurd)
    p = _peildatum(reg)
    gemeenten = reg.gemeenten.index
    sw = reg.samenwerkingen.copy()
    for col in (*EXTRA_KOLOMMEN, "website", "afkorting", "doel"):
        if col not in sw.columns:
            sw[col] = ""
    sw["aanvulling_herkomst"] = ""
    lid, ov = reg.lidmaatschappen, reg.overige
    opnieuw: set = set()  # samenwerkingen whose members must be counted again
    codes_hier = set(gemeenten)
    if len(v.nieuw_sw):
        nieuw_sw, nieuw_lid = v.nieuw_als(sw.columns, lid)
        mask = _in_werking_mask(v.nieuw_sw["start"], v.nieuw_sw["einde"], p).to_numpy()
        nieuw = nieuw_sw[mask]
        ids = set(nieuw.index)
        nl = nieuw_lid[_in(nieuw_lid["samenwerking"], ids)] if not mask.all() else nieuw_lid
        bekend = _in(nl["gemeentecode"], codes_hier)
        if not bekend.all():  # a code unknown here
            nl = nl[bekend]
            opnieuw |= ids
        if "peildatum" in nieuw.columns:
            nieuw = nieuw.assign(peildatum=p)
        sw = pd.concat([sw, nieuw])
        lid = pd.concat([lid, nl], ignore_index=True)
        ov = pd.concat([ov, v.nieuw_ov[_in(v.nieuw_ov["samenwerking"], ids)]], ignore_index=True)
    alle = set(sw.index)
    sw = _velden(sw, v.velden[_in(v.velden["samenwerking"], alle)], p)
    hier = set(sw.index)
    extra = v.herkomst_per_sw[_in(v.herkomst_per_sw.index, hier)]
    if len(extra):
        oud = sw.loc[extra.index, "aanvulling_herkomst"]
        sw.loc[extra.index, "aanvulling_herkomst"] = (oud + "; ").where(oud != "", "") + extra
    d = v.deelnemers[_in(v.deelnemers["samenwerking"], hier)]
    lid, ov = _deelnemers(lid, ov, d, codes_hier)
    opnieuw |= set(d["samenwerking"])
    if len(sw) != len(alle):  # dropped by a corrected start/einde
        lid = lid[_in(lid["samenwerking"], hier)]
        ov = ov[_in(ov["samenwerking"], hier)]
    if opnieuw:
        sw = _tel_opnieuw(sw, lid, opnieuw & hier)
        ov = ov[_in(ov["samenwerking"], set(sw.index))]
    sw["n_deelnemers"] = sw["n_deelnemers"].astype(int)
    meta = dict(reg.meta)
    meta["aanvullingen"] = {"aantal": v.aantal, "sleutel": v.sleutel}
    meta["herkomst"] = v.herkomst
    meta["bestuurders"] = v.bestuurders
    return Registry(
        reg.gemeenten,
        sw.sort_index(),
        lid.reset_index(drop=True),
        ov.reset_index(drop=True),
        reg.indelingen,
        meta,
    )


def _tel_opnieuw(sw: pd.DataFrame, lid: pd.DataFrame, ids: set) -> pd.DataFrame:
    """``deelnemers`` and ``n_deelnemers`` again for the samenwerkingen whose members an
    aanvulling changed; one without any gemeente left leaves the registry."""
    leden: dict[str, list[str]] = {i: [] for i in ids}
    mask = _in(lid["samenwerking"], ids)
    for sid, code in zip(
        lid["samenwerking"].to_numpy(dtype=object)[mask],
        lid["gemeentecode"].to_numpy(dtype=object)[mask],
        strict=True,
    ):
        leden[sid].append(code)
    volgorde = list(leden)
    sw.loc[volgorde, "deelnemers"] = [LIST_SEP.join(sorted(leden[i])) for i in volgorde]
    sw.loc[volgorde, "n_deelnemers"] = [len(leden[i]) for i in volgorde]
    leeg = [i for i in volgorde if not leden[i]]
    return sw.drop(index=leeg) if leeg else sw


def _lid_frame(lid: pd.DataFrame, df: pd.DataFrame) -> pd.DataFrame:
    """New membership rows with the registry's columns (neutral defaults)."""
    df = df.copy()
    defaults = {"via": "", "via_codes": "", "deels": False, "aandeel": 1.0}
    for col in lid.columns:
        if col not in df.columns:
            df[col] = defaults.get(col, "")
    return df[list(lid.columns)]


def _velden(sw: pd.DataFrame, c: pd.DataFrame, p: str) -> pd.DataFrame:
    """Field corrections, one assignment per field."""
    for veld, grp in c.groupby("veld", sort=False):
        ids, waarden = grp["samenwerking"].to_numpy(), grp["waarde"].to_numpy()
        if veld not in sw.columns:
            sw[veld] = ""
        sw.loc[ids, veld] = waarden
        if veld == "juridische_vorm":
            sw.loc[ids, "juridische_vorm_herkomst"] = "handmatig"
            sw.loc[ids, "samenwerking_soort"] = [samenwerking_soort_van(str(w)) for w in waarden]
        elif veld == "onderwerp":
            sw.loc[ids, "onderwerp_herkomst"] = "handmatig"
        elif veld == "naam" and "titel" in sw.columns:
            sw.loc[ids, "titel"] = waarden
        elif veld == "fase":
            sw.loc[ids[waarden == "beeindigd"], "status"] = "opgeheven"
    # A corrected start or einde can take a samenwerking off the map of this peildatum.
    datum = c.loc[c["veld"].isin(["start", "einde"]), "samenwerking"].unique()
    if len(datum):
        rows = sw.loc[datum]
        weg = rows.index[~_in_werking_mask(rows["start"], rows["einde"], p)]
        sw = sw.drop(index=weg)
    return sw


def _deelnemers(
    lid: pd.DataFrame, ov: pd.DataFrame, d: pd.DataFrame, gemeenten: set
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Added and removed deelnemers (the last correction per deelnemer wins)."""
    if d.empty:
        return lid, ov
    g = d[(d["type"] == "gemeente").to_numpy() & _in(d["gemeentecode"], gemeenten)]
    sleutels = (lid["samenwerking"] + "|" + lid["gemeentecode"]).to_numpy(dtype=object)
    ja = g["erbij"].to_numpy(dtype=bool)
    gk = (g["samenwerking"] + "|" + g["gemeentecode"]).to_numpy(dtype=object)
    weg = set(gk[~ja])
    if weg:
        lid = lid[~_in(sleutels, weg)]
    bestaand = set(sleutels)
    erbij = [
        (sid, code)
        for sid, code, k in zip(g["samenwerking"][ja], g["gemeentecode"][ja], gk[ja], strict=True)
        if k not in bestaand
    ]
    if erbij:
        nieuw = pd.DataFrame(erbij, columns=["samenwerking", "gemeentecode"], dtype=object)
        lid = pd.concat(
            [lid, _lid_frame(lid, nieuw.assign(toetredingsdatum=""))], ignore_index=True
        )
    o = d[(d["type"] != "gemeente").to_numpy()]
    if len(o):
        trio = list(zip(ov["samenwerking"], ov["type"], ov["naam"], strict=True))
        keys = list(zip(o["samenwerking"], o["type"], o["naam"], strict=True))
        weg = {k for k, ja in zip(keys, o["erbij"], strict=True) if not ja}
        ov = ov[~_in(pd.Series(trio, dtype=object), weg)] if weg else ov
        bestaand = set(trio)
        erbij = [k for k, ja in zip(keys, o["erbij"], strict=True) if ja and k not in bestaand]
        if erbij:
            extra = pd.DataFrame(erbij, columns=["samenwerking", "type", "naam"], dtype=object)
            ov = pd.concat([ov, extra], ignore_index=True)
    return lid, ov


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
    return _bestuurders_df(_bestuurder_rijen(goedgekeurd), op, alle=alle)


def _bestuurder_rijen(goedgekeurd: GoedgekeurdeAanvullingen) -> list[dict]:
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
    return rows


def _bestuurders_df(rows: list[dict], op: date | None = None, *, alle: bool = True) -> pd.DataFrame:
    d = (op or date.today()).isoformat()
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
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from kaartviewer.beheer import db
    from kaartviewer.beheer.service import Store
    from kaartviewer.validation import LoadError

    url = url or db.geconfigureerd()
    if not url or reg.meta.get("laag") == "2016":
        return reg
    naam = make_url(url).render_as_string(hide_password=True)
    try:
        if db.current_revision(url) is None:
            raise LoadError(
                f"De beheer-store {naam} is nog niet ingericht; voer 'kaartviewer beheer init' "
                "uit (of maak KAARTVIEWER_DATABASE_URL leeg)."
            )
        store = Store.open(url, registry=reg, upgrade=False)
        return met_aanvullingen(reg, store.publicatie())
    except SQLAlchemyError as exc:
        raise LoadError(
            f"De beheer-store {naam} is niet leesbaar: {exc.__class__.__name__}."
        ) from None


def store_geconfigureerd() -> bool:
    from kaartviewer.beheer import db

    return bool(os.environ.get(db.ENV_VAR) or db.geconfigureerd())
