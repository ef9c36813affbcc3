"""Real-browser tests of the kaart view's runs (issue 11): a session's first run draws the
map alone; once the map has drawn the gemeenten, one more whole-page run sends the gemeente
list, the panel and the sidebar's widgets, and the map's iframe stays. A gemeente or
samenwerking opened inside the kaart fragment shows "Terug naar …" in that same run.

Uses the server and browser of ``test_browser``, started with a run log.
"""

import time

import pytest
import test_browser as tb
from test_browser import MAP_IFRAME, map_frame, open_page

pytestmark = tb.pytestmark
served_data, server, browser = tb.served_data, tb.server, tb.browser


@pytest.fixture(scope="module")
def runlog(tmp_path_factory):
    """The server logs every run here (``KAARTVIEWER_RUNLOG``, see ``selection.log_run``)."""
    path = tmp_path_factory.mktemp("runs") / "runs.log"
    mp = pytest.MonkeyPatch()
    mp.setenv("KAARTVIEWER_RUNLOG", str(path))
    yield path
    mp.undo()


@pytest.fixture(scope="module")
def app(runlog, server):
    return server  # started after runlog set the environment


def runs(path) -> list[str]:
    return path.read_text().split()[1::2] if path.exists() else []


def settled(page, path, quiet: float = 1.5) -> list[str]:
    """The runs logged once the page is idle and nothing more was logged for ``quiet`` s."""
    seen, since = runs(path), time.monotonic()
    while time.monotonic() - since < quiet or page.get_by_test_id("stStatusWidget").count():
        page.wait_for_timeout(100)
        if runs(path) != seen:
            seen, since = runs(path), time.monotonic()
    return seen


def test_map_first_then_the_whole_page_in_one_more_run(app, browser, runlog):
    runlog.write_text("")
    page, log = open_page(browser, app)
    try:
        map_frame(page)
        page.evaluate(f'() => {{ window.__kaart = document.querySelector("{MAP_IFRAME}"); }}')
        page.get_by_role("heading", name="Overzicht").wait_for(timeout=30_000)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_test_id("stMultiSelect").first.wait_for(timeout=30_000)
        page.get_by_text("Gemeente op de kaart (aantal samenwerkingen)").wait_for()
        assert settled(page, runlog).count("app") == 2  # the map alone, then the whole page
        assert page.evaluate(f'() => document.querySelector("{MAP_IFRAME}") === window.__kaart')
        assert sidebar.get_by_test_id("stMultiSelect").count() == 4
        assert not log["errors"], log["errors"]
    finally:
        page.close()


def test_the_page_follows_even_when_the_map_never_reports(app, browser):
    # The map's layer cannot be loaded: the map draws no gemeente and never reports; the
    # safety net (page.VANGNET_S) sends the rest of the page anyway.
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.route("**/laag-*.json", lambda route: route.abort())
    try:
        page.goto(app)
        page.wait_for_selector(MAP_IFRAME, timeout=60_000)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_test_id("stMultiSelect").first.wait_for(timeout=30_000)
        page.get_by_role("heading", name="Overzicht").wait_for(timeout=30_000)
        frame = page.frame_locator(MAP_IFRAME).first
        assert frame.locator("path.leaflet-interactive").count() == 0
    finally:
        page.close()


def test_terug_appears_in_the_run_of_a_pick_inside_the_kaart(app, browser, runlog):
    page, log = open_page(browser, app + "/?gemeente=GM0004")
    try:
        page.get_by_role("heading", name="Gamma", exact=True).wait_for(timeout=60_000)
        n = len(settled(page, runlog))
        terug = page.get_by_role("button", name="Terug naar Gamma")
        assert terug.count() == 0
        page.get_by_label("Open een samenwerking").focus()
        page.keyboard.type("GGD Zuid")
        page.get_by_role("option", name="GGD Zuid", exact=True).wait_for(timeout=10_000)
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="GGD Zuid", exact=True).wait_for(timeout=60_000)
        terug.wait_for(timeout=30_000)
        seen = settled(page, runlog)
        assert seen[n:] == ["fragment"], seen[n:]  # one run, the fragment's own
        terug.click()
        page.get_by_role("heading", name="Gamma", exact=True).wait_for(timeout=60_000)
        page.wait_for_url("**gemeente=GM0004**", timeout=30_000)
        assert settled(page, runlog)[len(seen) :] == ["app"]  # the page reads the URL back
        assert not log["errors"], log["errors"]
    finally:
        page.close()
