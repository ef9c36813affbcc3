"""The catalogue and compare views in a real browser (Debian's headless Chromium).

`streamlit run` on a free port (within ``KAARTVIEWER_TEST_PORTS`` when set) on the fixture
data; every wait is for the state asserted, never for a fixed time.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import CHROMIUM, chromium, serving
from conftest import REPO
from fixtures import SAMENWERKINGEN, write_data

from kaartviewer.maps import UNMATCHED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium ontbreekt (apt-get install chromium)"),
]
ROWS = list(SAMENWERKINGEN) + [
    ("s7", "Veiligheidsregio Zuid", "wettelijke_regio", "veiligheid", "GM0003;GM0004;GM0006")
]
#: A map: streamlit-folium's component frame (whatever its title says).
MAP = "iframe[data-testid=stCustomComponentV1]"
#: st.dataframe draws rows of 35 px under a header of the same height.
ROW_PX = 35


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(write_data(tmp_path_factory.mktemp("views") / "data", ROWS)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert not errors, errors


def grid_names(page) -> list[str]:
    """The cells of the first column of the first data grid (its accessible mirror)."""
    cells = page.locator("[data-testid=stDataFrame]").first.locator("td[role=gridcell]")
    cells.first.wait_for(state="attached", timeout=30_000)
    return cells.all_text_contents()


def wait_caption(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=30_000)


def map_fills(page, i: int) -> set[str]:
    """The fill colours of the shapes of map ``i`` once Leaflet has drawn them."""
    frame = page.frame_locator(MAP).nth(i)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    return set(
        frame.locator("path.leaflet-interactive").evaluate_all(
            "ps => ps.map(p => p.getAttribute('fill'))"
        )
    )


def test_catalogue_filter_open_by_click_and_by_keyboard(server, page):
    page.goto(f"{server}/?weergave=catalogus")
    page.get_by_role("heading", name="Catalogus van samenwerkingen").wait_for(timeout=60_000)
    wait_caption(page, "6 van 6 samenwerkingen")
    # Quick filter by keyboard: type and leave the field.
    box = page.get_by_label("Snel filteren", exact=True)
    box.fill("afval")
    box.press("Tab")
    wait_caption(page, "2 van 6 samenwerkingen")
    assert "Afval Zuid" in " ".join(grid_names(page))
    # A click on the second row (sorted by naam: Afval Noord, Afval Zuid) opens Afval Zuid.
    grid = page.locator("[data-testid=stDataFrame]").first.bounding_box()
    page.mouse.click(grid["x"] + 18, grid["y"] + ROW_PX + ROW_PX * 1 + ROW_PX / 2)
    page.get_by_role("heading", name="Afval Zuid").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"samenwerking=s4"), timeout=30_000)
    assert "weergave=catalogus" in page.url
    # Its page: members on a map, the deelnemers, the versions.
    frame = page.frame_locator(MAP).first
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    page.get_by_text("Deelnemers (3)", exact=False).wait_for(timeout=30_000)
    page.screenshot(path=str(_shots() / "catalogus-samenwerking.png"))
    # Back to the list with the keyboard, then open GGD Zuid through the 'Open' box.
    back = page.get_by_role("button", name="Terug naar de catalogus")
    back.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Catalogus van samenwerkingen").wait_for(timeout=30_000)
    opener = page.get_by_role("combobox", name="Open een samenwerking (typ om te zoeken)")
    opener.focus()
    page.keyboard.type("GGD")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="GGD Zuid").wait_for(timeout=30_000)
    page.wait_for_url(re.compile(r"samenwerking=s3"), timeout=30_000)


def test_compare_maps_match_colours_and_gemeenten_share(server, page):
    page.goto(f"{server}/?weergave=vergelijk&indeling_a=provincie&indeling_b=ggd")
    page.get_by_role("heading", name="Twee regio-indelingen").wait_for(timeout=60_000)
    page.locator(MAP).nth(1).wait_for(timeout=60_000)
    fills_a, fills_b = map_fills(page, 0), map_fills(page, 1)
    # Noordland ≈ Noord and Zuidland ≈ Zuid: the same two colours on both maps.
    assert fills_a == fills_b and len(fills_a) == 2 and UNMATCHED not in fills_a
    page.get_by_text("Regio's die verschillen (2)").wait_for(timeout=30_000)
    ari = page.locator("[data-testid=stMetric]", has_text="ARI")
    assert re.search(r"0[.,]32", ari.inner_text())
    page.screenshot(path=str(_shots() / "vergelijk.png"))
    # Two gemeenten, picked with the keyboard.
    for label, typed in (("Gemeente A", "Bergen (NH"), ("Gemeente B", "Bergen (L")):
        box = page.get_by_role("combobox", name=label)
        box.focus()
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"gemeente_b=GM0003"), timeout=30_000)
    shared = page.locator("[data-testid=stMetric]", has_text="Gedeelde samenwerkingen")
    shared.wait_for(timeout=30_000)
    assert shared.locator("[data-testid=stMetricValue]").inner_text().strip() == "1"
    grids = page.locator("[data-testid=stDataFrame]")
    cells = grids.last.locator("td[role=gridcell]")
    cells.first.wait_for(state="attached", timeout=30_000)
    assert "Regio Midden" in cells.all_text_contents()
    assert "gemeente_a=GM0002" in page.url


def _shots():
    path = REPO / "screenshots"
    path.mkdir(exist_ok=True)
    return path
