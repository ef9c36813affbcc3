"""The GR-register (ROO) parser: hand-written records in a tmp dir, pure helpers, and the
real snapshot in ../shared (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import REPO, SHARED_BRONNEN
from hypothesis import given
from hypothesis import strategies as st

from kaartviewer.pipeline import roo
from kaartviewer.pipeline.classify import classify_onderwerp, read_keywords
from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN, WGR_VORMEN

TOOI = "https://identifier.overheid.nl/tooi/id"
COLLEGE = "College van burgemeester en wethouders"

# --- a miniature register, in the shape of the real files -----------------------------------

GEMEENTEN_2025 = {
    "GM0001": "Alfa",
    "GM0002": "Beta",
    "GM0003": "Gamma",
    "GM0010": "Nieuwstad",
    "GM0020": "Zuidwaard",
    "GM0021": "Noordwaard",
}
CROSSWALK = pd.DataFrame(
    [
        ("GM0001", "Alfa", "GM0001", "Alfa", 1.0, "ongewijzigd"),
        ("GM0002", "Beta", "GM0002", "Beta", 1.0, "ongewijzigd"),
        ("GM0005", "Oudedorp", "GM0010", "Nieuwstad", 1.0, "samengevoegd"),
        ("GM0006", "Splitdorp", "GM0020", "Zuidwaard", 0.7, "gesplitst"),
        ("GM0006", "Splitdorp", "GM0021", "Noordwaard", 0.3, "gesplitst"),
    ],
    columns=[
        "gemeentecode_oud",
        "gemeentenaam_oud",
        "gemeentecode_nieuw",
        "gemeentenaam_nieuw",
        "aandeel",
        "soort",
    ],
)


def deelnemer(naam, tooi=None, roo_id="1", organen=(COLLEGE,), datum="2015-01-01"):
    d = {"naam": naam, "roo_id": roo_id}
    if tooi:
        d["tooi"] = f"{TOOI}/{tooi}"
    d["toetredings_datum"] = datum
    d["bestuursorganen"] = [{"naam": o} for o in organen]
    return d


def versie(
    roo_id,
    titel,
    van,
    tot=None,
    *,
    vorm=("Openbaar lichaam", "OL"),
    deelnemers=(),
    vorige=None,
    volgende=None,
    citeertitel=None,
    areas=(),
    doel=None,
    bronhouder=None,
    website=None,
):
    meta = {
        "citeertitel": citeertitel,
        "doel": doel,
        "samenwerkingsvorm": {"value": vorm[0], "afkorting": vorm[1]} if vorm else None,
        "bevoegdheidsverkrijgingen": ["Mandaat", "Delegatie"],
        "regionaal_samenwerkingsorgaan": {"naam": f"Organisatie {roo_id}", "roo_id": "9"},
        "bronhouder": bronhouder or {"naam": "Bureau", "tooi": f"{TOOI}/so/so0001"},
        "taalcode": "nl-NL",
        "registratiehouder": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        "deelnemende_organisaties": list(deelnemers),
        "instellingsbesluiten": [f"https://lokaleregelgeving.overheid.nl/CVDR{roo_id}/1"],
        "bevoegdheden": [{"kop_artikel": "Artikel 5 Bevoegdheden", "inhoud_artikel": "…"}],
        "datum_inwerkingtreding": van,
        "datum_uitwerkingtreding": tot,
        "next_version": {"roo_id": volgende, "naam": "x"} if volgende else None,
        "previous_version": {"roo_id": vorige, "naam": "x"} if vorige else None,
    }
    record = {
        "id": f"org:gr-{roo_id}",
        "type": "gemeenschappelijke-regeling",
        "identifiers": {"roo_id": roo_id},
        "classification": "gemeenschappelijke-regeling",
        "parent_id": None,
        "names": [{"value": titel, "valid_from": van, "valid_until": tot}],
        "policy_areas": [{"naam": a, "tooi": "https://x"} for a in areas],
        "gr_meta": meta,
        "valid_from": van,
        "valid_until": tot,
        "last_mutation": "2025-03-03",
        "sources": [
            {
                "id": "roo",
                "url": f"https://organisaties.overheid.nl/{roo_id}/x",
                "retrieved": "2026-05-16",
            }
        ],
    }
    if website:
        record["contact"] = {"website": website}
    return record


def organisatie(roo_id, naam, hoort_bij, abbr=None, website=None):
    names = [{"value": naam, "valid_from": "1900-01-01"}]
    if abbr:
        names[0]["abbr"] = abbr
    record = {
        "id": f"org:gr-{roo_id}",
        "type": "gemeenschappelijke-regeling",
        "identifiers": {"roo_id": roo_id},
        "hoort_bij_gemeenschappelijke_regeling": {"naam": "x", "roo_id": hoort_bij},
        "names": names,
        "valid_from": "1900-01-01",
        "valid_until": None,
        "last_mutation": "2026-05-02",
        "sources": [
            {
                "id": "roo",
                "url": f"https://organisaties.overheid.nl/{roo_id}/o",
                "retrieved": "2026-05-15",
            }
        ],
    }
    if website:
        record["contact"] = {"website": website}
    return record


def gemeente_record(slug, naam, code=None, tot=None, roo_id=None, opvolger=None):
    ids = {"roo_id": roo_id} if roo_id else {}
    if code:
        ids |= {"tooi": f"{TOOI}/gemeente/{code}", "organisatiecode": code}
    record = {
        "id": f"org:gemeente-{slug}",
        "type": "gemeente",
        "identifiers": ids,
        "names": [{"value": f"Gemeente {naam}", "abbr": naam, "valid_from": "1900-01-01"}],
        "valid_from": "1900-01-01",
        "valid_until": tot,
    }
    if opvolger:
        record["successor_id"] = f"org:gemeente-{opvolger}"
    return record


ALFA = deelnemer("Gemeente Alfa", "gemeente/gm0001", organen=(COLLEGE, "Gemeenteraad"))
BETA = deelnemer("Gemeente Beta", "gemeente/gm0002")
GAMMA = deelnemer("Gemeente Gamma", "gemeente/gm0003")
OUDEDORP = deelnemer("Gemeente Oudedorp", "gemeente/gm0005")
NIEUWSTAD = deelnemer("Gemeente Nieuwstad", "gemeente/gm0010", datum="2019-01-01")
SPLITDORP = deelnemer("Gemeente Splitdorp", "gemeente/gm0006")
PROVINCIE = deelnemer("Provincie Noordland", "provincie/pv21", organen=("Gedeputeerde staten",))

#: file name → record (a string is written as is: broken YAML on purpose). File names do
#: not follow the chain order, as in the real snapshot.
RECORDS: dict[str, object] = {
    # A chain of three versions: 100 → 200 → 300, the last in force.
    "z-afvalschap-100.yaml": versie(
        "100",
        "Gemeenschappelijke regeling Afvalschap Noord 2010",
        "2010-01-01",
        "2015-01-01",
        volgende="200",
        deelnemers=[ALFA, OUDEDORP],
        areas=["natuur en milieu | afval"],
    ),
    "m-afvalschap-200.yaml": versie(
        "200",
        "Gemeenschappelijke regeling Afvalschap Noord 2015",
        "2015-01-01",
        "2020-01-01",
        vorige="100",
        volgende="300",
        deelnemers=[ALFA, BETA, OUDEDORP],
        areas=["natuur en milieu | afval"],
    ),
    "a-afvalschap-300.yaml": versie(
        "300",
        "Gemeenschappelijke regeling Afvalschap Noord 2020",
        "2020-01-01",
        vorige="200",
        citeertitel="Gemeenschappelijke regeling Afvalschap Noord 2020",
        # Oudedorp merged into Nieuwstad, which the register also lists: one row.
        deelnemers=[ALFA, BETA, OUDEDORP, NIEUWSTAD, PROVINCIE],
        areas=["natuur en milieu | afval", "organisatie en bedrijfsvoering"],
        doel="Inzameling van huishoudelijk afval.",
    ),
    # Its organisation, attached to version 300; and one that belongs to nothing.
    "afvalschap-noord.yaml": organisatie(
        "500", "Afvalschap Noord", "300", abbr="ASN", website="www.afvalschap-noord.nl"
    ),
    "verweesd.yaml": organisatie("510", "Verweesd Bureau", "999"),
    # An ended regeling: no version in force. Splitdorp was split over two gemeenten,
    # Verweg (no code, ended before 2016) has a successor record, Nergens has none.
    "recreatieschap-oud.yaml": versie(
        "400",
        "Gemeenschappelijke regeling Recreatieschap Oud",
        "2001-01-01",
        "2012-01-01",
        vorm=("Gemeenschappelijk orgaan", "GO"),
        deelnemers=[
            SPLITDORP,
            deelnemer("Gemeente Verweg", roo_id="777"),
            deelnemer("Gemeente Nergens", "gemeente/gm0099"),
            deelnemer("Stadt Irgendwo", datum="2003-01-01"),
        ],
    ),
    # A broken link: 599 is not in the snapshot.
    "ict-600.yaml": versie(
        "600",
        "Gemeenschappelijke regeling ICT Zuid",
        "2021-01-01",
        vorige="599",
        vorm=("Bedrijfsvoeringsorganisatie", "BVO"),
        deelnemers=[ALFA, GAMMA],
    ),
    # Centrumregelingen: Beta registers the first; a samenwerkingsorgaan the second, whose
    # title names Alfa.
    "centrum-jeugd.yaml": versie(
        "700",
        "Centrumregeling Jeugdhulp Alfa-Beta",
        "2022-01-01",
        vorm=("'Regeling zonder meer'", "RZM"),
        deelnemers=[ALFA, BETA],
        bronhouder={"naam": "Gemeente Beta", "tooi": f"{TOOI}/gemeente/gm0002"},
    ),
    "centrum-ict.yaml": versie(
        "710",
        "Centrumregeling ICT Alfa",
        "2022-01-01",
        vorm=("'Regeling zonder meer'", "RZM"),
        deelnemers=[ALFA, GAMMA],
    ),
    # No samenwerkingsvorm at all: the name rules give the form.
    "zonder-vorm.yaml": versie(
        "800",
        "Gemeenschappelijke regeling Bedrijfsvoeringsorganisatie Werk Oost",
        "2018-01-01",
        vorm=None,
        deelnemers=[BETA],
    ),
    # Broken records.
    "kapot.yaml": "names: [unclosed\n  gr_meta: : :\n",
    "lijst.yaml": "- a\n- b\n",
    "half.yaml": {"id": "org:gr-half", "identifiers": {"roo_id": "900"}, "gr_meta": {}},
}
GEMEENTE_RECORDS = {
    "alfa.yaml": gemeente_record("alfa", "Alfa", "gm0001", roo_id="11"),
    "oudedorp.yaml": gemeente_record("oudedorp", "Oudedorp", "gm0005", "2019-01-01", "15"),
    "splitdorp.yaml": gemeente_record("splitdorp", "Splitdorp", "gm0006", "2021-01-01", "16"),
    "verweg.yaml": gemeente_record("verweg", "Verweg", None, "2010-01-01", "777", "alfa"),
    "nergens.yaml": gemeente_record("nergens", "Nergens", "gm0099", "2012-01-01", "99"),
}


def write_roo(root: Path) -> Path:
    for folder, records in (
        ("gemeenschappelijke-regelingen", RECORDS),
        ("gemeenten", GEMEENTE_RECORDS),
    ):
        (root / folder).mkdir(parents=True)
        for name, record in records.items():
            text = (
                record
                if isinstance(record, str)
                else yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
            )
            (root / folder / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reg(tmp_path_factory) -> roo.RegisterTabellen:
    return roo.read_register(write_roo(tmp_path_factory.mktemp("roo")), CROSSWALK, GEMEENTEN_2025)


def sw(reg, sid: str) -> pd.Series:
    return reg.samenwerkingen.set_index("id").loc[sid]


def rows_of(reg, roo_id: str) -> pd.DataFrame:
    return reg.deelnemers[reg.deelnemers["roo_id"] == roo_id]


# --- the miniature register end to end ------------------------------------------------------


def test_columns_and_peildatum(reg):
    assert tuple(reg.samenwerkingen.columns) == roo.SAMENWERKING_COLUMNS
    assert tuple(reg.versies.columns) == roo.VERSIE_COLUMNS
    assert tuple(reg.deelnemers.columns) == roo.DEELNEMER_COLUMNS
    assert tuple(reg.organisaties.columns) == roo.ORGANISATIE_COLUMNS
    # the latest retrieved date of the roo source, organisations included
    assert reg.peildatum == "2026-05-16"


def test_chain_of_three_versions(reg):
    s = sw(reg, "roo-100")  # named after the first version, whatever the file order
    assert s["roo_ids"] == "100;200;300"
    assert s["roo_id"] == "300" and s["in_werking"]
    assert (s["geldig_van"], s["geldig_tot"]) == ("2010-01-01", "")
    assert s["naam"] == "Afvalschap Noord"  # "Gemeenschappelijke regeling" and year dropped
    assert s["afkorting"] == "ASN"  # from the organisation record
    assert s["website"] == "https://www.afvalschap-noord.nl"
    assert s["register_url"] == "https://organisaties.overheid.nl/300/x"
    assert (s["juridische_vorm"], s["juridische_vorm_herkomst"]) == ("openbaar_lichaam", "bron")
    assert (s["onderwerp"], s["onderwerp_herkomst"]) == ("afval", "beleidsterrein")
    assert s["beleidsterreinen"] == "natuur en milieu | afval;organisatie en bedrijfsvoering"
    assert s["bevoegdheidsverkrijgingen"] == "Mandaat;Delegatie"
    assert s["bevoegdheden"] == "Artikel 5 Bevoegdheden"
    assert s["regionaal_samenwerkingsorgaan"] == "Organisatie 300"
    v = reg.versies[reg.versies["samenwerking"] == "roo-100"]
    assert list(v["roo_id"]) == ["100", "200", "300"]
    assert list(v["vorige_roo_id"]) == ["", "100", "200"]
    assert list(v["in_werking"]) == [False, False, True]


def test_latest_version_deelnemers_with_merged_gemeente(reg):
    d = rows_of(reg, "300").set_index("naam")
    # Alfa, Beta, Nieuwstad (listed directly and as Oudedorp: one row) and the provincie.
    assert len(d) == 4
    assert sorted(d["gemeentecode"]) == ["", "GM0001", "GM0002", "GM0010"]
    assert d.loc["Gemeente Nieuwstad", "via_code"] == "GM0005"
    assert d.loc["Gemeente Nieuwstad", "via_naam"] == "Oudedorp"
    assert d.loc["Gemeente Nieuwstad", "toetredingsdatum"] == "2019-01-01"
    assert d.loc["Gemeente Alfa", "bestuursorganen"] == f"{COLLEGE};Gemeenteraad"
    assert d.loc["Provincie Noordland", "deelnemer_type"] == "provincie"
    # In version 100 Oudedorp is the only way Nieuwstad takes part: mapped with provenance.
    old = rows_of(reg, "100").set_index("gemeentecode")
    assert old.loc["GM0010", ["via_code", "via_naam", "aandeel"]].tolist() == [
        "GM0005",
        "Oudedorp",
        1.0,
    ]


def test_ended_regeling_split_and_successor(reg):
    s = sw(reg, "roo-400")
    assert not s["in_werking"] and s["roo_id"] == "400"
    assert s["geldig_tot"] == "2012-01-01"
    assert s["juridische_vorm"] == "gemeenschappelijk_orgaan"
    assert s["onderwerp"] == "recreatie"  # no areas, no doel: the titel's keyword
    d = rows_of(reg, "400")
    split = d[d["via_code"] == "GM0006"].set_index("gemeentecode")["aandeel"].to_dict()
    assert split == {"GM0020": 0.7, "GM0021": 0.3}
    # Verweg has no code and no TOOI URI: its roo_id finds its record, whose successor is Alfa.
    verweg = d[d["via_naam"] == "Verweg"]
    assert verweg[["gemeentecode", "via_code"]].values.tolist() == [["GM0001", ""]]
    # Nergens cannot be brought to 2025: not a row, but a melding.
    assert "Gemeente Nergens" not in set(d["naam"])
    assert d.set_index("naam").loc["Stadt Irgendwo", "deelnemer_type"] == "overig"
    skipped = [m for m in reg.meldingen if m.gevolg == roo.DEELNEMER_OVERGESLAGEN]
    assert [(m.plaats, "GM0099" in m.reden) for m in skipped] == [("roo_id 400", True)]


def test_organisations_attached_not_counted_as_samenwerking(reg):
    assert reg.organisaties.to_dict("records") == [
        {
            "samenwerking": "roo-100",
            "roo_id": "500",
            "naam": "Afvalschap Noord",
            "website": "https://www.afvalschap-noord.nl",
            "register_url": "https://organisaties.overheid.nl/500/o",
        }
    ]
    assert "500" not in ";".join(reg.samenwerkingen["roo_ids"])


def test_broken_records_are_reported_and_counts_balance(reg):
    t = reg.tellingen
    files = len(RECORDS)
    assert t["records"] == files == 13
    assert t["versies"] + t["organisaties"] + t["records_overgeslagen"] == files
    assert (t["versies"], t["organisaties"], t["records_overgeslagen"]) == (8, 1, 4)
    skipped = {
        m.bestand.split("/")[-1]: m.reden
        for m in reg.meldingen
        if m.gevolg == roo.RECORD_OVERGESLAGEN
    }
    assert set(skipped) == {"kapot.yaml", "lijst.yaml", "half.yaml", "verweesd.yaml"}
    assert skipped["kapot.yaml"].startswith("geen geldige YAML")
    assert "valid_from" in skipped["half.yaml"]
    # Participants: 2 + 3 + 5 (version 100–300) + 4 + 2 + 2 + 2 + 1 = 21 in the register,
    # one (Nergens) not used; Oudedorp next to Nieuwstad in 300 is absorbed, not lost.
    assert t["deelnemers_in_register"] == 21
    assert t["deelnemers_gebruikt"] + t["deelnemers_overgeslagen"] == 21
    assert (t["deelnemers_overgeslagen"], t["deelnemers_samengevoegd"]) == (1, 1)
    # rows: 21 entries − 1 skipped − 1 absorbed + 1 extra for the split = 20
    assert t["deelnemer_rijen"] == len(reg.deelnemers) == 20


def test_broken_link_is_reported_and_starts_its_own_chain(reg):
    s = sw(reg, "roo-600")
    assert s["roo_ids"] == "600" and s["juridische_vorm"] == "bedrijfsvoeringsorganisatie"
    broken = [m for m in reg.meldingen if "599" in m.reden]
    assert len(broken) == 1 and broken[0].bestand.endswith("ict-600.yaml")
    assert broken[0].gevolg == roo.GEBRUIKT


def test_centrumgemeenteregeling(reg):
    jeugd = sw(reg, "roo-700")
    assert (jeugd["juridische_vorm"], jeugd["juridische_vorm_herkomst"]) == (
        "centrumgemeenteregeling",
        "regel",
    )
    assert jeugd["centrumgemeente"] == "GM0002"  # the bronhouder, a deelnemer
    assert jeugd["onderwerp"] == "sociaal_jeugd"
    ict = sw(reg, "roo-710")
    assert ict["centrumgemeente"] == "GM0001"  # bronhouder is no gemeente: the titel names Alfa
    assert any(m.plaats == "roo_id 710" and "centrumgemeente" in m.reden for m in reg.meldingen)
    # Only centrumgemeenteregelingen have a centrumgemeente.
    others = reg.samenwerkingen[reg.samenwerkingen["juridische_vorm"] != "centrumgemeenteregeling"]
    assert set(others["centrumgemeente"]) == {""}


def test_missing_form_falls_back_and_is_reported(reg):
    s = sw(reg, "roo-800")
    assert (s["juridische_vorm"], s["juridische_vorm_herkomst"]) == (
        "bedrijfsvoeringsorganisatie",
        "regel",
    )
    assert any(m.plaats == "roo_id 800" and "juridische vorm" in m.reden for m in reg.meldingen)
    assert "wgr_onbekend" not in set(reg.samenwerkingen["juridische_vorm"])
    assert set(reg.versies["juridische_vorm"]) <= WGR_VORMEN - {"wgr_onbekend"}


def test_merged_gemeente_report_names_end_date(reg):
    (m,) = [m for m in reg.meldingen if m.plaats == "gemeente GM0005"]
    assert "Oudedorp" in m.reden and "opgeheven per 2019-01-01" in m.reden
    assert "GM0010 Nieuwstad" in m.reden


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        roo.read_register(tmp_path, CROSSWALK, GEMEENTEN_2025)


# --- pure helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri,expected",
    [
        (f"{TOOI}/gemeente/gm0150", ("gemeente", "GM0150")),
        (f"{TOOI}/provincie/pv21", ("provincie", "PV21")),
        (f"{TOOI}/waterschap/ws0652", ("waterschap", "WS0652")),
        (f"{TOOI}/ministerie/mnre1109", ("rijk", "MNRE1109")),
        (f"{TOOI}/so/so0896", ("overig", "")),
        ("", ("overig", "")),
        ("not a uri", ("overig", "")),
    ],
)
def test_deelnemer_type(uri, expected):
    assert roo.deelnemer_type(uri) == expected
    assert roo.gemeente_code(uri) == (expected[1] if expected[0] == "gemeente" else "")


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2020-01-01", "2020-01-01"),
        (None, ""),
        ("", ""),
        ("2020-13-01", None),
        ("gisteren", None),
        (20200101, None),
    ],
)
def test_iso_datum(value, expected):
    assert roo.iso_datum(value) == expected


def test_iso_datum_accepts_yaml_dates():
    assert roo.iso_datum(yaml.safe_load("d: 2020-01-02")["d"]) == "2020-01-02"


def test_validity_is_half_open():
    # valid_until is the first day the version no longer holds
    assert roo.geldig_op("2015-01-01", "2020-01-01", "2019-12-31")
    assert not roo.geldig_op("2015-01-01", "2020-01-01", "2020-01-01")
    assert roo.geldig_op("2020-01-01", "", "2020-01-01")
    assert not roo.geldig_op("2020-01-01", "", "2019-12-31")
    # consecutive versions do not overlap; a later start inside an open one does
    assert not roo.overlappen(("2015-01-01", "2020-01-01"), ("2020-01-01", ""))
    assert roo.overlappen(("2017-08-01", "2022-01-01"), ("2019-04-12", "2020-01-01"))
    assert roo.overlappen(("2019-12-01", ""), ("2022-12-28", ""))
    # a version valid on no day overlaps nothing
    assert not roo.overlappen(("2024-05-01", "2024-05-01"), ("2020-01-01", ""))


def test_build_chains_reports_breaks_cycles_and_branches():
    S = roo.Schakel
    chains, meldingen = roo.build_chains(
        {
            "1": S(volgende="2", geldig_van="2001"),
            "2": S(vorige="1", geldig_van="2002"),
            "3": S(vorige="404", geldig_van="2003"),  # broken
            "5": S(volgende="6", geldig_van="2005"),  # cycle 5 → 6 → 5
            "6": S(volgende="5", geldig_van="2006"),
            "7": S(volgende="8", geldig_van="2007"),  # 7 → 8 and 7 → 9: branches
            "8": S(geldig_van="2008"),
            "9": S(vorige="7", geldig_van="2009"),
        }
    )
    assert chains == [("1", "2"), ("3",), ("5", "6"), ("7", "8", "9")]
    reasons = sorted(m.plaats + ": " + m.reden.split(" ")[0] for m in meldingen)
    assert reasons == [
        "roo_id 3: previous_version",
        "roo_id 5: de",
        "roo_id 7: versie",
    ]


@given(
    n=st.integers(min_value=1, max_value=9),
    ids=st.lists(st.integers(1, 10**8), min_size=9, max_size=9, unique=True),
    directions=st.lists(st.sampled_from(["vorige", "volgende", "beide"]), min_size=8, max_size=8),
    dates=st.lists(st.dates().map(str), min_size=9, max_size=9),
    order=st.randoms(use_true_random=False),
)
def test_build_chains_any_order_any_link_direction(n, ids, directions, dates, order):
    """A linear chain comes out whole and in link order, whatever the dict order, the
    direction each link is recorded in, or the dates (which can contradict the links)."""
    chain = [str(i) for i in ids[:n]]
    links = {rid: {"vorige": "", "volgende": ""} for rid in chain}
    for (a, b), how in zip(zip(chain, chain[1:], strict=False), directions, strict=False):
        if how in ("volgende", "beide"):
            links[a]["volgende"] = b
        if how in ("vorige", "beide"):
            links[b]["vorige"] = a
    keys = list(chain)
    order.shuffle(keys)
    schakels = {k: roo.Schakel(**links[k], geldig_van=dates[chain.index(k)]) for k in keys}
    chains, meldingen = roo.build_chains(schakels)
    assert chains == [tuple(chain)] and meldingen == []
    assert roo.chain_id(chains[0]) == f"roo-{chain[0]}"


@given(
    st.dictionaries(
        st.sampled_from([str(i) for i in range(12)]),
        st.tuples(
            st.sampled_from([""] + [str(i) for i in range(15)]),
            st.sampled_from([""] + [str(i) for i in range(15)]),
        ),
    )
)
def test_build_chains_partitions_whatever_the_links(raw):
    """Broken links, self-links, cycles and branches never lose or duplicate a version."""
    schakels = {k: roo.Schakel(v, w) for k, (v, w) in raw.items()}
    chains, _ = roo.build_chains(schakels)
    flat = [rid for c in chains for rid in c]
    assert sorted(flat) == sorted(schakels)


@pytest.mark.parametrize(
    "samenwerkingsvorm,titel,expected",
    [
        ({"value": "Openbaar lichaam", "afkorting": "OL"}, "GR Avri", "openbaar_lichaam"),
        ({"value": "Gemeenschappelijk orgaan", "afkorting": "GO"}, "X", "gemeenschappelijk_orgaan"),
        ({"value": "Bedrijfsvoeringsorganisatie", "afkorting": "BVO"}, "X", "bedrijfsvoeringsorganisatie"),
        ({"value": "'Regeling zonder meer'", "afkorting": "RZM"}, "X", "regeling_zonder_meer"),
        ({"value": "'Regeling zonder meer'"}, "X", "regeling_zonder_meer"),  # value only
        ({"value": "'Regeling zonder meer'", "afkorting": "RZM"}, "Centrumregeling Wmo", "centrumgemeenteregeling"),
        ({"afkorting": "RZM"}, "Centrumgemeente regeling samenwerking Waadhoeke", "centrumgemeenteregeling"),
        (None, "Openbaar Lichaam Crematoria Twente", "openbaar_lichaam"),
        (None, "Gemeenschappelijke regeling Zzyzx", "regeling_zonder_meer"),
        ({"value": "Iets anders", "afkorting": "??"}, "Regio Twente", "regeling_zonder_meer"),
    ],
)  # fmt: skip
def test_vorm_van(samenwerkingsvorm, titel, expected):
    vorm, herkomst, reden = roo.vorm_van(samenwerkingsvorm, titel)
    assert vorm == expected
    plain = bool(roo.bron_vorm(samenwerkingsvorm)) and expected != "centrumgemeenteregeling"
    assert (herkomst, reden == "") == (("bron", True) if plain else ("regel", False))


@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=10)))
def test_vorm_van_never_unknown(titel, value):
    vorm, _, _ = roo.vorm_van({"value": value}, titel)
    assert vorm in JURIDISCHE_VORMEN and vorm in WGR_VORMEN and vorm != "wgr_onbekend"


def test_centrumgemeente():
    gemeenten = {"GM0080": "Leeuwarden", "GM1949": "Waadhoeke"}
    titel = "Centrumgemeente regeling samenwerking Waadhoeke en Leeuwarden"
    assert roo.centrumgemeente(["GM0080"], gemeenten, titel) == ("GM0080", "")
    assert roo.centrumgemeente([], gemeenten, "Centrumregeling ICT Leeuwarden")[0] == "GM0080"
    code, reden = roo.centrumgemeente([], gemeenten, titel)  # two named: no guess
    assert code == "" and "meerdere" in reden
    assert roo.centrumgemeente(["GM9999"], gemeenten, "Centrumregeling X")[0] == ""


@pytest.mark.parametrize(
    "titel,citeertitel,naam,afkorting",
    [
        ("Gemeenschappelijke regeling Veiligheidsregio Haaglanden 2025", "", "Veiligheidsregio Haaglanden", ""),
        ("Gemeenschappelijke regeling Openbaar Lichaam Afvalstoffenverwerking Zeeland (OLAZ)", "", "Openbaar Lichaam Afvalstoffenverwerking Zeeland (OLAZ)", "OLAZ"),
        ("Gemeenschappelijke Regeling Werkvoorzieningschap Regio Eindhoven", "GRWRE", "Werkvoorzieningschap Regio Eindhoven", "GRWRE"),
        ("x", "Gemeenschappelijke Regeling “Participatiebedrijf KempenPlus”", "Participatiebedrijf KempenPlus", ""),
        ("x", "GR Cocensus 2025", "Cocensus", ""),
        ("x", "Regeling Stadsgewest 's-Hertogenbosch", "Stadsgewest 's-Hertogenbosch", ""),
        ("x", "gemeenschappelijke regeling van Kompas", "Kompas", ""),
        ("x", "Gemeenschappelijke regeling ombudsman metropool Amsterdam", "Ombudsman metropool Amsterdam", ""),
        ("x", "Gemeenschappelijke regeling ‘IJmond Werkt! 2024, 4de wijziging’", "IJmond Werkt!", ""),
        ("x", "Centrumregeling Beschermd wonen Meierij en Bommelerwaard 2026-2030", "Centrumregeling Beschermd wonen Meierij en Bommelerwaard", ""),
        ("x", "Bijsterhuizen (2004)", "Bijsterhuizen", ""),
        ("x", "'Gemeenschappelijke Regeling Bedrijvenschap Hoefweg' of ' GR Bedrijvenschap Hoefweg'", "Bedrijvenschap Hoefweg", ""),
        ("x", "Gemeenschappelijke regeling Zonder Meer Maatschappelijke Zorg Duin- en Bollenstreek", "Maatschappelijke Zorg Duin- en Bollenstreek", ""),
        # nothing meaningful would be left: keep the title
        ("x", "Gemeenschappelijke regeling Gezondheid", "Gemeenschappelijke regeling Gezondheid", ""),
        ("x", "Gemeenschappelijke Regeling samenwerkingsverband", "Gemeenschappelijke Regeling samenwerkingsverband", ""),
        ("x", "Gemeenschappelijke regeling zonder meer", "Gemeenschappelijke regeling zonder meer", ""),
        ("x", "Gemeenschappelijke regeling ter bevordering democratische verankering", "Gemeenschappelijke regeling ter bevordering democratische verankering", ""),
        ("x", "Gemeenschappelijke regeling 1Stroom", "1Stroom", ""),
        ("x", "Samenwerkingsregeling Regio Achterhoek", "Samenwerkingsregeling Regio Achterhoek", ""),
    ],
)  # fmt: skip
def test_naam_van(titel, citeertitel, naam, afkorting):
    assert roo.naam_van(titel, citeertitel) == (naam, afkorting)


def test_same_bare_name_gets_the_bronhouder():
    rows = [
        {"id": "roo-1", "naam": "Samenwerking Sociale Zaken", "bronhouder": "Gemeente Huizen"},
        {"id": "roo-2", "naam": "Samenwerking sociale zaken", "bronhouder": "Gemeente Heemstede"},
        {"id": "roo-3", "naam": "Avri", "bronhouder": "Avri"},
    ]
    meldingen = roo._unieke_namen(rows)
    assert [r["naam"] for r in rows] == [
        "Samenwerking Sociale Zaken (Huizen)",
        "Samenwerking sociale zaken (Heemstede)",
        "Avri",
    ]
    assert [m.plaats for m in meldingen] == ["samenwerking roo-1", "samenwerking roo-2"]
    same = [{"id": f"roo-{i}", "naam": "X", "bronhouder": "B"} for i in (1, 2)]
    roo._unieke_namen(same)
    assert [r["naam"] for r in same] == ["X (roo-1)", "X (roo-2)"]


# --- onderwerp ----------------------------------------------------------------------------------


def test_beleidsterrein_table_covers_the_16_top_levels():
    tabel = roo.read_beleidsterrein_tabel()
    tops = {k for k in tabel if " | " not in k}
    assert tops == {
        "cultuur en recreatie",
        "economie",
        "internationaal",
        "migratie en integratie",
        "natuur en milieu",
        "onderwijs en wetenschap",
        "openbare orde en veiligheid",
        "organisatie en bedrijfsvoering",
        "overheidsfinanciën",
        "recht",
        "ruimte en infrastructuur",
        "sociale zekerheid",
        "verkeer",
        "werk",
        "wonen",
        "zorg en gezondheid",
    }
    assert set(tabel.values()) <= set(ONDERWERPEN) - {"overig"}
    # a sub-area without a row of its own falls back to its top level
    assert roo.onderwerp_van_beleidsterrein("Verkeer |  openbaar vervoer", tabel) == "mobiliteit"
    assert roo.onderwerp_van_beleidsterrein("natuur en milieu | afval", tabel) == "afval"
    assert roo.onderwerp_van_beleidsterrein("ruimtevaart", tabel) is None


def test_beleidsterrein_table_rejects_bad_rows(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("beleidsterrein,onderwerp,reden\nwerk,banen,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="onbekend onderwerp"):
        roo.read_beleidsterrein_tabel(p)
    p.write_text("beleidsterrein,onderwerp,reden\nwerk,afval,x\nWerk,afval,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="twee keer"):
        roo.read_beleidsterrein_tabel(p)


@pytest.mark.parametrize(
    "terreinen,titel,doel,expected",
    [
        # 1. the titel picks among the areas (4× onderwijs, 1× verkeer)
        (["onderwijs en wetenschap | basisonderwijs"] * 4 + ["verkeer | openbaar vervoer"], "Mobiliteitsbureau Noordoost Fryslân", "", ("mobiliteit", "beleidsterrein")),
        (["economie | ondernemen", "internationaal | Europese zaken"], "Nederlands-Duitse openbare lichaam EUREGIO", "", ("regionaal", "beleidsterrein")),
        # 2. the titel names another onderwerp than the areas
        (["economie | kenniseconomie"], "ICT-samenwerking West-Brabant West", "", ("bedrijfsvoering", "regel")),
        # 3. a broad spread of areas
        (["verkeer", "economie", "werk", "natuur en milieu", "zorg en gezondheid"], "SamenTwente", "", ("regionaal", "beleidsterrein")),
        (["verkeer", "economie", "werk"], "Regio Foodvalley", "", ("regionaal", "beleidsterrein")),
        # 4. majority; a tie goes to the doel, then to the table order
        (["sociale zekerheid", "werk", "zorg en gezondheid"], "Avres", "", ("werk_inkomen", "beleidsterrein")),
        (["openbare orde en veiligheid", "zorg en gezondheid"], "Hecht", "openbare gezondheidszorg en ambulancezorg", ("gezondheid", "beleidsterrein")),
        (["openbare orde en veiligheid", "zorg en gezondheid"], "Hecht", "", ("gezondheid", "beleidsterrein")),
        # 5. no areas
        ([], "Omgevingsdienst Twente", "", ("milieu", "regel")),
        ([], "Regio Twente", "", ("regionaal", "regel")),
        ([], "Senzer", "uitvoering van de Participatiewet en de Wsw", ("werk_inkomen", "regel")),
        ([], "Zzyzx", "", ("overig", "regel")),
    ],
)  # fmt: skip
def test_classify_onderwerp_register_rules(terreinen, titel, doel, expected):
    assert roo.classify_onderwerp_register(terreinen, titel, doel) == expected


@pytest.mark.parametrize(
    "naam,onderwerp",
    [
        # place names are not topics
        ("Stadsgewest 's-Hertogenbosch", "regionaal"),  # not "bos"
        ("Stadsregio Parkstad Limburg", "regionaal"),  # not "park"
        ("Werkgeversservicepunt Parkstad", "werk_inkomen"),
        ("Recreatieschap Twiske-Waterland", "recreatie"),  # not "water"
        ("Waterlands Archief", "cultuur_archief"),
        ("Groene Hart Rekenkamer", "bedrijfsvoering"),  # not "groen"
        # GHOR inside a GGD's name keeps it a GGD; on its own it is the veiligheidsregio's
        ("Openbare gezondheidszorg West-Brabant (GROGZ; GGD, GHOR, AMK)", "gezondheid"),
        ("GGD en GHOR Hollands Noorden", "gezondheid"),
        ("Brandweer-GHOR Zuid-Limburg", "veiligheid"),
        # afvalwater is water, not afval
        ("Samenwerking afvalwater Maas en Mergelland", "water"),
        # the real topics the fixes must not lose
        ("Parkschap Nationaal Park De Biesbosch", "recreatie"),
        ("Het Amsterdamse Bos", "recreatie"),
        ("Groenzone Pijnacker-Berkel", "recreatie"),
        ("Afvalschap IJmond-Zaanstreek", "afval"),
        ("Hoogheemraadschap van Rijnland", "water"),
    ],
)
def test_keyword_pitfalls(naam, onderwerp):
    assert classify_onderwerp(naam, read_keywords())[0] == onderwerp
    assert roo.classify_onderwerp_register([], naam, "")[0] == onderwerp


# --- the real snapshot ---------------------------------------------------------------------------

ROO = SHARED_BRONNEN / "roo"
needs_snapshot = pytest.mark.skipif(
    not (ROO / "gemeenschappelijke-regelingen").is_dir(),
    reason=f"GR-register snapshot not found at {ROO}",
)


@pytest.fixture(scope="module")
def gemeenten_2025() -> dict[str, str]:
    fc = json.loads((REPO / "data" / "gemeenten.geojson").read_text(encoding="utf-8"))
    return {
        f["properties"]["gemeentecode"]: f["properties"]["gemeentenaam"] for f in fc["features"]
    }


@pytest.fixture(scope="module")
def echt(gemeenten_2025) -> roo.RegisterTabellen:
    crosswalk = pd.read_csv(REPO / "data" / "2016" / "herindeling_2016_2025.csv", dtype=str)
    return roo.read_register(ROO, crosswalk, gemeenten_2025)


#: Hand-labelled from titel + doel (roo_id of the version shown → onderwerp), spread over
#: the topics; 31 with beleidsterreinen, 29 without, including the keyword pitfalls.
ONDERWERP_STEEKPROEF: dict[str, str] = {
    # with beleidsterreinen
    "24964519": "afval",  # milieustraat Oss
    "28143358": "regionaal",  # Nederlands-Duits openbaar lichaam EUREGIO
    "28432513": "werk_inkomen",  # Volkskredietbank Noord-Oost Groningen
    "28969306": "belastingen",  # Gemeentebelastingen Baarn-Eemnes
    "29040233": "bedrijfsvoering",  # Samenwerkingsorganisatie De Wolden Hoogeveen
    "29465749": "sociaal_jeugd",  # Peelgemeenten: uitvoering Wmo, Jeugd, inburgering
    "29474942": "werk_inkomen",  # Avres
    "29474985": "milieu",  # Omgevingsdienst Zuid-Limburg
    "29529685": "bedrijfsvoering",  # Bedrijfsvoeringsorganisatie West-Betuwe
    "29529800": "mobiliteit",  # Maasveren Limburg-Noord
    "29529865": "cultuur_archief",  # West-Brabants Archief
    "29563201": "recreatie",  # Recreatieschap Twiske-Waterland
    "29681289": "gezondheid",  # Crematoria Twente
    "29694430": "veiligheid",  # Veiligheidsregio Noord-Holland Noord
    "29715530": "bedrijfsvoering",  # ICT-samenwerking West-Brabant West
    "29817892": "economie",  # IPP Haaglanden (bedrijventerreinen)
    "29894744": "mobiliteit",  # Havenschap Groningen Seaports
    "29924175": "onderwijs",  # Huisvesting voortgezet onderwijs Liemers
    "30034849": "veiligheid",  # Veiligheids- en Gezondheidsregio Gelderland-Midden
    "30090003": "milieu",  # Omgevingsdienst Regio Nijmegen
    "30092751": "bedrijfsvoering",  # Solido (IT)
    "30117235": "sociaal_jeugd",  # maatschappelijke zorg Leidse regio
    "30158285": "werk_inkomen",  # WSD (Wsw)
    "30241104": "werk_inkomen",  # werkbedrijven Kust-, Duin- en Bollenstreek
    "30478873": "gezondheid",  # GGD IJsselland
    "29470760": "werk_inkomen",  # Werkgeversservicepunt Parkstad
    "29927030": "cultuur_archief",  # Waterlands Archief
    "30019255": "mobiliteit",  # Mobiliteitsbureau Noordoost Fryslân
    "28182829": "water",  # gemalendiensten (rioolgemalen)
    "30155626": "gezondheid",  # Hecht: openbare gezondheidszorg, ambulancezorg
    "30407386": "mobiliteit",  # PlusOV (doelgroepenvervoer)
    # without beleidsterreinen
    "24963546": "werk_inkomen",  # Participatie Noord-Groningen
    "24964380": "regionaal",  # Samenwerkingsorgaan Hoeksche Waard
    "24965539": "economie",  # Meerstad (gebiedsontwikkeling)
    "24966117": "recreatie",  # Recreatieschap Westfriesland
    "24967271": "onderwijs",  # Leerplicht en RMC Maastricht en Mergelland
    "24967788": "afval",  # GEVUDO
    "27230785": "werk_inkomen",  # Stark
    "27614747": "bedrijfsvoering",  # Randstedelijke Rekenkamer
    "28146753": "regionaal",  # Euregio Rijn-Waal
    "28370975": "recreatie",  # Park Lingezegen
    "28442403": "veiligheid",  # Veiligheidsregio Fryslân
    "28562183": "werk_inkomen",  # Werkzaak Rivierenland
    "28604223": "bedrijfsvoering",  # Werkorganisatie Duivenvoorde
    "28839536": "onderwijs",  # toezicht openbaar onderwijs Bergen, Gennep, Land van Cuijk
    "29341002": "sociaal_jeugd",  # Jeugdhulp Noordoost Brabant
    "29469185": "regionaal",  # Regio Achterhoek
    "29480503": "sociaal_jeugd",  # Veilig Thuis Groningen
    "29486633": "cultuur_archief",  # Streekarchief Langstraat Heusden Altena
    "29532056": "gezondheid",  # GGD Zaanstreek-Waterland
    "29544570": "regionaal",  # Metropoolregio Eindhoven
    "29787082": "bedrijfsvoering",  # Groene Hart Rekenkamer
    "30439465": "veiligheid",  # brandweer haven- en industriegebied Rotterdam
    "30462082": "sociaal_jeugd",  # Uitvoering Sociaal Domein Regio Amersfoort
    "30470869": "belastingen",  # Belastingsamenwerking Gouwe-Rijnland
    "30500501": "afval",  # OLAZ
    "29496578": "regionaal",  # Stadsregio Parkstad Limburg
    "30554450": "cultuur_archief",  # Het Flevolands Archief
    "29429421": "sociaal_jeugd",  # Parkstad opvang en beschermd wonen
    "29445598": "veiligheid",  # Zorg- en Veiligheidshuis Parkstad
}
#: Required share of the sample classified as labelled.
DREMPEL = 0.95


@pytest.mark.shipped_data
@needs_snapshot
def test_onderwerp_on_hand_labelled_sample(echt):
    assert len(ONDERWERP_STEEKPROEF) == 60
    s = echt.samenwerkingen.set_index("roo_id")
    assert set(ONDERWERP_STEEKPROEF) <= set(s.index)
    with_areas = sum(bool(s.loc[r, "beleidsterreinen"]) for r in ONDERWERP_STEEKPROEF)
    assert with_areas == 31
    wrong = {
        r: (s.loc[r, "naam"], s.loc[r, "onderwerp"], want)
        for r, want in ONDERWERP_STEEKPROEF.items()
        if s.loc[r, "onderwerp"] != want
    }
    right = 1 - len(wrong) / len(ONDERWERP_STEEKPROEF)
    assert right >= DREMPEL, wrong


@pytest.mark.shipped_data
@needs_snapshot
def test_real_snapshot(echt, gemeenten_2025):
    s, v, d = echt.samenwerkingen, echt.versies, echt.deelnemers
    t = echt.tellingen
    assert echt.peildatum == "2026-05-16"
    assert (t["records"], t["versies"], t["organisaties"], t["records_overgeslagen"]) == (
        1639,
        1186,
        438,
        15,  # collection records such as "GGD'en" that belong to no regeling
    )
    assert len(s) == s["id"].nunique() == s["naam"].nunique() == 549
    assert s["in_werking"].sum() == 451
    # The README's form counts are those of the 451 chains in force (all 549: OL 343,
    # RZM 94, BVO 77, GO 35); every centrumgemeenteregeling is registered as RZM.
    in_werking = s[s["in_werking"]]
    vormen = in_werking["juridische_vorm"].value_counts().to_dict()
    assert vormen == {
        "openbaar_lichaam": 283,
        "regeling_zonder_meer": 50,
        "centrumgemeenteregeling": 31,
        "bedrijfsvoeringsorganisatie": 64,
        "gemeenschappelijk_orgaan": 23,
    }
    assert set(s["juridische_vorm_herkomst"]) == {"bron", "regel"}
    assert "wgr_onbekend" not in set(v["juridische_vorm"])
    assert set(s["onderwerp"]) <= set(ONDERWERPEN)
    # every participating gemeente in force is one of today's 342, once per samenwerking
    actief = d[d["roo_id"].isin(in_werking["roo_id"]) & (d["deelnemer_type"] == "gemeente")]
    assert set(actief["gemeentecode"]) == set(gemeenten_2025)
    assert not actief.duplicated(["samenwerking", "gemeentecode"]).any()
    # what cannot be mapped is reported: Zeevang (3×) and Boskoop ended before 2016 and
    # their records name no successor
    skipped = [m for m in echt.meldingen if m.gevolg == roo.DEELNEMER_OVERGESLAGEN]
    assert sorted(m.reden.split("'")[1] for m in skipped) == [
        "Gemeente Boskoop",
        "Gemeente Zeevang",
        "Gemeente Zeevang",
        "Gemeente Zeevang",
    ]
    assert t["deelnemers_in_register"] == t["deelnemers_gebruikt"] + t["deelnemers_overgeslagen"]
    # every beleidsterrein in the snapshot has an onderwerp in the table
    assert not [m for m in echt.meldingen if "beleidsterrein_onderwerp.csv" in m.reden]


@pytest.mark.shipped_data
@needs_snapshot
def test_real_snapshot_links_and_dates(echt):
    meldingen = [m.reden for m in echt.meldingen]
    # every previous/next link resolves and there is no cycle or branch ...
    assert not [r for r in meldingen if "link genegeerd" in r or "kring" in r or "vertakt" in r]
    # ... but with valid_until exclusive, three chains have two versions valid on one day
    # and four versions are valid on no day (valid_from == valid_until)
    assert sum("op dezelfde dag geldig" in r for r in meldingen) == 4
    assert sum("op geen dag geldig" in r for r in meldingen) == 4
