"""Resolve participant names from OpenGR to 2016 CBS gemeentecodes or typed bodies.

Steps, in order (the first that answers wins; each result says which step it was):

1. ``type``      — not a gemeente by its name: ``(Duitsland)`` → buitenland,
                   ``Provincie …`` → provincie, ``Waterschap/Hoogheemraadschap/Wetterskip …``
                   → waterschap, ``Ministerie/Rijk…`` → rijk.
2. ``alias``     — the project's alias table (typos, variants, compound cells), each entry
                   with a reason (``tabellen/deelnemer_aliassen.csv``).
3. ``exact``     — accent/case/punctuation-insensitive match on a 2016 gemeentenaam.
4. ``ambigu``    — the name matches several 2016 gemeenten once their ``(NH.)``/``(L.)``
                   suffix is dropped (``Bergen``): decided by the row's provincie column, else
                   by distance to the arrangement's other members; undecidable → unresolved.
5. ``historie``  — a gemeente that merged before 2016: successors by area overlay of the
                   last boundary file that has it (:func:`boundaries.name_history`).
6. ``overig``    — a named body that is no gemeente (recreatieschap, stichting, BV, …).
7. unresolved    — reported with the closest gemeente names as suggestions.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

from kaartviewer.pipeline.boundaries import RD_NEW, Opvolging
from kaartviewer.text import clean, close_matches, fold

_TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("buitenland", re.compile(r"\b(duitsland|belgie)$")),
    ("provincie", re.compile(r"^provincie ")),
    ("waterschap", re.compile(r"^(waterschap|hoogheemraadschap|hoogheermraadschap|wetterskip) ")),
    ("rijk", re.compile(r"^(ministerie|rijk$|rijksarchief|rijkswaterstaat)")),
)
_OVERIG = re.compile(
    r"recreatieschap|meerschap|plassenschap|stichting|\bbv\b|\bnv\b|kamer van koophandel|"
    r"stadsregio|veiligheidsregio|\bdienst\b|regionale|samenwerking|cooperatie|vereniging"
)
_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class Resolution:
    """How one participant cell was resolved.

    ``codes`` holds 2016 gemeentecodes (empty for non-municipal or unresolved cells);
    ``typed`` holds ``(type, naam)`` for non-municipal participants.
    """

    naam: str
    stap: str  # type | alias | exact | ambigu | historie | overig | onopgelost
    codes: tuple[str, ...] = ()
    typed: tuple[tuple[str, str], ...] = ()
    toelichting: str = ""
    suggesties: tuple[str, ...] = ()

    @property
    def municipal(self) -> bool:
        """True if the cell names (or should name) a gemeente."""
        return not self.typed

    @property
    def resolved(self) -> bool:
        return bool(self.codes) or bool(self.typed)


@dataclass(frozen=True)
class Alias:
    naam: str
    doelen: tuple[str, ...]
    type: str
    reden: str


def read_aliases(path: Path) -> dict[str, Alias]:
    """Read ``naam,doel,type,reden``; ``doel`` may list several names separated by ``;``."""
    out: dict[str, Alias] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            doelen = tuple(d.strip() for d in row["doel"].split(";") if d.strip())
            out[fold(row["naam"])] = Alias(row["naam"], doelen, row["type"].strip(), row["reden"])
    return out


@dataclass
class NameResolver:
    """Resolve names against one gemeente-indeling (see module docstring for the steps)."""

    gemeenten: gpd.GeoDataFrame
    history: dict[str, Opvolging]
    aliases: dict[str, Alias]
    _by_fold: dict[str, str] = field(init=False)
    _by_stem: dict[str, list[str]] = field(init=False)
    _prov: dict[str, str] = field(init=False)
    _names: dict[str, str] = field(init=False)
    _xy: dict[str, tuple[float, float]] = field(init=False)

    def __post_init__(self) -> None:
        g = self.gemeenten
        self._names = dict(zip(g["gemeentecode"], g["gemeentenaam"], strict=True))
        self._by_fold = {fold(n): c for c, n in self._names.items()}
        self._by_stem = {}
        for c, n in self._names.items():
            stem = fold(_SUFFIX.sub("", n))
            if stem != fold(n):
                self._by_stem.setdefault(stem, []).append(c)
        self._prov = dict(zip(g["gemeentecode"], g["provincienaam"], strict=True))
        pts = g.to_crs(RD_NEW).representative_point()
        self._xy = {c: (p.x, p.y) for c, p in zip(g["gemeentecode"], pts, strict=True)}

    def resolve(self, raw: str, provincie: str = "", partners: tuple[str, ...] = ()) -> Resolution:
        """Resolve one cell.

        ``provincie`` is the row's supplying province (``Provincie Noord-Holland``);
        ``partners`` the gemeentecodes of the arrangement's other, already resolved members.
        Both are only used to decide ambiguous names.
        """
        naam = clean(raw)
        key = fold(naam)
        for typ, rx in _TYPE_RULES:
            if rx.search(key):
                return Resolution(naam, "type", typed=((typ, naam),))
        if key in self.aliases:
            return self._from_alias(naam, self.aliases[key])
        if key in self._by_fold:
            return Resolution(naam, "exact", codes=(self._by_fold[key],))
        if key in self._by_stem:
            return self._ambiguous(naam, self._by_stem[key], provincie, partners)
        if key in self.history:
            opv = self.history[key]
            if opv.opvolgers:
                parts = ", ".join(f"{self._names[c]} ({s:.0%})" for c, s in opv.opvolgers)
                return Resolution(
                    naam,
                    "historie",
                    codes=tuple(c for c, _ in opv.opvolgers),
                    toelichting=f"bestond laatst in {opv.laatst_in}; opgegaan in {parts}",
                )
        if _OVERIG.search(key):
            return Resolution(naam, "overig", typed=(("overig", naam),))
        return Resolution(
            naam,
            "onopgelost",
            toelichting="geen gemeente van 2016, geen alias, niet in de historische bestanden",
            suggesties=tuple(close_matches(naam, self._names.values(), n=3, cutoff=0.75)),
        )

    def _from_alias(self, naam: str, alias: Alias) -> Resolution:
        if alias.type != "gemeente":
            return Resolution(
                naam,
                "alias",
                typed=tuple((alias.type, d) for d in alias.doelen),
                toelichting=alias.reden,
            )
        codes = []
        for d in alias.doelen:
            code = self._by_fold.get(fold(d))
            if code is None:
                return Resolution(
                    naam, "onopgelost", toelichting=f"alias wijst naar onbekende gemeente {d!r}"
                )
            codes.append(code)
        return Resolution(naam, "alias", codes=tuple(codes), toelichting=alias.reden)

    def _ambiguous(
        self, naam: str, candidates: list[str], provincie: str, partners: tuple[str, ...]
    ) -> Resolution:
        names = [self._names[c] for c in candidates]
        prov_key = fold(provincie.removeprefix("Provincie ").removeprefix("provincie "))
        in_prov = [c for c in candidates if fold(self._prov[c]) == prov_key]
        if len(in_prov) == 1:
            c = in_prov[0]
            return Resolution(
                naam,
                "ambigu",
                codes=(c,),
                toelichting=f"{' / '.join(names)}: gekozen op provincie {provincie}",
            )
        others = [p for p in partners if p in self._xy and p not in candidates]
        if others:
            mx = sum(self._xy[p][0] for p in others) / len(others)
            my = sum(self._xy[p][1] for p in others) / len(others)
            dist = sorted(
                (((self._xy[c][0] - mx) ** 2 + (self._xy[c][1] - my) ** 2) ** 0.5, c)
                for c in candidates
            )
            # Only decide when one candidate is clearly nearer (less than half the distance).
            if dist[0][0] < 0.5 * dist[1][0]:
                c = dist[0][1]
                return Resolution(
                    naam,
                    "ambigu",
                    codes=(c,),
                    toelichting=f"{' / '.join(names)}: gekozen als dichtst bij de andere "
                    f"deelnemers ({dist[0][0] / 1000:.0f} km tegen {dist[1][0] / 1000:.0f} km)",
                )
        return Resolution(
            naam,
            "onopgelost",
            toelichting=f"dubbelzinnig: {' / '.join(names)}",
            suggesties=tuple(names),
        )
