"""The Streamlit page with AppTest on a fixture registry (no browser)."""

import pytest
from conftest import REPO
from fixtures import SAMENWERKINGEN, write_data
from streamlit.testing.v1 import AppTest
from ui_helpers import shown, texts

from kaartviewer.ui import keys

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def app(tmp_path, monkeypatch):
    rows = list(SAMENWERKINGEN) + [("s6", EVIL, "netwerk", "overig", "GM0004;GM0006")]
    d = write_data(tmp_path / "data", rows)
    monkeypatch.setenv("KAARTVIEWER_DATA", str(d))

    def make(**params):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        return at.run()

    return make


def heading(at, i: int = 0) -> str:
    """The i-th view heading as the reader sees it."""
    return shown(at.header[i].value)


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_overview_and_filters_change_counts(app):
    at = app()
    assert not at.exception
    assert "6 van 6 samenwerkingen" in texts(at)
    assert metric(at, "Samenwerkingen") == "6"
    at.sidebar.multiselect(key=keys.F_ONDERWERP).set_value(["afval"]).run()
    assert "2 van 6 samenwerkingen" in texts(at)
    assert metric(at, "Samenwerkingen") == "2"
    assert metric(at, "Lidmaatschappen") == "6"  # s1 (3 members) + s4 (3 members)
    at.sidebar.multiselect(key=keys.F_PROVINCIE).set_value(["PV01"]).run()
    assert "1 van 6 samenwerkingen" in texts(at)  # only s1 has members in Noordland
    assert at.query_params["onderwerp"] == "afval" and at.query_params["provincie"] == "PV01"


def test_selecting_a_gemeente_lists_exactly_its_arrangements(app):
    at = app(gemeente="GM0002")
    assert not at.exception
    assert heading(at) == "Bergen (NH.)"
    table = at.dataframe[0].value
    assert set(table["naam"]) == {"Afval Noord", "Belasting Noord", "Regio Midden"}
    assert metric(at, "Samenwerkingen") == "3"
    # Filters apply to the gemeente view as well.
    at.sidebar.multiselect(key=keys.F_ONDERWERP).set_value(["afval"]).run()
    assert set(at.dataframe[0].value["naam"]) == {"Afval Noord"}


def test_search_opens_a_gemeente(app):
    at = app()
    at.sidebar.text_input(key=keys.ZOEK).input("gama").run()
    hit = next(b for b in at.sidebar.button if "Gamma" in shown(b.label))
    hit.click().run()
    assert heading(at) == "Gamma"
    assert at.query_params["gemeente"] == "GM0004"


def test_query_params_open_the_right_view(app):
    at = app(samenwerking="s3")
    assert heading(at) == "GGD Zuid"
    assert metric(at, "Gemeenten") == "3"
    at = app(weergave="analyse")
    assert any(shown(h.value) == "Congruentie & overlap" for h in at.header)
    at = app(weergave="data")
    assert any(shown(h.value) == "Over de data" for h in at.header)


def test_unknown_query_values_give_a_friendly_message(app):
    at = app(gemeente="GM9999", onderwerp="afval,raket", weergave="zolder")
    assert not at.exception
    msg = " ".join(shown(w.value) for w in at.warning)
    assert "Gemeente 'GM9999' bestaat niet" in msg
    assert "raket" in msg and "zolder" in msg
    assert "2 van 6 samenwerkingen" in texts(at)  # the valid part (afval) is kept


def test_html_name_stays_text(app):
    at = app(samenwerking="s6")
    assert not at.exception
    # st.header is Markdown without unsafe HTML; the dataframe holds the raw text.
    assert heading(at) == EVIL
    at = app(gemeente="GM0004")
    assert EVIL in set(at.dataframe[0].value["naam"])


def test_structural_failure_shows_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KAARTVIEWER_DATA", str(tmp_path / "leeg"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "kunnen niet worden geladen" in shown(at.error[0].value)


def test_rejected_rows_are_reported_on_the_page(tmp_path, monkeypatch):
    d = write_data(
        tmp_path / "data", list(SAMENWERKINGEN) + [("s1", "Dubbel", "netwerk", "overig", "GM0001")]
    )
    monkeypatch.setenv("KAARTVIEWER_DATA", str(d))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["weergave"] = "data"
    at.run()
    # The second s1 is rejected in samenwerkingen.csv and its version in versies.csv.
    assert any("2 rij(en) afgewezen" in shown(w.value) for w in at.warning)
    reasons = " ".join(
        r for d in at.dataframe if "reden" in d.value.columns for r in d.value["reden"]
    )
    assert "komt dubbel voor" in reasons


def test_registry_is_loaded_once_per_process(app, monkeypatch):
    """The loader runs once; reruns (filter and peildatum changes) reuse the register."""
    import datetime as dt

    import kaartviewer.ui.data as uidata

    calls = []
    real = uidata.load_register

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(uidata, "load_register", counting)
    uidata.register_data.clear()
    uidata.registry.clear()
    at = app()
    at.sidebar.multiselect(key=keys.F_ONDERWERP).set_value(["afval"]).run()
    at.sidebar.multiselect(key=keys.F_VORM).set_value(["netwerk"]).run()
    at.sidebar.date_input(key=keys.PEILDATUM).set_value(dt.date(2022, 1, 1)).run()
    assert not at.exception and at.query_params["peildatum"] == "2022-01-01"
    assert len(calls) == 1


def test_no_data_path_leaks_into_page(app):
    # Sanity: the page never shows a Python traceback text for normal use.
    at = app(weergave="verbanden")
    assert not at.exception
    assert any("Verbanden tussen gemeenten" == shown(h.value) for h in at.header)
    assert str(REPO) not in texts(at)


@pytest.mark.shipped_data
def test_indeling_2025_on_shipped_data(monkeypatch):
    """The 2016 layer on today's gemeenten names the predecessors; switching to today's
    register keeps the gemeente (it exists today) and drops the 2016-only parameters."""
    monkeypatch.delenv("KAARTVIEWER_DATA", raising=False)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["laag"] = "2016"
    at.query_params["gemeente_indeling"] = "2025"
    at.query_params["gemeente"] = "GM1982"
    at.run()
    assert not at.exception
    assert heading(at) == "Land van Cuijk"
    assert any("gemeenten van 2025" in shown(w.value) for w in at.warning)
    assert any("Historische laag 2016" in shown(w.value) for w in at.warning)
    table = at.dataframe[0].value
    assert "via voorganger" in table.columns
    assert table["via voorganger"].str.contains("Boxmeer").any()
    # Switching to today's register keeps Land van Cuijk and shows the register's view.
    at.sidebar.radio(key=keys.LAAG).set_value("actueel").run()
    assert not at.exception and heading(at) == "Land van Cuijk"
    assert "laag" not in at.query_params and "gemeente_indeling" not in at.query_params
    assert "raad neemt deel" in at.dataframe[0].value.columns
    assert not any("Historische laag" in shown(w.value) for w in at.warning)


def test_open_a_samenwerking_from_a_gemeente_and_back(app):
    at = app(gemeente="GM0002")
    at.selectbox(key=keys.open_samenwerking("GM0002")).set_value("s1").run()
    assert not at.exception and heading(at) == "Afval Noord"
    assert at.query_params["samenwerking"] == "s1" and "gemeente" not in at.query_params
    next(b for b in at.button if b.key == "terug-s").click().run()
    assert heading(at) == "Overzicht"
    # Reopening the gemeente shows the gemeente, not the samenwerking picked before.
    at.sidebar.text_input(key=keys.ZOEK).input("Bergen (NH").run()
    next(b for b in at.sidebar.button if b.key.endswith("GM0002")).click().run()
    assert heading(at) == "Bergen (NH.)"
