"""Real-browser test: `streamlit run` on a free port, driven by Debian's headless Chromium.

Skips (with the reason) only where no Chromium is installed; `.ci/run` installs it.
"""

import shutil
import urllib.parse
import urllib.request

import pytest
from browser_helpers import CHROMIUM, chromium, serving
from conftest import REPO
from fixtures import SAMENWERKINGEN, write_data
from ui_helpers import write_history

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium ontbreekt (apt-get install chromium)"),
]
EVIL = "<img src=x onerror=alert(1)>"
SHOTS = REPO / "screenshots"
ROWS = list(SAMENWERKINGEN) + [("s6", EVIL, "netwerk", "overig", "GM0004;GM0006")]


@pytest.fixture(scope="module")
def served_data(tmp_path_factory):
    """The data directory the module's server reads (a test may swap files in it): the
    fixture with history (Regio Midden ended in 2023, Afval Noord changed in 2024)."""
    return write_history(tmp_path_factory.mktemp("browser") / "data", ROWS)


@pytest.fixture(scope="module")
def server(served_data):
    with serving(served_data) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    log = {"dialogs": [], "external": [], "errors": []}
    page.on("dialog", lambda dlg: (log["dialogs"].append(dlg.message), dlg.dismiss()))
    page.on("pageerror", lambda exc: log["errors"].append(str(exc)))

    def on_request(req):
        host = req.url.split("/")[2] if "://" in req.url else ""
        if req.url.startswith("http") and not host.startswith(("127.0.0.1", "localhost")):
            log["external"].append(req.url)

    page.on("request", on_request)
    page.goto(url)
    return page, log


#: The map iframes: the kaart view's map titles itself (see ``maps.KAART_TITEL``); the
#: other views' maps keep streamlit-folium's title.
MAP_IFRAME = "iframe[title^='Kaart'], iframe[title*='st_folium']"


def map_frame(page):
    """The map's frame, once Leaflet has drawn the fixture's six gemeente shapes."""
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator("path.leaflet-interactive").nth(5).wait_for(timeout=60_000)
    return frame


def settled_boxes(frame, locator: str) -> list[dict]:
    """Bounding boxes of ``locator`` once two reads in a row agree (fitBounds has settled)."""
    paths = frame.locator(locator)
    previous = None
    for _ in range(100):
        boxes = [paths.nth(i).bounding_box() for i in range(paths.count())]
        if boxes == previous and all(boxes):
            return boxes
        previous = boxes
        # Two animation frames between reads: a running zoom animation moves the boxes.
        frame.locator("body").evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
    raise AssertionError("de kaart kwam niet tot rust")


def test_map_renders_offline_with_gemeente_shapes(server, browser):
    page, log = open_page(browser, server)
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() >= 6
    assert frame.locator(".kv-legend").count() == 1
    page.get_by_text("5 van 5 samenwerkingen", exact=False).wait_for(timeout=30_000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "overzicht.png"), full_page=True)
    assert log["external"] == [], f"verzoeken naar internet: {log['external']}"
    page.close()


def test_gemeente_link_shows_its_arrangements(server, browser):
    page, log = open_page(browser, f"{server}/?gemeente=GM0004")
    map_frame(page)
    page.get_by_role("heading", name="Gamma").wait_for(timeout=30_000)
    cells = page.locator("[data-testid=stDataFrame] td[role=gridcell]")
    cells.first.wait_for(state="attached", timeout=30_000)  # a11y mirror of the canvas grid
    names = set(cells.all_text_contents())
    # Gamma (GM0004) is in s3 GGD Zuid, s4 Afval Zuid and the HTML-named s6.
    assert {"GGD Zuid", "Afval Zuid", EVIL} <= names
    assert "Afval Noord" not in names
    page.screenshot(path=str(SHOTS / "gemeente.png"), full_page=True)
    assert not log["dialogs"] and log["external"] == []
    page.close()


def test_html_named_row_is_text_and_runs_no_script(server, browser):
    page, log = open_page(browser, f"{server}/?samenwerking=s6")
    map_frame(page)
    heading = page.get_by_role("heading", name=EVIL)
    heading.wait_for(timeout=30_000)
    assert heading.inner_text().strip() == EVIL
    assert page.locator("img[src='x']").count() == 0
    for f in page.frames:
        assert f.locator("img[src='x']").count() == 0
    page.wait_for_load_state("networkidle")  # an onerror handler would have fired by now
    assert log["dialogs"] == [], "er is een script uitgevoerd"
    page.close()


def test_clicking_a_gemeente_opens_it(server, browser):
    page, log = open_page(browser, server)
    frame = map_frame(page)
    # The fixture's six squares form two rows; Gamma (GM0004) is the middle of the
    # southern row (largest y on screen).
    boxes = settled_boxes(frame, "path.leaflet-interactive")
    centres = sorted(
        ((b["y"] + b["height"] / 2, b["x"] + b["width"] / 2) for b in boxes), reverse=True
    )
    south = sorted(centres[:3], key=lambda c: c[1])
    assert len(south) == 3, "geen gemeentevlakken gevonden om op te klikken"
    target = (south[1][1], south[1][0])
    page.mouse.click(*target)
    page.get_by_role("heading", name="Gamma").wait_for(timeout=30_000)
    # The app writes the query parameters at the end of its script run, after the heading.
    page.wait_for_url("**gemeente=GM0004**", timeout=30_000)
    page.close()


# --- hardening: crafted links, files replaced under the running server ---------------------

#: The links of the hardening issue: a phishing link, an outside image, a page-covering box.
CRAFTED = {
    "gemeente": "[Klik hier om opnieuw in te loggen](https://evil.example/login)",
    "samenwerking": "![x](http://evil.example/x.png)",
    "grenzen": "$\\rule{3000px}{3000px}$",
}
#: Visible text of the page, without the invisible word joiners that break autolinks.
PAGE_TEXT = "() => document.body.innerText.replaceAll('\\u2060', '')"


def test_crafted_links_inject_nothing(server, browser):
    page, log = open_page(browser, f"{server}/?{urllib.parse.urlencode(CRAFTED)}")
    map_frame(page)
    # Each value is answered with a warning; wait for all three, then read them.
    for said in ("bestaat niet in de gemeente-indeling", "staat niet in het register", "genegeerd"):
        page.get_by_text(said, exact=False).first.wait_for(timeout=30_000)
    body = page.evaluate(PAGE_TEXT)
    for value in CRAFTED.values():
        assert value in body, f"niet letterlijk getoond: {value}"
    page.wait_for_load_state("networkidle")
    links = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    assert all(h.startswith(server) for h in links), f"links naar buiten: {links}"
    for f in page.frames:
        srcs = f.locator("img[src]").evaluate_all("els => els.map(e => e.src)")
        assert all(s.startswith((server, "data:")) for s in srcs), f"plaatjes: {srcs}"
    assert page.locator(".katex, .katex-display").count() == 0
    too_big = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .map(e => e.getBoundingClientRect())
            .filter(r => r.width > window.innerWidth + 1 || r.height > 2900).length"""
    )
    assert too_big == 0, "een element is groter dan het venster"
    assert log["external"] == [], f"verzoeken naar buiten: {log['external']}"
    assert not log["dialogs"]
    page.close()


def test_a_replaced_file_shows_new_data_or_a_dutch_error(server, served_data, browser):
    csv = served_data / "samenwerkingen.csv"
    original = csv.read_bytes()
    renamed = write_data(
        served_data.parent / "vernieuwd",
        [("s1", "Afval Noord (vernieuwd)", *ROWS[0][2:]), *ROWS[1:]],
    )
    page, log = open_page(browser, f"{server}/?samenwerking=s1")
    try:
        page.get_by_role("heading", name="Afval Noord", exact=True).wait_for(timeout=60_000)
        shutil.copyfile(renamed / "samenwerkingen.csv", csv)
        page.reload()
        page.get_by_role("heading", name="Afval Noord (vernieuwd)").wait_for(timeout=60_000)

        csv.write_bytes(b"\x00 geen csv\n")
        page.reload()
        page.get_by_text("De gegevens kunnen niet worden geladen").wait_for(timeout=60_000)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_text("Laag", exact=True).wait_for(timeout=30_000)
        body = page.evaluate(PAGE_TEXT)
        assert "Traceback" not in body and str(served_data) not in body
        assert "Afval Noord" not in body  # no view on the old data next to the error

        csv.write_bytes(original)
        page.reload()
        page.get_by_role("heading", name="Afval Noord", exact=True).wait_for(timeout=60_000)
        assert page.get_by_text("kunnen niet worden geladen").count() == 0
    finally:
        csv.write_bytes(original)
        page.close()


def test_wijzigingen_link_opens_the_table(server, browser):
    """A shared link to the Wijzigingen view at a peildatum: the comparison up to that
    date, the table and the raadslid sentence (no map on this view)."""
    page, log = open_page(
        browser, f"{server}/?peildatum=2024-06-01&weergave=wijzigingen&gemeente=GM0002"
    )
    try:
        page.get_by_role("heading", name="Wijzigingen").wait_for(timeout=60_000)
        page.get_by_text("tussen 1 juli 2021 en 1 juni 2024").wait_for(timeout=30_000)
        sentence = "Sinds 1 juli 2021 trad Bergen (NH.) uit Regio Midden (tot 1 juni 2024)."
        page.get_by_text(sentence).wait_for(timeout=30_000)
        table = page.locator("[data-testid=stDataFrame]").first
        table.locator("td[role=gridcell]", has_text="Regio Midden").first.wait_for(
            state="attached", timeout=30_000
        )
        cells = set(table.locator("td[role=gridcell]").all_text_contents())
        assert {"beëindigd", "Regio Midden"} <= cells
        assert page.locator("[data-testid=stDateInput]").count() >= 3  # sidebar + van + tot
        page.screenshot(path=str(SHOTS / "wijzigingen.png"), full_page=True)
        assert "peildatum=2024-06-01" in page.url and "weergave=wijzigingen" in page.url
        assert not log["dialogs"] and log["external"] == [] and not log["errors"]
    finally:
        page.close()
