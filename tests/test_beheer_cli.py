"""The beheer store from the outside: the CLI (`kaartviewer beheer …`, and `gemeente`,
`samenwerking`, `stats` with a store), the import of a gemeente's own list, and export /
herstel — on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from kaartviewer.beheer.importeren import (
    MAX_BYTES,
    MAX_RIJEN,
    ImportFout,
    vergelijk_lijst,
    voorstellen,
)
from kaartviewer.beheer.service import Actor, Store
from kaartviewer.beheer.uitwisseling import HerstelFout, exporteer, herstel
from kaartviewer.cli import main
from kaartviewer.schema import DEELNEMER_COLUMNS, REGISTER_COLUMNS, SAMENWERKING_COLUMNS

BEHEERDER = Actor("Bea Beheer", "beheerder")
ALFA = Actor("Roel Redacteur", "redacteur", ("GM0001",))
FORMULE = '=HYPERLINK("http://evil","klik")'
HTML = "<img src=x onerror=alert(1)>Regio Deal"


@pytest.fixture(autouse=True)
def _snelle_hashes(monkeypatch):
    from argon2 import PasswordHasher

    from kaartviewer.beheer import service

    ph = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(service, "_PH", ph)
    monkeypatch.setattr(service, "_DUMMY_HASH", ph.hash("x"))


@pytest.fixture
def store(store_url, registry, monkeypatch) -> Store:
    monkeypatch.setenv("KAARTVIEWER_DATABASE_URL", store_url)
    return Store.open(store_url, registry=registry)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def gevuld(store: Store) -> dict:
    """A store with a published network samenwerking (two bestuurders), a published
    correction, a pending proposal with hostile text and a rejected one."""
    a = store.samenwerking_voorstellen(
        ALFA,
        {
            "naam": "Regio Deal Noord",
            "onderwerp": "economie",
            "vorm": "regio_deal",
            "fase": "uitvoering",
            "start": "2023-01-01",
        },
        ["GM0001", "GM0002", {"type": "maatschappelijk", "naam": FORMULE}],
        [
            {
                "gemeentecode": "GM0001",
                "naam": "Wim Wethouder",
                "functie": "wethouder",
                "orgaan": "AB",
            },
            {
                "gemeentecode": "GM0002",
                "naam": "Bep Burgemeester",
                "functie": "burgemeester",
                "orgaan": "DB",
            },
        ],
        bron="https://example.org/regiodeal",
    )
    store.goedkeuren(BEHEERDER, a.id, a.versie)
    c = store.correctie_voorstellen(
        ALFA, "s1", "onderwerp", "milieu", "het is milieu", "begroting 2025 p. 12"
    )
    store.goedkeuren(BEHEERDER, c.id, c.versie)
    p = store.correctie_voorstellen(ALFA, "s2", "naam", FORMULE, HTML, "+31 6 1234")
    r = store.correctie_voorstellen(ALFA, "s2", "website", "https://b.example", "r", "b")
    store.afwijzen(BEHEERDER, r.id, "geen bron", r.versie)
    return {"netwerk": a, "correctie": c, "open": p}


# --- CLI ------------------------------------------------------------------------------------


def test_cli_init_and_gebruiker(capsys, store_url, monkeypatch):
    monkeypatch.setenv("KAARTVIEWER_DATABASE_URL", store_url)
    code, out, _ = run(capsys, "beheer", "init", "--json")
    assert code == 0 and json.loads(out)["schema"] == "0003"
    monkeypatch.setattr("sys.stdin", io.StringIO("een lang wachtwoord\n"))
    code, out, err = run(
        capsys,
        "beheer",
        "gebruiker",
        "toevoegen",
        "roel",
        "--rol",
        "redacteur",
        "--gemeente",
        "GM0001",
        "--wachtwoord-stdin",
    )
    assert code == 0, err
    assert out.strip() == "Account roel: Redacteur voor GM0001."
    assert Store.open(store_url).inloggen("roel", "een lang wachtwoord").gemeenten == ("GM0001",)
    code, out, err = run(capsys, "beheer", "gebruiker", "toevoegen", "x", "--rol", "redacteur")
    assert code == 2 and "minstens één gemeente" in err
    code, _, err = run(capsys, "beheer", "gebruiker", "toevoegen", "x", "--rol", "baas")
    assert code == 2 and "ongeldige keuze" in err


def test_read_commands_say_when_the_store_is_not_set_up(capsys, tmp_path, monkeypatch, data_dir):
    monkeypatch.setenv("KAARTVIEWER_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    code, out, err = run(capsys, "gemeente", "Alfa", "--data", str(data_dir))
    assert code == 3 and "nog niet ingericht" in err and "beheer init" in err


def test_cli_default_store_location(capsys, tmp_path, monkeypatch):
    """Without KAARTVIEWER_DATABASE_URL, init makes the documented default file; from then on
    the read commands merge it."""
    from kaartviewer.beheer import db

    monkeypatch.delenv("KAARTVIEWER_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert db.geconfigureerd() is None
    code, out, _ = run(capsys, "beheer", "init")
    assert code == 0 and str(tmp_path / "kaartviewer" / "beheer.sqlite") in out
    assert db.geconfigureerd() == f"sqlite:///{tmp_path}/kaartviewer/beheer.sqlite"
    db.dispose()


def test_read_commands_include_approved_aanvullingen(capsys, store, data_dir):
    ids = gevuld(store)
    sid = ids["netwerk"].samenwerking_id
    code, out, _ = run(capsys, "gemeente", "Alfa", "--data", str(data_dir), "--json")
    assert code == 0
    items = {i["id"]: i for i in json.loads(out)["samenwerkingen"]}
    assert items[sid]["naam"] == "Regio Deal Noord" and items[sid]["bron"] == "Aanvulling"
    assert items[sid]["aanvulling_herkomst"].startswith("aanvulling door Roel Redacteur, ")
    assert items["s1"]["onderwerp"] == "milieu" and items["s1"]["onderwerp_herkomst"] == "handmatig"
    assert items["s2"]["naam"] == "Belasting Noord"  # the pending correction is not published
    code, out, _ = run(capsys, "gemeente", "Alfa", "--data", str(data_dir))
    assert "Regio Deal Noord" in out and "aanvulling door Roel Redacteur" in out

    code, out, _ = run(capsys, "samenwerking", sid, "--data", str(data_dir), "--json")
    d = json.loads(out)
    assert d["fase"] == "uitvoering" and {b["naam"] for b in d["bestuurders"]} == {
        "Wim Wethouder",
        "Bep Burgemeester",
    }
    assert d["overige_deelnemers"] == [{"type": "maatschappelijk", "naam": FORMULE}]
    code, out, _ = run(capsys, "samenwerking", sid, "--data", str(data_dir))
    assert (
        "fase: Uitvoering (2023-01-01 – …)" in out
        and "bestuurder: Wim Wethouder (Wethouder, AB, namens GM0001)" in out
    )

    code, out, _ = run(capsys, "stats", "--data", str(data_dir), "--json")
    s = json.loads(out)
    assert s["samenwerkingen"] == 6 and s["per_bron"]["Aanvulling"] == 1


# --- import -----------------------------------------------------------------------------------


def _csv(rows, sep=";") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


LIJST = [
    ["Naam verbonden partij", "Rechtsvorm", "Deelnemers"],
    ["Afval Noord", "Stichting", "Alfa, Bergen"],  # in the registry as openbaar lichaam
    ["GGD Zuid", "Gemeenschappelijke regeling", ""],  # registry has it, without Alfa
    [FORMULE, "Convenant", ""],
    [HTML, "Regio deal", ""],
    ["", "", ""],
]


def test_import_diff_csv(registry, tmp_path):
    pad = tmp_path / "verbonden_partijen.csv"
    pad.write_bytes(_csv(LIJST))
    diff = vergelijk_lijst(pad, "Alfa", registry)
    assert diff.gemeente == "GM0001" and diff.kolommen["naam"] == "Naam verbonden partij"
    by = {r.naam: r for r in diff.rijen}
    assert by["Afval Noord"].status == "andere_vorm" and by["Afval Noord"].samenwerking_id == "s1"
    assert (by["Afval Noord"].vorm, by["Afval Noord"].register_vorm) == (
        "privaatrechtelijk",
        "openbaar_lichaam",
    )
    assert by["GGD Zuid"].status == "gevonden" and not by["GGD Zuid"].gemeente_is_deelnemer
    assert by[FORMULE].status == "nieuw" and by[HTML].status == "nieuw"  # stored as typed
    assert [a["samenwerking_id"] for a in diff.alleen_in_register] == ["s2"]
    assert diff.telling() == {"gevonden": 1, "andere_vorm": 1, "nieuw": 2, "alleen_in_register": 1}
    assert [r.nr for r in diff.rijen] == [2, 3, 4, 5]


def test_import_rows_accepted_one_by_one_as_proposals(store, registry, tmp_path):
    pad = tmp_path / "lijst.csv"
    pad.write_bytes(_csv(LIJST))
    diff = vergelijk_lijst(pad, "GM0001", registry)
    nieuw = voorstellen(store, ALFA, diff, 4, bron="Begroting 2025, paragraaf verbonden partijen")
    assert nieuw.soort == "samenwerking" and nieuw.inhoud["velden"]["naam"] == FORMULE
    assert nieuw.inhoud["velden"]["vorm"] == "netwerk" and nieuw.status == "voorgesteld"
    vorm = voorstellen(store, ALFA, diff, 2, bron="b")
    assert (vorm.inhoud["veld"], vorm.inhoud["waarde"]) == ("juridische_vorm", "privaatrechtelijk")
    lid = voorstellen(store, ALFA, diff, 3, bron="b")
    assert lid.inhoud["waarde"] == {"type": "gemeente", "gemeentecode": "GM0001"}
    assert {a.id for a in store.wachtrij(ALFA)} == {nieuw.id, vorm.id, lid.id}


def test_import_xlsx_reads_formulas_as_text(registry, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Verbonden partijen gemeente Alfa, begroting 2025"])  # a title above the table
    ws.append([])
    ws.append(["Naam", "Juridische vorm"])
    ws.append(['=CONCATENATE("Afval"," Noord")', "Openbaar lichaam"])
    ws.append(["Belasting Noord", "=1+1"])
    ws.append([2025, None])
    pad = tmp_path / "lijst.xlsx"
    wb.save(pad)
    diff = vergelijk_lijst(pad, "Alfa", registry)
    by = {r.naam: r for r in diff.rijen}
    assert '=CONCATENATE("Afval"," Noord")' in by  # the formula is text, never evaluated
    assert "Afval Noord" not in by
    assert by["Belasting Noord"].vorm_tekst == "=1+1" and by["Belasting Noord"].status == "gevonden"
    assert "2025" in by and [r.nr for r in diff.rijen] == [4, 5, 6]


def test_import_limits_and_errors_are_dutch(registry, tmp_path, capsys, data_dir):
    groot = tmp_path / "groot.csv"
    groot.write_bytes(b"Naam\n" + b"x" * (MAX_BYTES + 1))
    with pytest.raises(ImportFout, match="te groot"):
        vergelijk_lijst(groot, "Alfa", registry)
    with pytest.raises(ImportFout, match=f"meer dan {MAX_RIJEN} rijen"):
        vergelijk_lijst(
            _csv([["Naam"]] + [[f"r{i}"] for i in range(MAX_RIJEN + 30)]), "Alfa", registry
        )
    with pytest.raises(ImportFout, match="Geen kolom met de naam"):
        vergelijk_lijst(_csv([["a", "b"], ["1", "2"]]), "Alfa", registry)
    with pytest.raises(ImportFout, match="kan niet worden gelezen"):
        vergelijk_lijst(b"PK\x03\x04 kapot", "Alfa", registry, "x.xlsx")
    code, out, err = run(
        capsys,
        "beheer",
        "importeer",
        str(groot),
        "--gemeente",
        "Alfa",
        "--data",
        str(data_dir),
        "--json",
    )
    assert code == 3 and "te groot" in err and json.loads(out)["exitcode"] == 3


def test_cli_importeer_prints_the_diff(capsys, tmp_path, data_dir):
    pad = tmp_path / "lijst.csv"
    pad.write_bytes(_csv(LIJST))
    code, out, _ = run(
        capsys,
        "beheer",
        "importeer",
        str(pad),
        "--gemeente",
        "Alfa",
        "--data",
        str(data_dir),
        "--json",
    )
    assert code == 0 and json.loads(out)["telling"]["nieuw"] == 2
    code, out, _ = run(
        capsys, "beheer", "importeer", str(pad), "--gemeente", "Alfa", "--data", str(data_dir)
    )
    assert "1 gevonden, 1 met een andere vorm, 2 nieuw, 1 alleen in het register" in out
    assert "lijst: Privaatrechtelijk, register: Openbaar lichaam" in out


# --- export and herstel ---------------------------------------------------------------------------


def _rows(pad):
    with pad.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_and_herstel_round_trip(store, registry, tmp_path, request, store_url):
    gevuld(store)
    uit = tmp_path / "export"
    manifest = exporteer(store, uit, registry)
    assert manifest["aanvullingen"] == 4 and manifest["revisies"] == 7
    sw = _rows(uit / "samenwerkingen.csv")
    assert list(sw[0]) == list(SAMENWERKING_COLUMNS + REGISTER_COLUMNS)  # the shipped schema
    assert list(_rows(uit / "deelnemers.csv")[0]) == list(DEELNEMER_COLUMNS)
    netwerk = next(r for r in sw if r["naam"] == "Regio Deal Noord")
    assert (
        netwerk["overige_deelnemers"] == "maatschappelijk:" + FORMULE
    )  # (starts with m: harmless)
    assert next(r for r in sw if r["id"] == "s1")["onderwerp"] == "milieu"
    aanv = _rows(uit / "aanvullingen.csv")
    open_ = next(r for r in aanv if r["soort"] == "correctie" and r["status"] == "voorgesteld")
    assert open_["naam"] == f"naam: {FORMULE}"  # (starts with n: nothing to neutralise)
    assert open_["bron"] == "'+31 6 1234" and open_["reden"] == HTML  # neutralised / as typed
    overige = [r for r in _rows(uit / "deelnemers.csv") if r["deelnemer_type"] == "maatschappelijk"]
    assert overige[0]["naam"] == "'" + FORMULE  # a formula-like name is neutralised on export
    log = _rows(uit / "revisies.csv")
    assert [r["actie"] for r in log].count("goedgekeurd") == 2 and log[0][
        "actor"
    ] == "Roel Redacteur"

    # Restore into a fresh store of the same kind.
    if store_url.startswith("sqlite"):
        doel_url = f"sqlite:///{tmp_path / 'hersteld.sqlite'}"
    else:
        doel_url = request.getfixturevalue("pg_cluster").database()
    doel = Store.open(doel_url, registry=registry)
    assert herstel(doel, uit) == {"aanvullingen": 4, "revisies": 7}
    assert doel.aanvullingen() == store.aanvullingen()
    assert doel.geschiedenis("s2") == store.geschiedenis("s2")
    assert doel.goedgekeurd().aantal == 2
    p = next(a for a in doel.aanvullingen() if a.status == "voorgesteld")
    assert p.inhoud["waarde"] == FORMULE and p.reden == HTML and p.bron == "+31 6 1234"  # as typed
    with pytest.raises(HerstelFout, match="al 4 aanvullingen"):
        herstel(doel, uit)
    # Work continues on the restored store: new ids, locking on the restored versions.
    n = doel.correctie_voorstellen(ALFA, "s1", "website", "https://x.example", "r", "b")
    assert n.id == 5
    doel.goedkeuren(BEHEERDER, p.id, p.versie)
    # A second export of the restored store has the same aanvullingen and changelog rows.
    from kaartviewer.beheer import db

    db.dispose(doel_url)


def test_cli_export_and_herstel(capsys, store, data_dir, tmp_path, monkeypatch):
    gevuld(store)
    uit = tmp_path / "uit"
    code, out, err = run(capsys, "beheer", "export", str(uit), "--data", str(data_dir))
    assert code == 0, err
    assert "4 aanvullingen, 7 revisies, 6 samenwerkingen" in out
    monkeypatch.setenv("KAARTVIEWER_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    code, out, err = run(capsys, "beheer", "herstel", str(uit))
    assert code == 0 and "4 aanvullingen, 7 revisies" in out
    code, out, err = run(capsys, "beheer", "herstel", str(tmp_path))
    assert code == 3 and "geen export" in err
