"""Transparent classification: onderwerp by keyword table, juridische vorm by name rules,
and which RegioAtlas indelingen are collaborations of gemeenten.

Every function returns the value *and* how it was obtained, so the shipped CSV can say
``bron`` / ``regel`` / ``handmatig`` for each cell.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN
from kaartviewer.text import fold

TABELLEN = Path(str(resources.files("kaartviewer") / "pipeline" / "tabellen"))


@dataclass(frozen=True)
class Trefwoord:
    volgorde: int
    onderwerp: str
    patroon: re.Pattern[str]


def read_keywords(path: Path | None = None) -> list[Trefwoord]:
    """Read the ordered keyword table ``volgorde,onderwerp,patroon,toelichting``.

    Patterns are regular expressions matched against the folded name (lower case, no
    accents, punctuation as spaces). Unknown onderwerp codes are a programming error.
    """
    path = path or TABELLEN / "onderwerp_trefwoorden.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["onderwerp"] not in ONDERWERPEN:
                raise ValueError(f"{path}: onbekend onderwerp {row['onderwerp']!r}")
            out.append(
                Trefwoord(int(row["volgorde"]), row["onderwerp"], re.compile(row["patroon"]))
            )
    return sorted(out, key=lambda t: t.volgorde)


def classify_onderwerp(naam: str, keywords: list[Trefwoord]) -> tuple[str, str]:
    """Return ``(onderwerp, herkomst)``: the first keyword row that matches, else ``overig``."""
    key = fold(naam)
    for kw in keywords:
        if kw.patroon.search(key):
            return kw.onderwerp, "regel"
    return "overig", "regel"


#: (pattern on the folded name, vorm, reason). Order matters: an explicit Wgr form in the
#: name wins over what the rest of the name suggests.
VORM_REGELS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"openbaar lichaam"), "openbaar_lichaam", "de naam zegt 'openbaar lichaam'"),
    (
        re.compile(r"gemeenschappelijk orgaan|gemeentelijk orgaan"),
        "gemeenschappelijk_orgaan",
        "de naam zegt 'gemeenschappelijk orgaan'",
    ),
    (
        re.compile(r"bedrijfsvoeringsorganisatie"),
        "bedrijfsvoeringsorganisatie",
        "de naam zegt 'bedrijfsvoeringsorganisatie'",
    ),
    (
        re.compile(r"centrumregeling|centrum regeling|centrumgemeenteregeling"),
        "centrumgemeenteregeling",
        "de naam zegt 'centrumregeling'",
    ),
    (
        re.compile(r"^veiligheidsregio|^veiligheids en gezondheidsregio"),
        "openbaar_lichaam",
        "Wet veiligheidsregio's art. 9: de regeling stelt een openbaar lichaam in",
    ),
    (
        re.compile(r"^(stichting|cooperatie) |\bbv$"),
        "privaatrechtelijk",
        "de naam noemt een stichting, coöperatie of BV",
    ),
    (re.compile(r"overeenkomst|convenant"), "netwerk", "de naam noemt een overeenkomst/convenant"),
)


def classify_vorm(naam: str) -> tuple[str, str, str]:
    """Return ``(vorm, herkomst, reden)`` for an arrangement from the Wgr registry.

    Without an evident rule the value is ``wgr_onbekend`` with herkomst ``bron``: the
    source (a Wgr registry) says it is a gemeenschappelijke regeling, not which form.
    """
    key = fold(naam)
    for rx, vorm, reden in VORM_REGELS:
        if rx.search(key):
            return vorm, "regel", reden
    return "wgr_onbekend", "bron", "OpenGR is een register van Wgr-regelingen; vorm niet vermeld"


@dataclass(frozen=True)
class IndelingInfo:
    """How one RegioAtlas regio-indeling is treated."""

    id: str
    naam: str
    indeling_soort: str  # "samenwerking" (each region is an arrangement) or "referentie"
    vorm: str | None
    onderwerp: str | None
    reden: str


def _s(id_, naam, vorm, onderwerp, reden):
    return IndelingInfo(id_, naam, "samenwerking", vorm, onderwerp, reden)


def _r(id_, naam, reden):
    return IndelingInfo(id_, naam, "referentie", None, None, reden)


#: RegioAtlas file stem → treatment. One line, one reason.
#:
#: The vorm of a region that is a samenwerking is claimed only where a law or a national
#: framework states it; ``wettelijke_regio`` only where a law (or the rijk under a law) fixes
#: the region itself. Where nothing states the form the value is ``onbekend``: such a region
#: is neither claimed as a Wgr-regeling nor as a network. A region that is also registered in
#: OpenGR takes the OpenGR value (a Wgr-regeling), see ``link.py``.
INDELINGEN: dict[str, IndelingInfo] = {
    "ggds": _s(
        "ggd",
        "GGD-regio",
        "wettelijke_regio",
        "gezondheid",
        "Wpg art. 14: de gemeenten van een veiligheidsregio houden samen één GGD in stand",
    ),
    "veiligheidsregios": _s(
        "veiligheidsregio",
        "Veiligheidsregio",
        "openbaar_lichaam",
        "veiligheid",
        "Wet veiligheidsregio's art. 8 en 9: indeling bij wet, verplichte Wgr-regeling "
        "met een openbaar lichaam",
    ),
    "omgevingsdienstenregionaleuitvoeringsdiensten": _s(
        "omgevingsdienst",
        "Omgevingsdienst",
        "wgr_onbekend",
        "milieu",
        "Wabo art. 5.3: een omgevingsdienst is een openbaar lichaam of gemeenschappelijk "
        "orgaan (Wgr), welke van de twee zegt de bron niet; het werkgebied ligt niet bij wet vast",
    ),
    "jeugdzorgregios1": _s(
        "jeugdregio",
        "Jeugdzorgregio",
        "onbekend",
        "sociaal_jeugd",
        "regio's waarin gemeenten samen jeugdhulp inkopen; de vorm verschilt per regio "
        "(Wgr, centrumgemeente, convenant) en staat in geen bron",
    ),
    "arbeidsmarktregios": _s(
        "arbeidsmarktregio",
        "Arbeidsmarktregio",
        "wettelijke_regio",
        "werk_inkomen",
        "Wet SUWI art. 10: de minister stelt de arbeidsmarktregio's vast",
    ),
    "rmcregiosregionaalmeldencoordinatiepunt": _s(
        "rmc",
        "RMC-regio",
        "wettelijke_regio",
        "onderwijs",
        "WVO/Leerplichtwet (RMC-functie): de minister van OCW stelt de RMC-regio's en hun "
        "contactgemeenten vast",
    ),
    "wmoregios": _s(
        "wmo",
        "Wmo-regio",
        "onbekend",
        "sociaal_jeugd",
        "regio's waarin gemeenten Wmo-taken samen uitvoeren; geen wettelijke regio en de "
        "vorm staat in geen bron",
    ),
    "centrumgemeentemaatschappelijkeopvangbeschermdwonen": _s(
        "beschermd_wonen",
        "Centrumgemeente beschermd wonen & maatschappelijke opvang",
        "wettelijke_regio",
        "sociaal_jeugd",
        "Wmo 2015: het rijk wijst de centrumgemeenten en hun regio's aan",
    ),
    "centrumgemeentenvrouwenopvanggeweldinhuiselijkekring": _s(
        "vrouwenopvang",
        "Centrumgemeente vrouwenopvang",
        "wettelijke_regio",
        "sociaal_jeugd",
        "Wmo 2015: het rijk wijst de centrumgemeenten en hun regio's aan",
    ),
    "veiligthuisregios": _s(
        "veilig_thuis",
        "Veilig Thuis-regio",
        "onbekend",
        "sociaal_jeugd",
        "Wmo 2015 art. 4.1.1: elke gemeente zorgt voor een Veilig Thuis; de regio en de "
        "vorm van de samenwerking legt geen wet vast en staan in geen bron",
    ),
    "socialewerkvoorziening": _s(
        "sociale_werkvoorziening",
        "Sociale werkvoorziening",
        "onbekend",
        "werk_inkomen",
        "SW-bedrijven van samenwerkende gemeenten: Wgr-schap of NV/BV, de bron zegt het niet",
    ),
    "intergemeentelijkesocialediensten": _s(
        "isd",
        "Intergemeentelijke sociale dienst",
        "onbekend",
        "werk_inkomen",
        "gezamenlijke sociale diensten: Wgr-regeling of centrumgemeente, de bron zegt het niet",
    ),
    "veiligheidshuizen": _s(
        "veiligheidshuis",
        "Veiligheidshuis",
        "netwerk",
        "veiligheid",
        "Landelijk kader Zorg- en Veiligheidshuizen: netwerksamenwerking van gemeenten, "
        "justitie en zorg op basis van een convenant",
    ),
    "regionaalinformatieenexpertisecentra": _s(
        "riec",
        "RIEC",
        "netwerk",
        "veiligheid",
        "RIEC-convenant van gemeenten en rijkspartners (geen Wgr-regeling)",
    ),
    "provincies": _r("provincie", "Provincie", "staatsrechtelijke indeling"),
    "coropregios": _r("corop", "COROP-regio", "statistische indeling (CBS)"),
    "coropplusregios": _r("corop_plus", "COROP-plusregio", "statistische indeling (CBS)"),
    "coropsubregios": _r("corop_sub", "COROP-subregio", "statistische indeling (CBS)"),
    "nuts1regioslandsdelen": _r("nuts1", "NUTS-1 (landsdeel)", "statistische indeling (EU)"),
    "nuts2regiosprovincies": _r("nuts2", "NUTS-2", "statistische indeling (EU)"),
    "nuts3regios": _r("nuts3", "NUTS-3", "statistische indeling (EU)"),
    "arrondissementen1": _r("arrondissement", "Arrondissement", "indeling van de rechtspraak"),
    "ressorten1": _r("ressort", "Ressort", "indeling van de gerechtshoven"),
    "politieeenheden": _r("politie", "Politie-eenheid", "indeling van de Nationale Politie"),
    "kamervankoophandel": _r("kvk", "Kamer van Koophandel", "werkgebieden van de KvK"),
    "mirtgebieden": _r("mirt", "MIRT-gebied", "planningsindeling van het rijk (IenM)"),
    "zorgkantoorregios": _r("zorgkantoor", "Zorgkantoorregio", "indeling van de Wlz-uitvoering"),
    "hlzregioshervorminglangdurigezorg": _r(
        "hlz", "HLZ-regio", "transitieregio's van rijk en VNG (2015)"
    ),
    "passendonderwijsprimaironderwijs": _r(
        "passend_po", "Passend onderwijs PO", "samenwerkingsverbanden van schoolbesturen"
    ),
    "passendonderwijsvoortgezetonderwijs": _r(
        "passend_vo", "Passend onderwijs VO", "samenwerkingsverbanden van schoolbesturen"
    ),
    "rcfkenniscentrahandhaving": _r(
        "rcf", "RCF kenniscentrum handhaving", "kenniscentra van het rijk (SZW) voor gemeenten"
    ),
    "regionaleplatformsarbeidsmarkt": _r(
        "rpa", "Regionaal platform arbeidsmarkt", "platforms van werkgevers, onderwijs en overheid"
    ),
    "regionaleuitvoeringsdienstenbrzo": _r(
        "brzo", "BRZO-omgevingsdienst", "taakverdeling tussen omgevingsdiensten"
    ),
    "vptregios2014": _r("vpt", "VPT-regio 2014", "indeling van het rijk (2014)"),
}

assert all(i.vorm is None or i.vorm in JURIDISCHE_VORMEN for i in INDELINGEN.values())
assert all(i.onderwerp is None or i.onderwerp in ONDERWERPEN for i in INDELINGEN.values())
