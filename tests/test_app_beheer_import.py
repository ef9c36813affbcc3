"""Importeren in the Beheer view with AppTest: a gemeente's own list as a diff, accepted row by
row as proposals through the service, limits refused in Dutch, names shown as text.

AppTest 1.67 cannot drive ``st.file_uploader``, so the one function that reads the upload
(``beheer_import.geupload``) is replaced by one returning the file's bytes; everything after
it (reading, comparing, the diff, accepting) runs as in the app. The real upload is in
tests/test_browser_beheer.py."""

from __future__ import annotations

import io

import pytest
from test_app_beheer import _snelle_hashes, app, inloggen, meldingen, omgeving, onderdeel
from ui_helpers import PAYLOADS, assert_only_text, shown

from kaartviewer.beheer import importeren
from kaartviewer.beheer.service import Actor
from kaartviewer.ui import beheer_import, keys

__all__ = ["_snelle_hashes", "omgeving"]  # fixtures used here

EVIL = PAYLOADS["html"]
NIEUW = f"{EVIL} Jeugdtafel Kust"
FORMULE = '=HYPERLINK("http://evil.example","klik")'
LIJST = (
    "Naam;Juridische vorm;Deelnemers\n"
    "Afval Noord;Openbaar lichaam;\n"  # rij 2: gevonden, Alfa doet mee
    "Regio Midden;Stichting;\n"  # rij 3: andere vorm (register: netwerk), Alfa doet niet mee
    "GGD Zuid;;\n"  # rij 4: gevonden, Alfa doet niet mee
    f"{NIEUW};Convenant;Alfa, Bergen\n"  # rij 5: nieuw
    '"=HYPERLINK(""http://evil.example"",""klik"")";;\n'  # rij 6: nieuw, formula-like
).encode()
BERT = Actor("bert", "beheerder")


def k(veld: str, ident: object = "") -> str:
    return keys.beheer_veld("import", veld, ident)


@pytest.fixture
def upload(monkeypatch):
    """Set what the file uploader holds: ``upload("lijst.csv", data)`` (None: nothing)."""
    bestand: list = [None]
    monkeypatch.setattr(beheer_import, "geupload", lambda container=None: bestand[0])

    def zet(naam: str | None, data: bytes = b"") -> None:
        bestand[0] = None if naam is None else (naam, data)

    return zet


def tabel(at, kolom: str, waarde: str):
    """The dataframe that has ``kolom`` with ``waarde`` in it."""
    return next(d.value for d in at.dataframe if kolom in d.value and waarde in set(d.value[kolom]))


def importeren_als(naam: str):
    at = onderdeel(inloggen(app(), naam), "importeren")
    assert not at.exception, at.exception
    return at


def test_redacteur_imports_only_for_their_gemeente_and_accepts_a_row_once(omgeving, upload):
    upload("lijst.csv", LIJST)
    at = importeren_als("rita")
    gemeente = at.selectbox(key=k("gemeente"))
    assert gemeente.options == ["Alfa (GM0001)"] and gemeente.value == "GM0001"
    tellingen = {shown(m.label): m.value for m in at.metric}
    assert tellingen == {"Gevonden": "2", "Nieuw": "2", "Niet op uw lijst": "1", "Andere vorm": "1"}
    # Each group as a plain-text table: hostile and formula-like names stay text.
    nieuw = tabel(at, "op uw lijst", NIEUW)
    assert list(nieuw["op uw lijst"]) == [NIEUW, FORMULE]
    assert list(nieuw["vorm op uw lijst"]) == ["Convenant", ""]
    gevonden = tabel(at, "op uw lijst", "GGD Zuid")
    assert list(gevonden["gemeente doet mee"]) == ["ja", "nee"]
    assert list(tabel(at, "in het register", "Belasting Noord")["in het register"]) == [
        "Belasting Noord"
    ]
    assert_only_text(at)

    at.text_input(key=k("bron")).input("https://alfa.example/begroting-2026.pdf")
    keuze = at.multiselect(key=k("keuze", "nieuw"))
    assert list(keuze.options) == [
        f"rij 5 · {NIEUW}",
        f"rij 6 · {FORMULE}",
    ]
    keuze.set_value([5, 6])
    at = at.button(key=k("voorstellen", "nieuw")).click().run()
    assert any("2 voorstel(len) opgeslagen" in m for m in meldingen(at, "success")), meldingen(
        at, "error"
    )
    wachtrij = omgeving.wachtrij(BERT)
    assert sorted(a.inhoud["velden"]["naam"] for a in wachtrij) == sorted([NIEUW, FORMULE])
    a = next(a for a in wachtrij if a.inhoud["velden"]["naam"] == NIEUW)
    assert a.auteur == "rita" and a.status == "voorgesteld" and a.bron.startswith("https://alfa")
    assert a.inhoud["velden"]["vorm"] == "netwerk"
    assert a.inhoud["deelnemers"] == [{"type": "gemeente", "gemeentecode": "GM0001"}]
    # What was proposed shows in the table; the rows cannot be chosen (or proposed) again.
    nieuw = tabel(at, "op uw lijst", NIEUW)
    nummers = dict(zip(nieuw["op uw lijst"], nieuw["voorstel"], strict=True))
    assert nummers[NIEUW] == f"#{a.id}"
    assert k("keuze", "nieuw") not in {m.key for m in at.multiselect}
    assert "Alle rijen van deze groep zijn voorgesteld." in [c.value for c in at.caption]
    # Uploading the same file again in this session does not offer them either.
    upload(None)
    at.run()
    upload("kopie.csv", LIJST)
    at.run()
    assert k("keuze", "nieuw") not in {m.key for m in at.multiselect}
    assert len(omgeving.wachtrij(BERT)) == 2
    assert_only_text(at)


def test_a_row_outside_the_redacteurs_scope_is_refused_by_the_service(omgeving, upload):
    upload("lijst.csv", LIJST)
    at = importeren_als("rita")
    at.text_input(key=k("bron")).input("begroting 2026, paragraaf verbonden partijen")
    at.multiselect(key=k("keuze", "andere_vorm")).set_value([3])
    at = at.button(key=k("voorstellen", "andere_vorm")).click().run()
    fout = " ".join(meldingen(at, "error"))
    assert "0 voorstel(len) opgeslagen, 1 niet" in fout and "redacteur voor GM0001" in fout
    assert omgeving.wachtrij(BERT) == []
    # Alfa joining a samenwerking it is not yet in is within scope.
    at.multiselect(key=k("keuze", "gevonden")).set_value([4])
    at = at.button(key=k("voorstellen", "gevonden")).click().run()
    assert any("1 voorstel(len) opgeslagen" in m for m in meldingen(at, "success"))
    (a,) = omgeving.wachtrij(BERT)
    assert a.soort == "correctie" and a.samenwerking_id == "s3"
    assert a.inhoud["veld"] == "deelnemer_toevoegen"


def test_the_bron_is_required_and_the_choice_is_kept(omgeving, upload):
    upload("lijst.csv", LIJST)
    at = importeren_als("rita")
    at.multiselect(key=k("keuze", "nieuw")).set_value([5])
    at = at.button(key=k("voorstellen", "nieuw")).click().run()
    fout = " ".join(meldingen(at, "error"))
    assert "niet opgeslagen" in fout and "Bron" in fout
    assert at.multiselect(key=k("keuze", "nieuw")).value == [5]
    assert omgeving.wachtrij(BERT) == []


def test_beheerder_imports_for_any_gemeente(omgeving, upload):
    upload("lijst.csv", LIJST)
    at = importeren_als("bert")
    gemeente = at.selectbox(key=k("gemeente"))
    assert len(gemeente.options) == 6 and gemeente.value is None
    assert not at.metric  # nothing compared before a gemeente is chosen
    at = gemeente.set_value("GM0002").run()
    tellingen = {shown(m.label): m.value for m in at.metric}
    assert tellingen == {"Gevonden": "2", "Nieuw": "2", "Niet op uw lijst": "1", "Andere vorm": "1"}
    at.text_input(key=k("bron")).input("https://bergen.example/wgr-register")
    at.multiselect(key=k("keuze", "andere_vorm")).set_value([3])
    at = at.button(key=k("voorstellen", "andere_vorm")).click().run()
    (a,) = omgeving.wachtrij(BERT)
    assert a.soort == "correctie" and a.inhoud["veld"] == "juridische_vorm"
    assert a.inhoud["waarde"] == "privaatrechtelijk" and a.samenwerking_id == "s5"


def _xlsx(rijen: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for rij in rijen:
        wb.active.append(rij)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_formula_cells_are_read_as_text(omgeving, upload):
    upload("verbonden partijen.xlsx", _xlsx([["Verbonden partij"], ["=SUM(A1:A3)"], ["GGD Zuid"]]))
    at = importeren_als("rita")
    assert list(tabel(at, "op uw lijst", "=SUM(A1:A3)")["op uw lijst"]) == ["=SUM(A1:A3)"]
    assert_only_text(at)


@pytest.mark.parametrize(
    ("naam", "data", "zegt"),
    [
        ("groot.csv", b"Naam\n" + b"x" * importeren.MAX_BYTES, "Het bestand is te groot"),
        (
            "lang.csv",
            ("Naam\n" + "".join(f"Tafel {i}\n" for i in range(importeren.MAX_RIJEN + 1))).encode(),
            f"meer dan {importeren.MAX_RIJEN} rijen",
        ),
        ("oud.xls", b"\xd0\xcf\x11\xe0 oud excel", "sla het op als .xlsx"),
        ("geen-kop.csv", b"Iets;Anders\nA;B\n", "Geen kolom met de naam"),
    ],
)
def test_a_file_over_the_limits_or_unreadable_is_refused_in_dutch(
    omgeving, upload, naam, data, zegt
):
    upload(naam, data)
    at = importeren_als("rita")
    fout = " ".join(meldingen(at, "error"))
    assert f"{naam} is niet ingelezen" in fout and zegt in fout, fout
    assert not at.metric and not [b for b in at.button if b.label == "Voorstellen"]
    assert omgeving.wachtrij(BERT) == []


def test_anonymous_visitor_gets_no_import_even_by_url(omgeving, upload):
    upload("lijst.csv", LIJST)
    at = app(beheer_onderdeel="importeren")
    opties = [shown(o) for o in at.button_group(key=keys.BEHEER_ONDERDEEL).options]
    assert "Importeren" not in opties
    assert not at.metric and k("gemeente") not in {s.key for s in at.selectbox}
