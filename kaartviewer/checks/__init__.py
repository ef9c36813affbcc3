"""The loader as a series of checks: typed records run through small ``check_*`` steps.

A *record* is one physical CSV line (:class:`kaartviewer.checks.csv_lines.Rij`) or one
GeoJSON feature (:class:`kaartviewer.checks.geojson.GemeenteFeature`). A *check* is a small
function ``check(record, ctx) -> Rejection | None``: ``None`` lets the record pass (a check
may annotate it, e.g. with the parsed member list, or add a warning), a
:class:`Rejection` stops it with a Dutch reason. :func:`run_checks` counts every record in
exactly once and either loads or rejects (and reports) it, so ``in == geladen + afgewezen``
holds by construction.

Modules: :mod:`.csv_lines` (CSV by physical line, header diagnosis, the checks every row
runs first), :mod:`.tables` (samenwerkingen, indelingen, crosswalk), :mod:`.geojson`
(gemeenten), :mod:`.meta` (bouwrapport.json). The entry point is
:func:`kaartviewer.load.load`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kaartviewer.validation import LoadError, ValidationReport

_SURROGATE = re.compile(r"[\udc80-\udcff]")


@dataclass(frozen=True)
class Rejection:
    """Why a record is not loaded (Dutch), and what to do about it."""

    reden: str
    suggestie: str = ""


class Record(Protocol):
    """What the engine needs of a record: a readable place and its line or feature number."""

    @property
    def plaats(self) -> str: ...

    @property
    def positie(self) -> dict[str, int]: ...


R = TypeVar("R", bound=Record)


@dataclass
class FileContext:
    """One file being loaded: its name and the report its findings go to."""

    bestand: str
    report: ValidationReport

    def reject(self, record: Record, why: Rejection) -> None:
        self.report.afgewezen(
            self.bestand, record.plaats, why.reden, why.suggestie, **record.positie
        )

    def warn(self, record: Record, reden: str, suggestie: str = "") -> None:
        self.report.waarschuwing(self.bestand, record.plaats, reden, suggestie, **record.positie)

    def file_error(self, reden: str, suggestie: str = "", plaats: str = "bestand") -> None:
        self.report.fout(self.bestand, plaats, reden, suggestie)

    def file_warning(self, reden: str, suggestie: str = "", plaats: str = "bestand") -> None:
        self.report.waarschuwing(self.bestand, plaats, reden, suggestie)


Check = Callable[[Any, Any], Rejection | None]


def run_checks(
    records: Iterable[R],
    checks: Sequence[Check],
    ctx: Any,
    on_accept: Callable[[R], None] | None = None,
) -> list[R]:
    """Run every record through ``checks`` in order; return the records that pass.

    ``ctx`` carries the lookup state the checks need and a :class:`FileContext` as
    ``ctx.file``. Each record counts as one row in; the first rejection stops it and is
    reported, a record that passes every check counts as loaded and is handed to
    ``on_accept`` (e.g. to remember its id for the duplicate check).
    """
    file: FileContext = ctx.file
    counted = file.report
    loaded: list[R] = []
    for record in records:
        counted.rijen_in[file.bestand] += 1
        why = first_rejection(record, checks, ctx)
        if why is not None:
            file.reject(record, why)
            continue
        loaded.append(record)
        if on_accept is not None:
            on_accept(record)
    counted.rijen_geladen[file.bestand] += len(loaded)
    return loaded


def first_rejection(record, checks: Sequence[Check], ctx) -> Rejection | None:
    for check in checks:
        why = check(record, ctx)
        if why is not None:
            return why
    return None


# --- reading and small text helpers shared by the checks --------------------------------------------------


def has_undecodable(text: str) -> bool:
    """True when ``text`` holds bytes that were not valid UTF-8 (kept as surrogates)."""
    return bool(_SURROGATE.search(text))


def kort(value: object, limiet: int = 60) -> str:
    """``repr``-like quoting of a data value for a message, cut to ``limiet`` characters."""
    text = str(value)
    if len(text) > limiet:
        text = text[: limiet - 1] + "…"
    return f"'{text}'"


def aantal(n: int, enkel: str, meer: str) -> str:
    """``1 regel`` / ``3 regels``."""
    return f"{n} {enkel if n == 1 else meer}"


def opsomming(nummers: Sequence[int], limiet: int = 12) -> str:
    """``5, 9 en 12`` — at most ``limiet`` numbers, then ``… (nog 40)``."""
    shown = [str(n) for n in nummers[:limiet]]
    rest = len(nummers) - len(shown)
    if rest:
        return ", ".join(shown) + f" … (en nog {rest})"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " en " + shown[-1]


def read_bytes(path: Path) -> bytes:
    """The file's bytes; an unreadable or missing file is structural (Dutch message)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(
            f"Kan {path} niet lezen ({_os_reason(exc)}). Staat de map 'data/' naast app.py? "
            "Bouw hem anders opnieuw met 'kaartviewer build-data'.",
            path.name,
        ) from exc


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "bestand bestaat niet"
    if isinstance(exc, PermissionError):
        return "geen leesrechten"
    if isinstance(exc, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(exc, NotADirectoryError):
        return "de opgegeven datamap is geen map"
    return f"besturingssysteem meldt: {exc.strerror or exc}"
