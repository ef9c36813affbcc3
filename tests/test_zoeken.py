"""Search ranking (kaartviewer/zoeken.py): codes, common names, herindelingen, ≤ 20 hits.

The fixture has six gemeenten (GM0001 Alfa, GM0002 Bergen (NH.), GM0003 Bergen (L.),
GM0004 Gamma, GM0005 Súdwest-Fryslân, GM0006 Delta) and five samenwerkingen (s1 Afval
Noord, s2 Belasting Noord, s3 GGD Zuid, s4 Afval Zuid, s5 Regio Midden); a hand-made
crosswalk makes Gamma the successor of two merged 2016 gemeenten.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaartviewer import config, zoeken
from kaartviewer.load import load
from kaartviewer.text import fold

ALIAS = (("Den Gam", "GM0004"), ("Noordberg", "GM0002"), ("Nergens", "GM9999"))
CROSSWALK = pd.DataFrame(
    [
        ("GM0901", "Oudedorp", "GM0004", "Gamma"),
        ("GM0902", "Splitdorp", "GM0004", "Gamma"),
        ("GM0902", "Splitdorp", "GM0006", "Delta"),
        ("GM0004", "Gamma", "GM0004", "Gamma"),  # unchanged: no extra key
    ],
    columns=["gemeentecode_oud", "gemeentenaam_oud", "gemeentecode_nieuw", "gemeentenaam_nieuw"],
)


def ids(hits) -> list[str]:
    return [h.id for h in hits]


def test_codes_with_and_without_gm(registry):
    for q in ("GM0004", "gm0004", "0004", "4", "GM 0004"):
        hits = zoeken.zoek(registry, q, alias=())
        assert ids(hits) == ["GM0004"], q
        assert hits[0].reden == "code GM0004"
    assert zoeken.zoek(registry, "GM0099", alias=()) == []
    # "GM000" with GM prefix: every code starting with it, shortest name first, then A–Z
    # (Alfa, Delta, Gamma, Bergen (L.), Bergen (NH.), Súdwest-Fryslân).
    assert ids(zoeken.zoek(registry, "GM000", alias=())) == [
        "GM0001",
        "GM0006",
        "GM0004",
        "GM0003",
        "GM0002",
        "GM0005",
    ]


def test_common_names_from_the_alias_table(registry):
    hits = zoeken.zoek(registry, "den gam", alias=ALIAS)
    assert (hits[0].id, hits[0].reden) == ("GM0004", "ook: Den Gam")
    assert ids(zoeken.zoek(registry, "NOORDBERG", alias=ALIAS))[:1] == ["GM0002"]
    # an alias for a code the data does not have is ignored
    assert zoeken.zoek(registry, "Nergens", alias=ALIAS) == []


def test_ranking_exact_prefix_word_substring(registry):
    # exact name first, then shorter names first within a tier
    assert ids(zoeken.zoek(registry, "afval", alias=())) == ["s4", "s1"]
    # both Bergens are a prefix match (gemeenten before samenwerkingen; shorter first)
    assert ids(zoeken.zoek(registry, "bergen", alias=()))[:2] == ["GM0003", "GM0002"]
    # a word of the name ("noord") matches; gemeente-less queries list samenwerkingen
    assert ids(zoeken.zoek(registry, "noord", alias=())) == ["s1", "s2"]
    # every query word starts a word of the name
    assert ids(zoeken.zoek(registry, "ggd z", alias=())) == ["s3"]
    assert ids(zoeken.zoek(registry, "zuid ggd", alias=())) == ["s3"]
    # accents, case and punctuation do not matter
    assert ids(zoeken.zoek(registry, "sudwest fryslan", alias=())) == ["GM0005"]
    assert ids(zoeken.zoek(registry, "FRYSLÂN", alias=())) == ["GM0005"]
    # a typo: close match
    assert ids(zoeken.zoek(registry, "Gama", alias=()))[:1] == ["GM0004"]
    assert zoeken.zoek(registry, "   ", alias=()) == []


def test_merged_gemeente_finds_its_successor_and_back(registry):
    hits = zoeken.zoek(registry, "Oudedorp", crosswalk=CROSSWALK, alias=())
    assert [(h.id, h.reden) for h in hits] == [("GM0004", "voorheen Oudedorp")]
    # a split gemeente finds each successor
    assert set(ids(zoeken.zoek(registry, "splitdorp", crosswalk=CROSSWALK, alias=()))) == {
        "GM0004",
        "GM0006",
    }
    # the old code finds the successor too
    assert ids(zoeken.zoek(registry, "GM0901", crosswalk=CROSSWALK, alias=())) == ["GM0004"]
    # a direct name hit ranks before a hit through history
    both = zoeken.zoek(registry, "d", crosswalk=CROSSWALK, alias=())
    assert ids(both)[0] == "GM0006"  # Delta (name) before Gamma (voorheen …dorp: no prefix)


def test_today_name_finds_the_2016_gemeenten(registry):
    """On gemeenten that still exist under their old code (the 2016 layer), a crosswalk row
    to a code not in the data gives a 'nu …' key."""
    cw = pd.DataFrame(
        [
            ("GM0001", "Alfa", "GM1999", "Nieuwstad"),
            ("GM0002", "Bergen (NH.)", "GM1999", "Nieuwstad"),
        ],
        columns=CROSSWALK.columns,
    )
    hits = zoeken.zoek(registry, "nieuwstad", crosswalk=cw, alias=())
    assert [(h.id, h.reden) for h in hits] == [
        ("GM0001", "nu Nieuwstad"),
        ("GM0002", "nu Nieuwstad"),
    ]
    assert ids(zoeken.zoek(registry, "GM1999", crosswalk=cw, alias=())) == ["GM0001", "GM0002"]


def test_at_most_limit_hits(registry):
    assert len(zoeken.zoek(registry, "a", limit=3, alias=())) == 3
    assert zoeken.zoek(registry, "a", limit=0, alias=()) == []


def test_ggd_spelled_out_is_found_by_its_abbreviation():
    assert (
        zoeken.naam_afgekort(
            "Gemeentelijke Gezondheidsdienst Amsterdam-Amstelland",
            fold("gemeentelijke gezondheidsdienst"),
            "GGD",
        )
        == "GGD Amsterdam-Amstelland"
    )


def test_registry_search_keeps_its_shape(registry):
    assert registry.search("Gamma") == [{"type": "gemeente", "id": "GM0004", "naam": "Gamma"}]


def test_crosswalk_of_a_data_folder(tmp_path, data_dir):
    cw = zoeken.herindelingen(data_dir)
    assert list(cw.columns) == list(CROSSWALK.columns) and len(cw) == 6
    leeg = tmp_path / "leeg"
    assert zoeken.herindelingen(leeg).empty  # no crosswalk: no former names, no error
    (leeg / "2016").mkdir(parents=True)
    (leeg / "2016" / "herindeling_2016_2025.csv").write_text("kapot\n\x00", encoding="utf-8")
    assert zoeken.herindelingen(leeg).empty


_QUERY = st.text(
    alphabet=st.sampled_from("abdefglmnorstuzGM0123456789 -'âú"), min_size=0, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(q=_QUERY, limit=st.integers(0, 25))
def test_property_hits_are_few_unique_real_and_case_blind(registry, q, limit):
    hits = zoeken.zoek(registry, q, limit=limit, crosswalk=CROSSWALK, alias=ALIAS)
    assert len(hits) <= limit
    keys = [(h.type, h.id) for h in hits]
    assert len(keys) == len(set(keys))
    for h in hits:
        table = registry.gemeenten if h.type == "gemeente" else registry.samenwerkingen
        assert h.id in table.index
    assert zoeken.zoek(registry, q.upper(), limit=limit, crosswalk=CROSSWALK, alias=ALIAS) == hits


@settings(max_examples=60, deadline=None)
@given(i=st.integers(0, 5), case=st.sampled_from(["lower", "upper", "asis"]))
def test_property_a_gemeente_name_or_code_ranks_it_first(registry, i, case):
    code, naam = list(registry.gemeenten["gemeentenaam"].items())[i]
    q = getattr(naam, case)() if case != "asis" else naam
    assert zoeken.zoek(registry, q, alias=ALIAS)[0].id == code
    assert zoeken.zoek(registry, code[2:], alias=ALIAS)[0].id == code


@pytest.mark.shipped_data
def test_shipped_den_bosch_codes_and_herindeling():
    reg, _ = load(config.data_dir())
    cw = zoeken.herindelingen(config.data_dir())
    first = zoeken.zoek(reg, "Den Bosch", crosswalk=cw)[0]
    assert (first.naam, first.reden) == ("'s-Hertogenbosch", "ook: Den Bosch")
    assert zoeken.zoek(reg, "den haag", crosswalk=cw)[0].naam == "'s-Gravenhage"
    for q in ("GM0363", "0363", "363"):
        assert zoeken.zoek(reg, q, crosswalk=cw)[0].naam == "Amsterdam"
    # merged in 2021: Appingedam → Eemsdelta (today's layer)
    hit = zoeken.zoek(reg, "Appingedam", crosswalk=cw)[0]
    assert (hit.naam, hit.reden) == ("Eemsdelta", "voorheen Appingedam")
    # and back: on the 2016 gemeenten, today's name finds the merged ones
    reg16, _ = load(config.data_dir(), laag="2016")
    names = {h.naam for h in zoeken.zoek(reg16, "Eemsdelta", crosswalk=cw)}
    assert {"Appingedam", "Delfzijl", "Loppersum"} <= names
    assert all(len(zoeken.zoek(reg, q, crosswalk=cw)) <= 20 for q in ("a", "e", "regio", "ggd"))
    assert len(zoeken.zoek(reg, "regio", crosswalk=cw)) == 20
    ggd = zoeken.zoek(reg, "GGD Amsterdam", crosswalk=cw)[0]
    assert ggd.naam.startswith("Gemeentelijke Gezondheidsdienst Amsterdam")
