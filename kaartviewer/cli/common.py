"""What the commands share: exit codes, failures, output, where the data is, the registry."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from kaartviewer import config
from kaartviewer.cli.fmt import aantal

#: Exit codes (README "Command line").
EXIT_OK = 0
EXIT_NIET_GEVONDEN = 1  # also: validation found errors
EXIT_GEBRUIK = 2
EXIT_DATA = 3  # data or sources unusable


class Fout(Exception):
    """A failure the user can act on: a Dutch message, an exit code, maybe suggestions."""

    def __init__(self, bericht: str, exitcode: int, suggesties: list[str] | None = None):
        super().__init__(bericht)
        self.exitcode = exitcode
        self.suggesties = list(suggesties or [])


def write_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def emit(args: argparse.Namespace, data, human: Callable[[], None]) -> None:
    """Print ``data`` as JSON with ``--json``, else call ``human`` (Dutch text)."""
    if args.json:
        write_json(data)
    else:
        human()


def report_failure(
    bericht: str,
    exitcode: int,
    suggesties: list[str] | None = None,
    as_json: bool = False,
    prefix: str = "",
) -> int:
    """Tell the user what went wrong and return ``exitcode``.

    The Dutch message (after ``prefix``, e.g. ``"fout: "``) always goes to stderr. With
    ``--json`` stdout carries one object ``{"fout", "exitcode", "suggesties"}`` as well, so
    a script always reads JSON there.
    """
    print(prefix + bericht, file=sys.stderr)
    if suggesties:
        print("Bedoelde u: " + "; ".join(suggesties) + "?", file=sys.stderr)
    if as_json:
        json.dump(
            {"fout": bericht, "exitcode": exitcode, "suggesties": list(suggesties or [])},
            sys.stdout,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
    return exitcode


def data_path(args: argparse.Namespace) -> Path:
    """``--data`` (before or after the command), else ``$KAARTVIEWER_DATA``, else shipped."""
    return config.data_dir(getattr(args, "data", None))


def mention_load_errors(report) -> None:
    """Rows the loader rejected are mentioned on stderr (``kaartviewer validate`` lists them)."""
    if not report.ok:
        print(
            f"let op: {aantal(len(report.fouten), 'fout', 'fouten')} bij het laden; "
            "zie 'kaartviewer validate'",
            file=sys.stderr,
        )
