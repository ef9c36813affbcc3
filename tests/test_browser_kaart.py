"""Real-browser tests of the kaart view's map (issue 11): the iframe is kept on a click and a
filter change, a click opens the panel in one run, the map is one titled tab stop, and the
gemeente list under the map is a keyboard route to every gemeente.

Uses the server and browser of ``test_browser`` (a module-scoped app on the fixture data).
"""

import re

import test_browser as tb
from test_browser import MAP_IFRAME, map_frame, open_page, settled_boxes

from kaartviewer.maps import ACCENT, KAART_TITEL

pytestmark = tb.pytestmark
# The fixtures of test_browser (a module-scoped app on the fixture data, one Chromium).
served_data, server, browser = tb.served_data, tb.server, tb.browser

#: Gamma (GM0004) is the middle square of the fixture's southern row (lon 5.1–5.2, lat 51.0–51.1).
GAMMA = (51.05, 5.15)
HEADER = re.compile(r"^\d+ van \d+ samenwerkingen")


def mark_iframe(page) -> None:
    """Remember the map's iframe element, to check later that it is the same node."""
    page.evaluate(f'() => {{ window.__kaart = document.querySelector("{MAP_IFRAME}"); }}')


def same_iframe(page) -> bool:
    return page.evaluate(f'() => document.querySelector("{MAP_IFRAME}") === window.__kaart')


def click_at(page, frame, lat: float, lon: float) -> None:
    """Click the map where (lat, lon) is, once the map has stopped moving."""
    settled_boxes(frame, "path.leaflet-interactive")
    x, y = frame.locator("body").evaluate(
        "(_, [lat, lon]) => { const p = map_div.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def outlined(frame, colour: str) -> int:
    """How many gemeente shapes carry ``colour`` as their outline."""
    return frame.locator(f"path.leaflet-interactive[stroke='{colour}']").count()


def test_click_and_filter_keep_the_map_iframe(server, browser):
    page, log = open_page(browser, server)
    try:
        frame = map_frame(page)
        mark_iframe(page)
        click_at(page, frame, *GAMMA)
        page.get_by_role("heading", name="Gamma").wait_for(timeout=30_000)
        page.wait_for_url("**gemeente=GM0004**", timeout=30_000)
        assert same_iframe(page), "de kaart werd opnieuw opgebouwd na een klik"
        frame.locator(f"path.leaflet-interactive[stroke='{ACCENT}']").first.wait_for(timeout=30_000)
        assert outlined(frame, ACCENT) == 1  # Gamma, restyled in place

        # A filter change reruns the page: the map stays, the panel still shows Gamma.
        header = page.get_by_text(HEADER).first
        before = header.inner_text()
        box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first
        box.locator("input").click()
        page.keyboard.type("Afval")
        page.get_by_role("option", name="Afval & reiniging").click()
        page.keyboard.press("Escape")
        page.wait_for_url("**onderwerp=afval**", timeout=30_000)
        page.wait_for_function(
            "([b]) => ![...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
            ".some(e => e.innerText === b)",
            arg=[before],
            timeout=30_000,
        )
        assert same_iframe(page), "de kaart werd opnieuw opgebouwd na een filterwijziging"
        page.get_by_role("heading", name="Gamma").wait_for(timeout=30_000)

        # Back to the overview and the same gemeente again: a second click opens it too.
        page.get_by_role("button", name="← Terug naar het overzicht").click()
        page.get_by_role("heading", name="Overzicht").wait_for(timeout=30_000)
        click_at(page, frame, *GAMMA)
        page.get_by_role("heading", name="Gamma").wait_for(timeout=30_000)
        assert same_iframe(page)
        assert not log["errors"] and not log["dialogs"] and log["external"] == []
    finally:
        page.close()


def test_map_is_one_titled_tab_stop(server, browser):
    page, log = open_page(browser, server)
    try:
        frame = map_frame(page)
        iframe = page.locator(MAP_IFRAME).first
        page.wait_for_function(
            f'() => document.querySelector("{MAP_IFRAME}").title === {KAART_TITEL!r}',
            timeout=30_000,
        )
        assert iframe.get_attribute("title") == KAART_TITEL
        stops = frame.locator("body").evaluate(
            "() => [...document.querySelectorAll('*')]"
            ".filter(e => e.tabIndex >= 0 && !e.closest('[hidden]'))"
            ".map(e => e.className.baseVal ?? e.className)"
        )
        assert len(stops) == 1 and "leaflet-container" in stops[0], stops
        container = frame.locator(".leaflet-container")
        assert container.get_attribute("aria-label")
        # Visible focus: the container draws an outline when focused from the keyboard.
        container.focus()
        outline = container.evaluate("e => getComputedStyle(e).outlineStyle")
        assert outline not in ("", "none")
        assert not log["errors"]
    finally:
        page.close()


def test_keyboard_route_selects_a_gemeente(server, browser):
    page, log = open_page(browser, server)
    try:
        frame = map_frame(page)
        mark_iframe(page)
        box = page.get_by_role("combobox", name=re.compile("Gemeente op de kaart"))
        box.focus()
        page.keyboard.type("Gamm")
        page.get_by_role("option", name=re.compile(r"^Gamma \(\d+\)")).wait_for(timeout=30_000)
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Gamma").wait_for(timeout=30_000)
        page.wait_for_url("**gemeente=GM0004**", timeout=30_000)
        frame.locator(f"path.leaflet-interactive[stroke='{ACCENT}']").first.wait_for(timeout=30_000)
        assert same_iframe(page)
        assert not log["errors"]
    finally:
        page.close()
