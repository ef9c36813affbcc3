"""Column names and closed vocabularies: the single source of truth.

The validator (`kaartviewer.load`), the build pipeline and the UI filters all read
their codes and Dutch labels from here. Codes are what the CSV stores (stable, easy
to script against); labels are what people see.
"""

from __future__ import annotations

# --- shared constants ---------------------------------------------------------------------

#: Geographic coordinates, as shipped and as Leaflet wants them.
WGS84 = "EPSG:4326"
#: Rijksdriehoek (RD New, metres): every area, distance and overlay is computed in it.
RD_NEW = "EPSG:28992"
#: The Netherlands in WGS84 (lon/lat), generously: a feature outside is projected or garbage.
NL_BOUNDS_LONLAT: tuple[float, float, float, float] = (2.5, 50.0, 7.8, 54.0)
#: The map's initial view, ``[[south, west], [north, east]]`` as Leaflet takes it.
NL_MAP_BOUNDS: list[list[float]] = [[50.75, 3.3], [53.6, 7.25]]
#: The gemeente-indelingen the 2016 registry can be shown on.
GEMEENTE_INDELINGEN: tuple[str, ...] = ("2016", "2025")

# --- data/samenwerkingen.csv -------------------------------------------------------------

SAMENWERKING_COLUMNS: tuple[str, ...] = (
    "id",
    "naam",
    "juridische_vorm",
    "juridische_vorm_herkomst",
    "onderwerp",
    "onderwerp_herkomst",
    "deelnemers",
    "overige_deelnemers",
    "bron",
    "peildatum",
    "regio_indeling",
    "bron_namen",
    "status",
)
#: Extra columns of today's ``data/samenwerkingen.csv`` (GR-register and CBS regions); the
#: 2016 layer leaves them out.
REGISTER_COLUMNS: tuple[str, ...] = (
    "afkorting",
    "centrumgemeente",
    "beleidsterreinen",
    "doel",
    "bevoegdheden",
    "bevoegdheidsverkrijgingen",
    "bronhouder",
    "website",
    "instellingsbesluiten",
    "register_url",
    "roo_id",
    "roo_ids",
    "geldig_van",
    "geldig_tot",
    "regionaal_samenwerkingsorgaan",
    "toelichting",
)
#: ``data/versies.csv``: one row per version of a register samenwerking.
VERSIE_COLUMNS: tuple[str, ...] = (
    "samenwerking",
    "roo_id",
    "titel",
    "citeertitel",
    "geldig_van",
    "geldig_tot",
    "juridische_vorm",
    "vorige_roo_id",
    "volgende_roo_id",
)
#: ``data/deelnemers.csv``: one row per version × deelnemer (``roo_id`` '' = no versions).
DEELNEMER_COLUMNS: tuple[str, ...] = (
    "samenwerking",
    "roo_id",
    "deelnemer_type",
    "gemeentecode",
    "naam",
    "via_code",
    "via_naam",
    "aandeel",
    "toetredingsdatum",
    "bestuursorganen",
)
#: The two layers of the registry: today's (default) and the 2016 history.
LAGEN: dict[str, str] = {
    "actueel": "Vandaag (GR-register en CBS 2025)",
    "2016": "2016 (OpenGR en RegioAtlas, historisch)",
}
#: Without these the file cannot be used at all (structural failure).
SAMENWERKING_KEY_COLUMNS: tuple[str, ...] = ("id", "naam", "deelnemers")
#: Columns added later: a file without them is still complete (the default applies).
SAMENWERKING_OPTIONAL_COLUMNS: dict[str, str] = {"status": "actief"}

# --- data/gemeenten.geojson --------------------------------------------------------------

GEMEENTE_PROPERTIES: tuple[str, ...] = (
    "gemeentecode",
    "gemeentenaam",
    "provinciecode",
    "provincienaam",
)
GEMEENTE_KEY_PROPERTIES: tuple[str, ...] = ("gemeentecode", "gemeentenaam")

# --- data/indelingen.csv (gemeente × regio-indeling → regio) -----------------------------------

INDELING_COLUMNS: tuple[str, ...] = (
    "regio_indeling",
    "regio_indeling_naam",
    "indeling_soort",
    "gemeentecode",
    "regio",
)

# --- vocabularies ------------------------------------------------------------------------

JURIDISCHE_VORMEN: dict[str, str] = {
    "openbaar_lichaam": "Openbaar lichaam",
    "gemeenschappelijk_orgaan": "Gemeenschappelijk orgaan",
    "bedrijfsvoeringsorganisatie": "Bedrijfsvoeringsorganisatie",
    "centrumgemeenteregeling": "Centrumgemeenteregeling",
    "regeling_zonder_meer": "Regeling zonder meer",
    "wgr_onbekend": "Wgr-vorm onbekend",
    "netwerk": "Netwerk/convenant",
    "wettelijke_regio": "Wettelijke regio-indeling",
    "privaatrechtelijk": "Privaatrechtelijk",
    "onbekend": "Vorm onbekend",
}

#: Which juridische vormen are Wgr arrangements, which network collaborations.
WGR_VORMEN: frozenset[str] = frozenset(
    {
        "openbaar_lichaam",
        "gemeenschappelijk_orgaan",
        "bedrijfsvoeringsorganisatie",
        "centrumgemeenteregeling",
        "regeling_zonder_meer",
        "wgr_onbekend",
    }
)
NETWERK_VORMEN: frozenset[str] = frozenset({"netwerk", "wettelijke_regio"})
PRIVAAT_VORMEN: frozenset[str] = frozenset({"privaatrechtelijk"})

#: ``samenwerking_soort``: Wgr, network collaboration, private law, or not known (a region
#: of gemeenten whose form no source states: not claimed as Wgr, nor as a network).
SAMENWERKING_SOORTEN: dict[str, str] = {
    "wgr": "Wgr-regeling",
    "netwerk": "Netwerk / regio-indeling",
    "privaat": "Privaatrechtelijk",
    "onbekend": "Soort onbekend",
}

#: ``status`` of a samenwerking as its source states it (OpenGR names such as
#: "… (in liquidatie)"). Ended ones are kept as history; current views leave them out.
STATUSSEN: dict[str, str] = {
    "actief": "actief",
    "in_liquidatie": "in liquidatie",
    "opgeheven": "opgeheven",
    "opgegaan": "opgegaan in een andere regeling",
}
#: The statussen that mean the samenwerking no longer works as such.
BEEINDIGDE_STATUSSEN: frozenset[str] = frozenset({"in_liquidatie", "opgeheven", "opgegaan"})

ONDERWERPEN: dict[str, str] = {
    "afval": "Afval & reiniging",
    "belastingen": "Belastingen & WOZ",
    "bedrijfsvoering": "Bedrijfsvoering & ICT",
    "economie": "Economie & bedrijventerreinen",
    "gezondheid": "Gezondheid & zorg",
    "veiligheid": "Veiligheid & crisisbeheersing",
    "werk_inkomen": "Werk & inkomen",
    "sociaal_jeugd": "Sociaal domein & jeugd",
    "milieu": "Milieu & omgevingsdienst",
    "recreatie": "Recreatie & natuur",
    "cultuur_archief": "Cultuur & archief",
    "mobiliteit": "Mobiliteit & vervoer",
    "onderwijs": "Onderwijs & leerplicht",
    "water": "Water & riolering",
    "regionaal": "Regionale samenwerking algemeen",
    "overig": "Overig",
}

HERKOMST: dict[str, str] = {
    "bron": "uit de bron",
    "regel": "afgeleid met een regel",
    "beleidsterrein": "uit de beleidsterreinen van het GR-register",
    "handmatig": "handmatig vastgesteld",
}

DEELNEMER_TYPES: dict[str, str] = {
    "gemeente": "Gemeente",
    "provincie": "Provincie",
    "waterschap": "Waterschap",
    "rijk": "Rijk",
    "buitenland": "Buitenland",
    "overig": "Overig",
}

#: ``indeling_soort`` of a regio-indeling.
INDELING_SOORTEN: dict[str, str] = {
    "samenwerking": "samenwerkingsfamilie",
    "referentie": "referentie-indeling",
}


def samenwerking_soort_van(vorm: str) -> str:
    """Return ``wgr``, ``netwerk``, ``privaat`` or ``onbekend`` for a juridische-vorm code."""
    if vorm in WGR_VORMEN:
        return "wgr"
    if vorm in NETWERK_VORMEN:
        return "netwerk"
    if vorm in PRIVAAT_VORMEN:
        return "privaat"
    return "onbekend"


#: Separator inside the list columns ``deelnemers`` and ``overige_deelnemers``.
LIST_SEP = ";"
#: ``overige_deelnemers`` items are ``<type>:<naam>``.
TYPE_SEP = ":"

# --- beheer: aanvullingen over the sources (kaartviewer.beheer) -------------------------------

#: Vorm of a samenwerking no register holds (aanvulling), with its Dutch label.
AANVULLING_VORMEN: dict[str, str] = {
    "netwerk": "Netwerk/convenant",
    "regio_deal": "Regio deal",
    "overlegtafel": "Overlegtafel",
    "stichting": "Stichting",
    "vereniging": "Vereniging",
    "cooperatie": "Coöperatie",
    "bv_nv": "BV/NV",
    "wgr_niet_geregistreerd": "Wgr-regeling (niet in het register)",
}
#: The registry's ``juridische_vorm`` code an aanvulling's vorm is shown under (filters,
#: counts); the detailed vorm stays in the column ``aanvulling_vorm``.
AANVULLING_VORM_JURIDISCH: dict[str, str] = {
    "netwerk": "netwerk",
    "regio_deal": "netwerk",
    "overlegtafel": "netwerk",
    "stichting": "privaatrechtelijk",
    "vereniging": "privaatrechtelijk",
    "cooperatie": "privaatrechtelijk",
    "bv_nv": "privaatrechtelijk",
    "wgr_niet_geregistreerd": "wgr_onbekend",
}
#: Fase of a samenwerking (aanvulling or correction).
FASEN: dict[str, str] = {
    "verkenning": "Verkenning",
    "opbouw": "Opbouw",
    "uitvoering": "Uitvoering",
    "evaluatie": "Evaluatie",
    "afbouw": "Afbouw",
    "beeindigd": "Beëindigd",
}
#: Types of deelnemer an aanvulling can name (gemeenten by code, the others by name).
AANVULLING_DEELNEMER_TYPES: dict[str, str] = {
    "gemeente": "Gemeente",
    "provincie": "Provincie",
    "waterschap": "Waterschap",
    "rijk": "Rijk",
    "maatschappelijk": "Maatschappelijke partner",
    "bedrijf": "Bedrijf",
    "overig": "Overig",
}
#: Functie of a bestuurder at a samenwerking's table (public role only).
BESTUURDER_FUNCTIES: dict[str, str] = {
    "wethouder": "Wethouder",
    "burgemeester": "Burgemeester",
    "gedeputeerde": "Gedeputeerde",
    "commissaris_koning": "Commissaris van de Koning",
    "dijkgraaf": "Dijkgraaf",
    "heemraad": "Heemraad",
    "raadslid": "Raadslid",
    "statenlid": "Statenlid",
    "overig": "Overig",
}
#: Orgaan of the samenwerking the bestuurder sits in.
ORGANEN: dict[str, str] = {
    "AB": "Algemeen bestuur (AB)",
    "DB": "Dagelijks bestuur (DB)",
    "overleg": "Overleg/stuurgroep",
}
#: Fields of a samenwerking that a correction may change, with their Dutch labels.
CORRECTIE_VELDEN: dict[str, str] = {
    "naam": "Naam",
    "afkorting": "Afkorting",
    "onderwerp": "Onderwerp",
    "juridische_vorm": "Juridische vorm",
    "fase": "Fase",
    "start": "Startdatum",
    "einde": "Einddatum",
    "website": "Website",
    "doel": "Doel",
    "deelnemer_toevoegen": "Ontbrekende deelnemer",
    "deelnemer_verwijderen": "Deelnemer die er niet (meer) bij hoort",
}
#: Kind and status of an aanvulling.
AANVULLING_SOORTEN: dict[str, str] = {
    "samenwerking": "Nieuwe samenwerking",
    "correctie": "Correctie",
    "bestuurder": "Bestuurder",
}
AANVULLING_STATUSSEN: dict[str, str] = {
    "voorgesteld": "Voorgesteld",
    "goedgekeurd": "Goedgekeurd",
    "afgewezen": "Afgewezen",
    "ingetrokken": "Ingetrokken",
}
#: Roles in beheer.
BEHEER_ROLLEN: dict[str, str] = {
    "beheerder": "Beheerder",
    "redacteur": "Redacteur",
}
