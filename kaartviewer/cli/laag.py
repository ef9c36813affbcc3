"""Which registry a command shows: the layer (``--laag``), the peildatum (``--peildatum``)
and, for the 2016 layer, the gemeente-indeling (``--gemeente-indeling``).

``--laag actueel`` (default) is today's registry: the national GR-register (snapshot) plus
the CBS 2025 network regions, on the gemeenten of today, seen on ``--peildatum`` (default:
the snapshot date). ``--laag 2016`` is the historic layer (OpenGR + RegioAtlas 2016) on the
gemeenten of 2016 or, with ``--gemeente-indeling 2025``, projected onto today's.

Every command that shows the registry says which one: one line for people
(:meth:`Weergave.regel`), the keys ``laag``, ``peildatum``, ``gemeente_indeling`` (and
``let_op`` where something needs saying) in JSON (:meth:`Weergave.json`).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from kaartviewer.cli.common import data_path, mention_load_errors, write_json
from kaartviewer.cli.nl_argparse import UsageError
from kaartviewer.register import (
    REGISTER_VERPLICHT_SINDS,
    PeildatumError,
    RegisterData,
    parse_peildatum,
    registry_at,
)
from kaartviewer.registry import Registry
from kaartviewer.schema import GEMEENTE_INDELINGEN, LAGEN
from kaartviewer.validation import LoadError

ACTUEEL = "actueel"
HISTORISCH = "2016"

#: Said wherever the 2016 layer is shown on today's gemeenten.
LET_OP_2016_OP_2025 = (
    "Samenwerkingen zoals geregistreerd in 2016, toegekend via de voorgangers van deze "
    "gemeenten; ze kunnen sindsdien zijn veranderd (de laag actueel toont vandaag)."
)


def datum_dutch(iso: str) -> str:
    """``2021-07-01`` → ``1 juli 2021`` (anything else unchanged)."""
    maanden = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    ).split()
    try:
        j, m, d = (int(x) for x in iso.split("-"))
        return f"{d} {maanden[m - 1]} {j}"
    except (ValueError, IndexError):
        return iso


def let_op_onvolledig(peildatum: str) -> str:
    """The plain warning for a peildatum before registration became compulsory."""
    return (
        f"Het GR-register is pas sinds {datum_dutch(REGISTER_VERPLICHT_SINDS)} verplicht; "
        f"op {peildatum} is het onvolledig: regelingen die toen bestonden kunnen ontbreken, "
        "ook als ze later wel zijn geregistreerd."
    )


def let_op_na_snapshot(peildatum: str, snapshot: str) -> str:
    return (
        f"Peildatum {peildatum} ligt na de snapshot van het register ({snapshot}): "
        "latere wijzigingen zijn niet bekend; getoond is de stand van de snapshot."
    )


# --- arguments ---------------------------------------------------------------------------


def peildatum_arg(text: str) -> str:
    """argparse type: a date ``JJJJ-MM-DD`` (Dutch message otherwise)."""
    try:
        return parse_peildatum(text)
    except PeildatumError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    """``--laag``, ``--peildatum`` and ``--gemeente-indeling`` for one command."""
    p.add_argument(
        "--laag",
        choices=list(LAGEN),
        default=None,
        help="actueel (standaard: het GR-register en de CBS-regio's van vandaag) of 2016 "
        "(historisch: OpenGR en RegioAtlas 2016)",
    )
    p.add_argument(
        "--peildatum",
        type=peildatum_arg,
        default=None,
        metavar="JJJJ-MM-DD",
        help="de datum waarop de laag actueel het register toont (standaard: de datum van "
        "de snapshot); vóór 1 juli 2021 is het register onvolledig",
    )
    p.add_argument(
        "--gemeente-indeling",
        choices=GEMEENTE_INDELINGEN,
        default=None,
        help="alleen bij --laag 2016: 2016 (standaard) of 2025 (de gemeenten van vandaag; "
        "lidmaatschappen via hun voorgangers)",
    )


def check(args: argparse.Namespace) -> None:
    """Combinations that make no sense are usage errors (exit 2), said in Dutch."""
    laag = gekozen_laag(args)
    if laag == ACTUEEL and getattr(args, "gemeente_indeling", None):
        raise UsageError(
            "--gemeente-indeling hoort bij --laag 2016; de laag actueel staat altijd op de "
            "gemeenten van vandaag (2025)"
        )
    if laag == HISTORISCH and getattr(args, "peildatum", None):
        raise UsageError(
            "--peildatum hoort bij de laag actueel; de laag 2016 heeft één peildatum (2016)"
        )


def gekozen_laag(args: argparse.Namespace) -> str:
    return getattr(args, "laag", None) or ACTUEEL


def opties_gegeven(args: argparse.Namespace) -> list[str]:
    """The layer options given explicitly (for commands that choose the layers themselves)."""
    given = []
    for flag, attr in (
        ("--laag", "laag"),
        ("--peildatum", "peildatum"),
        ("--gemeente-indeling", "gemeente_indeling"),
    ):
        if getattr(args, attr, None):
            given.append(flag)
    return given


# --- what is shown -----------------------------------------------------------------------


@dataclass(frozen=True)
class Weergave:
    """The registry a command shows: layer, peildatum, gemeente-indeling, and what to say."""

    laag: str
    peildatum: str
    gemeente_indeling: str
    snapshot: str = ""
    let_op: str = ""

    @classmethod
    def van(cls, reg: Registry) -> Weergave:
        meta = reg.meta
        laag = meta.get("laag") or ACTUEEL
        if laag == HISTORISCH:
            gi = str(meta.get("gemeente_indeling") or "2016")
            return cls(HISTORISCH, "2016", gi, let_op=LET_OP_2016_OP_2025 if gi == "2025" else "")
        p = str(meta.get("peildatum") or "")
        snapshot = str(meta.get("snapshot") or "")
        if meta.get("register_onvolledig"):
            let_op = let_op_onvolledig(p)
        elif snapshot and p > snapshot:
            let_op = let_op_na_snapshot(p, snapshot)
        else:
            let_op = ""
        return cls(ACTUEEL, p, "2025", snapshot, let_op)

    def json(self) -> dict:
        out = {
            "laag": self.laag,
            "peildatum": self.peildatum,
            "gemeente_indeling": self.gemeente_indeling,
        }
        if self.snapshot:
            out["snapshot"] = self.snapshot
        if self.let_op:
            out["let_op"] = self.let_op
        return out

    def regel(self) -> str:
        """One line for people: which layer, which peildatum."""
        if self.laag == HISTORISCH:
            return (
                f"Laag 2016: {LAGEN[HISTORISCH]}; peildatum 2016, "
                f"gemeente-indeling {self.gemeente_indeling}"
            )
        return (
            f"Laag actueel: {LAGEN[ACTUEEL]}; peildatum {self.peildatum} "
            f"(snapshot van het register {self.snapshot or 'onbekend'})"
        )

    def waarschuw(self) -> None:
        """The warning for people goes to stderr (stdout stays the answer)."""
        if self.let_op:
            print(f"let op: {self.let_op}", file=sys.stderr)


# --- loading -----------------------------------------------------------------------------


def load_layer(
    args: argparse.Namespace,
    laag: str | None = None,
    gemeente_indeling: str | None = None,
    peildatum: str | None = None,
) -> Registry:
    """The registry the options ask for (or the explicit ``laag`` etc.)."""
    from kaartviewer.load import load

    laag = laag or gekozen_laag(args)
    if laag == HISTORISCH:
        gi = gemeente_indeling or getattr(args, "gemeente_indeling", None) or "2016"
        reg, report = load(data_path(args), gi, laag=HISTORISCH)
    else:
        p = peildatum or getattr(args, "peildatum", None)
        reg, report = load(data_path(args), laag=ACTUEEL, peildatum=p)
    mention_load_errors(report)
    return met_aanvullingen(reg)


def met_aanvullingen(reg: Registry) -> Registry:
    """Today's layer plus the approved aanvullingen of the beheer store, when one is
    configured (``KAARTVIEWER_DATABASE_URL``, or the default file made by ``beheer init``)."""
    from kaartviewer.beheer.publiceren import uit_store

    return uit_store(reg)


def load_register_data(args: argparse.Namespace) -> RegisterData:
    """Today's registry with every version (for histories and comparisons)."""
    from kaartviewer.load import load_register

    data, report = load_register(data_path(args))
    mention_load_errors(report)
    return data


def at(data: RegisterData, peildatum: str | None) -> Registry:
    """``registry_at`` with a Dutch :class:`LoadError` for a bad peildatum."""
    try:
        return registry_at(data, peildatum)
    except PeildatumError as exc:
        raise LoadError(str(exc)) from None


def toon(args: argparse.Namespace, weergave: Weergave, data: dict, human) -> None:
    """Print ``data`` with the layer's keys (``--json``), or the layer line, then ``human()``
    and the warning on stderr."""
    if args.json:
        write_json({**weergave.json(), **data})
        return
    print(weergave.regel())
    weergave.waarschuw()
    human()
