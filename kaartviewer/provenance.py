"""Where the data comes from: the sources, declared once, and the sentences built from them.

The page header, "Over de data", the raadslid factsheet and the exports all render these
declarations; thresholds are quoted from their constants (the herindeling's sliver rule in
:mod:`kaartviewer.herindeling`, the overlap finder's Jaccard threshold in
:mod:`kaartviewer.analysis`), so the text cannot drift from what the code does.

Pure functions returning plain text (no Markdown, no HTML): each renderer escapes for its
own medium.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from kaartviewer import analysis, herindeling
from kaartviewer.schema import GEMEENTE_INDELINGEN

#: The licence of CBS/Kadaster boundaries (CC-BY 4.0) asks for this wherever they are shown.
CBS_ATTRIBUTIE = "Bron: CBS, Kadaster"


@dataclass(frozen=True)
class Bron:
    """One source. ``gemeente_indelingen``: the gemeente-indelingen whose view shows data
    from it; ``attributie``: the credit its licence requires next to the data."""

    naam: str
    uitgever: str
    licentie: str
    peildatum: str
    inhoud: str
    gemeente_indelingen: tuple[str, ...] = GEMEENTE_INDELINGEN
    attributie: str = ""

    def regel(self) -> str:
        """``naam (uitgever, licentie)``, with the attribution where the licence asks for it."""
        credit = f"{self.attributie}; " if self.attributie else ""
        return f"{self.naam} ({credit}{self.uitgever}, {self.licentie})"


#: Every source of the shipped data (names as in ``bouwrapport.json``).
BRONNEN: tuple[Bron, ...] = (
    Bron(
        naam="OpenGR 2016",
        uitgever="Open State Foundation",
        licentie="ODC-PDDL-1.0",
        peildatum="2016",
        inhoud="Wgr-regelingen met deelnemers, via Wob-verzoeken aan alle provincies",
    ),
    Bron(
        naam="RegioAtlas 2016",
        uitgever="Ministerie van BZK via Open State Foundation",
        licentie="ODC-PDDL-1.0",
        peildatum="2016",
        inhoud="34 regio-indelingen per gemeente; regio's die samenwerkingen van gemeenten "
        "zijn, staan als samenwerking in het register",
    ),
    Bron(
        naam="CBS/Kadaster gemeentegrenzen 2016",
        uitgever="CBS, Kadaster (PDOK)",
        licentie="CC-BY 4.0",
        peildatum="2016-01-01",
        inhoud="gegeneraliseerde grenzen van de gemeenten en provincies van 2016 (en van "
        "2003–2015, om namen van opgeheven gemeenten te herleiden)",
        attributie=CBS_ATTRIBUTIE,
    ),
    Bron(
        naam="CBS/Kadaster gemeente- en regiogrenzen 2025",
        uitgever="CBS, Kadaster (PDOK)",
        licentie="CC-BY 4.0",
        peildatum="2025",
        inhoud="gemeenten, provincies en regio-indelingen (GGD, veiligheidsregio, jeugdregio, "
        "arbeidsmarktregio, RES, COROP, zorgkantoor, politie) van 2025",
        gemeente_indelingen=("2025",),
        attributie=CBS_ATTRIBUTIE,
    ),
)


def bronnen_voor(gemeente_indeling: str) -> tuple[Bron, ...]:
    """The sources whose data the view on ``gemeente_indeling`` shows."""
    return tuple(b for b in BRONNEN if gemeente_indeling in b.gemeente_indelingen)


def bronnen_kort(gemeente_indeling: str) -> str:
    """Source names for a one-line header: ``OpenGR 2016, RegioAtlas 2016, …``."""
    return ", ".join(b.naam for b in bronnen_voor(gemeente_indeling))


def bronnen_zin(gemeente_indeling: str) -> str:
    """One sentence naming every source with publisher, licence and attribution."""
    return "Bronnen: " + "; ".join(b.regel() for b in bronnen_voor(gemeente_indeling)) + "."


def bronnen_tabel(bronnen: tuple[Bron, ...] = BRONNEN) -> list[dict[str, str]]:
    """Rows ``bron, inhoud, uitgever, licentie, peildatum, gemeente-indeling``."""
    return [
        {
            "bron": b.naam,
            "inhoud": b.inhoud,
            "uitgever": b.uitgever,
            "licentie": b.licentie,
            "peildatum": b.peildatum,
            "gemeente-indeling": " en ".join(b.gemeente_indelingen),
        }
        for b in bronnen
    ]


def voorbehoud(peildatum: str) -> str:
    """What the registry is and is not, in one sentence."""
    return (
        f"Samenwerkingen zoals geregistreerd in {peildatum}: ze kunnen sindsdien zijn "
        "veranderd of opgeheven, en het register is onvolledig."
    )


def getal(x: float) -> str:
    """A number the Dutch way: ``0,5``, ``500``, ``1``."""
    return f"{x:g}".replace(".", ",")


def herindeling_regel() -> str:
    """The sliver rule of the 2016 → 2025 crosswalk, quoted from its constants."""
    return (
        f"een stuk van een gemeente van 2016 telt mee als er na {getal(herindeling.ERODE_M)} m "
        f"krimpen nog ten minste {getal(herindeling.MIN_CORE_KM2)} km² over is (smalle randjes door het "
        "vereenvoudigen van de grenzen vallen zo weg); het grootste stuk telt altijd mee"
    )


def overlap_regel(min_jaccard: float | None = None) -> str:
    """Which pairs the overlap finder lists, quoted from the threshold in use (default:
    :data:`kaartviewer.analysis.OVERLAP_MIN_JACCARD`)."""
    if min_jaccard is None:
        min_jaccard = analysis.OVERLAP_MIN_JACCARD
    return (
        "identieke deelnemers, genest (de een bevat de ander) of Jaccard-overeenkomst "
        f"≥ {getal(round(min_jaccard, 2))}"
    )


def metadata(gemeente_indeling: str, peildatum: str, filters: str = "") -> dict:
    """Provenance to travel with an export (GeoJSON member, Excel sheet)."""
    out = {
        "bronnen": [
            {k: v for k, v in asdict(b).items() if k != "gemeente_indelingen"}
            for b in bronnen_voor(gemeente_indeling)
        ],
        "gemeente_indeling": gemeente_indeling,
        "peildatum": peildatum,
        "voorbehoud": voorbehoud(peildatum),
    }
    if filters:
        out["filters"] = filters
    return out


# --- the build report (bouwrapport.json), read defensively ------------------------------------


@dataclass(frozen=True)
class Bouwrapport:
    """What the UI uses of ``bouwrapport.json``; ``problemen`` says what was unusable."""

    peildatum: str | None = None
    opgelost_aandeel: float | None = None
    bronnen: tuple[str, ...] = ()
    problemen: tuple[str, ...] = ()


def bouwrapport(meta) -> Bouwrapport:
    """Read the fields the UI shows from the loader's ``meta``; never raises.

    A missing file gives an empty report; a malformed one (not an object, fields of the
    wrong type, sources the kaartviewer does not declare) gives ``problemen``, so the page
    can say what is missing instead of crashing.
    """
    if meta is None or (isinstance(meta, Mapping) and not meta):
        return Bouwrapport()
    if not isinstance(meta, Mapping):
        return Bouwrapport(problemen=("het bouwrapport is geen JSON-object",))
    problems: list[str] = []
    peildatum = meta.get("peildatum")
    if peildatum is not None and not isinstance(peildatum, (str, int)):
        problems.append("'peildatum' is geen tekst")
        peildatum = None
    share = meta.get("opgelost_aandeel_gemeentelijke_rijen")
    if share is not None and not _fraction(share):
        problems.append("'opgelost_aandeel_gemeentelijke_rijen' is geen aandeel tussen 0 en 1")
        share = None
    raw = meta.get("bronnen", [])
    names: list[str] = []
    if not isinstance(raw, list):
        problems.append("'bronnen' is geen lijst")
        raw = []
    known = {b.naam for b in BRONNEN}
    for item in raw:
        naam = item.get("naam") if isinstance(item, Mapping) else None
        if not isinstance(naam, str):
            problems.append("een bron in 'bronnen' heeft geen naam")
        elif naam not in known:
            problems.append(f"bron '{naam}' staat niet in de bronnenlijst van de kaartviewer")
        else:
            names.append(naam)
    return Bouwrapport(
        peildatum=None if peildatum is None else str(peildatum),
        opgelost_aandeel=None if share is None else float(share),
        bronnen=tuple(names),
        problemen=tuple(problems),
    )


def _fraction(x) -> bool:
    return (
        isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and 0 <= x <= 1
    )
