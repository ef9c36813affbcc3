"""argparse in Dutch: usage, section titles and argparse's own error messages.

argparse looks up every text it prints at call time through ``argparse._`` and
``argparse.ngettext`` (gettext). :class:`DutchArgumentParser` points those two at the table
:data:`NL` only while one of its own methods runs and puts them back afterwards, so other
parsers in the same interpreter (pytest's, Streamlit's) keep their texts. A text missing
from the table (a newer Python may word one differently) stays English rather than break.

Usage errors do not exit: :meth:`DutchArgumentParser.error` raises :class:`UsageError`, so
``main`` decides where the message goes (stderr, plus a JSON object with ``--json``).
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: argparse's messages (Python 3.11–3.13 wording) → Dutch.
NL: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ongeldige waarde voor %(type)s: %(value)r",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "ambiguous option: %(option)s could match %(matches)s": (
        "dubbelzinnige optie: %(option)s kan %(matches)s zijn"
    ),
    "not allowed with argument %s": "niet toegestaan samen met argument %s",
    "ignored explicit argument %r": "waarde %r genegeerd",
    "one of the arguments %s is required": "een van de argumenten %s is verplicht",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "onbekend commando %(parser_name)r (kies uit %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}
#: Plural forms: (English singular, English plural) → (Dutch singular, Dutch plural).
NL_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"): (
        "verwacht %s waarde",
        "verwacht %s waarden",
    ),
}


def gettext_nl(message: str) -> str:
    """The Dutch text for one of argparse's messages (unknown ones unchanged)."""
    return NL.get(message, message)


def ngettext_nl(singular: str, plural: str, n: int) -> str:
    """Dutch ``ngettext`` for argparse's plural messages."""
    one, many = NL_PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextmanager
def dutch() -> Iterator[None]:
    """Within this block argparse speaks Dutch; afterwards it is exactly as before."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = gettext_nl, ngettext_nl
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _in_dutch(method: Callable) -> Callable:
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with dutch():
            return method(*args, **kwargs)

    return wrapper


class UsageError(Exception):
    """Wrong use of the command line (exit 2); ``parser`` prints the matching usage line."""

    def __init__(self, message: str, parser: argparse.ArgumentParser | None = None):
        super().__init__(message)
        self.parser = parser


class DutchArgumentParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose own texts are Dutch and whose errors raise
    :class:`UsageError` instead of printing and exiting. Sub-command parsers made with
    ``add_subparsers().add_parser`` are of this class too."""

    # Every method that builds, parses or formats looks texts up: run each in Dutch.
    __init__ = _in_dutch(argparse.ArgumentParser.__init__)
    add_argument = _in_dutch(argparse.ArgumentParser.add_argument)
    add_argument_group = _in_dutch(argparse.ArgumentParser.add_argument_group)
    add_subparsers = _in_dutch(argparse.ArgumentParser.add_subparsers)
    parse_args = _in_dutch(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_dutch(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_dutch(argparse.ArgumentParser.format_usage)
    format_help = _in_dutch(argparse.ArgumentParser.format_help)

    def error(self, message: str):
        raise UsageError(message, self)


# --- argument types with Dutch messages ---------------------------------------------------


def aantal_arg(text: str) -> int:
    """argparse type: an integer ≥ 0 (``--top``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negatief; geef 0 of meer")
    return value


def getal_arg(text: str) -> float:
    """argparse type: a number; a decimal comma is accepted too (``0,5``)."""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen getal") from None


def fractie_arg(text: str) -> float:
    """argparse type: a number from 0 to 1 (``--min-jaccard``)."""
    value = getal_arg(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} ligt niet tussen 0 en 1")
    return value


def positief_arg(text: str) -> float:
    """argparse type: a number > 0 (``--resolutie``)."""
    value = getal_arg(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is niet groter dan 0")
    return value
