"""Faults: files replaced under a running app, views that crash, optional files missing or
malformed. The page shows the new data or a Dutch error (never a mix, never a traceback),
keeps the sidebar, and recovers without a restart."""

from __future__ import annotations

import logging
import shutil
import tomllib

import pytest
from conftest import REPO
from fixtures import SAMENWERKINGEN, write_data
from streamlit.testing.v1 import AppTest
from ui_helpers import shown, texts

from kaartviewer.ui import analyse, data, keys, views
from kaartviewer.ui.errors import without_paths

RENAMED = [("s1", "Afval Noord (vernieuwd)", *SAMENWERKINGEN[0][2:]), *SAMENWERKINGEN[1:]]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = write_data(tmp_path / "data")
    monkeypatch.setenv("KAARTVIEWER_DATA", str(d))
    return d


def app(**params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def errors_shown(at) -> str:
    return " ".join(shown(e.value) for e in at.error)


def test_a_replaced_file_is_picked_up_and_garbage_recovers(data_dir, tmp_path):
    original = (data_dir / "samenwerkingen.csv").read_bytes()
    at = app(samenwerking="s1").run()
    assert shown(at.header[0].value) == "Afval Noord"

    write_data(tmp_path / "nieuw", RENAMED)
    shutil.copyfile(tmp_path / "nieuw" / "samenwerkingen.csv", data_dir / "samenwerkingen.csv")
    at.run()
    assert not at.exception
    assert shown(at.header[0].value) == "Afval Noord (vernieuwd)"

    (data_dir / "samenwerkingen.csv").write_bytes(b"\x00\x01 dit is geen csv\n;;;\n")
    at.run()
    assert not at.exception
    msg = errors_shown(at)
    assert "De gegevens kunnen niet worden geladen" in msg and "foutcode" in msg
    assert str(data_dir) not in msg and "Traceback" not in texts(at)
    assert not at.header  # no half view on the old data next to the error
    assert at.sidebar.radio(key=keys.LAAG).value == "actueel"  # the way back

    (data_dir / "samenwerkingen.csv").write_bytes(original)
    at.run()
    assert not at.exception and not at.error
    assert shown(at.header[0].value) == "Afval Noord"  # the selection survived


def test_broken_files_of_today_leave_the_2016_layer_open(data_dir):
    (data_dir / "versies.csv").write_bytes(b"\x00\x01 dit is geen csv\n")
    at = app().run()
    assert "De gegevens kunnen niet worden geladen" in errors_shown(at)
    at.sidebar.radio(key=keys.LAAG).set_value("2016").run()
    assert not at.exception and not at.error
    assert any("Historische laag 2016" in shown(w.value) for w in at.warning)
    assert at.query_params["laag"] == "2016"


def test_a_file_changing_during_the_load_is_loaded_again(data_dir, tmp_path, monkeypatch):
    """The key never holds a mix: a load during which the files change is not cached."""
    write_data(tmp_path / "nieuw", RENAMED)
    calls = []

    def while_replacing(real, name):
        def load(*args, **kwargs):
            calls.append(args)
            result = real(*args, **kwargs)
            if len(calls) == 1:  # the file changes after it was read, before the load ends
                shutil.copyfile(tmp_path / "nieuw" / name, data_dir / name)
            return result

        return load

    data.register_data.clear()
    monkeypatch.setattr(
        data, "load_register", while_replacing(data.load_register, "samenwerkingen.csv")
    )
    src, reg, _ = data.current("actueel")
    assert len(calls) == 2
    assert reg.samenwerkingen.at["s1", "naam"] == "Afval Noord (vernieuwd)"
    assert src.fingerprint == data.fingerprint(data_dir)
    # Every laag and gemeente-indeling of one rerun keys on the same version.
    other = src.on("2016", "2025")
    assert other.fingerprint == src.fingerprint and other != src
    # The same for the 2016 layer, whose files live in 2016/ (part of the fingerprint).
    calls.clear()
    monkeypatch.setattr(data, "load", while_replacing(data.load, "2016/samenwerkingen.csv"))
    src, reg, _ = data.current("2016")
    assert len(calls) == 2 and src.laag == "2016"
    assert reg.samenwerkingen.at["s1", "naam"] == "Afval Noord (vernieuwd)"


def test_the_fingerprint_covers_both_layers(data_dir):
    names = {s.name for s in data.fingerprint(data_dir)}
    assert {"samenwerkingen.csv", "versies.csv", "deelnemers.csv", "gemeenten.geojson"} <= names
    assert {"2016/samenwerkingen.csv", "2016/herindeling_2016_2025.csv"} <= names
    before = data.fingerprint(data_dir)
    (data_dir / "2016" / "samenwerkingen.csv").write_text("id\n", encoding="utf-8")
    assert data.fingerprint(data_dir) != before


def test_a_crashing_view_shows_a_dutch_panel_with_an_id(data_dir, monkeypatch, caplog):
    def boom(ctx):
        raise RuntimeError(f"kapot in {data_dir}/geheim.py")

    monkeypatch.setitem(views.VIEWS, "verbanden", boom)
    with caplog.at_level(logging.ERROR, logger="kaartviewer.ui"):
        at = app(weergave="verbanden").run()
    assert not at.exception
    msg = errors_shown(at)
    assert "Er ging iets mis" in msg and "geheim" not in msg and str(data_dir) not in msg
    eid = msg.split("foutcode ")[1][:8]
    # The detail, with the same id, is in the server log.
    logged = [r for r in caplog.records if eid in r.getMessage()]
    assert logged and logged[0].exc_info and "geheim.py" in str(logged[0].exc_info[1])
    # Header, view switch and sidebar are still there.
    assert "5 van 5 samenwerkingen" in texts(at)
    assert at.sidebar.multiselect(key=keys.F_ONDERWERP) is not None
    at.button_group[0].set_value("kaart").run()
    assert not at.error and shown(at.header[0].value) == "Overzicht"


def test_a_broken_2016_layer_keeps_the_way_back(data_dir):
    (data_dir / "2016" / "herindeling_2016_2025.csv").unlink()
    at = app(laag="2016", gemeente_indeling="2025").run()
    assert not at.exception
    assert "kunnen niet worden geladen" in errors_shown(at)
    assert "2016/herindeling_2016_2025.csv" in errors_shown(at)
    at.sidebar.radio(key=keys.GEMEENTE_INDELING).set_value("2016").run()
    assert not at.exception and not at.error
    assert "5 van 5 samenwerkingen" in texts(at)
    at.sidebar.radio(key=keys.LAAG).set_value("actueel").run()
    assert not at.exception and not at.error
    assert "peildatum 16 mei 2026" in texts(at)


@pytest.mark.parametrize("weergave", ["kaart", "analyse", "data"])
def test_missing_indelingen_degrade_that_feature_only(data_dir, weergave):
    (data_dir / "indelingen.csv").unlink()
    at = app(weergave=weergave, samenwerking="s1" if weergave == "kaart" else "").run()
    assert not at.exception and not at.error
    said = texts(at)
    if weergave == "analyse":
        assert analyse.GEEN_INDELINGEN in said
    if weergave == "data":
        assert "regio-indelingen (indelingen.csv) ontbreken" in said
    assert "Regiogrenzen: geen regio-indelingen" in " ".join(
        shown(c.value) for c in at.sidebar.caption
    )


@pytest.mark.parametrize(
    "content", ["{niet: json", "[1, 2]", '{"bronnen": "OpenGR", "peildatum": []}']
)
def test_a_malformed_build_report_is_reported_not_fatal(data_dir, content):
    (data_dir / "bouwrapport.json").write_text(content, encoding="utf-8")
    at = app(weergave="data").run()
    assert not at.exception and not at.error
    said = texts(at)
    # Either the loader could not read it (a melding under its file) or the page could not
    # use it (a warning naming the problem); the rest of the view is there.
    reasons = " ".join(
        r for d in at.dataframe if "reden" in d.value.columns for r in d.value["reden"]
    )
    assert "bouwrapport.json" in said
    assert reasons.strip() or "Bouwrapport (bouwrapport.json):" in said
    assert "Gemeenten" in [m.label for m in at.metric]


def test_streamlit_shows_no_error_details():
    cfg = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # "none": not even the exception type; `false` would mean "stacktrace".
    assert cfg["client"]["showErrorDetails"] == "none"


def test_without_paths():
    msg = "Kan /srv/app/data/gemeenten.geojson niet lezen (zie /tmp/x/y.log), regel 3/4"
    assert without_paths(msg, "/srv/app/data") == (
        "Kan gemeenten.geojson niet lezen (zie y.log), regel 3/4"
    )
