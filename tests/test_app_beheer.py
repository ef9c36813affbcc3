"""The Beheer view with AppTest on the fixture data and a SQLite store (no browser): roles,
login, forms, the review queue, conflicts, meldingen, history, and the approved aanvulling on
the map's panels."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO
from fixtures import write_data
from streamlit.testing.v1 import AppTest
from ui_helpers import PAYLOADS, assert_only_text, shown

from kaartviewer.beheer.service import Actor, Store
from kaartviewer.ui import keys

EVIL = PAYLOADS["html"]
WACHTWOORD = {"rita": "rita-wachtwoord-1", "bert": "bert-wachtwoord-2"}


@pytest.fixture(autouse=True)
def _snelle_hashes(monkeypatch):
    """Cheap argon2 parameters: these tests check the UI, not the hash cost."""
    from argon2 import PasswordHasher

    from kaartviewer.beheer import service

    ph = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(service, "_PH", ph)
    monkeypatch.setattr(service, "_DUMMY_HASH", ph.hash("x"))


@pytest.fixture
def omgeving(tmp_path, monkeypatch):
    """Fixture data, a fresh store with a redacteur (Alfa, GM0001) and a beheerder."""
    from kaartviewer.load import load

    d = write_data(tmp_path / "data")
    url = f"sqlite:///{tmp_path / 'beheer.sqlite'}"
    monkeypatch.setenv("KAARTVIEWER_DATA", str(d))
    monkeypatch.setenv("KAARTVIEWER_DATABASE_URL", url)
    store = Store.open(url, registry=load(d)[0])
    store.gebruiker_toevoegen("rita", "redacteur", WACHTWOORD["rita"], gemeenten=["GM0001"])
    store.gebruiker_toevoegen("bert", "beheerder", WACHTWOORD["bert"])
    return store


def app(**params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["weergave"] = "beheer"
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def inloggen(at: AppTest, naam: str, wachtwoord: str | None = None) -> AppTest:
    at.text_input(key=keys.LOGIN_NAAM).input(naam)
    at.text_input(key=keys.LOGIN_WACHTWOORD).input(wachtwoord or WACHTWOORD[naam])
    return at.button(key="beheer-login-knop").click().run()


def onderdeel(at: AppTest, code: str) -> AppTest:
    return at.button_group(key=keys.BEHEER_ONDERDEEL).set_value(code).run()


def meldingen(at: AppTest, kind: str) -> list[str]:
    return [shown(e.value) for e in at.get(kind)]


def nieuw_formulier(at: AppTest) -> AppTest:
    """The 'Nieuwe samenwerking' form with rows for two bestuurders."""
    at = onderdeel(at, "nieuw")
    return at.number_input(key=keys.NIEUW_BESTUURDERS).set_value(2).run()


def k(veld: str, ident: object = "") -> str:
    return keys.beheer_veld("nieuw", veld, ident)


def vul_nieuw(at: AppTest, naam: str, bron: str = "https://example.org/regiodeal") -> None:
    """A regio deal of Alfa and Bergen (NH.) in fase 'uitvoering' with two bestuurders."""
    at.text_input(key=k("naam")).input(naam)
    at.selectbox(key=k("onderwerp")).set_value("economie")
    at.selectbox(key=k("vorm")).set_value("regio_deal")
    at.selectbox(key=k("fase")).set_value("uitvoering")
    at.date_input(key=k("start")).set_value(dt.date(2024, 1, 1))
    at.text_input(key=k("website")).input("https://example.org")
    at.multiselect(key=k("gemeenten")).set_value(["GM0001", "GM0002"])
    for i, (code, persoon, functie) in enumerate(
        [("GM0001", "Anna de Vries", "wethouder"), ("GM0002", f"{EVIL} Bob", "burgemeester")]
    ):
        at.selectbox(key=k("gemeentecode", i)).set_value(code)
        at.text_input(key=k("naam", f"b{i}")).input(persoon)
        at.selectbox(key=k("functie", i)).set_value(functie)
        at.selectbox(key=k("orgaan", i)).set_value("AB" if i == 0 else "DB")
    at.text_input(key=k("bron")).input(bron)


def test_anonymous_visitor_sees_no_write_control_and_urls_cannot_write(omgeving):
    before = omgeving.publicatie_sleutel()
    at = app(
        beheer_onderdeel="nieuw",
        actie="goedkeuren",
        aanvulling="1",
        _beheer_actor="bert",
    )
    assert not at.exception
    opties = at.button_group(key=keys.BEHEER_ONDERDEEL).options
    assert [shown(o) for o in opties] == ["Geschiedenis", "Wie zit waar", "Meld een correctie"]
    labels = {b.label for b in at.button}
    assert not labels & {"Goedkeuren", "Afwijzen", "Voorstel opslaan", "Wijziging opslaan"}
    # The unknown parameters are reported, not obeyed.
    said = " ".join(meldingen(at, "warning"))
    assert "beheer_onderdeel" in said and "_beheer_actor" in said
    assert keys.ACTOR not in at.session_state
    assert omgeving.publicatie_sleutel() == before


def test_local_login_refuses_a_wrong_password_in_dutch_and_accepts_the_right_one(omgeving):
    at = inloggen(app(), "rita", "fout")
    assert any("wachtwoord" in m.lower() for m in meldingen(at, "error"))
    assert keys.ACTOR not in at.session_state
    at = inloggen(at, "rita")
    assert "Ingelogd als rita (redacteur voor GM0001)." in meldingen(at, "success")
    opties = [shown(o) for o in at.button_group(key=keys.BEHEER_ONDERDEEL).options]
    assert opties[:2] == ["Voorstellen", "Nieuwe samenwerking"] and "Wachtrij" not in opties
    at.button(key="beheer-uitloggen").click().run()
    assert keys.ACTOR not in at.session_state


def test_redacteur_proposes_beheerder_approves_and_the_map_shows_it(omgeving):
    at = nieuw_formulier(inloggen(app(), "rita"))
    vul_nieuw(at, f"{EVIL} Regio Deal")
    at.button(key=k("opslaan")).click().run()
    assert any("is opgeslagen" in m for m in meldingen(at, "success")), meldingen(at, "error")
    (a,) = omgeving.wachtrij(Actor("bert", "beheerder"))
    assert a.inhoud["velden"]["fase"] == "uitvoering"
    assert [b["naam"] for b in a.inhoud["bestuurders"]] == ["Anna de Vries", f"{EVIL} Bob"]
    assert a.auteur == "rita" and a.status == "voorgesteld"
    # The form is empty again for the next proposal.
    assert at.text_input(key=k("naam")).value == ""

    at.button(key="beheer-uitloggen").click().run()
    at = inloggen(at, "bert")
    assert shown(at.button_group(key=keys.BEHEER_ONDERDEEL).options[0]) == "Wachtrij"
    assert any(f"#{a.id} · Nieuwe samenwerking · {EVIL} Regio Deal" in m for m in _md(at))
    at.button(key=f"beheer-goedkeuren-{a.id}").click().run()
    assert any("goedgekeurd" in m for m in meldingen(at, "success"))
    assert_only_text(at)

    # The map's panel of the new samenwerking: name, fase, herkomst, both bestuurders.
    kaart = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    kaart.query_params["samenwerking"] = a.samenwerking_id
    kaart.run()
    assert shown(kaart.header[0].value) == f"{EVIL} Regio Deal"
    tekst = "\n".join(_md(kaart))
    assert "Vorm regio deal · fase uitvoering" in tekst
    assert "Herkomst: aanvulling door rita" in tekst
    tafel = next(d.value for d in kaart.dataframe if "functie" in d.value.columns)
    assert list(tafel["naam"]) == ["Anna de Vries", f"{EVIL} Bob"]
    assert list(tafel["functie"]) == ["Wethouder", "Burgemeester"]
    assert_only_text(kaart)

    # Its history: proposed by rita, approved by bert.
    kaart.button(key=f"beheer-paneel-geschiedenis-{a.samenwerking_id}").click().run()
    tekst = "\n".join(_md(kaart))
    assert "2 revisie(s)" in tekst
    assert "voorgesteld door rita" in tekst and "goedgekeurd door bert" in tekst


def _md(at: AppTest) -> list[str]:
    return [shown(m.value) for m in [*at.markdown, *at.caption]]


def test_a_refused_proposal_keeps_what_was_typed(omgeving):
    at = nieuw_formulier(inloggen(app(), "rita"))
    vul_nieuw(at, "Regio Deal zonder bron", bron="")
    at.button(key=k("opslaan")).click().run()
    fout = " ".join(meldingen(at, "error"))
    assert "niet opgeslagen" in fout and "Bron" in fout
    assert at.text_input(key=k("naam")).value == "Regio Deal zonder bron"
    assert at.selectbox(key=k("fase")).value == "uitvoering"
    assert omgeving.wachtrij(Actor("bert", "beheerder")) == []


def test_a_redacteur_outside_scope_is_refused_by_the_service(omgeving):
    at = nieuw_formulier(inloggen(app(), "rita"))
    vul_nieuw(at, "Zuidelijke tafel")
    at.multiselect(key=k("gemeenten")).set_value(["GM0004", "GM0006"])
    at.selectbox(key=k("gemeentecode", 0)).set_value("GM0004")
    at.selectbox(key=k("gemeentecode", 1)).set_value("GM0006")
    at.button(key=k("opslaan")).click().run()
    assert any("redacteur voor GM0001" in m for m in meldingen(at, "error"))
    assert omgeving.wachtrij(Actor("bert", "beheerder")) == []


def test_two_editors_on_one_proposal_get_a_conflict_and_lose_nothing(omgeving):
    rita = omgeving.inloggen("rita", WACHTWOORD["rita"])
    a = omgeving.samenwerking_voorstellen(
        rita,
        {"naam": "Tafel Noord", "onderwerp": "economie", "vorm": "overlegtafel", "fase": "opbouw"},
        [{"type": "gemeente", "gemeentecode": "GM0001"}],
        [],
        bron="raadsbrief",
    )
    at = inloggen(app(), "rita")
    assert at.button_group(key=keys.BEHEER_ONDERDEEL).value == "voorstellen"
    form = f"wijzig-{a.id}"
    at.text_input(key=keys.beheer_veld(form, "naam")).input("Tafel Noord (mijn versie)")
    at.text_area(key=keys.beheer_veld(form, "reden")).input("naam verduidelijkt")
    # Meanwhile the beheerder changes the same proposal.
    bert = omgeving.inloggen("bert", WACHTWOORD["bert"])
    omgeving.wijzigen(bert, a.id, {"fase": "uitvoering"}, a.versie, "fase bijgewerkt", "verslag")
    at.button(key=keys.beheer_veld(form, "opslaan")).click().run()
    fout = " ".join(meldingen(at, "error"))
    assert "bert" in fout, fout
    # Nothing lost: the typed name is still in the form and in the comparison table.
    assert at.text_input(key=keys.beheer_veld(form, "naam")).value == "Tafel Noord (mijn versie)"
    vergelijk = next(d.value for d in at.dataframe if "uw invoer" in d.value.columns)
    assert "Tafel Noord (mijn versie)" in set(vergelijk["uw invoer"])
    assert omgeving.aanvulling(a.id).inhoud["velden"]["naam"] == "Tafel Noord"
    at.button(key=keys.beheer_veld(form, "toch")).click().run()
    assert any("opgeslagen" in m for m in meldingen(at, "success")), meldingen(at, "error")
    assert omgeving.aanvulling(a.id).inhoud["velden"]["naam"] == "Tafel Noord (mijn versie)"


def test_anonymous_melding_lands_in_the_queue_and_is_shown_as_text(omgeving):
    at = onderdeel(app(), "melden")
    at.text_area(key=keys.beheer_veld("melding", "tekst")).input(f"Alfa ontbreekt {EVIL}")
    at.button(key=keys.beheer_veld("melding", "versturen")).click().run()
    assert any("staat in de wachtrij" in m for m in meldingen(at, "success"))
    bert = Actor("bert", "beheerder")
    (m,) = omgeving.meldingen(bert)
    assert m.tekst == f"Alfa ontbreekt {EVIL}"
    # Too long: refused in Dutch, nothing stored.
    at.text_area(key=keys.beheer_veld("melding", "tekst")).input("x" * 2001)
    at.button(key=keys.beheer_veld("melding", "versturen")).click().run()
    assert meldingen(at, "error") and len(omgeving.meldingen(bert)) == 1
    # The beheerder reads it as text.
    at = onderdeel(inloggen(app(), "bert"), "meldingen")
    assert f"Alfa ontbreekt {EVIL}" in "\n".join(_md(at))
    assert_only_text(at)


def test_bestuurders_per_gemeente_and_tables_per_person(omgeving):
    rita = omgeving.inloggen("rita", WACHTWOORD["rita"])
    bert = omgeving.inloggen("bert", WACHTWOORD["bert"])
    for naam in ("Tafel A", "Tafel B"):
        a = omgeving.samenwerking_voorstellen(
            rita,
            {"naam": naam, "onderwerp": "economie", "vorm": "overlegtafel", "fase": "opbouw"},
            [{"type": "gemeente", "gemeentecode": "GM0001"}],
            [
                {
                    "gemeentecode": "GM0001",
                    "naam": "Anna de Vries",
                    "functie": "wethouder",
                    "orgaan": "AB",
                }
            ],
            bron="verslag",
        )
        omgeving.goedkeuren(bert, a.id, a.versie)
    at = onderdeel(app(gemeente="GM0001"), "bestuurders")
    assert at.selectbox(key=keys.BESTUURDERS_GEMEENTE).value == "GM0001"
    tabellen = [d.value for d in at.dataframe]
    per_persoon = next(t for t in tabellen if "samenwerkingen" in t.columns)
    rij = per_persoon[per_persoon["naam"] == "Anna de Vries"].iloc[0]
    assert rij["tafels"] == 2 and rij["gemeente"] == "Alfa"
    assert set(rij["samenwerkingen"].split("; ")) == {"Tafel A", "Tafel B"}
