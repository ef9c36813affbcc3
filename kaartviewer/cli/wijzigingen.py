"""``wijzigingen``: what changed between two peildata of today's registry, or between the
2016 layer and today — nationally, or for one gemeente in plain sentences.

Thin over :mod:`kaartviewer.wijzigingen`: two registries on today's gemeenten are compared
by samenwerking id; the 2016 layer (projected onto today's gemeenten) is matched to
today's register with :func:`~kaartviewer.wijzigingen.koppel_lagen`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

import pandas as pd

from kaartviewer.cli.common import EXIT_OK, write_json
from kaartviewer.cli.fmt import aantal
from kaartviewer.cli.laag import (
    ACTUEEL,
    HISTORISCH,
    Weergave,
    at,
    let_op_onvolledig,
    load_layer,
    load_register_data,
)
from kaartviewer.cli.nl_argparse import UsageError, aantal_arg
from kaartviewer.cli.tekst import opsomming
from kaartviewer.cli.zoek import vind_gemeente
from kaartviewer.register import REGISTER_VERPLICHT_SINDS, PeildatumError, parse_peildatum
from kaartviewer.registry import Registry
from kaartviewer.wijzigingen import Wijzigingen, koppel_lagen, vergelijk

LET_OP_2016 = (
    "De laag 2016 (OpenGR en RegioAtlas) en het GR-register van vandaag zijn verschillende "
    "bronnen: samenwerkingen zijn op naam en deelnemers gekoppeld. 'Nieuw' kan ook betekenen "
    "dat OpenGR de regeling in 2016 niet had, 'beëindigd' dat de koppeling hem niet vond; "
    "een gekoppelde samenwerking telt als gewijzigd zodra naam of vorm in de bronnen anders "
    "luidt."
)
#: How a samenwerking's own mutatie reads after its name in a gemeente's sentence.
MERKTEKEN = {
    ACTUEEL: {"nieuw": " (nieuw)", "beeindigd": " (beëindigd)"},
    HISTORISCH: {"nieuw": " (niet in 2016)", "beeindigd": " (niet teruggevonden)"},
}


def wijzigingen_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--van",
        type=_moment_arg,
        default=REGISTER_VERPLICHT_SINDS,
        metavar="JJJJ-MM-DD|2016",
        help="peildatum om van te vergelijken (standaard %(default)s, sinds wanneer "
        "registratie verplicht is), of 2016: de laag 2016 op de gemeenten van vandaag",
    )
    p.add_argument(
        "--tot",
        type=_moment_arg,
        default=None,
        metavar="JJJJ-MM-DD",
        help="peildatum om mee te vergelijken (standaard: de snapshot van het register)",
    )
    p.add_argument("--gemeente", metavar="NAAM", help="alleen deze gemeente (naam of GM-code)")
    p.add_argument(
        "--top",
        type=aantal_arg,
        default=20,
        metavar="N",
        help="toon per lijst de eerste N (0 = alle; standaard 20). Alleen voor de tekst: "
        "--json geeft alles",
    )


def _moment_arg(text: str) -> str:
    if text.strip() == HISTORISCH:
        return HISTORISCH
    try:
        return parse_peildatum(text)
    except PeildatumError as exc:
        raise argparse.ArgumentTypeError(f"{exc} Of schrijf 2016 voor de laag 2016.") from None


# --- the comparison ----------------------------------------------------------------------


@dataclass(frozen=True)
class Vergelijking:
    w: Wijzigingen
    van: Weergave
    tot: Weergave
    reg_tot: Registry

    @property
    def laag_van(self) -> str:
        return self.van.laag


def _vergelijking(args: argparse.Namespace) -> Vergelijking:
    if args.tot == HISTORISCH:
        raise UsageError("--tot 2016 kan niet: vergelijk de laag 2016 met vandaag via --van 2016")
    data = load_register_data(args)
    reg_tot = at(data, args.tot)
    tot = reg_tot.meta["peildatum"]
    if args.van == HISTORISCH:
        reg_van = load_layer(args, laag=HISTORISCH, gemeente_indeling="2025")
        w = vergelijk(reg_van, reg_tot, HISTORISCH, tot, koppel_lagen(reg_van, reg_tot))
    else:
        if args.van > tot:
            raise UsageError(f"--van {args.van} ligt na --tot {tot}; draai ze om")
        reg_van = at(data, args.van)
        w = vergelijk(reg_van, reg_tot, args.van, tot)
    return Vergelijking(w, Weergave.van(reg_van), Weergave.van(reg_tot), reg_tot)


def _let_op(v: Vergelijking) -> list[str]:
    out = []
    if v.laag_van == HISTORISCH:
        out.append(LET_OP_2016)
    elif v.w.van < REGISTER_VERPLICHT_SINDS:
        out.append(
            let_op_onvolledig(v.w.van) + " Wat hier 'nieuw' heet, kan toen al hebben bestaan."
        )
    if v.tot.let_op and v.tot.peildatum >= REGISTER_VERPLICHT_SINDS:  # else said above
        out.append(v.tot.let_op)
    return out


# --- one gemeente in sentences -----------------------------------------------------------


def _namen(lid: pd.DataFrame, sw: pd.DataFrame, mutatie: str, merk: dict) -> list[str]:
    soort = dict(zip(sw["id"], sw["mutatie"], strict=True))
    rows = lid[lid["mutatie"] == mutatie]
    return [r.naam + merk.get(soort.get(r.samenwerking, ""), "") for r in rows.itertuples()]


def zin(w: Wijzigingen, gemeentenaam: str, laag_van: str, tot_is_snapshot: bool) -> str:
    """``Sinds 2021-07-01 trad Alfa toe tot X en Y (nieuw) en trad uit Z.``"""
    merk = MERKTEKEN[laag_van]
    bij = _namen(w.lidmaatschappen, w.samenwerkingen, "bij", merk)
    af = _namen(w.lidmaatschappen, w.samenwerkingen, "af", merk)
    begin = f"Sinds {w.van}" if tot_is_snapshot else f"Tussen {w.van} en {w.tot}"
    if not bij and not af:
        return f"{begin} trad {gemeentenaam} nergens toe en nergens uit."
    delen = []
    if bij:
        delen.append(f"toe tot {opsomming(bij)}")
    if af:
        delen.append(f"uit {opsomming(af)}")
    return f"{begin} trad {gemeentenaam} " + ", en trad ".join(delen) + "."


# --- output ------------------------------------------------------------------------------


def _kop(v: Vergelijking) -> str:
    van = (
        "de laag 2016 (OpenGR en RegioAtlas, op de gemeenten van vandaag)"
        if (v.laag_van == HISTORISCH)
        else f"peildatum {v.w.van}"
    )
    return (
        f"Wijzigingen van {van} tot peildatum {v.w.tot} "
        f"(laag actueel: GR-register, snapshot {v.tot.snapshot or 'onbekend'})"
    )


def _print_aantallen(a: dict) -> None:
    print(
        f"samenwerkingen: {a['nieuw']} nieuw, {a['beeindigd']} beëindigd, "
        f"{a['gewijzigd']} gewijzigd"
    )
    print(
        f"lidmaatschappen: {a['lidmaatschappen_bij']} toegetreden, "
        f"{a['lidmaatschappen_af']} uitgetreden"
    )


def _print_lijst(titel: str, regels: list[str], top: int) -> None:
    if not regels:
        return
    print(f"{titel} ({len(regels)}):")
    for r in regels[:top] if top else regels:
        print(f"  {r}")
    if top and len(regels) > top:
        print(f"  … en {len(regels) - top} meer (gebruik --top 0 voor alles)")


def _print_lijsten(w: Wijzigingen, top: int, per_gemeente: bool) -> None:
    sw, lid = w.samenwerkingen, w.lidmaatschappen
    for mutatie, titel in (
        ("nieuw", "Nieuw"),
        ("beeindigd", "Beëindigd"),
        ("gewijzigd", "Gewijzigd"),
    ):
        rows = sw[sw["mutatie"] == mutatie]
        _print_lijst(
            titel,
            [
                f"{r.naam}  ({r.id}; {aantal(int(r.n_deelnemers), 'gemeente', 'gemeenten')})"
                + (f": {r.wat}" if r.wat else "")
                for r in rows.itertuples()
            ],
            top,
        )
    for mutatie, titel in (("bij", "Toegetreden"), ("af", "Uitgetreden")):
        rows = lid[lid["mutatie"] == mutatie]
        regels = [
            r.naam if per_gemeente else f"{r.gemeentenaam} — {r.naam}" for r in rows.itertuples()
        ]
        _print_lijst(titel, regels, top)


def wijzigingen(args: argparse.Namespace) -> int:
    """New, ended and changed samenwerkingen and memberships between two moments."""
    v = _vergelijking(args)
    w = v.w
    gemeente = None
    if args.gemeente:
        code = vind_gemeente(v.reg_tot, args, args.gemeente)
        gemeente = {
            "gemeentecode": code,
            "gemeentenaam": v.reg_tot.gemeenten.at[code, "gemeentenaam"],
        }
        w = w.voor_gemeente(code)
    let_op = _let_op(v)
    data = {
        "laag_van": v.laag_van,
        "laag_tot": ACTUEEL,
        "snapshot": v.tot.snapshot,
        "gemeente": gemeente,
        **w.to_dict(),
    }
    if gemeente:
        data["zin"] = zin(w, gemeente["gemeentenaam"], v.laag_van, w.tot == v.tot.snapshot)
    if let_op:
        data["let_op"] = " ".join(let_op)
    if args.json:
        write_json(data)
        return EXIT_OK
    print(
        _kop(v)
        + (f", voor {gemeente['gemeentenaam']} ({gemeente['gemeentecode']})" if gemeente else "")
    )
    for t in let_op:
        print(f"let op: {t}", file=sys.stderr)
    if gemeente:
        print(data["zin"])
    _print_aantallen(w.aantallen())
    _print_lijsten(w, args.top, gemeente is not None)
    return EXIT_OK
