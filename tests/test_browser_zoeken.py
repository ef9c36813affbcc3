"""Real browser: the sidebar search answers while typing, without Enter, and speaks Dutch.

Uses the server and browser of tests/test_browser.py (same fixture data).
"""

import pytest
from test_browser import CHROMIUM, SHOTS, browser, open_page, served_data, server  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium ontbreekt (apt-get install chromium)"),
]


def test_search_answers_while_typing_and_opens_by_keyboard(browser, server):  # noqa: F811
    page, log = open_page(browser, server)
    try:
        box = page.get_by_role("searchbox", name="Gemeente of samenwerking")
        box.wait_for(timeout=60_000)
        box.click()
        page.keyboard.type("gama", delay=40)  # a typo, no Enter
        hit = page.get_by_role("button", name="Gemeente: Gamma")
        hit.wait_for(timeout=30_000)
        # Streamlit's English hint under a text input is not shown in live mode.
        assert page.get_by_text("Press Enter").count() == 0
        assert box.input_value() == "gama"
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "zoeken-tijdens-typen.png"))
        hit.focus()
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Gamma").first.wait_for(timeout=30_000)
        page.wait_for_url("**gemeente=GM0004**", timeout=30_000)
        assert not log["errors"], log["errors"]
    finally:
        page.close()


def test_search_takes_a_code(browser, server):  # noqa: F811
    page, _ = open_page(browser, server)
    try:
        box = page.get_by_role("searchbox", name="Gemeente of samenwerking")
        box.wait_for(timeout=60_000)
        box.fill("0005")  # fill() types the whole value at once; still no Enter
        page.get_by_role("button", name="Gemeente: Súdwest-Fryslân · code GM0005").wait_for(
            timeout=30_000
        )
    finally:
        page.close()


def test_factsheet_pdf_downloads_from_the_gemeente_panel(browser, server):  # noqa: F811
    page, log = open_page(browser, server + "/?gemeente=GM0004")
    try:
        button = page.get_by_role("button", name="⬇ Factsheet (PDF)")
        button.wait_for(timeout=60_000)
        with page.expect_download(timeout=60_000) as dl:
            button.click()
        path = dl.value.path()
        assert dl.value.suggested_filename.startswith("factsheet-GM0004-peildatum-")
        assert dl.value.suggested_filename.endswith(".pdf")
        with open(path, "rb") as fh:
            assert fh.read(5) == b"%PDF-"
        assert not log["errors"], log["errors"]
    finally:
        page.close()
