"""The validation report: every rejected or repaired row/feature, with file, place and reason.

Every finding is a :class:`Melding` with the file (``bestand``), a readable place
(``plaats``: ``"regel 12 (id s1)"``, ``"feature 5 (GM0003)"``, ``"kolom onderwerp"``,
``"bestand"``), the physical line or feature number as an integer when there is one
(``regel`` / ``feature``), a Dutch reason and, where possible, a suggestion. Per file the
report counts rows in, loaded and rejected; ``in == geladen + afgewezen`` always holds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

#: Characters that must never reach a screen or a terminal: undecodable bytes (kept as
#: lone surrogates while reading) and control characters other than tab (a line break included).
_UNPRINTABLE = re.compile(r"[\udc80-\udcff\x00-\x08\x0a-\x1f\x7f]")
#: A message longer than this is cut (a 200,000-character field must not flood the report).
MAX_TEKST = 500


class LoadError(Exception):
    """Structural failure: a required file cannot be used at all (unreadable, empty, wrong
    encoding or delimiter, key columns missing, no usable gemeente).

    The message is Dutch and says what to do next. ``bestand`` and ``plaats`` say where,
    when known; :func:`kaartviewer.load.load` attaches the findings gathered until then as
    ``report`` (a :class:`ValidationReport`), so ``validate`` can still show them.
    """

    def __init__(self, message: str, bestand: str = "", plaats: str = ""):
        super().__init__(message)
        self.bestand = bestand
        self.plaats = plaats
        self.report: ValidationReport | None = None


def schoon(tekst: str, limiet: int = MAX_TEKST) -> str:
    """``tekst`` made safe to print: undecodable bytes as ``�``, control characters as
    ``·``, and at most ``limiet`` characters (cut with ``…``)."""
    tekst = _UNPRINTABLE.sub(lambda m: "\ufffd" if m.group() >= "\udc80" else "·", tekst)
    return tekst if len(tekst) <= limiet else tekst[: limiet - 1] + "…"


@dataclass(frozen=True)
class Melding:
    """One finding. ``ernst`` is ``fout`` (row/feature rejected, column or file unusable) or
    ``waarschuwing`` (loaded, but something was repaired, ignored or is missing)."""

    bestand: str
    plaats: str  # "regel 12 (id s1)", "feature 5 (GM0003)", "kolom onderwerp", "bestand"
    reden: str
    suggestie: str = ""
    ernst: str = "fout"
    regel: int | None = None  # physical line number (1 = first line of the file)
    feature: int | None = None  # position in the FeatureCollection (1 = first)

    def __str__(self) -> str:
        tail = f" — {self.suggestie}" if self.suggestie else ""
        return f"{self.bestand}, {self.plaats}: {self.reden}{tail}"

    def sort_key(self) -> tuple:
        """File-level findings first, then by line/feature number, in the order found."""
        pos = self.regel if self.regel is not None else self.feature
        return (pos is not None, pos or 0)


@dataclass
class ValidationReport:
    """Findings plus row accounting per file: ``in == geladen + afgewezen`` always holds.

    Rows are counted on *physical* lines: every non-blank line after the header of a CSV
    file is one row in, every element of a GeoJSON ``features`` list one feature in.
    """

    meldingen: list[Melding] = field(default_factory=list)
    rijen_in: Counter = field(default_factory=Counter)
    rijen_geladen: Counter = field(default_factory=Counter)
    rijen_afgewezen: Counter = field(default_factory=Counter)

    def _add(self, ernst, bestand, plaats, reden, suggestie, regel, feature) -> None:
        self.meldingen.append(
            Melding(
                bestand,
                schoon(plaats, 120),
                schoon(reden),
                schoon(suggestie),
                ernst,
                regel,
                feature,
            )
        )

    def absorb(self, other: ValidationReport, prefix: str = "") -> None:
        """Take over ``other``'s findings and counts, its file names under ``prefix``
        (``2016/`` for the 2016 layer, whose files share their names with today's)."""
        import dataclasses

        self.meldingen += [
            dataclasses.replace(m, bestand=prefix + m.bestand) for m in other.meldingen
        ]
        for mine, theirs in (
            (self.rijen_in, other.rijen_in),
            (self.rijen_geladen, other.rijen_geladen),
            (self.rijen_afgewezen, other.rijen_afgewezen),
        ):
            for name, n in theirs.items():
                mine[prefix + name] += n

    def fout(
        self,
        bestand: str,
        plaats: str,
        reden: str,
        suggestie: str = "",
        *,
        regel: int | None = None,
        feature: int | None = None,
    ) -> None:
        self._add("fout", bestand, plaats, reden, suggestie, regel, feature)

    def waarschuwing(
        self,
        bestand: str,
        plaats: str,
        reden: str,
        suggestie: str = "",
        *,
        regel: int | None = None,
        feature: int | None = None,
    ) -> None:
        self._add("waarschuwing", bestand, plaats, reden, suggestie, regel, feature)

    def afgewezen(
        self,
        bestand: str,
        plaats: str,
        reden: str,
        suggestie: str = "",
        *,
        regel: int | None = None,
        feature: int | None = None,
    ) -> None:
        """Record a rejected row/feature: a ``fout`` melding and one row ``afgewezen``."""
        self.fout(bestand, plaats, reden, suggestie, regel=regel, feature=feature)
        self.rijen_afgewezen[bestand] += 1

    @property
    def fouten(self) -> list[Melding]:
        return [m for m in self.meldingen if m.ernst == "fout"]

    @property
    def waarschuwingen(self) -> list[Melding]:
        return [m for m in self.meldingen if m.ernst == "waarschuwing"]

    @property
    def ok(self) -> bool:
        return not self.fouten

    def balanced(self) -> bool:
        """True when every file's rows are either loaded or reported as rejected."""
        files = set(self.rijen_in) | set(self.rijen_geladen) | set(self.rijen_afgewezen)
        return all(
            self.rijen_in[f] == self.rijen_geladen[f] + self.rijen_afgewezen[f] for f in files
        )

    def bestanden(self) -> list[str]:
        """Every file the report mentions, in the order first met."""
        seen = dict.fromkeys([*self.rijen_in, *(m.bestand for m in self.meldingen)])
        return list(seen)

    def per_bestand(self, bestand: str) -> list[Melding]:
        """The findings of one file: file-level first, then by line/feature number."""
        return sorted((m for m in self.meldingen if m.bestand == bestand), key=Melding.sort_key)

    def to_dict(self) -> dict:
        """JSON-ready summary.

        ``rijen`` (per file: in, geladen, afgewezen) and the flat list ``meldingen`` are as
        before; ``bestanden`` groups everything per file: ``{bestand: {"rijen": {...} or
        None, "fouten": n, "waarschuwingen": n, "meldingen": [...]}}`` with every melding
        carrying ``bestand, plaats, regel, feature, reden, suggestie, ernst``.
        """
        rijen = {
            f: {
                "in": self.rijen_in[f],
                "geladen": self.rijen_geladen[f],
                "afgewezen": self.rijen_afgewezen[f],
            }
            for f in sorted(self.rijen_in)
        }
        bestanden = {}
        for f in self.bestanden():
            eigen = self.per_bestand(f)
            bestanden[f] = {
                "rijen": rijen.get(f),
                "fouten": sum(m.ernst == "fout" for m in eigen),
                "waarschuwingen": sum(m.ernst == "waarschuwing" for m in eigen),
                "meldingen": [asdict(m) for m in eigen],
            }
        return {
            "ok": self.ok,
            "fouten": len(self.fouten),
            "waarschuwingen": len(self.waarschuwingen),
            "rijen": rijen,
            "bestanden": bestanden,
            "meldingen": [asdict(m) for m in self.meldingen],
        }
