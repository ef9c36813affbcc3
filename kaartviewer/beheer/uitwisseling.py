"""Export (open data, backup) and herstel (restore) of a beheer store.

``exporteer(store, map)`` writes:

* ``aanvullingen.csv`` — every aanvulling: readable columns plus ``gegevens``, the whole
  record as JSON (what :func:`herstel` reads);
* ``revisies.csv`` — the changelog: every revision (who, when, action, reason, bron, before
  and after as JSON);
* ``samenwerkingen.csv`` and ``deelnemers.csv`` — the registry *with* the approved
  aanvullingen merged, in the shipped schema (``schema.SAMENWERKING_COLUMNS +
  REGISTER_COLUMNS`` and ``schema.DEELNEMER_COLUMNS``);
* ``herkomst.csv`` (where every supplied value comes from) and ``bestuurders.csv``;
* ``export.json`` — what the folder holds (schema revision, counts, time).

Every text cell is neutralised against formula injection (``'`` before ``= + - @``, see
:mod:`kaartviewer.export`); the JSON cells start with ``{`` and keep the text exactly as
typed, so a restore gives back what was stored. Accounts and meldingen (contact details) are
not exported: they are not open data; create accounts again with ``beheer gebruiker``.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select, text

from kaartviewer.beheer import db
from kaartviewer.beheer.models import AanvullingRij, RevisieRij
from kaartviewer.beheer.publiceren import met_aanvullingen
from kaartviewer.beheer.service import Store, _utc
from kaartviewer.export import neutralise
from kaartviewer.registry import Registry
from kaartviewer.schema import DEELNEMER_COLUMNS, REGISTER_COLUMNS, SAMENWERKING_COLUMNS

FORMAAT = 1
AANVULLING_KOLOMMEN = (
    "id",
    "soort",
    "samenwerking_id",
    "status",
    "versie",
    "naam",
    "auteur",
    "aangemaakt",
    "gewijzigd_door",
    "gewijzigd",
    "goedgekeurd_door",
    "goedgekeurd_op",
    "bron",
    "reden",
    "gegevens",
)
REVISIE_KOLOMMEN = (
    "id",
    "aanvulling_id",
    "samenwerking_id",
    "versie",
    "actie",
    "actor",
    "rol",
    "tijd",
    "reden",
    "bron",
    "gegevens",
)


class HerstelFout(ValueError):
    """The folder is no usable export, or the store is not empty (Dutch message)."""


def _iso(dt: datetime | None) -> str:
    return _utc(dt).isoformat() if dt is not None else ""


def _json(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def _schrijf_csv(pad: Path, kolommen, rijen) -> None:
    with pad.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(kolommen)
        for r in rijen:
            w.writerow([neutralise("" if v is None else v) for v in r])


def _aanvulling_dict(r: AanvullingRij) -> dict:
    return {
        "id": r.id,
        "soort": r.soort,
        "samenwerking_id": r.samenwerking_id,
        "status": r.status,
        "versie": r.versie,
        "inhoud": r.inhoud,
        "gepubliceerd": r.gepubliceerd,
        "gemeenten": r.gemeenten,
        "bron": r.bron,
        "reden": r.reden,
        "auteur": r.auteur,
        "aangemaakt": _iso(r.aangemaakt),
        "gewijzigd_door": r.gewijzigd_door,
        "gewijzigd": _iso(r.gewijzigd),
        "goedgekeurd_door": r.goedgekeurd_door,
        "goedgekeurd_op": _iso(r.goedgekeurd_op),
    }


def _revisie_dict(r: RevisieRij) -> dict:
    return {
        "id": r.id,
        "aanvulling_id": r.aanvulling_id,
        "samenwerking_id": r.samenwerking_id,
        "versie": r.versie,
        "actie": r.actie,
        "actor": r.actor,
        "rol": r.rol,
        "tijd": _iso(r.tijd),
        "voor": r.voor,
        "na": r.na,
        "reden": r.reden,
        "bron": r.bron,
    }


def _naam(r: AanvullingRij) -> str:
    i = r.inhoud or {}
    if r.soort == "samenwerking":
        return i.get("velden", {}).get("naam", "")
    if r.soort == "bestuurder":
        return i.get("naam", "")
    return f"{i.get('veld')}: {i.get('waarde')}"


def exporteer(store: Store, map_: str | Path, reg: Registry | None = None) -> dict:
    """Write the export folder (created if needed); returns what ``export.json`` holds."""
    uit = Path(map_)
    uit.mkdir(parents=True, exist_ok=True)
    reg = reg if reg is not None else store.registry
    with store._sessie() as s:
        aanv = s.scalars(select(AanvullingRij).order_by(AanvullingRij.id)).all()
        revs = s.scalars(select(RevisieRij).order_by(RevisieRij.id)).all()
        a_rijen = [
            [
                r.id, r.soort, r.samenwerking_id, r.status, r.versie, _naam(r), r.auteur,
                _iso(r.aangemaakt), r.gewijzigd_door, _iso(r.gewijzigd), r.goedgekeurd_door,
                _iso(r.goedgekeurd_op), r.bron, r.reden, _json(_aanvulling_dict(r)),
            ]
            for r in aanv
        ]  # fmt: skip
        r_rijen = [
            [
                r.id, r.aanvulling_id, r.samenwerking_id, r.versie, r.actie, r.actor, r.rol,
                _iso(r.tijd), r.reden, r.bron, _json(_revisie_dict(r)),
            ]
            for r in revs
        ]  # fmt: skip
    _schrijf_csv(uit / "aanvullingen.csv", AANVULLING_KOLOMMEN, a_rijen)
    _schrijf_csv(uit / "revisies.csv", REVISIE_KOLOMMEN, r_rijen)
    merged = met_aanvullingen(reg, store.goedgekeurd())
    _registry_csv(merged, uit)
    manifest = {
        "formaat": FORMAAT,
        "schema": db.head_revision(),
        "gemaakt": datetime.now(UTC).isoformat(),
        "aanvullingen": len(a_rijen),
        "revisies": len(r_rijen),
        "samenwerkingen": int(len(merged.samenwerkingen)),
        "peildatum": str(merged.meta.get("peildatum") or ""),
        "bestanden": sorted(p.name for p in uit.glob("*.csv")),
    }
    (uit / "export.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest


def _frame_csv(df: pd.DataFrame, pad: Path, kolommen) -> None:
    df = df.reindex(columns=list(kolommen)).astype(object).fillna("")
    _schrijf_csv(pad, kolommen, df.astype(object).itertuples(index=False, name=None))


def _registry_csv(reg: Registry, uit: Path) -> None:
    """The merged registry in the shipped schema, plus herkomst and bestuurders."""
    sw = reg.samenwerkingen.copy()
    ov = reg.overige
    sw["overige_deelnemers"] = (
        (
            ov.assign(item=ov["type"] + ":" + ov["naam"])
            .groupby("samenwerking")["item"]
            .agg(";".join)
        )
        .reindex(sw.index)
        .fillna("")
        if len(ov)
        else ""
    )
    _frame_csv(sw, uit / "samenwerkingen.csv", SAMENWERKING_COLUMNS + REGISTER_COLUMNS)
    lid = reg.lidmaatschappen.copy()
    lid["deelnemer_type"] = "gemeente"
    lid["naam"] = lid["gemeentecode"].map(reg.gemeenten["gemeentenaam"])
    lid["roo_id"] = lid["samenwerking"].map(sw["roo_id"]) if "roo_id" in sw.columns else ""
    o = ov.rename(columns={"type": "deelnemer_type"}).assign(gemeentecode="")
    deel = pd.concat([lid, o], ignore_index=True).sort_values(
        ["samenwerking", "deelnemer_type", "gemeentecode", "naam"]
    )
    _frame_csv(deel, uit / "deelnemers.csv", DEELNEMER_COLUMNS)
    h = reg.meta.get("herkomst")
    # Every row's source, then every value an aanvulling supplied.
    rij_herkomst = sw[["id", "bron"]].rename(columns={"id": "samenwerking", "bron": "herkomst"})
    rij_herkomst = rij_herkomst.assign(veld="bron", waarde="")
    herkomst = pd.concat(
        [rij_herkomst, h if isinstance(h, pd.DataFrame) else None], ignore_index=True
    )
    _frame_csv(
        herkomst, uit / "herkomst.csv", ("samenwerking", "veld", "waarde", "herkomst", "aanvulling")
    )
    b = reg.meta.get("bestuurders")
    if isinstance(b, pd.DataFrame):
        _frame_csv(b, uit / "bestuurders.csv", list(b.columns))


# --- herstel ------------------------------------------------------------------------------------


def _lees_gegevens(pad: Path) -> list[dict]:
    if not pad.is_file():
        raise HerstelFout(
            f"{pad.name} ontbreekt in {pad.parent}; is dit een export van 'beheer export'?"
        )
    with pad.open(encoding="utf-8", newline="") as fh:
        rdr = csv.DictReader(fh)
        if "gegevens" not in (rdr.fieldnames or []):
            raise HerstelFout(f"{pad.name} heeft geen kolom 'gegevens'.")
        try:
            return [json.loads(r["gegevens"]) for r in rdr]
        except json.JSONDecodeError as exc:
            raise HerstelFout(
                f"{pad.name}: onleesbare gegevens ({exc.msg}, regel {exc.lineno})."
            ) from None


def _dt(s: str | None) -> datetime | None:
    return datetime.fromisoformat(s) if s else None


def herstel(store: Store, map_: str | Path, vervangen: bool = False) -> dict:
    """Restore aanvullingen and revisions from an export folder into ``store``.

    The store must hold no aanvullingen, unless ``vervangen`` (then they are removed first).
    Ids, versions and timestamps are kept, so history and optimistic locking continue."""
    map_ = Path(map_)
    manifest_pad = map_ / "export.json"
    if not manifest_pad.is_file():
        raise HerstelFout(f"{map_} is geen export (export.json ontbreekt).")
    manifest = json.loads(manifest_pad.read_text(encoding="utf-8"))
    if manifest.get("formaat") != FORMAAT:
        raise HerstelFout(f"Onbekend exportformaat {manifest.get('formaat')!r}.")
    aanv = _lees_gegevens(map_ / "aanvullingen.csv")
    revs = _lees_gegevens(map_ / "revisies.csv")
    with store._sessie(schrijf=True) as s:
        bestaand = s.scalar(select(func.count()).select_from(AanvullingRij))
        if bestaand and not vervangen:
            raise HerstelFout(
                f"De store bevat al {bestaand} aanvullingen; herstel alleen in een lege store "
                "(of gebruik --vervangen)."
            )
        if bestaand:
            s.execute(text("DELETE FROM revisie"))
            s.execute(text("DELETE FROM aanvulling"))
        # The prepared publication of what was here is no longer what is published; the
        # restored one is prepared and kept after the commit.
        s.execute(text("DELETE FROM publicatie"))
        s.info["publiceert"] = True
        for d in aanv:
            s.add(
                AanvullingRij(
                    **{**d, **{k: _dt(d[k]) for k in ("aangemaakt", "gewijzigd", "goedgekeurd_op")}}
                )
            )
        s.flush()
        for d in revs:
            s.add(RevisieRij(**{**d, "tijd": _dt(d["tijd"])}))
        s.flush()
        if s.get_bind().dialect.name == "postgresql":
            for tabel in ("aanvulling", "revisie"):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {tabel}), 0) + 1, false)"
                    )
                )
    return {"aanvullingen": len(aanv), "revisies": len(revs)}
