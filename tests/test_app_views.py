"""The catalogue, the compare view and the analyse parts with AppTest on the fixture.

Fixture (tests/fixtures.py): Noordland {Alfa GM0001, Bergen (NH.) GM0002, Súdwest-Fryslân
GM0005}, Zuidland {Bergen (L.) GM0003, Gamma GM0004, Delta GM0006}; s1 Afval Noord {1, 2, 5},
s2 Belasting Noord {1, 2}, s3 GGD Zuid {3, 4, 6}, s4 Afval Zuid {3, 4, 6}, s5 Regio Midden
{2, 3}; here also s7 Veiligheidsregio Zuid {3, 4, 6}. Regio-indelingen: provincie and ggd
(Noord {1, 2, 5, 6}, Zuid {3, 4}).
"""

from __future__ import annotations

import csv

import pytest
import streamlit as st
from conftest import REPO
from fixtures import SAMENWERKINGEN, write_data
from streamlit.testing.v1 import AppTest
from ui_helpers import component_args, shown, texts

from kaartviewer import network
from kaartviewer.ui import keys, state

ROWS = list(SAMENWERKINGEN) + [
    ("s7", "Veiligheidsregio Zuid", "wettelijke_regio", "veiligheid", "GM0003;GM0004;GM0006")
]
#: s3 and s7 are regions of two regio-indelingen with the same gemeenten (trivially
#: identical); s4 has the same gemeenten but is a regeling, no region.
REGIO_INDELING = {"s3": "ggd:Zuid", "s7": "veiligheidsregio:Zuid"}


def _mark_regions(path) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["regio_indeling"] = REGIO_INDELING.get(r["id"], r.get("regio_indeling", ""))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def app(tmp_path, monkeypatch):
    d = write_data(tmp_path / "data", ROWS)
    _mark_regions(d / "samenwerkingen.csv")
    monkeypatch.setenv("KAARTVIEWER_DATA", str(d))

    def make(**params):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        return at.run()

    return make


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if shown(m.label) == label)


def number(value: str) -> float:
    """A shown number, with a decimal comma or point."""
    return float(value.replace(",", "."))


def table_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


# --- catalogue ------------------------------------------------------------------------------


def test_catalogue_lists_every_samenwerking_under_the_filters(app):
    at = app(weergave="catalogus")
    assert not at.exception
    table = table_with(at, "deelnemers")
    assert list(table.columns) == ["naam", "onderwerp", "vorm", "deelnemers", "bron", "peildatum"]
    assert len(table) == 6
    assert dict(zip(table["naam"], table["deelnemers"], strict=True))["Regio Midden"] == 2
    at.sidebar.multiselect(key=keys.F_ONDERWERP).set_value(["afval"]).run()
    assert set(table_with(at, "deelnemers")["naam"]) == {"Afval Noord", "Afval Zuid"}


def test_catalogue_quick_filter_and_sort(app):
    at = app(weergave="catalogus")
    at.text_input(key=keys.CATALOGUS_ZOEK).input("zuid").run()
    names = list(table_with(at, "deelnemers")["naam"])
    assert names == ["Afval Zuid", "GGD Zuid", "Veiligheidsregio Zuid"]  # by naam
    assert "3 van 6 samenwerkingen" in texts(at)
    at.text_input(key=keys.CATALOGUS_ZOEK).input("").run()
    at.selectbox(key=keys.CATALOGUS_SORTEER).set_value("deelnemers").run()
    at.toggle(key=keys.CATALOGUS_AFLOPEND).set_value(True).run()
    table = table_with(at, "deelnemers")
    assert list(table["deelnemers"]) == [3, 3, 3, 3, 2, 2]
    # Ties by naam.
    assert list(table["naam"][:4]) == [
        "Afval Noord",
        "Afval Zuid",
        "GGD Zuid",
        "Veiligheidsregio Zuid",
    ]
    # Accents and case do not matter; every word must match (onderwerp label too).
    at.text_input(key=keys.CATALOGUS_ZOEK).input("AFVAL noord").run()
    assert list(table_with(at, "deelnemers")["naam"]) == ["Afval Noord"]


def test_catalogue_row_opens_the_samenwerking_page_and_back(app):
    at = app(weergave="catalogus")
    at.selectbox(key=keys.CATALOGUS_OPEN).set_value("s3").run()
    assert not at.exception
    assert any(shown(h.value) == "GGD Zuid" for h in at.header)
    assert metric(at, "Gemeenten") == "3"
    members = table_with(at, "gemeentecode")
    assert set(members["gemeentecode"]) == {"GM0003", "GM0004", "GM0006"}
    assert at.query_params["weergave"] == "catalogus" and at.query_params["samenwerking"] == "s3"
    assert any("versie(s) in het GR-register" in shown(c.value) for c in at.caption)
    next(b for b in at.button if "Terug naar de catalogus" in b.label).click().run()
    assert any(shown(h.value) == "Catalogus van samenwerkingen" for h in at.header)
    assert "samenwerking" not in at.query_params


def test_samenwerking_page_opens_from_its_link(app):
    at = app(weergave="catalogus", samenwerking="s5")
    assert any(shown(h.value) == "Regio Midden" for h in at.header)
    next(b for b in at.button if "landkaart" in b.label).click().run()
    assert "weergave" not in at.query_params  # the kaart view, the samenwerking kept
    assert at.query_params["samenwerking"] == "s5"


# --- compare --------------------------------------------------------------------------------


def test_compare_identical_indelingen(app):
    at = app(weergave="vergelijk", indeling_a="ggd", indeling_b="ggd")
    assert not at.exception
    assert number(metric(at, "ARI")) == 1.0
    assert number(metric(at, "NMI")) == 1.0
    assert metric(at, "Gelijke regio's") == "2 van 2"
    assert "Deze twee indelingen zijn gelijk" in texts(at)


def test_compare_provincie_with_ggd_by_hand(app):
    """provincie {N: 1 2 5, Z: 3 4 6} against ggd {Noord: 1 2 5 6, Zuid: 3 4}: contingency
    [[3, 0], [1, 2]] → Σ C(n_ij, 2) = 4, rows 6, columns 7, C(6, 2) = 15, E = 2.8,
    ARI = (4 − 2.8) / (6.5 − 2.8) = 0.324. Delta (GM0006) is the one difference."""
    at = app(weergave="vergelijk", indeling_a="provincie", indeling_b="ggd")
    assert abs(number(metric(at, "ARI")) - 0.32) < 0.006
    diff = table_with(at, "alleen in A")
    assert len(diff) == 2
    rows = {r[0]: r for r in diff.itertuples(index=False)}
    assert rows["Noordland"][1] == "Noord" and rows["Zuidland"][1] == "Zuid"
    assert set(diff["alleen in B"]) == {"Delta", ""}
    assert set(diff["alleen in A"]) == {"Delta", ""}
    # Two maps side by side.
    assert len(component_args(at)) == 2
    assert at.query_params["indeling_a"] == "provincie"
    assert at.query_params["indeling_b"] == "ggd"


def test_compare_two_gemeenten_shared_samenwerkingen(app):
    # Bergen (NH.) {s1, s2, s5} and Bergen (L.) {s3, s4, s5, s7}: only Regio Midden.
    at = app(weergave="vergelijk", gemeente_a="GM0002", gemeente_b="GM0003")
    assert not at.exception
    assert metric(at, "Gedeelde samenwerkingen") == "1"
    assert list(table_with(at, "bron")["naam"]) == ["Regio Midden"]
    assert metric(at, "Totaal Bergen (NH.)") == "3"
    assert metric(at, "Totaal Bergen (L.)") == "4"
    # Bergen (L.) and Gamma: GGD Zuid, Afval Zuid and Veiligheidsregio Zuid.
    at.selectbox(key=keys.GEMEENTE_A).set_value("GM0004").run()
    assert set(table_with(at, "bron")["naam"]) == {
        "Afval Zuid",
        "GGD Zuid",
        "Veiligheidsregio Zuid",
    }
    assert at.query_params["gemeente_a"] == "GM0004"
    # The filters apply: only afval.
    at.sidebar.multiselect(key=keys.F_ONDERWERP).set_value(["afval"]).run()
    assert list(table_with(at, "bron")["naam"]) == ["Afval Zuid"]
    # A shared samenwerking opens on its page.
    at.selectbox(key=keys.VERGELIJK_OPEN).set_value("s4").run()
    assert any(shown(h.value) == "Afval Zuid" for h in at.header)
    assert at.query_params["weergave"] == "catalogus"


def test_network_shared_and_correspondence(registry):
    assert list(network.shared_samenwerkingen(registry, "GM0001", "GM0002").index) == ["s1", "s2"]
    la = network.regio_labels(registry, "provincie")
    corr = network.region_correspondence(la, la)
    assert corr["identiek"].all() and corr["overeenkomst"].all()


# --- overlap finder -------------------------------------------------------------------------


def pairs_shown(at) -> set[frozenset]:
    t = table_with(at, "samenwerking A")
    return {frozenset(p) for p in zip(t["samenwerking A"], t["samenwerking B"], strict=True)}


def test_overlap_finder_hides_trivially_identical_regions(app):
    at = app(weergave="analyse", onderdeel="overlap")
    assert not at.exception
    trivial = frozenset({"GGD Zuid", "Veiligheidsregio Zuid"})
    pairs = pairs_shown(at)
    assert trivial not in pairs
    # s4 (a regeling) identical with both regions stays: possible duplication.
    assert frozenset({"GGD Zuid", "Afval Zuid"}) in pairs
    assert frozenset({"Afval Zuid", "Veiligheidsregio Zuid"}) in pairs
    assert "1 paar/paren van identieke regio-indelingen verborgen" in texts(at)
    at.toggle(key=keys.TRIVIAAL_TONEN).set_value(True).run()
    assert trivial in pairs_shown(at)


def test_overlap_finder_area_filter_and_pair_map(app):
    at = app(weergave="analyse", onderdeel="overlap")
    at.selectbox(key=keys.OVERLAP_INDELING).set_value("provincie").run()
    at.selectbox(key=keys.OVERLAP_REGIO).set_value("Noordland").run()
    # Only s1, s2 and s5 touch Noordland; of their pairs only s1 ⊃ s2 is a candidate.
    assert pairs_shown(at) == {frozenset({"Afval Noord", "Belasting Noord"})}
    at.selectbox(key=keys.OVERLAP_PAAR).set_value("s1|s2").run()
    said = texts(at)
    assert "Gedeeld (2):** Alfa, Bergen (NH.)" in said
    assert "Alleen in A (1):** Súdwest-Fryslân" in said
    assert "Alleen in B (0):** —" in said
    assert len(component_args(at)) == 1  # the map with both outlines


# --- natural regions and the parts computed only when opened ---------------------------------


def test_natural_regions_follow_the_provincie_filter(app):
    at = app(weergave="analyse", onderdeel="natuurlijk", provincie="PV02")
    assert not at.exception
    regions = table_with(at, "namen")
    names = {n for row in regions["namen"] for n in row.split(", ")}
    assert names == {"Bergen (L.)", "Gamma", "Delta"}
    assert "onder 3 gemeenten in Zuidland" in texts(at)
    assert regions["kleur"].str.startswith("#").all()  # the legend's colours


def test_only_the_chosen_analyse_part_computes(app, monkeypatch):
    st.cache_resource.clear()
    calls: dict[str, int] = {}

    def counting(name):
        real = getattr(network, name)

        def wrapper(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return real(*args, **kwargs)

        monkeypatch.setattr(network, name, wrapper)

    for name in ("congruence_matrix", "overlap_pairs", "natural_regions", "then_and_now"):
        counting(name)
    at = app(weergave="analyse")
    assert not at.exception
    assert calls.get("congruence_matrix", 0) >= 1
    assert calls.get("overlap_pairs", 0) == 0
    assert calls.get("natural_regions", 0) == 0 and calls.get("then_and_now", 0) == 0
    at.session_state[keys.ONDERDEEL] = "overlap"
    at.run()
    assert calls.get("overlap_pairs", 0) == 1
    assert calls.get("natural_regions", 0) == 0 and calls.get("then_and_now", 0) == 0
    assert at.query_params["onderdeel"] == "overlap"


# --- the URL --------------------------------------------------------------------------------


def test_url_round_trip_of_the_new_picks(registry):
    params = {
        "weergave": "vergelijk",
        "indeling_a": "ggd",
        "indeling_b": "provincie",
        "gemeente_a": "GM0001",
        "gemeente_b": "GM0004",
    }
    vs, msgs = state.parse(params, registry, ["ggd", "provincie"])
    assert msgs == []
    assert state.to_params(vs) == params
    vs, msgs = state.parse({"weergave": "analyse", "onderdeel": "natuurlijk"}, registry, [])
    assert state.to_params(vs) == {"weergave": "analyse", "onderdeel": "natuurlijk"}
    vs, msgs = state.parse({"onderdeel": "zolder", "indeling_a": "x"}, registry, ["ggd"])
    assert vs.onderdeel == "congruentie" and vs.indeling_a is None
    assert any("zolder" in m for m in msgs) and any("'x'" in m for m in msgs)
