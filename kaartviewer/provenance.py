"""Where the data comes from: the sources, declared once, and the sentences built from them.

The page header, "Over de data", the raadslid factsheet and the exports all render these
declarations; thresholds are quoted from their constants (the herindeling's sliver rule in
:mod:`kaartviewer.herindeling`, the overlap finder's Jaccard threshold in
:mod:`kaartviewer.analysis`, the date since which registration is compulsory in
:mod:`kaartviewer.register`), so the text cannot drift from what the code does.

Each source says which *laag* it feeds (``actueel``: today's GR-register with the CBS
network regions; ``2016``: the historic OpenGR/RegioAtlas layer) and, within the 2016
layer, which gemeente-indeling, so every screen and export names exactly the sources of
what it shows.

Pure functions returning plain text (no Markdown, no HTML): each renderer escapes for its
own medium.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

from kaartviewer import analysis, herindeling, opmaak
from kaartviewer.register import REGISTER_VERPLICHT_SINDS
from kaartviewer.schema import GEMEENTE_INDELINGEN, LAGEN

#: The licence of CBS/Kadaster boundaries (CC-BY 4.0) asks for this wherever they are shown.
CBS_ATTRIBUTIE = "Bron: CBS, Kadaster"
#: The name of the GR-register source (its peildatum is the snapshot, read from the data).
GR_REGISTER = "GR-register (Register van Overheidsorganisaties)"


@dataclass(frozen=True)
class Bron:
    """One source. ``lagen``: the layers whose data come from it; ``gemeente_indelingen``:
    the gemeente-indelingen whose view shows data from it (today's layer is on 2025);
    ``attributie``: the credit its licence requires next to the data. An empty
    ``peildatum`` is the register's snapshot, filled in from the data
    (:func:`bronnen_voor`)."""

    naam: str
    uitgever: str
    licentie: str
    peildatum: str
    inhoud: str
    lagen: tuple[str, ...] = ("2016",)
    gemeente_indelingen: tuple[str, ...] = GEMEENTE_INDELINGEN
    attributie: str = ""

    def regel(self) -> str:
        """``naam (uitgever, licentie)``, with the attribution where the licence asks for it."""
        credit = f"{self.attributie}; " if self.attributie else ""
        return f"{self.naam} ({credit}{self.uitgever}, {self.licentie})"


#: Every source of the shipped data (names of the 2016 layer as in ``bouwrapport.json``).
BRONNEN: tuple[Bron, ...] = (
    Bron(
        naam=GR_REGISTER,
        uitgever="KOOP, voor het Ministerie van BZK",
        licentie="CC0 1.0",
        peildatum="",
        inhoud="gemeenschappelijke regelingen (Wgr) met hun versies (geldig van–tot), "
        "deelnemers en hun bestuursorganen, doel, bevoegdheden en instellingsbesluiten; "
        f"registratie is verplicht sinds {REGISTER_VERPLICHT_SINDS}",
        lagen=("actueel",),
        gemeente_indelingen=("2025",),
    ),
    Bron(
        naam="CBS/Kadaster gemeente- en regiogrenzen 2025",
        uitgever="CBS, Kadaster (PDOK)",
        licentie="CC-BY 4.0",
        peildatum="2025",
        inhoud="gemeenten, provincies en regio-indelingen (GGD, veiligheidsregio, jeugdregio, "
        "arbeidsmarktregio, RES, COROP, zorgkantoor, politie) van 2025; in de laag van "
        "vandaag ook de netwerksamenwerkingen die deze regio's zijn",
        lagen=("actueel", "2016"),
        gemeente_indelingen=("2025",),
        attributie=CBS_ATTRIBUTIE,
    ),
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
)


def _gemeente_indeling(laag: str, gemeente_indeling: str | None) -> str:
    return "2025" if laag == "actueel" else (gemeente_indeling or "2016")


def bronnen_voor(
    laag: str, gemeente_indeling: str | None = None, snapshot: str | None = None
) -> tuple[Bron, ...]:
    """The sources whose data the view of ``laag`` on ``gemeente_indeling`` shows (today's
    layer is always on 2025); the GR-register's peildatum is ``snapshot``."""
    gi = _gemeente_indeling(laag, gemeente_indeling)
    return tuple(
        replace(b, peildatum=b.peildatum or snapshot or "onbekend")
        for b in BRONNEN
        if laag in b.lagen and gi in b.gemeente_indelingen
    )


def bronnen_kort(laag: str, gemeente_indeling: str | None = None) -> str:
    """Source names for a one-line header: ``GR-register (…), CBS/Kadaster …``."""
    return ", ".join(b.naam for b in bronnen_voor(laag, gemeente_indeling))


def bronnen_zin(
    laag: str, gemeente_indeling: str | None = None, snapshot: str | None = None
) -> str:
    """One sentence naming every source with publisher, licence and attribution."""
    bronnen = bronnen_voor(laag, gemeente_indeling, snapshot)
    return "Bronnen: " + "; ".join(b.regel() for b in bronnen) + "."


def bronnen_tabel(bronnen: tuple[Bron, ...] = BRONNEN) -> list[dict[str, str]]:
    """Rows ``bron, inhoud, uitgever, licentie, peildatum, laag, gemeente-indeling``."""
    return [
        {
            "bron": b.naam,
            "inhoud": b.inhoud,
            "uitgever": b.uitgever,
            "licentie": b.licentie,
            "peildatum": b.peildatum or "stand van het register",
            "laag": " en ".join(LAGEN.get(laag, laag).split(" (")[0] for laag in b.lagen),
            "gemeente-indeling": " en ".join(b.gemeente_indelingen),
        }
        for b in bronnen
    ]


_MAANDEN = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def datum(iso: str | None) -> str:
    """An ISO date the Dutch way (``2021-07-01`` → ``1 juli 2021``); other text unchanged."""
    try:
        d = dt.date.fromisoformat(str(iso))
    except (TypeError, ValueError):
        return "" if iso is None else str(iso)
    return f"{d.day} {_MAANDEN[d.month - 1]} {d.year}"


def register_onvolledig(peildatum: str | None) -> bool:
    """Is the register's picture of ``peildatum`` incomplete (before registration was
    compulsory)?"""
    return bool(peildatum) and str(peildatum) < REGISTER_VERPLICHT_SINDS


def onvolledig_zin(peildatum: str) -> str:
    """The notice for a peildatum before registration was compulsory."""
    return (
        f"Registratie in het GR-register is pas verplicht sinds {datum(REGISTER_VERPLICHT_SINDS)}. "
        f"Het beeld op {datum(peildatum)} is daarom onvolledig: regelingen die voor die datum "
        "eindigden of nooit zijn geregistreerd, ontbreken, en oudere versies en deelnemers "
        "staan er niet altijd in."
    )


def voorbehoud(laag: str, peildatum: str | None, snapshot: str | None = None) -> str:
    """What the registry shown is and is not, in one or two sentences."""
    if laag != "actueel":
        return (
            "Historische laag: samenwerkingen zoals geregistreerd in 2016 (OpenGR en "
            "RegioAtlas). Ze kunnen sindsdien zijn veranderd of opgeheven, en het register "
            "van toen was onvolledig; dit is niet de stand van vandaag."
        )
    if snapshot and snapshot != peildatum:
        stand = f" (stand van het register: {datum(snapshot)})"
    else:
        stand = " (de laatste stand van het register)" if snapshot else ""
    tekst = (
        f"Samenwerkingen zoals het GR-register ze op {datum(peildatum)} kende{stand}, "
        "aangevuld met de netwerkregio's van het CBS (2025). "
    )
    if register_onvolledig(peildatum):
        return tekst + onvolledig_zin(str(peildatum))
    return tekst + (
        f"Registratie is verplicht sinds {datum(REGISTER_VERPLICHT_SINDS)}; wat een "
        "bronhouder niet of te laat registreerde, ontbreekt."
    )


def getal(x: float) -> str:
    """A number the Dutch way: ``0,5``, ``500``, ``1``."""
    return opmaak.getal(x, None)


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


def metadata(
    laag: str,
    gemeente_indeling: str | None,
    peildatum: str | None,
    filters: str = "",
    snapshot: str | None = None,
) -> dict:
    """Provenance to travel with an export (GeoJSON member, Excel sheet): the layer, the
    peildatum, the sources of that layer and the reservation."""
    gi = _gemeente_indeling(laag, gemeente_indeling)
    out = {
        "bronnen": [
            {k: v for k, v in asdict(b).items() if k not in ("gemeente_indelingen", "lagen")}
            for b in bronnen_voor(laag, gi, snapshot)
        ],
        "laag": LAGEN.get(laag, laag),
        "gemeente_indeling": gi,
        "peildatum": peildatum or "",
        "voorbehoud": voorbehoud(laag, peildatum, snapshot),
    }
    if snapshot and laag == "actueel":
        out["stand_register"] = snapshot
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
