"""The validation report: every rejected or repaired row/feature, with file, place and reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


class LoadError(Exception):
    """Structural failure: the file cannot be used at all (unreadable, key columns missing).

    The message is Dutch and says what to do next.
    """


@dataclass(frozen=True)
class Melding:
    """One finding. ``ernst`` is ``fout`` (row/feature rejected or column unusable) or
    ``waarschuwing`` (loaded, but something was repaired or ignored)."""

    bestand: str
    plaats: str  # "regel 12", "feature 5", "kolom onderwerp", "bestand"
    reden: str
    suggestie: str = ""
    ernst: str = "fout"

    def __str__(self) -> str:
        tail = f" — {self.suggestie}" if self.suggestie else ""
        return f"{self.bestand}, {self.plaats}: {self.reden}{tail}"


@dataclass
class ValidationReport:
    """Findings plus row accounting per file: ``in == geladen + afgewezen`` always holds."""

    meldingen: list[Melding] = field(default_factory=list)
    rijen_in: Counter = field(default_factory=Counter)
    rijen_geladen: Counter = field(default_factory=Counter)
    rijen_afgewezen: Counter = field(default_factory=Counter)

    def fout(self, bestand: str, plaats: str, reden: str, suggestie: str = "") -> None:
        self.meldingen.append(Melding(bestand, plaats, reden, suggestie, "fout"))

    def waarschuwing(self, bestand: str, plaats: str, reden: str, suggestie: str = "") -> None:
        self.meldingen.append(Melding(bestand, plaats, reden, suggestie, "waarschuwing"))

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

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "fouten": len(self.fouten),
            "waarschuwingen": len(self.waarschuwingen),
            "rijen": {
                f: {
                    "in": self.rijen_in[f],
                    "geladen": self.rijen_geladen[f],
                    "afgewezen": self.rijen_afgewezen[f],
                }
                for f in sorted(self.rijen_in)
            },
            "meldingen": [asdict(m) for m in self.meldingen],
        }
