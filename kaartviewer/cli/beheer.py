"""``kaartviewer beheer …``: the beheer store from the command line.

``KAARTVIEWER_DATABASE_URL`` selects the store (default: a SQLite file in the user's data
directory, see :mod:`kaartviewer.beheer.db`). Actions:

* ``init`` — create the store or bring its schema up to date;
* ``gebruiker toevoegen NAAM --rol beheerder|redacteur [--gemeente CODE …]
  [--provincie CODE …] [--email ADRES] [--wachtwoord-stdin]`` — a local account;
* ``importeer BESTAND --gemeente CODE`` — compare a gemeente's own list with the registry;
* ``export MAP`` / ``herstel MAP`` — open-data export and backup, and restore.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kaartviewer.cli.common import (
    EXIT_DATA,
    EXIT_GEBRUIK,
    EXIT_OK,
    Fout,
    data_path,
    emit,
    mention_load_errors,
)
from kaartviewer.schema import BEHEER_ROLLEN

BESCHRIJVING = (
    "de beheer-store met aanvullingen (KAARTVIEWER_DATABASE_URL, standaard een SQLite-bestand "
    "in de gebruikersmap): beheer init; beheer gebruiker toevoegen NAAM --rol "
    "beheerder|redacteur [--gemeente CODE …] [--provincie CODE …] [--email ADRES] "
    "[--wachtwoord-stdin]; beheer importeer BESTAND --gemeente CODE [--json]; beheer export "
    "MAP; beheer herstel MAP [--vervangen]"
)


def _shared(p: argparse.ArgumentParser) -> None:
    """--json and --data may also follow the action (defaults SUPPRESS: not overwritten)."""
    p.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="uitvoer als JSON"
    )
    p.add_argument("--data", metavar="MAP", default=argparse.SUPPRESS, help="map met de data")


def beheer_arguments(p: argparse.ArgumentParser) -> None:
    p.description = BESCHRIJVING
    sub = p.add_subparsers(dest="beheer_actie", required=True, metavar="ACTIE")
    init = sub.add_parser("init", help="maak de store aan of werk het schema bij")
    init.set_defaults(beheer_run=init_store)
    gebruiker = sub.add_parser("gebruiker", help="lokale accounts")
    gsub = gebruiker.add_subparsers(dest="gebruiker_actie", required=True, metavar="ACTIE")
    toe = gsub.add_parser(
        "toevoegen", help="voeg een account toe (of wijzig rol, gemeenten, wachtwoord)"
    )
    toe.add_argument("naam", help="inlognaam")
    toe.add_argument("--rol", required=True, choices=list(BEHEER_ROLLEN), help="de rol")
    toe.add_argument(
        "--gemeente",
        action="append",
        default=[],
        metavar="CODE",
        help="gemeentecode waarvoor de redacteur werkt (herhaalbaar)",
    )
    toe.add_argument(
        "--provincie", action="append", default=[], metavar="CODE", help="provinciecode (PV20)"
    )
    toe.add_argument("--email", help="e-mailadres voor inloggen via de organisatie (OIDC)")
    toe.add_argument(
        "--wachtwoord-stdin",
        action="store_true",
        help="lees het wachtwoord van stdin (anders gevraagd als stdin een terminal is)",
    )
    toe.set_defaults(beheer_run=gebruiker_toevoegen)
    imp = sub.add_parser("importeer", help="vergelijk de eigen lijst van een gemeente")
    imp.add_argument("bestand", help="CSV of Excel (.xlsx), zoals gepubliceerd")
    imp.add_argument("--gemeente", required=True, help="gemeentenaam of -code")
    imp.set_defaults(beheer_run=importeer)
    exp = sub.add_parser("export", help="schrijf aanvullingen, register en wijzigingslog als CSV")
    exp.add_argument("map", help="doelmap")
    exp.set_defaults(beheer_run=export)
    her = sub.add_parser("herstel", help="zet een export terug in een lege store")
    her.add_argument("map", help="map van 'beheer export'")
    her.add_argument(
        "--vervangen", action="store_true", help="verwijder eerst de aanvullingen in de store"
    )
    her.set_defaults(beheer_run=herstel)
    for q in (init, toe, imp, exp, her):
        _shared(q)


def beheer(args: argparse.Namespace) -> int:
    """Run one ``beheer`` action; store and input errors become Dutch messages."""
    from sqlalchemy.exc import OperationalError

    from kaartviewer.beheer.importeren import ImportFout
    from kaartviewer.beheer.service import Geweigerd, OngeldigeInvoer
    from kaartviewer.beheer.uitwisseling import HerstelFout

    try:
        return args.beheer_run(args)
    except OngeldigeInvoer as exc:
        raise Fout(str(exc), EXIT_GEBRUIK) from None
    except (ImportFout, HerstelFout, Geweigerd) as exc:
        raise Fout(str(exc), EXIT_DATA) from None
    except OperationalError as exc:
        raise Fout(
            f"De beheer-store ({_url_tekst()}) is niet bereikbaar: {exc.orig}", EXIT_DATA
        ) from None


def _url_tekst() -> str:
    from sqlalchemy.engine import make_url

    from kaartviewer.beheer import db

    return make_url(db.database_url()).render_as_string(hide_password=True)


def _store(registry=None):
    from kaartviewer.beheer.service import Store

    return Store.open(registry=registry)


def _registry(args: argparse.Namespace):
    from kaartviewer.load import load

    reg, report = load(data_path(args))
    mention_load_errors(report)
    return reg


def init_store(args: argparse.Namespace) -> int:
    from kaartviewer.beheer import db

    _store()
    data = {"database": _url_tekst(), "schema": db.current_revision()}
    emit(
        args,
        data,
        lambda: print(f"Beheer-store klaar: {data['database']} (schema {data['schema']})"),
    )
    return EXIT_OK


def _wachtwoord(args: argparse.Namespace) -> str | None:
    if args.wachtwoord_stdin:
        regel = sys.stdin.readline().rstrip("\r\n")
        if not regel:
            raise Fout("Geen wachtwoord op stdin.", EXIT_GEBRUIK)
        return regel
    if sys.stdin.isatty():
        een = getpass.getpass("Wachtwoord (leeg = alleen inloggen via de organisatie): ")
        if een and getpass.getpass("Nogmaals: ") != een:
            raise Fout("De wachtwoorden verschillen.", EXIT_GEBRUIK)
        return een or None
    return None


def gebruiker_toevoegen(args: argparse.Namespace) -> int:
    wachtwoord = _wachtwoord(args)
    actor = _store().gebruiker_toevoegen(
        args.naam, args.rol, wachtwoord, args.gemeente, args.provincie, args.email
    )
    data = {
        "naam": actor.naam,
        "rol": actor.rol,
        "gemeenten": list(actor.gemeenten),
        "provincies": list(actor.provincies),
        "lokaal_wachtwoord": wachtwoord is not None,
    }
    scope = ", ".join(actor.gemeenten + actor.provincies) or "alles"
    emit(
        args,
        data,
        lambda: print(f"Account {actor.naam}: {BEHEER_ROLLEN[actor.rol]} voor {scope}."),  # type: ignore[index]
    )
    return EXIT_OK


STATUS_LABEL = {
    "gevonden": "gevonden",
    "andere_vorm": "andere vorm",
    "nieuw": "nieuw (niet in het register)",
}


def importeer(args: argparse.Namespace) -> int:
    from kaartviewer.beheer.importeren import vergelijk_lijst
    from kaartviewer.schema import JURIDISCHE_VORMEN

    reg = _registry(args)
    diff = vergelijk_lijst(args.bestand, args.gemeente, reg)

    def human() -> None:
        naam = reg.gemeenten.at[diff.gemeente, "gemeentenaam"]
        t = diff.telling()
        print(
            f"{diff.bestand} voor {naam} ({diff.gemeente}): {t['gevonden']} gevonden, "
            f"{t['andere_vorm']} met een andere vorm, {t['nieuw']} nieuw, "
            f"{t['alleen_in_register']} alleen in het register"
        )
        for r in diff.rijen:
            regel = f"  rij {r.nr:>4}  {STATUS_LABEL[r.status]:<29} {r.naam}"
            if r.samenwerking_id:
                regel += f"  → {r.samenwerking_naam} ({r.samenwerking_id}, {r.score:.0f}%)"
                if not r.gemeente_is_deelnemer:
                    regel += " [gemeente is daar geen deelnemer]"
            if r.status == "andere_vorm":
                regel += (
                    f"  lijst: {JURIDISCHE_VORMEN.get(r.vorm, r.vorm)}, register: "
                    f"{JURIDISCHE_VORMEN.get(r.register_vorm, r.register_vorm)}"
                )
            print(regel)
        if diff.alleen_in_register:
            print("  alleen in het register (niet op de lijst):")
            for a in diff.alleen_in_register:
                print(f"    {a['naam']} ({a['samenwerking_id']})")

    emit(args, diff.as_dict(), human)
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from kaartviewer.beheer.uitwisseling import exporteer

    reg = _registry(args)
    manifest = exporteer(_store(reg), args.map, reg)
    emit(
        args,
        manifest,
        lambda: print(
            f"Export in {args.map}: {manifest['aanvullingen']} aanvullingen, "
            f"{manifest['revisies']} revisies, {manifest['samenwerkingen']} samenwerkingen "
            f"(peildatum {manifest['peildatum']}): {', '.join(manifest['bestanden'])}"
        ),
    )
    return EXIT_OK


def herstel(args: argparse.Namespace) -> int:
    from kaartviewer.beheer.uitwisseling import herstel as herstel_map

    uit = herstel_map(_store(), args.map, vervangen=args.vervangen)
    emit(
        args,
        uit,
        lambda: print(
            f"Hersteld uit {args.map}: {uit['aanvullingen']} aanvullingen, "
            f"{uit['revisies']} revisies."
        ),
    )
    return EXIT_OK
