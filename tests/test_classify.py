import pytest

from kaartviewer.pipeline import classify
from kaartviewer.pipeline.classify import classify_onderwerp, classify_vorm, read_keywords
from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN


@pytest.fixture(scope="module")
def kw():
    return read_keywords()


@pytest.mark.parametrize(
    "naam,onderwerp",
    [
        ("Afvalbeheer Regio Centraal Groningen (ARCG)", "afval"),
        ("Belastingsamenwerking West-Brabant (BWB)", "belastingen"),
        ("Veiligheids- en Gezondheidsregio Gelderland Midden (VGGM)", "veiligheid"),
        ("Gemeentelijke Gezondheidsdienst (GGD) Hart voor Brabant", "gezondheid"),
        ("Werkvoorzieningschap Tomingroep", "werk_inkomen"),
        ("Intergemeentelijke Sociale Dienst Brabantse Wal", "werk_inkomen"),
        ("Centrumregeling samenwerking sociaal domein Friese gemeenten", "sociaal_jeugd"),
        ("Omgevingsdienst Regio Utrecht (ODRU)", "milieu"),
        ("Recreatieschap Stichtse Groenlanden", "recreatie"),
        ("Regionaal Historisch Centrum Zuidoost Utrecht", "cultuur_archief"),
        ("Collectief vervoer Zeeuws-Vlaanderen", "mobiliteit"),
        ("Regionalisering Leerplicht West-Brabant", "onderwijs"),
        ("Bedrijvenschap Hoefweg", "economie"),
        ("Regionale ICT-dienst Utrecht (RID)", "bedrijfsvoering"),
        ("Regio Twente", "regionaal"),
        ("Zzyzx", "overig"),
    ],
)
def test_onderwerp_keywords(kw, naam, onderwerp):
    assert classify_onderwerp(naam, kw) == (onderwerp, "regel")


@pytest.mark.parametrize(
    "naam,vorm,herkomst",
    [
        ("Openbaar Lichaam Crematoria Twente", "openbaar_lichaam", "regel"),
        (
            "Gemeenschappelijk Orgaan regionale samenwerking Arnhem-Nijmegen",
            "gemeenschappelijk_orgaan",
            "regel",
        ),
        ("Bedrijfsvoeringsorganisatie West Betuwe (BWB)", "bedrijfsvoeringsorganisatie", "regel"),
        (
            "Centrumregeling ambtelijke samenwerking Aalsmeer en Amstelveen",
            "centrumgemeenteregeling",
            "regel",
        ),
        ("Veiligheidsregio Twente", "openbaar_lichaam", "regel"),
        ("Coöperatie ParkeerService", "privaatrechtelijk", "regel"),
        ("Samenwerkingsovereenkomst Zandvoort-Haarlem", "netwerk", "regel"),
        # An explicit Wgr form in the name wins over "Stichting" further on.
        (
            "Gemeenschappelijk orgaan Stichting Primair Onderwijs",
            "gemeenschappelijk_orgaan",
            "regel",
        ),
        # Nothing evident: never invent a form.
        ("Regio Twente", "wgr_onbekend", "bron"),
    ],
)
def test_vorm_rules(naam, vorm, herkomst):
    got = classify_vorm(naam)
    assert got[:2] == (vorm, herkomst)


def test_indeling_table_is_complete_and_uses_vocabularies():
    ids = [i.id for i in classify.INDELINGEN.values()]
    assert len(ids) == len(set(ids)) == 34
    for info in classify.INDELINGEN.values():
        assert info.reden
        if info.indeling_soort == "samenwerking":
            assert info.vorm in JURIDISCHE_VORMEN and info.onderwerp in ONDERWERPEN
        else:
            assert info.indeling_soort == "referentie" and info.vorm is None
    soort = {i.id: i.indeling_soort for i in classify.INDELINGEN.values()}
    for s in [
        "ggd",
        "veiligheidsregio",
        "omgevingsdienst",
        "jeugdregio",
        "arbeidsmarktregio",
        "rmc",
        "wmo",
        "beschermd_wonen",
        "vrouwenopvang",
        "veilig_thuis",
        "sociale_werkvoorziening",
        "isd",
        "veiligheidshuis",
        "riec",
    ]:
        assert soort[s] == "samenwerking"
    for r in [
        "provincie",
        "corop",
        "nuts3",
        "arrondissement",
        "ressort",
        "politie",
        "kvk",
        "mirt",
        "zorgkantoor",
    ]:
        assert soort[r] == "referentie"


def test_indeling_vorm_only_where_a_law_or_framework_says_it():
    vorm = {
        i.id: i.vorm for i in classify.INDELINGEN.values() if i.indeling_soort == "samenwerking"
    }
    # A law fixes the region.
    for s in ["ggd", "arbeidsmarktregio", "rmc", "beschermd_wonen", "vrouwenopvang"]:
        assert vorm[s] == "wettelijke_regio", s
    assert vorm["veiligheidsregio"] == "openbaar_lichaam"  # Wvr art. 9
    assert vorm["omgevingsdienst"] == "wgr_onbekend"  # Wabo art. 5.3: OL or GO
    # No source states the form: not claimed as Wgr, nor as network.
    for s in ["jeugdregio", "wmo", "veilig_thuis", "sociale_werkvoorziening", "isd"]:
        assert vorm[s] == "onbekend", s
    # Networks by their national framework / convenant.
    assert vorm["veiligheidshuis"] == vorm["riec"] == "netwerk"


def test_samenwerking_soort_of_every_vorm():
    from kaartviewer.schema import SAMENWERKING_SOORTEN, samenwerking_soort_van

    got = {v: samenwerking_soort_van(v) for v in JURIDISCHE_VORMEN}
    assert set(got.values()) <= set(SAMENWERKING_SOORTEN)
    assert got["wgr_onbekend"] == "wgr" and got["netwerk"] == "netwerk"
    assert got["privaatrechtelijk"] == "privaat" and got["onbekend"] == "onbekend"
