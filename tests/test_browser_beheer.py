"""Real-browser tests of the Beheer view: `streamlit run` with a beheer store, driven by
Debian's headless Chromium.

* login through OpenID Connect (``st.login`` against a local ``oidc-provider-mock``, the
  app's ``[auth]`` secrets in a temporary file) and with a local account;
* a redacteur adds a network collaboration with a fase and two bestuurders, a beheerder
  approves, it is on the map, in the gemeente panel and in ``kaartviewer gemeente``, and its
  history shows both revisions;
* an anonymous "Meld een correctie" lands in the queue; an anonymous visitor has no write
  control and cannot write through query parameters; HTML/JS names are shown as text;
* scale-out: two app processes behind Debian's haproxy (sticky sessions by cookie) share one
  PostgreSQL; a change approved through one is shown by the other on its next rerun.

Ports: ``KAARTVIEWER_TEST_BEHEER_PORTS`` (app processes, default 8660-8679),
``KAARTVIEWER_TEST_OIDC_PORTS`` (8680-8689), ``KAARTVIEWER_TEST_LB_PORTS`` (8690-8699) and, for
PostgreSQL, ``KAARTVIEWER_TEST_PG_PORTS`` (see tests/pg.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import browser_helpers
import pytest
from browser_helpers import CHROMIUM, chromium, free_port, stop, wait_http
from conftest import REPO
from fixtures import SAMENWERKINGEN, write_data

HAPROXY = shutil.which("haproxy") or (
    "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium ontbreekt (apt-get install chromium)"),
]
EVIL = "<img src=x onerror=alert(1)>"
ROWS = list(SAMENWERKINGEN) + [("s6", EVIL, "netwerk", "overig", "GM0004;GM0006")]
SHOTS = REPO / "screenshots"
WACHTWOORD = {"rita": "rita-wachtwoord-1", "bert": "bert-wachtwoord-2"}
EMAIL = {"rita": "rita@example.org", "bert": "bert@example.org"}
#: Visible text of the page, without the invisible word joiners that break autolinks.
PAGE_TEXT = "() => document.body.innerText.replaceAll('\\u2060', '')"
T = 60_000


def start_app(
    env: dict, secrets: Path | None = None, port: int | None = None
) -> tuple[str, subprocess.Popen]:
    port = port or free_port("KAARTVIEWER_TEST_BEHEER_PORTS", "8660-8679")
    # The repo's own .streamlit/secrets.toml (if any) is never read or touched: the app
    # process gets only this file (or a path that does not exist).
    secrets = secrets or Path(env["KV_TMP"]) / "geen-secrets.toml"
    return browser_helpers.start_app(env, port, ["--secrets.files", str(secrets)])


def maak_store(url: str, data: Path):
    """A store with a redacteur for Alfa (GM0001) and a beheerder, both with a password and
    an e-mail address for OIDC."""
    from kaartviewer.beheer.service import Store
    from kaartviewer.load import load

    store = Store.open(url, registry=load(data)[0])
    store.gebruiker_toevoegen(
        "rita", "redacteur", WACHTWOORD["rita"], gemeenten=["GM0001"], email=EMAIL["rita"]
    )
    store.gebruiker_toevoegen("bert", "beheerder", WACHTWOORD["bert"], email=EMAIL["bert"])
    return store


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("beheer")


@pytest.fixture(scope="module")
def data(tmp) -> Path:
    return write_data(tmp / "data", ROWS)


@pytest.fixture(scope="module")
def store_url(tmp, data) -> str:
    url = f"sqlite:///{tmp / 'beheer.sqlite'}"
    maak_store(url, data)
    return url


@pytest.fixture(scope="module")
def store(store_url, data):
    from kaartviewer.beheer.service import Store
    from kaartviewer.load import load

    return Store.open(store_url, registry=load(data)[0])


@pytest.fixture(scope="module")
def env(tmp, data, store_url) -> dict:
    return dict(
        os.environ,
        KAARTVIEWER_DATA=str(data),
        KAARTVIEWER_DATABASE_URL=store_url,
        KV_TMP=str(tmp),
        PYTHONPATH=str(REPO),
    )


@pytest.fixture(scope="module")
def oidc(tmp):
    """A local OpenID Connect provider (any 'sub' typed in its form logs in; the e-mail
    claim equals the sub)."""
    port = free_port("KAARTVIEWER_TEST_OIDC_PORTS", "8680-8689")
    proc = subprocess.Popen(
        [shutil.which("oidc-provider-mock") or "oidc-provider-mock", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/.well-known/openid-configuration", proc, "oidc-provider-mock")
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def app_oidc(tmp, env, oidc):
    """The app with ``[auth]`` configured: login through the identity provider."""
    port = free_port("KAARTVIEWER_TEST_BEHEER_PORTS", "8660-8679")
    secrets = tmp / "secrets.toml"
    # st.login needs the redirect URI before the server starts: reserve the port it will use.
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "een-lang-willekeurig-testgeheim-0123456789"\n'
        'client_id = "kaartviewer"\n'
        'client_secret = "testgeheim"\n'
        f'server_metadata_url = "{oidc}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    url, proc = start_app(env, secrets, port)
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def app_lokaal(env):
    """The app without ``[auth]``: local accounts."""
    url, proc = start_app(env)
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_page(browser, url: str, cookies: list[dict] | None = None):
    """A page in its own browser context (own cookies: one visitor); requests outside
    127.0.0.1 are blocked (the provider's login page links a CDN stylesheet)."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    if cookies:
        ctx.add_cookies(cookies)
    page = ctx.new_page()
    log = {"dialogs": [], "errors": []}
    page.on("dialog", lambda dlg: (log["dialogs"].append(dlg.message), dlg.dismiss()))
    page.on("pageerror", lambda exc: log["errors"].append(str(exc)))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urllib.parse.urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost")
            else route.abort()
        ),
    )
    page.goto(url)
    return page, log


# --- driving Streamlit widgets by their key (Streamlit puts ``st-key-<key>`` on them) ---------


def widget(page, key: str):
    return page.locator(f".st-key-{key}")


def typ(page, key: str, text: str) -> None:
    box = widget(page, key).locator("input, textarea").first
    box.fill(text)


def kies(page, key: str, label: str) -> None:
    """Pick ``label`` in a selectbox or multiselect (typed to filter, then clicked)."""
    widget(page, key).locator("input").first.click()
    widget(page, key).locator("input").first.fill(label)
    page.get_by_role("option", name=label, exact=True).first.click()


def datum(page, key: str, ddmmjjjj: str) -> None:
    """Type a date into a date input (react-aria: day, month and year segments)."""
    widget(page, key).locator("[role=spinbutton][data-type=day]").click()
    page.keyboard.type(ddmmjjjj.replace("-", ""))
    widget(page, key).locator("[role=spinbutton][data-type=year]").filter(
        has_text=ddmmjjjj[-4:]
    ).wait_for()


def onderdeel(page, naam: str) -> None:
    widget(page, "beheer_onderdeel").get_by_role("radio", name=naam, exact=True).click()


def k(veld: str, ident: object = "") -> str:
    return f"beheer-nieuw-{veld}" + (f"-{ident}" if ident != "" else "")


def lokaal_inloggen(page, naam: str) -> None:
    page.get_by_text("Inloggen (redacteuren en beheerders)").click()
    typ(page, "beheer_login_naam", naam)
    typ(page, "beheer_login_wachtwoord", WACHTWOORD[naam])
    widget(page, "beheer-login-knop").locator("button").click()
    page.get_by_text(f"Ingelogd als {naam}").wait_for(timeout=T)


def oidc_inloggen(page, app: str, email: str) -> None:
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url("**/oauth2/authorize**", timeout=T)
    page.fill("input[name=sub]", email)
    page.get_by_role("button", name="Authorize").click()
    # Back from the provider, Streamlit opens the app's start page; go to the beheer view.
    page.wait_for_url(f"{app}/**", timeout=T)
    page.goto(f"{app}/?weergave=beheer")


def uitloggen_oidc(page, app: str) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/end_session**", timeout=T)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app}/**", timeout=T)


def settled(page) -> None:
    """The app finished its script run (no 'running' indicator)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=T
    )


# --- (a) login --------------------------------------------------------------------------------


def test_oidc_login_gives_the_role_of_the_email_and_logout_ends_it(app_oidc, browser):
    page, log = open_page(browser, f"{app_oidc}/?weergave=beheer")
    page.get_by_role("button", name="Inloggen", exact=True).wait_for(timeout=T)
    # No local password form when an identity provider is configured.
    assert page.get_by_text("Inloggen (redacteuren en beheerders)").count() == 0
    oidc_inloggen(page, app_oidc, EMAIL["rita"])
    page.get_by_text("Ingelogd als rita (redacteur voor GM0001).").wait_for(timeout=T)
    widget(page, "beheer_onderdeel").get_by_role("radio", name="Nieuwe samenwerking").wait_for()
    uitloggen_oidc(page, app_oidc)
    page.goto(f"{app_oidc}/?weergave=beheer")
    page.get_by_role("button", name="Inloggen", exact=True).wait_for(timeout=T)
    assert page.get_by_text("Ingelogd als").count() == 0
    page.context.close()


def test_oidc_login_of_an_unknown_email_only_reads(app_oidc, browser):
    page, _ = open_page(browser, f"{app_oidc}/?weergave=beheer")
    oidc_inloggen(page, app_oidc, "onbekend@example.org")
    page.get_by_text("Dit account heeft geen rol in de kaartviewer").wait_for(timeout=T)
    radios = widget(page, "beheer_onderdeel").get_by_role("radio")
    radios.get_by_text("Meld een correctie").wait_for(timeout=T)
    assert radios.all_inner_texts() == ["Geschiedenis", "Wie zit waar", "Meld een correctie"]
    page.context.close()


def test_local_login_and_a_wrong_password(app_lokaal, browser):
    page, _ = open_page(browser, f"{app_lokaal}/?weergave=beheer")
    page.get_by_text("Inloggen (redacteuren en beheerders)").click()
    typ(page, "beheer_login_naam", "bert")
    typ(page, "beheer_login_wachtwoord", "fout-wachtwoord")
    widget(page, "beheer-login-knop").locator("button").click()
    # Wait for the refusal itself: the form is redrawn (password emptied) by that run.
    page.get_by_text("Onbekende naam of onjuist wachtwoord.").wait_for(timeout=T)
    settled(page)
    assert page.get_by_text("Ingelogd als").count() == 0
    typ(page, "beheer_login_naam", "bert")
    typ(page, "beheer_login_wachtwoord", WACHTWOORD["bert"])
    widget(page, "beheer-login-knop").locator("button").click()
    page.get_by_text("Ingelogd als bert (beheerder).").wait_for(timeout=T)
    widget(page, "beheer_onderdeel").get_by_role("radio", name="Wachtrij").wait_for()
    page.context.close()


# --- (b) + (e) a network collaboration from proposal to map ------------------------------------

NAAM = f"{EVIL} Regio Deal Noord"


def test_proposal_with_fase_and_two_bestuurders_approved_to_map_cli_and_history(
    app_lokaal, app_oidc, browser, store, env, data
):
    # The redacteur (local account) proposes.
    page, log = open_page(browser, f"{app_lokaal}/?weergave=beheer")
    lokaal_inloggen(page, "rita")
    onderdeel(page, "Nieuwe samenwerking")
    number = widget(page, "beheer_nieuw_n_bestuurders").locator("input")
    number.fill("2")
    number.press("Enter")
    widget(page, k("naam", "b1")).wait_for(timeout=T)
    settled(page)
    typ(page, k("naam"), NAAM)
    kies(page, k("onderwerp"), "Economie & bedrijventerreinen")
    kies(page, k("vorm"), "Regio deal")
    kies(page, k("fase"), "Uitvoering")
    datum(page, k("start"), "01-01-2024")
    typ(page, k("website"), "https://regiodeal.example.org")
    kies(page, k("gemeenten"), "Alfa (GM0001)")
    kies(page, k("gemeenten"), "Bergen (NH.) (GM0002)")
    page.keyboard.press("Escape")
    for i, (code, persoon, functie, orgaan) in enumerate(
        [
            ("Alfa (GM0001)", "Anna de Vries", "Wethouder", "Algemeen bestuur (AB)"),
            ("Bergen (NH.) (GM0002)", f"{EVIL} Bob", "Burgemeester", "Dagelijks bestuur (DB)"),
        ]
    ):
        kies(page, k("gemeentecode", i), code)
        typ(page, k("naam", f"b{i}"), persoon)
        kies(page, k("functie", i), functie)
        kies(page, k("orgaan", i), orgaan)
    typ(page, k("bron"), "https://regiodeal.example.org/convenant.pdf")
    widget(page, k("opslaan")).locator("button").click()
    page.get_by_text("is opgeslagen", exact=False).wait_for(timeout=T)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "beheer-voorstel.png"), full_page=True)
    page.context.close()
    (a,) = [x for x in store.wachtrij(_beheerder()) if x.inhoud["velden"]["naam"] == NAAM]
    assert a.inhoud["velden"]["fase"] == "uitvoering"
    assert a.inhoud["velden"]["start"] == "2024-01-01", a.inhoud
    assert [b["naam"] for b in a.inhoud["bestuurders"]] == ["Anna de Vries", f"{EVIL} Bob"]

    # The beheerder (through the identity provider) approves.
    page, log = open_page(browser, f"{app_oidc}/?weergave=beheer")
    oidc_inloggen(page, app_oidc, EMAIL["bert"])
    page.get_by_text("Ingelogd als bert (beheerder).").wait_for(timeout=T)
    page.get_by_text(f"#{a.id} · Nieuwe samenwerking · {NAAM}").wait_for(timeout=T)
    page.screenshot(path=str(SHOTS / "beheer-wachtrij.png"), full_page=True)
    widget(page, f"beheer-goedkeuren-{a.id}").locator("button").click()
    page.get_by_text(f"Voorstel {a.id} is goedgekeurd").wait_for(timeout=T)

    # On the map: the samenwerking's panel, with fase, herkomst and both bestuurders.
    page.goto(f"{app_oidc}/?samenwerking={a.samenwerking_id}")
    heading = page.get_by_role("heading", name=NAAM)
    heading.wait_for(timeout=T)
    assert heading.inner_text().strip() == NAAM
    page.get_by_text("Vorm regio deal · fase uitvoering · sinds 1 januari 2024").wait_for()
    page.get_by_text("Herkomst: aanvulling door rita", exact=False).wait_for()
    tafel = page.locator("[data-testid=stDataFrame] td[role=gridcell]")
    tafel.first.wait_for(state="attached", timeout=T)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stDataFrame] td[role=gridcell]')]"
        ".some(td => td.innerText.includes('Anna de Vries'))",
        timeout=T,
    )
    cells = set(tafel.all_text_contents())
    assert {"Anna de Vries", f"{EVIL} Bob", "Wethouder", "Burgemeester"} <= cells
    page.screenshot(path=str(SHOTS / "beheer-kaart.png"), full_page=True)

    # In the panel of gemeente Alfa.
    page.goto(f"{app_oidc}/?gemeente=GM0001")
    page.get_by_role("heading", name="Alfa").wait_for(timeout=T)
    page.wait_for_function(
        "naam => [...document.querySelectorAll('[data-testid=stDataFrame] td[role=gridcell]')]"
        ".some(td => td.innerText === naam)",
        arg=NAAM,
        timeout=T,
    )

    # Its history: proposed by rita, approved by bert.
    page.goto(f"{app_oidc}/?samenwerking={a.samenwerking_id}")
    page.get_by_role("heading", name=NAAM).wait_for(timeout=T)
    page.get_by_role("button", name="Geschiedenis").click()
    page.get_by_text(f"2 revisie(s) van {NAAM}").wait_for(timeout=T)
    body = page.evaluate(PAGE_TEXT)
    assert re.search(r"aanvulling \d+ voorgesteld door rita \(redacteur\)", body), body
    assert re.search(r"aanvulling \d+ goedgekeurd door bert \(beheerder\)", body), body
    page.screenshot(path=str(SHOTS / "beheer-geschiedenis.png"), full_page=True)
    assert page.locator("img[src='x']").count() == 0
    assert log["dialogs"] == [], "er is een script uitgevoerd"
    page.context.close()

    # And in the CLI with the store configured.
    out = subprocess.run(
        [sys.executable, "-m", "kaartviewer.cli", "gemeente", "GM0001"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert NAAM in out.stdout


def _beheerder():
    from kaartviewer.beheer.service import Actor

    return Actor("bert", "beheerder")


# --- (c) + (d) anonymous ------------------------------------------------------------------------


def test_anonymous_correction_lands_in_the_queue(app_lokaal, browser, store):
    page, log = open_page(browser, f"{app_lokaal}/?weergave=beheer")
    onderdeel(page, "Meld een correctie")
    tekst = f"GGD Zuid mist Delta als deelnemer {EVIL}"
    widget(page, "beheer-melding-tekst").locator("textarea").fill(tekst)
    widget(page, "beheer-melding-versturen").locator("button").click()
    page.get_by_text("staat in de wachtrij van de beheerders").wait_for(timeout=T)
    assert tekst in [m.tekst for m in store.meldingen(_beheerder())]
    assert log["dialogs"] == []
    page.context.close()


def test_anonymous_visitor_has_no_write_control_and_cannot_write_by_url(app_lokaal, browser, store):
    before = store.publicatie_sleutel()
    open_ = [a.id for a in store.wachtrij(_beheerder())]
    crafted = {
        "weergave": "beheer",
        "beheer_onderdeel": "voorstellen",
        "actie": "goedkeuren",
        "aanvulling": str(open_[0] if open_ else 1),
        "_beheer_actor": "bert",
        "rol": "beheerder",
    }
    page, log = open_page(browser, f"{app_lokaal}/?{urllib.parse.urlencode(crafted)}")
    page.get_by_text("Onbekende parameter", exact=False).first.wait_for(timeout=T)
    settled(page)
    radios = widget(page, "beheer_onderdeel").get_by_role("radio")
    radios.get_by_text("Meld een correctie").wait_for(timeout=T)
    assert radios.all_inner_texts() == ["Geschiedenis", "Wie zit waar", "Meld een correctie"]
    for label in ("Goedkeuren", "Afwijzen", "Voorstel opslaan", "Wijziging opslaan", "Uitloggen"):
        assert page.get_by_role("button", name=label).count() == 0, label
    assert store.publicatie_sleutel() == before
    page.context.close()


# --- Importeren: a gemeente's own list, uploaded for real -------------------------------------

#: Not EVIL: a name that contains a registry name (the fixture's s6 is EVIL) matches it.
NAAM_JS = '<script>alert("xss")</script> Jeugdtafel Kust'
FORMULE = '=HYPERLINK("http://evil.example","klik")'


def _csv(rijen: list[list[str]]) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rijen)
    return buf.getvalue().encode()


def upload(page, naam: str, data: bytes) -> None:
    """Put a file into the import's file uploader (the real browser upload)."""
    widget(page, "beheer-import-bestand").locator("input[type=file]").set_input_files(
        {"name": naam, "mimeType": "text/csv", "buffer": data}
    )


def grid_tekst(page, tekst: str) -> None:
    """Wait until a dataframe cell shows exactly ``tekst``."""
    page.wait_for_function(
        "t => [...document.querySelectorAll('[data-testid=stDataFrame] td[role=gridcell]')]"
        ".some(td => td.innerText === t)",
        arg=tekst,
        timeout=T,
    )


def test_import_a_list_accept_a_new_row_and_the_beheerder_sees_it_as_text(
    app_lokaal, browser, store
):
    from kaartviewer.beheer.importeren import MAX_BYTES

    lijst = _csv(
        [
            ["Naam", "Juridische vorm"],
            ["Afval Noord", "Openbaar lichaam"],  # rij 2: gevonden
            [NAAM_JS, "Convenant"],  # rij 3: nieuw
            [FORMULE, ""],  # rij 4: nieuw
        ]
    )
    page, log = open_page(browser, f"{app_lokaal}/?weergave=beheer")
    lokaal_inloggen(page, "rita")
    onderdeel(page, "Importeren")
    # Streamlit's upload box speaks Dutch and does not promise its own 200 MB limit.
    vak = widget(page, "beheer-import-bestand")
    vak.get_by_text("Bestand kiezen", exact=True).wait_for(timeout=T)
    vak.get_by_text("Bestandstypen: CSV, TXT, XLSX, XLS", exact=True).wait_for(timeout=T)
    assert "Limit" not in vak.inner_text() and "hoogstens 5 MB" in vak.inner_text()
    upload(page, "begroting-alfa.csv", lijst)
    page.get_by_text("Nieuw: niet in het register (2)").wait_for(timeout=T)
    page.get_by_text("Gevonden in het register (1)").wait_for()
    for naam in ("Afval Noord", NAAM_JS, FORMULE):
        grid_tekst(page, naam)
    settled(page)
    typ(page, "beheer-import-bron", "https://alfa.example/begroting-2026.pdf")
    page.keyboard.press("Enter")
    settled(page)
    kies(page, "beheer-import-keuze-nieuw", f"rij 3 · {NAAM_JS}")
    page.keyboard.press("Escape")
    widget(page, "beheer-import-voorstellen-nieuw").locator("button").click()
    page.get_by_text("1 voorstel(len) opgeslagen").wait_for(timeout=T)
    (a,) = [x for x in store.wachtrij(_beheerder()) if x.inhoud["velden"]["naam"] == NAAM_JS]
    assert a.auteur == "rita" and a.bron == "https://alfa.example/begroting-2026.pdf"
    # What was proposed shows in the table; the row can no longer be chosen.
    grid_tekst(page, f"#{a.id}")
    widget(page, "beheer-import-keuze-nieuw").locator("input").first.click()
    page.get_by_role("option", name=f"rij 4 · {FORMULE}", exact=True).wait_for(timeout=T)
    assert page.get_by_role("option", name=f"rij 3 · {NAAM_JS}", exact=True).count() == 0
    page.keyboard.press("Escape")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "beheer-import.png"), full_page=True)

    # Over the limit: refused in Dutch, nothing compared.
    upload(page, "te-groot.csv", b"Naam\n" + b"x" * MAX_BYTES)
    page.get_by_text(
        "te-groot.csv is niet ingelezen: Het bestand is te groot", exact=False
    ).wait_for(timeout=T)
    assert page.get_by_text("Nieuw: niet in het register").count() == 0
    assert log["dialogs"] == [] and log["errors"] == []
    page.context.close()

    # The beheerder sees the proposal in the queue, its name as text.
    page, log = open_page(browser, f"{app_lokaal}/?weergave=beheer")
    lokaal_inloggen(page, "bert")
    kop = page.get_by_text(f"#{a.id} · Nieuwe samenwerking · {NAAM_JS}")
    kop.wait_for(timeout=T)
    assert NAAM_JS in page.evaluate(PAGE_TEXT)
    assert page.locator("script", has_text="xss").count() == 0
    assert log["dialogs"] == [], "er is een script uitgevoerd"
    page.context.close()


# --- scale-out: two app processes behind haproxy, one PostgreSQL --------------------------------


@pytest.fixture(scope="module")
def postgres():
    from pg import Cluster, PostgresOnbeschikbaar

    try:
        cluster = Cluster().start()
    except PostgresOnbeschikbaar as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is vereist in CI: {exc}")
        pytest.skip(str(exc))
    yield cluster
    cluster.stop()


HAPROXY_CFG = """\
global
    maxconn 256
defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
frontend kaartviewer
    bind 127.0.0.1:{port}
    default_backend apps
backend apps
    balance roundrobin
    # Sticky sessions: a Streamlit session (its websocket) must stay on one process.
    cookie KVSERVER insert indirect nocache
    option httpchk GET /_stcore/health
    http-response set-header X-Kaartviewer-Server %s
{servers}
"""


def test_scale_out_two_processes_behind_haproxy_share_postgresql(postgres, tmp, data, browser):
    if HAPROXY is None:  # .ci/run installs it: in CI its absence is a failure
        reason = "haproxy ontbreekt (apt-get install haproxy)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from kaartviewer.beheer.service import Store
    from kaartviewer.load import load

    url = postgres.database()
    store = maak_store(url, data)
    rita = store.inloggen("rita", WACHTWOORD["rita"])
    a = store.samenwerking_voorstellen(
        rita,
        {
            "naam": "Schaaltafel Noord",
            "onderwerp": "economie",
            "vorm": "overlegtafel",
            "fase": "opbouw",
        },
        [{"type": "gemeente", "gemeentecode": "GM0001"}],
        [],
        bron="verslag 2026",
    )
    env = dict(
        os.environ,
        KAARTVIEWER_DATA=str(data),
        KAARTVIEWER_DATABASE_URL=url,
        KV_TMP=str(tmp),
        PYTHONPATH=str(REPO),
    )
    apps = [start_app(env), start_app(env)]
    lb_port = free_port("KAARTVIEWER_TEST_LB_PORTS", "8690-8699")
    servers = "\n".join(
        f"    server app{i + 1} 127.0.0.1:{u.rsplit(':', 1)[1]} check cookie app{i + 1}"
        for i, (u, _) in enumerate(apps)
    )
    lb_dir = tmp / "haproxy"
    lb_dir.mkdir(exist_ok=True)
    cfg = lb_dir / "haproxy.cfg"
    cfg.write_text(HAPROXY_CFG.format(port=lb_port, servers=servers), encoding="utf-8")
    subprocess.run([HAPROXY, "-c", "-f", str(cfg)], check=True, capture_output=True)
    lb = subprocess.Popen(
        [HAPROXY, "-db", "-f", str(cfg)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    lb_url = f"http://127.0.0.1:{lb_port}"
    try:
        wait_http(f"{lb_url}/_stcore/health", lb, "haproxy")

        def pinned(server: str) -> list[dict]:
            return [{"name": "KVSERVER", "value": server, "url": lb_url}]

        # The visitor on app2 sees the map before the approval.
        kijker, _ = open_page(browser, f"{lb_url}/", pinned("app2"))
        kijker.get_by_text("6 van 6 samenwerkingen", exact=False).wait_for(timeout=T)
        # The beheerder on app1 approves.
        beheer, _ = open_page(browser, f"{lb_url}/?weergave=beheer", pinned("app1"))
        antwoord = beheer.request.get(f"{lb_url}/_stcore/health")
        assert antwoord.headers["x-kaartviewer-server"] == "app1"
        antwoord = kijker.request.get(f"{lb_url}/_stcore/health")
        assert antwoord.headers["x-kaartviewer-server"] == "app2"
        lokaal_inloggen(beheer, "bert")
        beheer.get_by_text(f"#{a.id} · Nieuwe samenwerking · Schaaltafel Noord").wait_for(timeout=T)
        widget(beheer, f"beheer-goedkeuren-{a.id}").locator("button").click()
        beheer.get_by_text(f"Voorstel {a.id} is goedgekeurd").wait_for(timeout=T)
        # The other process shows it on the visitor's next rerun (a search).
        typ(kijker, "zoek", "Schaaltafel")
        kijker.keyboard.press("Enter")
        kijker.get_by_role("button", name="Samenwerking: Schaaltafel Noord").wait_for(timeout=T)
        kijker.get_by_text("7 van 7 samenwerkingen", exact=False).wait_for(timeout=T)
        kijker.screenshot(path=str(SHOTS / "beheer-schaal.png"), full_page=True)
        assert Store.open(url, registry=load(data)[0]).aanvulling(a.id).status == "goedgekeurd"
        kijker.context.close()
        beheer.context.close()
    finally:
        stop(lb)
        for _, proc in apps:
            stop(proc)
