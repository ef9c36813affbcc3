"""``samenwerking``: one samenwerking in full — what the register says about it, its
versions, and per deelnemer how it takes part."""

from __future__ import annotations

import argparse

import pandas as pd

from kaartviewer.cli.common import EXIT_NIET_GEVONDEN, EXIT_OK, Fout
from kaartviewer.cli.fmt import aantal, json_getal, procent
from kaartviewer.cli.laag import (
    ACTUEEL,
    Weergave,
    at,
    gekozen_laag,
    load_layer,
    load_register_data,
    met_aanvullingen,
    toon,
)
from kaartviewer.cli.tekst import kort, lijst, organen_kort, raad_neemt_deel, tekst
from kaartviewer.register import RegisterData
from kaartviewer.registry import NotFound, Registry
from kaartviewer.schema import (
    BESTUURDER_FUNCTIES,
    FASEN,
    HERKOMST,
    JURIDISCHE_VORMEN,
    ONDERWERPEN,
)
from kaartviewer.text import fold

#: Register fields shown as one text each (JSON: the full text).
REGISTER_TEKST = (
    "afkorting",
    "titel",
    "doel",
    "bronhouder",
    "regionaal_samenwerkingsorgaan",
    "website",
    "register_url",
    "roo_id",
    "geldig_van",
    "geldig_tot",
    "toelichting",
)
#: Register fields that are lists (``;``-separated in the data).
REGISTER_LIJST = (
    "bevoegdheden",
    "beleidsterreinen",
    "bevoegdheidsverkrijgingen",
    "instellingsbesluiten",
    "roo_ids",
)


def samenwerking_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("naam", help="naam of id van de samenwerking")


def _herkomst(code: str) -> str:
    return HERKOMST.get(code, code)


def _vorm(code: str) -> str:
    return JURIDISCHE_VORMEN.get(code, code)


# --- the data ----------------------------------------------------------------------------


def _register_velden(reg: Registry, s: pd.Series) -> dict:
    out: dict = {k: tekst(s.get(k)) for k in REGISTER_TEKST}
    out |= {k: lijst(s.get(k)) for k in REGISTER_LIJST}
    code = tekst(s.get("centrumgemeente"))
    naam = reg.gemeenten["gemeentenaam"].get(code, code) if code else ""
    out["centrumgemeente"] = {"gemeentecode": code, "gemeentenaam": naam} if code else None
    return out


def versies_van(data: RegisterData | None, sid: str, roo_id: str) -> list[dict]:
    """The versions of one samenwerking, oldest first; ``in_werking`` marks the one shown."""
    if data is None:
        return []
    v = data.versies[data.versies["samenwerking"] == sid].sort_values(["geldig_van", "roo_id"])
    return [
        {
            "roo_id": r.roo_id,
            "titel": tekst(r.titel),
            "citeertitel": tekst(r.citeertitel),
            "geldig_van": tekst(r.geldig_van),
            "geldig_tot": tekst(r.geldig_tot),
            "juridische_vorm": tekst(r.juridische_vorm),
            "in_werking": r.roo_id == roo_id,
        }
        for r in v.itertuples()
    ]


def _deelnemers(reg: Registry, sid: str) -> list[dict]:
    leden = reg.deelnemers_van(sid)
    lid = reg.lidmaatschappen[reg.lidmaatschappen["samenwerking"] == sid].set_index("gemeentecode")
    out = []
    for r in leden.itertuples():
        d = {
            "gemeentecode": r.gemeentecode,
            "gemeentenaam": r.gemeentenaam,
            "provincie": r.provincienaam,
        }
        m = lid.loc[r.gemeentecode] if r.gemeentecode in lid.index else None
        if m is not None and "via" in lid.columns:
            d["herkomst"] = {
                "via": lijst(m["via"], ","),
                "via_codes": lijst(m["via_codes"]),
                "deels": bool(m["deels"]),
                "aandeel": json_getal(m["aandeel"]),
            }
        if m is not None and "bestuursorganen" in lid.columns:
            d["toetredingsdatum"] = tekst(m["toetredingsdatum"])
            d["bestuursorganen"] = lijst(m["bestuursorganen"])
            d["gemeenteraad_neemt_deel"] = raad_neemt_deel(m["bestuursorganen"])
        out.append(d)
    return out


def beschrijving(reg: Registry, sid: str, data: RegisterData | None) -> dict:
    """Everything the command shows about one samenwerking, JSON-ready."""
    s = reg.samenwerkingen.loc[sid]
    out = {
        "id": sid,
        "naam": s["naam"],
        "onderwerp": s["onderwerp"],
        "onderwerp_herkomst": s["onderwerp_herkomst"],
        "juridische_vorm": s["juridische_vorm"],
        "juridische_vorm_herkomst": s["juridische_vorm_herkomst"],
        "bron": s["bron"],
        "regio_indeling": tekst(s.get("regio_indeling")),
        "status": tekst(s.get("status")),
    }
    if "roo_id" in s.index:
        out |= _register_velden(reg, s)
        out["versies"] = versies_van(data, sid, out["roo_id"])
    out["deelnemers"] = _deelnemers(reg, sid)
    out["overige_deelnemers"] = [
        {"type": r.type, "naam": r.naam} for r in reg.overige_van(sid).itertuples()
    ]
    if "aanvullingen" in reg.meta:  # merged from the beheer store
        from kaartviewer.beheer.publiceren import aanvulling_details

        out |= aanvulling_details(reg, sid)
    return out


# --- finding it --------------------------------------------------------------------------


def _niet_in_werking(data: RegisterData, text: str, peildatum: str) -> Fout | None:
    """A register samenwerking that exists but has no version in force on ``peildatum``."""
    sw = data.samenwerkingen
    key = fold(text.strip())
    hits = [i for i, n in sw["naam"].items() if i == text.strip() or fold(str(n)) == key]
    if len(hits) != 1:
        return None
    sid = hits[0]
    v = data.versies[data.versies["samenwerking"] == sid].sort_values("geldig_van")
    if v.empty:
        return None
    van, tot = v["geldig_van"].iloc[0], tekst(v["geldig_tot"].iloc[-1])
    periode = f"van {van} tot {tot}" if tot else f"vanaf {van}"
    return Fout(
        f"{sw.at[sid, 'naam']} ({sid}) is niet in werking op peildatum {peildatum}: het "
        f"register kent hem {periode}. Kies een peildatum in die periode, bijv. --peildatum "
        f"{v['geldig_van'].iloc[-1]}.",
        EXIT_NIET_GEVONDEN,
    )


def _find(reg: Registry, data: RegisterData | None, text: str) -> str:
    try:
        return reg.find_samenwerking(text)
    except NotFound:
        if data is not None:
            fout = _niet_in_werking(data, text, str(reg.meta.get("peildatum")))
            if fout is not None:
                raise fout from None
        raise


# --- for people --------------------------------------------------------------------------


def _ingekort(t: str, limiet: int) -> str:
    k = kort(t, limiet)
    return k + " [volledig met --json]" if k.endswith("…") else k


def _print_register(d: dict) -> None:
    regels = [
        ("afkorting", d["afkorting"]),
        ("titel", d["titel"] if d["titel"] != d["naam"] else ""),
        ("doel", _ingekort(d["doel"], 300)),
        ("bevoegdheden", _ingekort("; ".join(d["bevoegdheden"]), 200)),
        ("verkregen door", ", ".join(d["bevoegdheidsverkrijgingen"]).lower()),
        ("beleidsterreinen", "; ".join(d["beleidsterreinen"])),
        ("bronhouder", d["bronhouder"]),
        ("uitgevoerd door", d["regionaal_samenwerkingsorgaan"]),
        ("website", d["website"]),
        ("instellingsbesluiten", "  ".join(d["instellingsbesluiten"])),
        ("in het register", d["register_url"]),
        ("toelichting", d["toelichting"]),
    ]
    for label, waarde in regels:
        if waarde:
            print(f"  {label}: {waarde}")


def _print_versies(d: dict, peildatum: str) -> None:
    versies = d.get("versies") or []
    if not d.get("roo_id") and not versies:
        return
    print(
        f"  roo_id {d['roo_id'] or '—'} (de versie op {peildatum}); "
        f"{aantal(len(versies), 'versie', 'versies')} in het register"
        f"{' (* = getoond)' if len(versies) > 1 else ''}:"
    )
    for v in versies:
        mark = "*" if v["in_werking"] and len(versies) > 1 else " "
        periode = f"{v['geldig_van']} – {v['geldig_tot'] or '…'}"
        print(
            f"   {mark} {v['roo_id']:<10} {periode:<25} {_vorm(v['juridische_vorm']):<28} "
            f"{v['titel']}"
        )


def _deelnemer_regel(r: dict) -> str:
    line = f"    {r['gemeentecode']}  {r['gemeentenaam']} ({r['provincie']})"
    if r.get("bestuursorganen"):
        line += f"  [{organen_kort(r['bestuursorganen'])}]"
    if r.get("toetredingsdatum"):
        line += f"  toegetreden {r['toetredingsdatum']}"
    h = r.get("herkomst")
    if h and h["via"]:
        line += f"  via {', '.join(h['via'])}"
        if h["deels"]:
            line += f" (deels: {procent(h['aandeel'])} van het gebied)"
    return line


def _print(d: dict, w: Weergave) -> None:
    print(f"{d['naam']}  ({d['id']})")
    vorm = f"{_vorm(d['juridische_vorm'])} ({_herkomst(d['juridische_vorm_herkomst'])})"
    if d.get("centrumgemeente"):
        vorm += f"; centrumgemeente {d['centrumgemeente']['gemeentenaam']}"
    print(f"  juridische vorm: {vorm}")
    print(
        f"  onderwerp: {ONDERWERPEN.get(d['onderwerp'], d['onderwerp'])} "
        f"({_herkomst(d['onderwerp_herkomst'])})"
    )
    if "roo_id" in d:
        _print_register(d)
        _print_versies(d, w.peildatum)
    regio = f"; regio-indeling {d['regio_indeling']}" if d["regio_indeling"] else ""
    print(f"  bron: {d['bron']}{regio}")
    leden = d["deelnemers"]
    print(
        f"  {aantal(len(leden), 'gemeente', 'gemeenten')} op peildatum {w.peildatum} "
        f"(gemeente-indeling {w.gemeente_indeling})"
        + (
            ": [wie namens de gemeente deelneemt]"
            if any(r.get("bestuursorganen") for r in leden)
            else ":"
        )
    )
    for r in leden:
        print(_deelnemer_regel(r))
    overige = d["overige_deelnemers"]
    if overige:
        print(f"  {aantal(len(overige), 'overige deelnemer', 'overige deelnemers')}:")
        for r in overige:
            print(f"    [{r['type']}] {r['naam']}")
    _print_aanvulling(d)


def _print_aanvulling(d: dict) -> None:
    """Fase, herkomst and bestuurders from the beheer store (only when one is configured)."""
    if d.get("fase"):
        periode = f"{d.get('start') or '…'} – {d.get('einde') or '…'}"
        print(f"  fase: {FASEN.get(d['fase'], d['fase'])} ({periode})")
    if d.get("aanvulling_herkomst"):
        print(f"  herkomst: {d['aanvulling_herkomst']}")
    for b in d.get("bestuurders", []):
        namens = b["gemeentecode"] or b["partij"]
        print(
            f"    bestuurder: {b['naam']} ({BESTUURDER_FUNCTIES.get(b['functie'], b['functie'])}, "
            f"{b['orgaan']}, namens {namens}) — {b['herkomst']}"
        )


def samenwerking(args: argparse.Namespace) -> int:
    """One samenwerking: register fields, versions, members with provenance and organs."""
    if gekozen_laag(args) == ACTUEEL:
        data = load_register_data(args)
        reg = met_aanvullingen(at(data, getattr(args, "peildatum", None)))
    else:
        data, reg = None, load_layer(args)
    weergave = Weergave.van(reg)
    sid = _find(reg, data, args.naam)
    d = beschrijving(reg, sid, data)
    toon(args, weergave, d, lambda: _print(d, weergave))
    return EXIT_OK
