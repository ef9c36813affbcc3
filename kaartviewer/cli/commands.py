"""The ``kaartviewer`` command line: one table of commands, one parser, one error path.

Every command is a top-level function ``run(args) -> exit code`` (in :mod:`.data`,
:mod:`.queries` or :mod:`.analysis`) registered in :data:`COMMANDS` with its own arguments
and the shared options it honours. :func:`main` maps every failure to a Dutch message on
stderr and an exit code: 0 ok, 1 not found or validation errors, 2 usage, 3 data unusable.
With ``--json`` stdout then holds ``{"fout", "exitcode", "suggesties"}``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from kaartviewer import __version__
from kaartviewer.cli import analysis, beheer, data, laag, queries, samenwerking, wijzigingen
from kaartviewer.cli.common import (
    EXIT_DATA,
    EXIT_GEBRUIK,
    EXIT_NIET_GEVONDEN,
    Fout,
    report_failure,
)
from kaartviewer.cli.nl_argparse import DutchArgumentParser, UsageError
from kaartviewer.config import DATA_ENV
from kaartviewer.registry import NotFound
from kaartviewer.validation import LoadError


@dataclass(frozen=True)
class Command:
    """One verb: its function, one line of help, its own arguments, and whether it shows
    one layer of the registry, so takes ``--laag``, ``--peildatum`` and
    ``--gemeente-indeling`` (``--json`` and ``--data`` every command honours)."""

    name: str
    run: Callable[[argparse.Namespace], int]
    help: str
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    laag: bool = True


#: Every command, in the order of ``--help`` and README.
COMMANDS: tuple[Command, ...] = (
    Command(
        "validate",
        data.validate,
        "controleer elk databestand: de laag actueel, de laag 2016 en haar projectie op de "
        "gemeenten van 2025 (0 fouten = exit 0)",
        laag=False,
    ),
    Command(
        "build-data",
        data.build_data,
        "bouw de data opnieuw uit de bronnen, in --data",
        data.build_data_arguments,
        laag=False,
    ),
    Command(
        "gemeente",
        queries.gemeente,
        "samenwerkingen van een gemeente: vorm, onderwerp, partners, doet de raad mee",
        queries.gemeente_arguments,
    ),
    Command(
        "samenwerking",
        samenwerking.samenwerking,
        "een samenwerking: registergegevens, versies en deelnemers",
        samenwerking.samenwerking_arguments,
    ),
    Command(
        "wijzigingen",
        wijzigingen.wijzigingen,
        "wat veranderde tussen twee peildata (of sinds 2016): nieuw, beëindigd, "
        "toegetreden, uitgetreden",
        wijzigingen.wijzigingen_arguments,
        laag=False,
    ),
    Command(
        "stats", queries.stats, "kerncijfers, bronnen, lidmaatschappen per gemeente en dekking"
    ),
    Command(
        "indelingen",
        analysis.indelingen,
        "alle regio-indelingen: samenwerking of referentie",
    ),
    Command(
        "congruentie",
        analysis.congruentie,
        "ARI/NMI tussen twee regio-indelingen, alle paren (--matrix) of 2016 ↔ 2025 (--toen-nu)",
        analysis.congruentie_arguments,
    ),
    Command(
        "overlap",
        analysis.overlap,
        "overlappende samenwerkingen: identiek, genest of vergelijkbaar",
        analysis.overlap_arguments,
    ),
    Command(
        "spaghetti",
        analysis.spaghetti,
        "spaghetti-index per gemeente",
        analysis.spaghetti_arguments,
    ),
    Command(
        "regios",
        analysis.regios,
        "natuurlijke regio's (Louvain) naast de regio-indelingen",
        analysis.regios_arguments,
    ),
    Command(
        "beheer",
        beheer.beheer,
        "aanvullingen beheren: init, gebruiker toevoegen, importeer, export, herstel",
        beheer.beheer_arguments,
        laag=False,
    ),
)

EPILOG = (
    "De commando's over het register tonen standaard de laag actueel (GR-register en "
    "CBS 2025) op de datum van de snapshot; kies met --peildatum een andere dag of met "
    "--laag 2016 de historische laag. "
    "--data en --json mogen voor of na het commando staan. Zonder --data geldt "
    f"${DATA_ENV}, anders de meegeleverde data. Afsluitcodes: 0 goed, 1 niet gevonden of "
    "fouten in de data, 2 verkeerd gebruik, 3 data of bronnen onbruikbaar. "
    "Hulp per commando: kaartviewer COMMANDO -h."
)


DATA_HELP = f"map met de data (standaard: ${DATA_ENV}, anders de meegeleverde data)"
BUILD_DATA_HELP = f"map waarin de gebouwde data komt (standaard: ${DATA_ENV}, anders data/)"


def _shared_options(p: argparse.ArgumentParser, top: bool, data_help: str) -> None:
    # On the sub-command the defaults are SUPPRESS, so a value given before the command is
    # not overwritten by the sub-command's default.
    unset = None if top else argparse.SUPPRESS
    p.add_argument(
        "--json",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help='uitvoer als JSON (ook bij een fout: {"fout": …})',
    )
    p.add_argument("--data", metavar="MAP", default=unset, help=data_help)


def _add_command(sub, cmd: Command) -> None:
    p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help, allow_abbrev=False)
    if cmd.arguments:
        cmd.arguments(p)
    _shared_options(p, False, BUILD_DATA_HELP if cmd.name == "build-data" else DATA_HELP)
    if cmd.laag:
        laag.add_arguments(p)
    p.set_defaults(run=cmd.run, command_parser=p, check_laag=cmd.laag)


def build_parser() -> DutchArgumentParser:
    """The ``kaartviewer`` parser with one sub-command per entry of :data:`COMMANDS`."""
    p = DutchArgumentParser(
        prog="kaartviewer",
        description="Kaartviewer intergemeentelijke samenwerking: register, analyse en kaart.",
        epilog=EPILOG,
        allow_abbrev=False,
    )
    p.add_argument(
        "--version", action="version", version=f"kaartviewer {__version__}", help="toon de versie"
    )
    _shared_options(p, True, DATA_HELP)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMANDO")
    for cmd in COMMANDS:
        _add_command(sub, cmd)
    return p


def _json_requested(argv: list[str]) -> bool:
    return "--json" in (argv[: argv.index("--")] if "--" in argv else argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (never raises for a user's mistake)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = _json_requested(argv)
    parser = build_parser()
    args = None
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # reported with the usage of the command they were given to
            raise UsageError(f"onbekende argumenten: {' '.join(extra)}", args.command_parser)
        if args.check_laag:
            laag.check(args)
        return args.run(args)
    except UsageError as exc:
        usage = exc.parser or getattr(args, "command_parser", parser)
        usage.print_usage(sys.stderr)
        return report_failure(
            str(exc), EXIT_GEBRUIK, as_json=as_json, prefix=f"{usage.prog}: fout: "
        )
    except NotFound as exc:
        return report_failure(str(exc), EXIT_NIET_GEVONDEN, exc.suggestions, as_json)
    except LoadError as exc:
        return report_failure(str(exc), EXIT_DATA, as_json=as_json, prefix="fout: ")
    except Fout as exc:
        return report_failure(str(exc), exc.exitcode, exc.suggesties, as_json, prefix="fout: ")
    except SystemExit as exc:  # --help and --version print and stop
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
