"""Look-ups in the registry: ``gemeente``, ``samenwerking`` and ``stats``."""

from __future__ import annotations

import argparse

import pandas as pd

from kaartviewer.cli.common import EXIT_OK, emit, gemeente_indeling, load_registry
from kaartviewer.cli.fmt import aantal, getal, json_getal, procent
from kaartviewer.registry import Registry
from kaartviewer.schema import HERKOMST, JURIDISCHE_VORMEN, LIST_SEP, ONDERWERPEN

#: Said wherever memberships are shown on a later gemeente-indeling than the registry's.
LET_OP_2016 = (
    "Samenwerkingen zoals geregistreerd in 2016, toegekend via de voorgangers van deze "
    "gemeente; ze kunnen sindsdien zijn veranderd."
)

# --- gemeente ----------------------------------------------------------------------------


def gemeente_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("naam", help="gemeentenaam of -code (GM0363)")


def _samenwerking_item(i: str, r, projected: bool) -> dict:
    item = {
        "id": i,
        "naam": r.naam,
        "onderwerp": r.onderwerp,
        "juridische_vorm": r.juridische_vorm,
        "partners": int(r.partners),
        "bron": r.bron,
    }
    if projected:
        item["herkomst"] = {
            "via": r.via.split(", "),
            "via_codes": r.via_codes.split(LIST_SEP),
            "deels": bool(r.deels),
            "aandeel": json_getal(r.aandeel),
        }
    return item


def _samenwerking_line(it: dict) -> str:
    via = ""
    if "herkomst" in it:
        h = it["herkomst"]
        via = f"  via {', '.join(h['via'])}"
        if h["deels"]:
            via += f" (deels: {procent(h['aandeel'])} van het gebied)"
    return (
        f"  {it['naam']}  [{ONDERWERPEN[it['onderwerp']]}; "
        f"{JURIDISCHE_VORMEN[it['juridische_vorm']]}; "
        f"{aantal(it['partners'], 'partner', 'partners')}]{via}  {it['id']}"
    )


def gemeente(args: argparse.Namespace) -> int:
    """The samenwerkingen of one gemeente (name or code), with provenance on 2025."""
    reg = load_registry(args)
    code = reg.find_gemeente(args.naam)
    g = reg.gemeenten.loc[code]
    df = reg.samenwerkingen_van(code)
    projected = "via" in df.columns
    items = [_samenwerking_item(i, r, projected) for i, r in df.iterrows()]
    data = {
        "gemeentecode": code,
        "gemeentenaam": g.gemeentenaam,
        "provincie": g.provincienaam,
        "gemeente_indeling": gemeente_indeling(args),
        "aantal": len(items),
        "samenwerkingen": items,
    }
    if projected:
        data["let_op"] = LET_OP_2016

    def human():
        print(
            f"{g.gemeentenaam} ({code}, {g.provincienaam}): "
            f"{aantal(len(items), 'samenwerking', 'samenwerkingen')}"
        )
        if projected:
            print(f"  (gemeente-indeling {gemeente_indeling(args)}; {LET_OP_2016})")
        for it in items:
            print(_samenwerking_line(it))

    emit(args, data, human)
    return EXIT_OK


# --- samenwerking ------------------------------------------------------------------------


def samenwerking_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("naam", help="naam of id van de samenwerking")


def _herkomst(code: str) -> str:
    return HERKOMST.get(code, code)


def samenwerking(args: argparse.Namespace) -> int:
    """Members and other participants of one samenwerking (name or id)."""
    reg = load_registry(args)
    sid = reg.find_samenwerking(args.naam)
    s = reg.samenwerkingen.loc[sid]
    leden = reg.deelnemers_van(sid)
    overige = reg.overige_van(sid)
    data = {
        "id": sid,
        "naam": s.naam,
        "onderwerp": s.onderwerp,
        "juridische_vorm": s.juridische_vorm,
        "onderwerp_herkomst": s.onderwerp_herkomst,
        "juridische_vorm_herkomst": s.juridische_vorm_herkomst,
        "bron": s.bron,
        "peildatum": s.peildatum,
        "regio_indeling": s.regio_indeling,
        "gemeente_indeling": gemeente_indeling(args),
        "deelnemers": [
            {
                "gemeentecode": r.gemeentecode,
                "gemeentenaam": r.gemeentenaam,
                "provincie": r.provincienaam,
            }
            for r in leden.itertuples()
        ],
        "overige_deelnemers": [{"type": r.type, "naam": r.naam} for r in overige.itertuples()],
    }

    def human():
        print(f"{s.naam}  ({sid})")
        print(
            f"  onderwerp: {ONDERWERPEN[s.onderwerp]} ({_herkomst(s.onderwerp_herkomst)}); "
            f"juridische vorm: {JURIDISCHE_VORMEN[s.juridische_vorm]} "
            f"({_herkomst(s.juridische_vorm_herkomst)})"
        )
        print(f"  bron: {s.bron}; peildatum {s.peildatum}")
        print(
            f"  {aantal(len(leden), 'gemeente', 'gemeenten')} "
            f"(gemeente-indeling {gemeente_indeling(args)}):"
        )
        for r in leden.itertuples():
            print(f"    {r.gemeentecode}  {r.gemeentenaam} ({r.provincienaam})")
        if len(overige):
            print(f"  {aantal(len(overige), 'overige deelnemer', 'overige deelnemers')}:")
            for r in overige.itertuples():
                print(f"    [{r.type}] {r.naam}")

    emit(args, data, human)
    return EXIT_OK


# --- stats -------------------------------------------------------------------------------


def per_bron(reg: Registry) -> tuple[dict[str, int], int]:
    """Samenwerkingen per source, and how many have more than one source.

    A samenwerking found in both OpenGR and RegioAtlas (one body, merged by the pipeline)
    counts under each, so the counts per source add up to more than the total.
    """
    bronnen = (
        reg.samenwerkingen["bron"]
        .fillna("")
        .map(lambda b: [x.strip() for x in b.split(LIST_SEP) if x.strip()])
    )
    counts = pd.Series([b for bs in bronnen for b in bs], dtype=object).value_counts()
    return {k: int(v) for k, v in counts.sort_index().items()}, int((bronnen.map(len) > 1).sum())


def _bronnen_zin(data: dict) -> str:
    """``833; 436 met bron OpenGR 2016, 502 met bron RegioAtlas 2016 — 105 hebben beide
    bronnen …``: why the counts per source do not add up to the total."""
    per = data["samenwerkingen_per_bron"]
    zin = f"{data['samenwerkingen']}; " + ", ".join(f"{n} met bron {b}" for b, n in per.items())
    meer = data["samenwerkingen_meerdere_bronnen"]
    if meer:
        beide = "beide bronnen" if len(per) == 2 else "meer dan één bron"
        zin += (
            f" — {meer} {'heeft' if meer == 1 else 'hebben'} {beide} (samengevoegd) en "
            f"{'telt' if meer == 1 else 'tellen'} bij elke bron mee"
        )
    return zin


def _print_stats(data: dict) -> None:
    m = data["lidmaatschappen_per_gemeente"]
    d = data["dekking"]
    print(f"gemeenten: {data['gemeenten']} (met geometrie: {data['gemeenten_met_geometrie']})")
    print(f"samenwerkingen: {_bronnen_zin(data)}")
    print(
        f"lidmaatschappen: {data['lidmaatschappen']}; per gemeente gemiddeld "
        f"{getal(m['gemiddeld'], 1)}, mediaan {getal(m['mediaan'], 1)}, "
        f"maximum {m['maximum']} ({m['maximum_gemeente']})"
    )
    print("per onderwerp:")
    for k, v in data["per_onderwerp"].items():
        print(f"  {ONDERWERPEN.get(k, k)}: {v}")
    print("per juridische vorm:")
    for k, v in data["per_juridische_vorm"].items():
        print(f"  {JURIDISCHE_VORMEN.get(k, k)}: {v}")
    line = f"peildatum: {d.get('peildatum') or 'onbekend'}"
    share = d.get("opgelost_aandeel_gemeentelijke_rijen")
    if share is not None:
        line += f"; opgeloste gemeentelijke deelnemersrijen: {procent(share, 1)}"
    print(line)
    for b in d.get("bronnen", []):
        print(f"  bron: {b['naam']} ({b['uitgever']}, {b['licentie']})")


def stats(args: argparse.Namespace) -> int:
    """Counts, memberships per gemeente and coverage of the data."""
    reg = load_registry(args)
    data = reg.stats()
    data["samenwerkingen_per_bron"], data["samenwerkingen_meerdere_bronnen"] = per_bron(reg)
    data["gemeente_indeling"] = gemeente_indeling(args)
    emit(args, data, lambda: _print_stats(data))
    return EXIT_OK
