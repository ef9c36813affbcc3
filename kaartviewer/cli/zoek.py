"""``kaartviewer zoek``: the app's search on the command line, and gemeente names that the
registry does not know by themselves ('Den Bosch', a merged gemeente's former name)."""

from __future__ import annotations

import argparse
import sys

from kaartviewer import zoeken
from kaartviewer.cli.common import EXIT_NIET_GEVONDEN, EXIT_OK, Fout, data_path
from kaartviewer.cli.laag import Weergave, load_layer, toon
from kaartviewer.registry import NotFound, Registry


def zoek_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "tekst", help="naam, deel van een naam, gemeentecode (GM0363, 0363) of oude naam"
    )
    p.add_argument(
        "--max",
        type=int,
        default=zoeken.MAX_TREFFERS,
        metavar="N",
        help=f"hoogstens N treffers (standaard {zoeken.MAX_TREFFERS})",
    )


def zoek(args: argparse.Namespace) -> int:
    """Gemeenten and samenwerkingen matching a text, best first, with why they match."""
    reg = load_layer(args)
    hits = zoeken.zoek(reg, args.tekst, max(args.max, 0), zoeken.herindelingen(data_path(args)))
    if not hits:
        raise Fout(f"Niets gevonden voor '{args.tekst}'.", EXIT_NIET_GEVONDEN)
    data = {
        "zoekterm": args.tekst,
        "treffers": [h.als_dict() | {"reden": h.reden} for h in hits],
    }

    def human():
        for h in hits:
            reden = f"  ({h.reden})" if h.reden else ""
            print(f"{h.type:<12}  {h.naam}{reden}  {h.id}")

    toon(args, Weergave.van(reg), data, human)
    return EXIT_OK


def vind_gemeente(reg: Registry, args: argparse.Namespace, tekst: str) -> str:
    """Gemeentecode for a name or code; a common or former name that points at exactly one
    gemeente is accepted with a note on stderr ('Den Bosch' is 's-Hertogenbosch)."""
    try:
        return reg.find_gemeente(tekst)
    except NotFound as exc:
        crosswalk = zoeken.herindelingen(data_path(args))
        hit = zoeken.gemeente_bij_naam(reg, tekst, crosswalk)
        if hit is None:
            hits = [h for h in zoeken.zoek(reg, tekst, 10, crosswalk) if h.type == "gemeente"]
            exact = [f"{h.naam} ({h.reden})" if h.reden else h.naam for h in hits if h.exact]
            if exact:  # a gemeente split over several: each successor
                exc.suggestions = exact
            elif not exc.suggestions:
                exc.suggestions = [h.naam for h in hits[:5]]
            raise
        print(f"let op: '{tekst}' is {hit.naam} ({hit.reden}).", file=sys.stderr)
        return hit.id
