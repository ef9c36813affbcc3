"""The first map paint (issue 11): the kaart map loads no script it does not use, requests
its layer at once, and a browser session's first run draws the map alone (the rest follows
once the map reports it is drawn)."""

from urllib.parse import unquote

import pandas as pd
import pytest
from conftest import REPO
from fixtures import write_data
from streamlit.testing.v1 import AppTest

from kaartviewer import maps
from kaartviewer.ui import data, kaart, keys


def test_live_map_loads_leaflet_only_and_requests_its_layer_first():
    base = data.kaart_basis("/a/lagen/laag-1.json", "/a/", False, 600)
    first, *rest = base["js_links"]
    assert rest == ["/a/leaflet/leaflet.js"]  # no jQuery: nothing on this map uses it
    assert first.startswith("data:text/javascript,")
    js = unquote(first.removeprefix("data:text/javascript,"))
    assert 'fetch("/a/lagen/laag-1.json")' in js and "window.kvLaag" in js
    # The map script takes the prefetched layer only for its own URL, else fetches it.
    assert "pre.url === cfg.laag" in base["script"] and "fetch(cfg.laag)" in base["script"]
    # Other maps keep jQuery (their folium plugins may use it).
    assert any("jquery" in src for _, src in maps.OfflineMap(asset_base="/a/").default_js)


def test_map_reports_its_first_draw_only_when_asked():
    counts = pd.Series({"GM0001": 3})
    assert maps.live_state(counts, "x")["meld_getekend"] is False
    assert maps.live_state(counts, "x", meld_getekend=True)["meld_getekend"] is True
    script = maps.live_map("/x/lagen/a.json", "/x/").get_root().render()
    assert "s.meld_getekend && !kv.gemeld" in script and "getekend: Date.now()" in script


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("KAARTVIEWER_DATA", str(write_data(tmp_path / "data")))

    def make(browser: bool = True, **params) -> AppTest:
        monkeypatch.setattr(kaart, "browser", lambda: browser)
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        return at.run()

    return make


def widgets(block) -> int:
    return sum(len(getattr(block, kind)) for kind in ("radio", "multiselect", "selectbox"))


def test_first_browser_run_draws_the_map_alone_then_the_whole_page(app):
    at = app()
    assert not at.exception and at.session_state[keys.KAART_EERST]
    # Header, navigation and the map; the sidebar only its section titles.
    assert "5 van 5 samenwerkingen" in at.caption[0].value
    assert [m.value for m in at.sidebar.markdown] == [
        "### Register",
        "### Zoeken",
        "### Filters",
        "### Kaart",
    ]
    assert widgets(at.sidebar) == 0 and not at.metric and not at.selectbox
    at.run()  # the run the map starts when drawn (or any other run): the whole page
    assert not at.exception and keys.KAART_EERST not in at.session_state
    assert widgets(at.sidebar) >= 6 and at.metric
    assert at.selectbox(key=keys.KAART_GEMEENTE)


def test_map_first_only_in_the_first_run_and_only_on_the_kaart_view(app):
    at = app(weergave="catalogus")
    assert not at.exception and keys.KAART_EERST not in at.session_state
    at.session_state[keys.WEERGAVE] = "kaart"  # then the user opens the map
    at.run()
    assert not at.exception and keys.KAART_EERST not in at.session_state
    assert widgets(at.sidebar) >= 6


def test_without_a_browser_the_first_run_draws_everything(app):
    at = app(browser=False)
    assert not at.exception and keys.KAART_EERST not in at.session_state
    assert widgets(at.sidebar) >= 6 and at.metric
