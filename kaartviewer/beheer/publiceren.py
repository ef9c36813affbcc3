"""The read path: approved aanvullingen merged into today's registry, with herkomst on
every value.

Sources are never edited. :func:`register_met_aanvullingen` merges the aanvullingen into the
versioned :class:`~kaartviewer.register.RegisterData` *before* a peildatum is chosen (the
data flow of the architecture: load + aanvullingen → registry at a peildatum), so every
peildatum is then one :func:`~kaartviewer.register.registry_at`, as without a store:

* samenwerkingen that no register holds are added (id ``aanvulling-<n>``, ``bron``
  'Aanvulling', ``herkomst`` 'aanvulling door NAAM, DATUM') with their own ``start`` /
  ``einde``: ``registry_at`` shows them on the peildata in between;
* corrections replace single fields (``onderwerp_herkomst``/``juridische_vorm_herkomst``
  become 'handmatig'; a corrected ``naam`` or ``juridische_vorm`` holds for every version),
  add or remove deelnemers (in every version), or end a samenwerking (an ``einde`` on or
  before the peildatum takes it off the map of that day);
* bestuurders go into ``meta['bestuurders']`` (a DataFrame).

:func:`met_aanvullingen` does the same for a :class:`~kaartviewer.registry.Registry` that
was already cut at its peildatum (the CLI's layers, the export).

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
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from kaartviewer.beheer.service import Aanvulling, GoedgekeurdeAanvullingen
from kaartviewer.register import RegisterData, registry_at
from kaartviewer.registry import Registry
from kaartviewer.schema import (
    AANVULLING_VORM_JURIDISCH,
    DEELNEMER_COLUMNS,
    LIST_SEP,
    TYPE_SEP,
    VERSIE_COLUMNS,
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
#: The other tables of :func:`tabellen` (their columns, in order).
LID_KOLOMMEN = ("samenwerking", "gemeentecode", "toetredingsdatum")
OVERIGE_KOLOMMEN = ("samenwerking", "type", "naam")
VELD_KOLOMMEN = ("samenwerking", "veld", "waarde")
DEELNEMER_CORRECTIE_KOLOMMEN = ("samenwerking", "type", "gemeentecode", "naam", "erbij")
#: Layout of :func:`tabellen`' rows; raise it when they change, so a prepared publication
#: the store kept in an older layout is made again instead of misread.
FORMAAT = 2


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
    """The approved aanvullingen as tables, ready to merge (built once per publication
    state)."""

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
    """The approved aanvullingen as plain tables (JSON values only; each table a dict of
    column → values, which decodes several times faster than rows of dicts): what is
    costly to work out per record, and what the store keeps as its prepared publication
    (:meth:`~kaartviewer.beheer.service.Store.publicatie`). :func:`uit_tabellen` builds the
    frames from it, the same way whether the tables were just made or read back."""
    sw_rows, lid_rows, ov_rows, herkomst = [], [], [], []
    for a in g.samenwerkingen:
        inh = a.gepubliceerd or {}
        v = inh.get("velden", {})
        sid, h = a.samenwerking_id, herkomst_tekst(a)
        stand = (a.goedgekeurd_op or a.gewijzigd).date().isoformat()
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
                "peildatum": stand,
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
    sw_cols = list(sw_rows[0]) if sw_rows else ["id", "start", "einde"]
    return {
        "samenwerkingen": {c: [r[c] for r in sw_rows] for c in sw_cols},
        "leden": _kolommen(lid_rows, LID_KOLOMMEN),
        "overige": _kolommen(ov_rows, OVERIGE_KOLOMMEN),
        "velden": _kolommen(velden, VELD_KOLOMMEN),
        "deelnemers": _kolommen(deel, DEELNEMER_CORRECTIE_KOLOMMEN),
        "herkomst": _kolommen(herkomst, HERKOMST_KOLOMMEN),
        "herkomst_per_sw": dict(per_sw),
        "bestuurders": _bestuurder_kolommen(g),
    }


def _kolommen(rows: list[tuple], kolommen: tuple[str, ...]) -> dict[str, list]:
    """Rows (tuples in the order of ``kolommen``) as column → values."""
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in kolommen]
    return {k: list(c) for k, c in zip(kolommen, cols, strict=True)}


def uit_tabellen(t: dict, aantal: int, sleutel: str) -> Voorbereid:
    """:class:`Voorbereid` from :func:`tabellen`' rows (freshly made or read back as JSON)."""
    nieuw_sw = _frame(t["samenwerkingen"]).set_index("id", drop=False)
    return Voorbereid(
        nieuw_sw=nieuw_sw,
        # Object columns: the merge tests membership in them (hash lookups; Arrow strings
        # iterate element by element there).
        nieuw_lid=_frame(t["leden"]),
        nieuw_ov=_frame(t["overige"]),
        velden=_frame(t["velden"]).drop_duplicates(["samenwerking", "veld"], keep="last"),
        deelnemers=_frame(t["deelnemers"])
        .astype({"erbij": bool})
        .drop_duplicates(["samenwerking", "type", "gemeentecode", "naam"], keep="last"),
        herkomst=_frame(t["herkomst"]),
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


def _frame(kolommen: dict[str, list]) -> pd.DataFrame:
    """A table of :func:`tabellen` as a frame of object columns: membership tests on them
    use hash tables, not Arrow iteration."""
    return pd.DataFrame(kolommen, dtype=object)


def register_met_aanvullingen(
    data: RegisterData, goedgekeurd: GoedgekeurdeAanvullingen | Voorbereid
) -> RegisterData:
    """``data`` plus the approved aanvullingen (see the module docstring), given as records
    (``Store.goedgekeurd()``) or prepared (``Store.publicatie()``); a *new* RegisterData,
    ``data`` is not changed. ``registry_at(result, p)`` is today's registry with the
    aanvullingen on peildatum ``p``; a deelnemer whose gemeentecode is not one of
    ``data.gemeenten`` is left out (the gemeenten are today's)."""
    v = voorbereiden(goedgekeurd)
    codes = set(data.gemeenten["gemeentecode"].tolist())
    sw = data.samenwerkingen.copy()
    for col in (*EXTRA_KOLOMMEN, "website", "afkorting", "doel", *v.nieuw_sw.columns):
        if col not in sw.columns:
            sw[col] = ""
    sw["aanvulling_herkomst"] = ""
    deelnemers = data.deelnemers
    if len(v.nieuw_sw):
        nieuw = v.nieuw_sw.reindex(columns=sw.columns).astype(object)
        sw = pd.concat([sw, nieuw.where(nieuw.notna(), "")])
        deelnemers = pd.concat(
            [deelnemers, _nieuwe_deelnemers(v, codes, deelnemers.columns)], ignore_index=True
        )
    hier = set(sw.index)
    velden = v.velden[_in(v.velden["samenwerking"], hier)]
    sw = _velden(sw, velden)
    versies = _versie_velden(data.versies, velden)
    extra = v.herkomst_per_sw[_in(v.herkomst_per_sw.index, hier)]
    if len(extra):
        sw.loc[extra.index, "aanvulling_herkomst"] = extra
    d = v.deelnemers[_in(v.deelnemers["samenwerking"], hier)]
    deelnemers = _deelnemers(deelnemers, versies, d, codes)
    if len(deelnemers) != len(data.deelnemers) or deelnemers is not data.deelnemers:
        # In the order registry_at's memberships are in, so it need not sort per peildatum.
        deelnemers = deelnemers.sort_values(
            ["samenwerking", "gemeentecode"], kind="stable", ignore_index=True
        )
    meta = dict(data.meta)
    meta["aanvullingen"] = {"aantal": v.aantal, "sleutel": v.sleutel}
    meta["herkomst"] = v.herkomst
    meta["bestuurders"] = v.bestuurders
    return RegisterData(data.gemeenten, sw, versies, deelnemers, data.indelingen, meta)


def met_aanvullingen(reg: Registry, goedgekeurd: GoedgekeurdeAanvullingen | Voorbereid) -> Registry:
    """``reg`` (today's registry at its peildatum) plus the approved aanvullingen: the same
    merge as :func:`register_met_aanvullingen`, for a registry already cut at a peildatum
    (its samenwerkingen count as having no other versions). The 2016 layer is returned
    unchanged."""
    if reg.meta.get("laag") == "2016":
        return reg
    merged = register_met_aanvullingen(_als_register_data(reg), goedgekeurd)
    return registry_at(merged, _peildatum(reg))


def _als_register_data(reg: Registry) -> RegisterData:
    """A registry at one peildatum as RegisterData without versions (``registry_at`` of it
    at that peildatum gives the same registry back)."""
    lid, ov = reg.lidmaatschappen, reg.overige
    gem = pd.DataFrame(
        {
            "samenwerking": lid["samenwerking"],
            "roo_id": "",
            "deelnemer_type": "gemeente",
            "gemeentecode": lid["gemeentecode"],
            "naam": lid["gemeentecode"],
            "via_code": lid["via_codes"],
            "via_naam": lid["via"],
            "aandeel": lid["aandeel"],
            "toetredingsdatum": lid["toetredingsdatum"],
            "bestuursorganen": lid["bestuursorganen"],
        },
        dtype=object,
    )
    overig = pd.DataFrame(
        {
            "samenwerking": ov["samenwerking"],
            "roo_id": "",
            "deelnemer_type": ov["type"],
            "gemeentecode": "",
            "naam": ov["naam"],
        },
        dtype=object,
    ).reindex(columns=list(DEELNEMER_COLUMNS), fill_value="")
    return RegisterData(
        reg.gemeenten,
        reg.samenwerkingen,
        pd.DataFrame(columns=list(VERSIE_COLUMNS), dtype=object),
        pd.concat([gem, overig], ignore_index=True),
        reg.indelingen,
        dict(reg.meta, snapshot=_peildatum(reg)),
    )


def _nieuwe_deelnemers(v: Voorbereid, codes: set, kolommen: pd.Index) -> pd.DataFrame:
    """Deelnemer rows (``DEELNEMER_COLUMNS``, no versions) of the new samenwerkingen."""
    lid = v.nieuw_lid[_in(v.nieuw_lid["gemeentecode"], codes)]
    lid = lid.drop_duplicates(["samenwerking", "gemeentecode"])
    gem = pd.DataFrame(
        {
            "samenwerking": lid["samenwerking"],
            "deelnemer_type": "gemeente",
            "gemeentecode": lid["gemeentecode"],
            "naam": lid["gemeentecode"],
            "toetredingsdatum": lid["toetredingsdatum"],
        },
        dtype=object,
    )
    ov = v.nieuw_ov.rename(columns={"type": "deelnemer_type"})
    return pd.concat([gem, ov], ignore_index=True).reindex(columns=kolommen, fill_value="")


def _velden(sw: pd.DataFrame, c: pd.DataFrame) -> pd.DataFrame:
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
    return sw


#: Corrected fields that ``registry_at`` takes from the version in force: a correction
#: holds for every version (it corrects the samenwerking, not one legal text).
_VERSIE_VELDEN = {"naam": "titel", "juridische_vorm": "juridische_vorm"}


def _versie_velden(versies: pd.DataFrame, c: pd.DataFrame) -> pd.DataFrame:
    c = c[c["veld"].isin(list(_VERSIE_VELDEN))]
    if c.empty or versies.empty:
        return versies
    versies = versies.copy()
    sids = versies["samenwerking"].tolist()
    for veld, grp in c.groupby("veld", sort=False):
        col = _VERSIE_VELDEN[veld]
        nieuw = dict(zip(grp["samenwerking"], grp["waarde"], strict=True))
        oud = versies[col].tolist()
        versies[col] = pd.Series(
            [nieuw.get(sid, o) for sid, o in zip(sids, oud, strict=True)],
            index=versies.index,
            dtype=object,
        )
    return versies


def _deelnemers(
    deelnemers: pd.DataFrame, versies: pd.DataFrame, d: pd.DataFrame, codes: set
) -> pd.DataFrame:
    """Added and removed deelnemers, in every version of their samenwerking (the last
    correction per deelnemer wins: ``d`` holds one row per deelnemer)."""
    if d.empty:
        return deelnemers
    d = d[(d["type"] != "gemeente").to_numpy() | _in(d["gemeentecode"], codes)]
    is_gem = (d["type"] == "gemeente").to_numpy()
    # A deelnemer is (samenwerking, type, gemeentecode for a gemeente / naam otherwise).
    wie = np.where(
        is_gem, d["gemeentecode"].to_numpy(dtype=object), d["naam"].to_numpy(dtype=object)
    )
    keys = list(zip(d["samenwerking"], d["type"], wie, strict=True))
    erbij = d["erbij"].to_numpy(dtype=bool)
    weg = {k for k, ja in zip(keys, erbij, strict=True) if not ja}
    typ = deelnemers["deelnemer_type"].to_numpy(dtype=object)
    rij_wie = np.where(
        typ == "gemeente",
        deelnemers["gemeentecode"].to_numpy(dtype=object),
        deelnemers["naam"].to_numpy(dtype=object),
    )
    sids = deelnemers["samenwerking"].to_numpy(dtype=object)
    if weg:
        rij = np.fromiter(
            ((s, t, w) not in weg for s, t, w in zip(sids, typ, rij_wie, strict=True)),
            dtype=bool,
            count=len(sids),
        )
        deelnemers, sids, typ, rij_wie = deelnemers[rij], sids[rij], typ[rij], rij_wie[rij]
    bestaand = set(
        zip(sids, deelnemers["roo_id"].to_numpy(dtype=object), typ, rij_wie, strict=True)
    )
    per_sw: dict[str, list[str]] = defaultdict(list)
    for sid, rid in zip(versies["samenwerking"], versies["roo_id"], strict=True):
        per_sw[sid].append(rid)
    rows = [
        (sid, rid, typ_, w if typ_ == "gemeente" else "", w)
        for (sid, typ_, w), ja in zip(keys, erbij, strict=True)
        if ja
        for rid in per_sw.get(sid) or [""]
        if (sid, rid, typ_, w) not in bestaand
    ]
    if not rows:
        return deelnemers
    cols = ("samenwerking", "roo_id", "deelnemer_type", "gemeentecode", "naam")
    extra = {c: list(v) for c, v in zip(cols, zip(*rows, strict=True), strict=True)}
    leeg = [""] * len(rows)
    extra = pd.DataFrame({c: extra.get(c, leeg) for c in deelnemers.columns}, dtype=object)
    return pd.concat([deelnemers, extra], ignore_index=True)


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
    return _bestuurders_df(_bestuurder_kolommen(goedgekeurd), op, alle=alle)


def _bestuurder_kolommen(goedgekeurd: GoedgekeurdeAanvullingen) -> dict[str, list]:
    rows = _bestuurder_rijen(goedgekeurd)
    return {k: [r.get(k) for r in rows] for k in BESTUURDER_KOLOMMEN}


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


def _bestuurders_df(
    kolommen: dict[str, list], op: date | None = None, *, alle: bool = True
) -> pd.DataFrame:
    d = (op or date.today()).isoformat()
    df = pd.DataFrame(kolommen, columns=list(BESTUURDER_KOLOMMEN), dtype=object)
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
