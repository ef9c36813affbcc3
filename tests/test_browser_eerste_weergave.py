"""Real-browser test of the first map paint (issue 11): a session's first run draws the map
alone; once the map has drawn the gemeenten, one more whole-page run sends the gemeente
list, the panel and the sidebar's widgets, and the map's iframe stays.

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
