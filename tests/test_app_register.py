"""Today's register in the page: the laag switch, the peildatum (URL and widget), the
incompleteness notice, the register's details and versions, the Wijzigingen view and what
a link with bad laag/peildatum values gets. AppTest on the history fixture, where a
peildatum changes the answer (see ``ui_helpers.write_history``)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest
from ui_helpers import DOEL, EINDE_S5, NIEUWE_VERSIE, assert_only_text, shown, texts, write_history

from kaartviewer.ui import keys


@pytest.fixture(scope="module")
def history_dir(tmp_path_factory):
    return write_history(tmp_path_factory.mktemp("history") / "data")


@pytest.fixture
def app(history_dir, monkeypatch):
    monkeypatch.setenv("KAARTVIEWER_DATA", str(history_dir))

    def make(**params):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make


def heading(at) -> str:
    return shown(at.header[0].value)


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def warnings(at) -> str:
    return " ".join(shown(w.value) for w in at.warning)


def table_names(at) -> set[str]:
    return set(at.dataframe[0].value["naam"])


# --- the layer and the peildatum ---------------------------------------------------------------


def test_opens_on_todays_register_at_the_snapshot(app):
    at = app()
    said = texts(at)
    assert "4 van 4 samenwerkingen" in said  # s5 ended in 2023
    assert "peildatum 16 mei 2026 (laatste stand van het GR-register)" in said
    assert "GR-register (Register van Overheidsorganisaties)" in said and "OpenGR" not in said
    assert at.sidebar.date_input(key=keys.PEILDATUM).value == dt.date(2026, 5, 16)
    # Today's register is always on the gemeenten of 2025: no gemeente-indeling switch.
    assert not [r for r in at.sidebar.radio if r.key == keys.GEMEENTE_INDELING]
    assert "Historische laag" not in warnings(at)
    assert dict(at.query_params) == {}


def test_laag_switch_to_history_and_back(app):
    at = app(gemeente="GM0002")
    at.sidebar.radio(key=keys.LAAG).set_value("2016").run()
    assert not at.exception
    said = texts(at)
    assert "Historische laag 2016" in warnings(at) and "niet de stand van vandaag" in said
    assert "5 van 5 samenwerkingen" in said and "gemeenten 2016" in said
    assert "OpenGR 2016" in said and "GR-register (Register" not in said
    assert heading(at) == "Bergen (NH.)"  # the gemeente exists in both layers
    assert at.query_params["laag"] == "2016"
    # The 2016 layer has a gemeente-indeling, no peildatum.
    assert not [d for d in at.sidebar.date_input if d.key == keys.PEILDATUM]
    at.sidebar.radio(key=keys.GEMEENTE_INDELING).set_value("2025").run()
    assert at.query_params["gemeente_indeling"] == "2025"
    assert "gemeenten van 2025" in warnings(at) and "Historische laag 2016" in warnings(at)
    at.sidebar.radio(key=keys.LAAG).set_value("actueel").run()
    assert not at.exception and "4 van 4 samenwerkingen" in texts(at)
    assert "laag" not in at.query_params and "gemeente_indeling" not in at.query_params
    assert at.sidebar.date_input(key=keys.PEILDATUM).value == dt.date(2026, 5, 16)


def test_the_2016_layer_says_it_is_history_on_every_view(app):
    for weergave in ("kaart", "verbanden", "analyse", "wijzigingen", "data"):
        at = app(laag="2016", weergave=weergave)
        assert "Historische laag 2016" in warnings(at), weergave
        assert "historische laag 2016" in texts(at)


def test_peildatum_via_the_link_changes_the_answer(app):
    at = app(peildatum="2022-06-01", gemeente="GM0001")
    assert "peildatum 1 juni 2022 (GR-register, laatste stand 16 mei 2026)" in texts(at)
    assert "Afval Noord" in table_names(at)  # Alfa left Afval Noord in 2024
    assert at.query_params["peildatum"] == "2022-06-01"
    assert at.sidebar.date_input(key=keys.PEILDATUM).value == dt.date(2022, 6, 1)
    at = app(peildatum="2022-06-01")
    assert "5 van 5 samenwerkingen" in texts(at)  # Regio Midden still existed


def test_peildatum_via_the_widget_changes_the_answer(app):
    at = app(gemeente="GM0001")
    assert "Afval Noord" not in table_names(at)
    at.sidebar.date_input(key=keys.PEILDATUM).set_value(dt.date(2022, 6, 1)).run()
    assert not at.exception
    assert "Afval Noord" in table_names(at)
    assert at.query_params["peildatum"] == "2022-06-01"
    assert "1 juni 2022" in texts(at)
    # Back to the snapshot with one click; the link loses its peildatum.
    next(b for b in at.sidebar.button if b.key == "peildatum-laatste-stand").click().run()
    assert "Afval Noord" not in table_names(at)
    assert "peildatum" not in at.query_params


def test_a_samenwerking_that_did_not_exist_yet_is_dropped_with_a_message(app):
    at = app(samenwerking="s5")
    assert "staat niet in het register op peildatum 16 mei 2026" in warnings(at)
    at = app(samenwerking="s5", peildatum="2022-01-01")
    assert heading(at) == "Regio Midden"
    at.sidebar.date_input(key=keys.PEILDATUM).set_value(dt.date.fromisoformat(EINDE_S5)).run()
    assert heading(at) == "Overzicht"
    assert "Samenwerking 's5' staat niet in het register op peildatum 1 januari 2023" in (
        warnings(at)
    )


def test_incompleteness_notice_before_july_2021(app):
    at = app(peildatum="2021-06-30")
    assert "pas verplicht sinds 1 juli 2021" in warnings(at)
    assert "30 juni 2021 is daarom onvolledig" in warnings(at)
    at.sidebar.date_input(key=keys.PEILDATUM).set_value(dt.date(2021, 7, 1)).run()
    assert "pas verplicht" not in warnings(at)
    at = app(weergave="data")
    assert "pas sinds 1 juli 2021 verplicht" in texts(at)  # Over de data always says so


@pytest.mark.parametrize(
    "params,said",
    [
        ({"laag": "zz"}, "Onbekende laag 'zz'"),
        ({"peildatum": "morgen"}, "Peildatum 'morgen' in de link is geen datum"),
        ({"peildatum": "2030-01-01"}, "ligt na de stand van het register"),
        ({"peildatum": "1900-01-01"}, "het register kent geen eerdere regelingen"),
        ({"laag": "2016", "peildatum": "2022-01-01"}, "De laag 2016 heeft geen peildatum"),
        ({"laag": "actueel", "gemeente_indeling": "2016"}, "alleen voor de historische laag"),
        ({"weergave": "wijzigingen", "van": "gisteren"}, "Begindatum 'gisteren'"),
        ({"weergave": "wijzigingen", "vergelijking": "x"}, "Onbekende vergelijking 'x'"),
    ],
)
def test_bad_laag_and_peildatum_values_give_a_dutch_message(app, params, said):
    at = app(**params)
    assert said in warnings(at)
    assert_only_text(at)


def test_an_out_of_range_peildatum_is_moved_into_the_range(app):
    at = app(peildatum="2030-01-01")
    assert at.sidebar.date_input(key=keys.PEILDATUM).value == dt.date(2026, 5, 16)
    assert "peildatum" not in at.query_params
    at = app(peildatum="1900-01-01")
    assert at.sidebar.date_input(key=keys.PEILDATUM).value == dt.date(1986, 1, 1)
    assert at.query_params["peildatum"] == "1986-01-01"


# --- the register's details and versions ---------------------------------------------------------


def test_samenwerking_panel_shows_the_regeling_and_its_history(app):
    at = app(samenwerking="s1")
    said = texts(at)
    assert heading(at) == "Afval Noord"
    assert "afkorting AN" in said and "centrumgemeente Bergen (NH.)" in said
    assert "Afval & reiniging (afgeleid met een regel)" in said
    assert DOEL in said  # hostile text, shown literally
    assert "Artikel 5 (verkregen door delegatie, mandaat)" in said
    assert "Bronhouder.** Afvalschap Noord" in said.replace("**Bronhouder.**", "Bronhouder.**")
    # Links: only http(s) from the data; the javascript: website and besluit stay text.
    urls = [b.proto.url for b in at.link_button]
    assert urls == [
        "https://organisaties.overheid.nl/1002/afval-noord",
        "https://lokaleregelgeving.overheid.nl/CVDR1/1",
    ]
    assert "javascript:alert(1)" in said and "javascript:alert(2)" in said
    assert "geen geldige http(s)-link" in said
    versions = next(d.value for d in at.dataframe if "roo_id" in d.value.columns)
    assert list(versions["roo_id"]) == ["v-s1", "v-s1b"]
    assert list(versions["geldig van"]) == ["2020-01-01", NIEUWE_VERSIE]
    assert list(versions[""]) == ["", "▶"]  # the version on the peildatum
    members = next(d.value for d in at.dataframe if "raad neemt deel" in d.value.columns)
    assert list(members["gemeentecode"]) == ["GM0002", "GM0005", "GM0006"]
    assert set(members["raad neemt deel"]) == {"ja"}
    assert "Gemeenteraad" in members["bestuursorganen"].iloc[0]
    assert "Bij 3 van de 3 gemeenten" in said
    assert_only_text(at)


def test_the_panel_follows_the_peildatum(app):
    at = app(samenwerking="s1", peildatum="2022-06-01")
    versions = next(d.value for d in at.dataframe if "roo_id" in d.value.columns)
    assert list(versions[""]) == ["▶", ""]
    members = next(d.value for d in at.dataframe if "raad neemt deel" in d.value.columns)
    assert list(members["gemeentecode"]) == ["GM0001", "GM0002", "GM0005"]
    assert set(members["raad neemt deel"]) == {"nee"}  # that version: only the college
    assert metric(at, "Gemeenten") == "3"


def test_gemeente_panel_says_whether_the_raad_takes_part(app):
    at = app(gemeente="GM0006")
    table = at.dataframe[0].value
    assert list(table.columns) == ["naam", "onderwerp", "vorm", "partners", "raad neemt deel"]
    raad = dict(zip(table["naam"], table["raad neemt deel"], strict=True))
    assert raad["Afval Noord"] == "ja" and raad["GGD Zuid"] == "nee"


# --- the Wijzigingen view ----------------------------------------------------------------------


def test_wijzigingen_nationally(app):
    at = app(weergave="wijzigingen")
    assert heading(at) == "Wijzigingen"
    assert "tussen 1 juli 2021 en 16 mei 2026" in texts(at)
    assert metric(at, "Beëindigd") == "1" and metric(at, "Gewijzigd") == "1"
    assert metric(at, "Toetredingen") == "1" and metric(at, "Uittredingen") == "3"
    sw = at.dataframe[0].value
    assert dict(zip(sw["samenwerking"], sw["mutatie"], strict=True)) == {
        "Afval Noord": "gewijzigd",
        "Regio Midden": "beëindigd",
    }
    assert "deelnemers" in sw.loc[sw["samenwerking"] == "Afval Noord", "wat"].iloc[0]
    leden = at.dataframe[1].value
    assert sorted(zip(leden["gemeentecode"], leden["mutatie"], strict=True)) == [
        ("GM0001", "uitgetreden"),
        ("GM0002", "uitgetreden"),
        ("GM0003", "uitgetreden"),
        ("GM0006", "toegetreden"),
    ]
    assert at.query_params["weergave"] == "wijzigingen"
    # Another begin date: after both changes, nothing changed.
    at.date_input(key=keys.WIJZIGING_VAN).set_value(dt.date(2024, 6, 1)).run()
    assert metric(at, "Gewijzigd") == "0" and metric(at, "Beëindigd") == "0"
    assert at.query_params["van"] == "2024-06-01"


def test_wijzigingen_per_gemeente(app):
    at = app(weergave="wijzigingen")
    at.selectbox(key=keys.WIJZIGING_GEMEENTE).set_value("GM0006").run()
    assert not at.exception
    said = texts(at)
    assert "Sinds 1 juli 2021 trad Delta toe tot Afval Noord (tot 16 mei 2026)." in said
    assert at.query_params["gemeente"] == "GM0006"
    assert at.query_params["weergave"] == "wijzigingen"  # the view stays open
    at = app(weergave="wijzigingen", gemeente="GM0002")
    assert "Sinds 1 juli 2021 trad Bergen (NH.) uit Regio Midden (tot 16 mei 2026)." in (texts(at))
    assert metric(at, "Uittredingen") == "1"


def test_wijzigingen_follow_the_peildatum_and_the_filters(app):
    at = app(weergave="wijzigingen", peildatum="2023-06-01")
    assert "tussen 1 juli 2021 en 1 juni 2023" in texts(at)
    assert metric(at, "Beëindigd") == "1" and metric(at, "Gewijzigd") == "0"
    at = app(weergave="wijzigingen", onderwerp="afval")
    assert metric(at, "Beëindigd") == "0" and metric(at, "Gewijzigd") == "1"
    assert "Alleen samenwerkingen onder de filters" in texts(at)


def test_wijzigingen_between_2016_and_today(app):
    at = app(weergave="wijzigingen", vergelijking="lagen", gemeente="GM0001")
    said = texts(at)
    assert "twee verschillende bronnen" in said
    assert "Sinds 2016 trad Alfa uit" in said
    assert at.query_params["vergelijking"] == "lagen"
    assert_only_text(at)


def test_wijzigingen_are_computed_only_when_the_view_is_open(app, monkeypatch):
    from kaartviewer.ui import data

    calls = []
    real = data.wijzigingen.vergelijk
    monkeypatch.setattr(
        data.wijzigingen, "vergelijk", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    data.wijzigingen_peildata.clear()
    at = app()
    at.sidebar.date_input(key=keys.PEILDATUM).set_value(dt.date(2022, 2, 2)).run()
    assert calls == []
    at.button_group[0].set_value("wijzigingen").run()
    assert len(calls) == 1
    at.run()
    assert len(calls) == 1  # cached


def test_a_long_doel_is_shortened_with_the_whole_text_folded_away(tmp_path, monkeypatch):
    from ui_helpers import _rewrite

    d = write_history(tmp_path / "data")
    lang = "De regeling dient " + "het belang van de deelnemers, " * 30 + "<b>einde</b>."
    _rewrite(d / "samenwerkingen.csv", lambda r: {**r, "doel": lang} if r["id"] == "s1" else r)
    monkeypatch.setenv("KAARTVIEWER_DATA", str(d))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["samenwerking"] = "s1"
    at.run()
    assert not at.exception
    kort = next(shown(m.value) for m in at.markdown if shown(m.value).startswith("**Doel.**"))
    assert kort.endswith(" …") and len(kort) < 360
    assert at.expander[0].label == "Het hele doel"
    assert lang in [shown(m.value) for m in at.expander[0].markdown]
    assert_only_text(at)
