"""The beheer store (kaartviewer.beheer): roles, workflow, revisions, locking, meldingen,
accounts, migrations and publication — each on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

from kaartviewer.beheer import db
from kaartviewer.beheer.models import RevisieRij
from kaartviewer.beheer.publiceren import herkomst_van, met_aanvullingen
from kaartviewer.beheer.service import (
    ANONIEM,
    MAX_MISLUKTE_POGINGEN,
    MELDING_MAX_PER_VENSTER,
    MELDING_MAX_TEKENS,
    Actor,
    Conflict,
    Geweigerd,
    InlogFout,
    OngeldigeInvoer,
    Store,
)

BEHEERDER = Actor("Bea Beheer", "beheerder")
ALFA = Actor("Roel Redacteur", "redacteur", ("GM0001",))
ZUID = Actor("Zita Zuid", "redacteur", (), ("PV02",))
HTML = '<script>alert("x")</script><b>Regio</b>'
FORMULE = '=HYPERLINK("http://evil","klik")'


@pytest.fixture(autouse=True)
def _snelle_hashes(monkeypatch):
    """argon2 with its production cost takes ~1 s per check on a busy CI machine; the tests
    check behaviour, not cost, so they use a cheap argon2id."""
    from argon2 import PasswordHasher

    from kaartviewer.beheer import service

    ph = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(service, "_PH", ph)
    monkeypatch.setattr(service, "_DUMMY_HASH", ph.hash("x"))


@pytest.fixture
def store(store_url, registry) -> Store:
    return Store.open(store_url, registry=registry)


def netwerk(store: Store, actor: Actor = ALFA, naam: str = "Regio Deal Noord", **extra):
    velden = {
        "naam": naam,
        "onderwerp": "economie",
        "vorm": "regio_deal",
        "fase": "opbouw",
        "start": "2024-01-01",
        "website": "https://regiodeal.example",
    } | extra
    return store.samenwerking_voorstellen(
        actor,
        velden,
        [
            {"type": "gemeente", "gemeentecode": "GM0001"},
            "GM0002",
            {"type": "provincie", "naam": "Noordland"},
            {"type": "maatschappelijk", "naam": "Energiecoöperatie Noord"},
        ],
        [
            {
                "gemeentecode": "GM0001",
                "naam": "Wim Wethouder",
                "functie": "wethouder",
                "orgaan": "AB",
                "portefeuille": "Economie",
            },
            {
                "partij": "Noordland",
                "naam": "Greet Gedeputeerde",
                "functie": "gedeputeerde",
                "orgaan": "DB",
            },
        ],
        bron="https://www.rijksoverheid.nl/regiodeals",
        reden="staat in geen register",
    )


# --- roles ------------------------------------------------------------------------------------


def test_visitor_cannot_write_anything(store):
    a = netwerk(store)
    for call in (
        lambda: netwerk(store, ANONIEM),
        lambda: store.correctie_voorstellen(ANONIEM, "s1", "onderwerp", "economie", "r", "b"),
        lambda: store.bestuurder_voorstellen(
            ANONIEM, "s1", "GM0001", None, "X", "wethouder", "AB", "", None, None, "b"
        ),
        lambda: store.wijzigen(ANONIEM, a.id, {"fase": "uitvoering"}, a.versie, "r", "b"),
        lambda: store.goedkeuren(ANONIEM, a.id, a.versie),
        lambda: store.afwijzen(ANONIEM, a.id, "nee", a.versie),
        lambda: store.ongedaan_maken(ANONIEM, store.geschiedenis(a.id)[0].id),
        lambda: store.meldingen(ANONIEM),
    ):
        with pytest.raises(Geweigerd):
            call()
    assert store.wachtrij(ANONIEM) == []
    assert store.aanvulling(a.id).versie == 1  # nothing changed


def test_redacteur_only_for_own_gemeenten_or_provincie(store):
    with pytest.raises(Geweigerd, match="redacteur voor GM0001"):
        store.correctie_voorstellen(ALFA, "s3", "onderwerp", "economie", "fout", "bron")
    # s3 is GM0003/4/6 (Zuidland): the provincie redacteur may.
    c = store.correctie_voorstellen(ZUID, "s3", "onderwerp", "economie", "fout", "bron")
    assert c.status == "voorgesteld" and c.inhoud["oud"] == "gezondheid"
    with pytest.raises(Geweigerd):
        store.goedkeuren(ZUID, c.id, c.versie)
    # A bestuurder of another gemeente at a shared table: not for Alfa's redacteur.
    with pytest.raises(Geweigerd):
        store.bestuurder_voorstellen(
            ALFA, "s1", "GM0002", None, "Bert", "wethouder", "AB", "", None, None, "b"
        )
    assert [a.id for a in store.wachtrij(ZUID)] == [c.id]
    assert store.wachtrij(ALFA) == []
    assert [a.id for a in store.wachtrij(BEHEERDER)] == [c.id]


def test_invalid_input_is_refused_in_dutch(store):
    with pytest.raises(OngeldigeInvoer) as e:
        store.samenwerking_voorstellen(
            ALFA,
            {"naam": "", "onderwerp": "x", "vorm": "y", "fase": "z"},
            [],
            [],
            bron="",
            reden="",
        )
    assert "verplicht" in str(e.value)
    with pytest.raises(OngeldigeInvoer) as e:
        store.samenwerking_voorstellen(
            ALFA,
            {
                "naam": "N",
                "onderwerp": "x",
                "vorm": "y",
                "fase": "z",
                "start": "2024-13-01",
                "website": "javascript:alert(1)",
            },
            ["GM9999"],
            [],
            bron="b",
        )
    f = e.value.fouten
    assert {"onderwerp", "vorm", "fase", "start", "website", "deelnemers.0"} <= set(f)
    assert "Geen gemeente met code GM9999" in f["deelnemers.0"]
    with pytest.raises(OngeldigeInvoer, match="Reden is verplicht"):
        store.correctie_voorstellen(ALFA, "s1", "onderwerp", "economie", "", "bron")
    with pytest.raises(OngeldigeInvoer, match="Geen samenwerking"):
        store.correctie_voorstellen(BEHEERDER, "bestaat-niet", "onderwerp", "economie", "r", "b")
    with pytest.raises(OngeldigeInvoer, match="geen deelnemer"):
        store.bestuurder_voorstellen(
            BEHEERDER, "s1", "GM0004", None, "X", "wethouder", "AB", "", None, None, "b"
        )


# --- workflow, revisions, undo ----------------------------------------------------------------


def test_propose_edit_approve_history_and_publication(store, registry):
    a = netwerk(store)
    assert a.samenwerking_id == f"aanvulling-{a.id}" and a.status == "voorgesteld"
    assert met_aanvullingen(registry, store.goedgekeurd()).samenwerkingen.index.tolist() == list(
        registry.samenwerkingen.index
    )  # nothing published yet
    b = store.wijzigen(ALFA, a.id, {"fase": "uitvoering"}, a.versie, "fase bijgewerkt", "")
    c = store.goedkeuren(BEHEERDER, a.id, b.versie)
    assert (c.status, c.versie, c.goedgekeurd_door) == ("goedgekeurd", 3, "Bea Beheer")
    h = store.geschiedenis(a.samenwerking_id)
    assert [(r.actie, r.actor, r.versie) for r in h] == [
        ("voorgesteld", "Roel Redacteur", 1),
        ("gewijzigd", "Roel Redacteur", 2),
        ("goedgekeurd", "Bea Beheer", 3),
    ]
    assert h[1].voor["inhoud"]["velden"]["fase"] == "opbouw"
    assert h[1].na["inhoud"]["velden"]["fase"] == "uitvoering"
    assert (
        h[1].reden == "fase bijgewerkt" and h[0].bron == "https://www.rijksoverheid.nl/regiodeals"
    )

    reg = met_aanvullingen(registry, store.goedgekeurd())
    sid = a.samenwerking_id
    row = reg.samenwerkingen.loc[sid]
    assert (row["naam"], row["fase"], row["juridische_vorm"], row["aanvulling_vorm"]) == (
        "Regio Deal Noord",
        "uitvoering",
        "netwerk",
        "regio_deal",
    )
    assert row["aanvulling_herkomst"].startswith("aanvulling door Roel Redacteur, ")
    assert row["bron"] == "Aanvulling"
    assert herkomst_van(reg, sid, "naam") == row["aanvulling_herkomst"]
    assert herkomst_van(reg, "s1", "naam") == "GR-register 2026-05-16"
    assert sid in set(reg.samenwerkingen_van("GM0001").index)
    assert set(reg.overige_van(sid)["naam"]) == {"Noordland", "Energiecoöperatie Noord"}
    assert reg.stats()["samenwerkingen"] == len(registry.samenwerkingen) + 1


def test_redacteur_edit_of_published_waits_for_review(store, registry):
    a = netwerk(store)
    a = store.goedkeuren(BEHEERDER, a.id, a.versie)
    b = store.wijzigen(ALFA, a.id, {"naam": "Regio Deal Noord 2.0"}, a.versie, "nieuwe naam", "")
    assert b.status == "voorgesteld"
    reg = met_aanvullingen(registry, store.goedgekeurd())
    assert (
        reg.samenwerkingen.at[a.samenwerking_id, "naam"] == "Regio Deal Noord"
    )  # still the approved one
    c = store.afwijzen(BEHEERDER, a.id, "naam niet officieel", b.versie)
    assert c.status == "goedgekeurd" and c.inhoud["velden"]["naam"] == "Regio Deal Noord"


def test_undo_is_a_new_revision(store, registry):
    c = store.correctie_voorstellen(
        ALFA, "s1", "onderwerp", "economie", "het is economie", "raadsbesluit 2024-12"
    )
    c = store.goedkeuren(BEHEERDER, c.id, c.versie)
    assert (
        met_aanvullingen(registry, store.goedgekeurd()).samenwerkingen.at["s1", "onderwerp"]
        == "economie"
    )
    goedkeuring = store.geschiedenis(c.id)[-1]
    with pytest.raises(Geweigerd):
        store.ongedaan_maken(ALFA, goedkeuring.id)  # publication is the beheerder's
    u = store.ongedaan_maken(BEHEERDER, goedkeuring.id)
    assert (u.status, u.versie) == ("voorgesteld", 3)
    assert [r.actie for r in store.geschiedenis(c.id)] == ["voorgesteld", "goedgekeurd", "ongedaan"]
    reg = met_aanvullingen(registry, store.goedgekeurd())
    assert reg.samenwerkingen.at["s1", "onderwerp"] == "afval"


def test_revisions_are_immutable(store):
    from sqlalchemy.orm import Session

    a = netwerk(store)
    with Session(store.engine) as s:
        rev = s.get(RevisieRij, store.geschiedenis(a.id)[0].id)
        rev.reden = "herschreven"
        with pytest.raises(RuntimeError, match="onveranderlijk"):
            s.flush()


def test_corrections_of_members_and_end_date(store, registry):
    erbij = store.correctie_voorstellen(
        BEHEERDER, "s3", "deelnemer_toevoegen", "GM0002", "mist", "b"
    )
    eraf = store.correctie_voorstellen(
        BEHEERDER, "s3", "deelnemer_verwijderen", "GM0006", "uitgetreden", "b"
    )
    einde = store.correctie_voorstellen(BEHEERDER, "s4", "einde", "2025-01-01", "opgeheven", "b")
    for c in (erbij, eraf, einde):
        store.goedkeuren(BEHEERDER, c.id, c.versie)
    reg = met_aanvullingen(registry, store.goedgekeurd())
    assert reg.samenwerkingen.at["s3", "deelnemers"] == "GM0002;GM0003;GM0004"
    assert reg.samenwerkingen.at["s3", "n_deelnemers"] == 3
    assert "s4" not in reg.samenwerkingen.index  # ended before the peildatum 2026-05-16
    assert reg.samenwerkingen.at["s3", "aanvulling_herkomst"].startswith(
        "deelnemer_toevoegen: aanvulling door Bea Beheer, "
    )
    assert herkomst_van(reg, "s3", "deelnemer_toevoegen").startswith("aanvulling door Bea Beheer")
    assert herkomst_van(reg, "s3", "naam") == "GR-register 2026-05-16"
    # The same store on an earlier peildatum keeps s4.
    early = registry.__class__(
        registry.gemeenten,
        registry.samenwerkingen,
        registry.lidmaatschappen,
        registry.overige,
        registry.indelingen,
        {**registry.meta, "peildatum": "2024-06-01"},
    )
    assert "s4" in met_aanvullingen(early, store.goedgekeurd()).samenwerkingen.index


def test_bestuurders_per_gemeente_and_tables_per_person(store):
    a = netwerk(store)
    store.goedkeuren(BEHEERDER, a.id, a.versie)
    b = store.bestuurder_voorstellen(
        ALFA,
        "s1",
        "GM0001",
        None,
        "Wim Wethouder",
        "wethouder",
        "AB",
        "Afval",
        "2022-05-01",
        None,
        "raadsinformatie",
    )
    store.goedkeuren(BEHEERDER, b.id, b.versie)
    oud = store.bestuurder_voorstellen(
        ALFA,
        "s2",
        "GM0001",
        None,
        "Oud Wethouder",
        "wethouder",
        "DB",
        "",
        "2014-01-01",
        "2018-03-31",
        "b",
    )
    store.goedkeuren(BEHEERDER, oud.id, oud.versie)
    p = store.tafels_per_bestuurder()
    wim = p[p["naam"] == "Wim Wethouder"].iloc[0]
    assert (wim["tafels"], wim["gemeentecode"]) == (2, "GM0001")
    assert "Oud Wethouder" not in set(p["naam"])  # not in office today
    g = store.bestuurders_per_gemeente()
    assert g[g["gemeentecode"] == "GM0001"]["tafels"].tolist() == [2]


# --- the prepared publication kept in the store --------------------------------------------------


def _gelijk(a, b) -> None:
    """Two merged registries hold the same tables, herkomst and bestuurders."""
    import pandas.testing as pdt

    pdt.assert_frame_equal(a.samenwerkingen, b.samenwerkingen)
    pdt.assert_frame_equal(a.lidmaatschappen, b.lidmaatschappen)
    pdt.assert_frame_equal(a.overige, b.overige)
    pdt.assert_frame_equal(a.meta["herkomst"], b.meta["herkomst"])
    pdt.assert_frame_equal(a.meta["bestuurders"], b.meta["bestuurders"])
    assert a.meta["aanvullingen"] == b.meta["aanvullingen"]


def _publicaties(url: str) -> list[tuple[str, int]]:
    from sqlalchemy import create_engine

    e = create_engine(url)
    try:
        with e.connect() as c:
            return [tuple(r) for r in c.execute(text("SELECT sleutel, formaat FROM publicatie"))]
    finally:
        e.dispose()


def _koud_uit_bewaard(store_url, registry, monkeypatch):
    """The publication as a cold process (a restart, another replica) gets it: it must read
    the kept row, not every approved aanvulling."""
    from kaartviewer.beheer import publiceren

    monkeypatch.setattr(publiceren, "_VOORBEREID", {})
    koud = Store.open(store_url, registry=registry)

    def niet_lezen():
        raise AssertionError("las alle aanvullingen terwijl de publicatie bewaard was")

    monkeypatch.setattr(koud, "goedgekeurd", niet_lezen)
    return koud.publicatie()


def _publiceer_van_alles(store) -> None:
    a = netwerk(store, naam=HTML)
    store.goedkeuren(BEHEERDER, a.id, a.versie)
    for veld, waarde in (
        ("onderwerp", "economie"),
        ("deelnemer_toevoegen", "GM0002"),
        ("deelnemer_verwijderen", "GM0006"),
        ("naam", FORMULE),
    ):
        c = store.correctie_voorstellen(BEHEERDER, "s3", veld, waarde, "r", "b")
        store.goedkeuren(BEHEERDER, c.id, c.versie)
    b = store.bestuurder_voorstellen(
        ALFA, "s1", "GM0001", None, "Wim", "wethouder", "AB", "", "2022-05-01", None, "b"
    )
    store.goedkeuren(BEHEERDER, b.id, b.versie)


def test_prepared_publication_is_kept_in_the_store_and_read_back_the_same(
    store, store_url, registry, monkeypatch
):
    from kaartviewer.beheer import publiceren

    _publiceer_van_alles(store)
    monkeypatch.setattr(publiceren, "_VOORBEREID", {})
    uit_records = met_aanvullingen(registry, store.goedgekeurd())
    monkeypatch.setattr(publiceren, "_VOORBEREID", {})
    eerste = store.publicatie()  # prepared and kept by the last approval, read back here
    _gelijk(met_aanvullingen(registry, eerste), uit_records)
    assert _publicaties(store_url) == [
        (store.publicatie_sleutel().partition(":")[2], publiceren.FORMAAT)
    ]

    # A cold process (a restart, another replica) reads the row, not the aanvullingen.
    gelezen = met_aanvullingen(registry, _koud_uit_bewaard(store_url, registry, monkeypatch))
    _gelijk(gelezen, uit_records)
    assert gelezen.samenwerkingen.at["s3", "naam"] == FORMULE
    assert HTML in set(gelezen.samenwerkingen["naam"])


def test_a_change_replaces_the_kept_publication(store, store_url, registry, monkeypatch):
    from kaartviewer.beheer import publiceren

    _publiceer_van_alles(store)
    store.publicatie()
    oud = _publicaties(store_url)
    c = store.correctie_voorstellen(BEHEERDER, "s2", "onderwerp", "veiligheid", "r", "b")
    store.goedkeuren(BEHEERDER, c.id, c.versie)
    monkeypatch.setattr(publiceren, "_VOORBEREID", {})
    koud = Store.open(store_url, registry=registry)
    reg = met_aanvullingen(registry, koud.publicatie())
    assert reg.samenwerkingen.at["s2", "onderwerp"] == "veiligheid"
    nieuw = _publicaties(store_url)
    assert len(nieuw) == 1 and nieuw != oud  # the old state is gone, not kept beside it


def test_kept_publication_of_another_layout_is_made_again(store, store_url, registry, monkeypatch):
    from kaartviewer.beheer import publiceren

    _publiceer_van_alles(store)
    store.publicatie()
    monkeypatch.setattr(publiceren, "_VOORBEREID", {})
    monkeypatch.setattr(publiceren, "FORMAAT", publiceren.FORMAAT + 1)
    koud = Store.open(store_url, registry=registry)
    gelezen = []
    echt = koud.goedgekeurd
    monkeypatch.setattr(koud, "goedgekeurd", lambda: gelezen.append(1) or echt())
    reg = met_aanvullingen(registry, koud.publicatie())
    assert gelezen == [1]  # the kept row was not used
    assert reg.samenwerkingen.at["s3", "onderwerp"] == "economie"
    assert [f for _, f in _publicaties(store_url)] == [publiceren.FORMAAT]


def test_store_without_the_publication_table_still_publishes(store_url, registry, monkeypatch):
    from kaartviewer.beheer import publiceren

    db.upgrade(store_url, "0002")  # a store not yet upgraded to 0003
    s = Store.open(store_url, registry=registry, upgrade=False)
    c = s.correctie_voorstellen(BEHEERDER, "s1", "onderwerp", "economie", "r", "b")
    s.goedkeuren(BEHEERDER, c.id, c.versie)
    monkeypatch.setattr(publiceren, "_VOORBEREID", {})
    reg = met_aanvullingen(registry, s.publicatie())
    assert reg.samenwerkingen.at["s1", "onderwerp"] == "economie"
    assert "publicatie" not in db.tables(store_url)


def test_publication_key_changes_only_with_what_is_published(store):
    """The key the app caches the merged registry on: a proposal, a redacteur's edit and a
    rejection leave the publication (and so the key) as it was."""
    k0 = store.publicatie_sleutel()
    a = netwerk(store)
    a = store.wijzigen(ALFA, a.id, {"fase": "uitvoering"}, a.versie, "r", "")
    assert store.publicatie_sleutel() == k0
    a = store.goedkeuren(BEHEERDER, a.id, a.versie)
    k1 = store.publicatie_sleutel()
    assert k1 != k0
    a = store.wijzigen(ALFA, a.id, {"naam": "Regio Deal Noord 2.0"}, a.versie, "r", "")
    assert store.publicatie_sleutel() == k1  # waits for review; the map keeps the approved
    a = store.afwijzen(BEHEERDER, a.id, "niet officieel", a.versie)
    assert store.publicatie_sleutel() == k1
    a = store.wijzigen(BEHEERDER, a.id, {"fase": "evaluatie"}, a.versie, "r", "")
    k2 = store.publicatie_sleutel()
    assert k2 != k1  # a beheerder's edit stays published
    a = store.intrekken(BEHEERDER, a.id, "dubbel", a.versie)
    k3 = store.publicatie_sleutel()
    assert k3 != k2
    store.ongedaan_maken(BEHEERDER, store.geschiedenis(a.id)[-1].id)
    assert store.publicatie_sleutel() not in (k0, k1, k2, k3)


def test_publishing_writes_take_their_turn_on_postgresql(pg_cluster, registry):
    """The publication key is the newest publishing revision, so on PostgreSQL such writes
    commit in id order: one waits while another holds the turn; a proposal does not.
    (SQLite's write transactions are serial already.)"""
    from sqlalchemy import create_engine

    from kaartviewer.beheer.service import PUBLICATIE_SLOT

    store_url = pg_cluster.database()
    store = Store.open(store_url, registry=registry)
    c = store.correctie_voorstellen(BEHEERDER, "s1", "onderwerp", "economie", "r", "b")
    voor = store.publicatie_sleutel()
    fouten: list[BaseException] = []

    def keur_goed():
        try:
            store.goedkeuren(BEHEERDER, c.id, c.versie)
        except BaseException as exc:  # reported by the assertion below
            fouten.append(exc)

    e = create_engine(store_url)
    try:
        with e.connect() as conn:
            tx = conn.begin()
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUBLICATIE_SLOT})
            t = threading.Thread(target=keur_goed)
            t.start()
            t.join(0.5)
            assert t.is_alive()  # waits for its turn
            store.correctie_voorstellen(BEHEERDER, "s2", "onderwerp", "afval", "r", "b")
            assert store.publicatie_sleutel() == voor
            tx.commit()
        t.join(60)
    finally:
        e.dispose()
    assert not t.is_alive() and fouten == []
    assert store.publicatie_sleutel() != voor
    db.dispose(store_url)
    pg_cluster.drop(store_url)


def test_an_approval_prepares_and_keeps_the_publication(store, store_url, registry, monkeypatch):
    """The change pays for preparing the publication, not the next reader: after an
    approval the store keeps it for the new key, and a cold process (another replica)
    reads that one row, also after a later proposal (which leaves the key alone)."""
    from kaartviewer.beheer import publiceren

    c = store.correctie_voorstellen(ALFA, "s1", "onderwerp", "economie", "r", "b")
    assert _publicaties(store_url) == []  # a proposal publishes nothing
    store.goedkeuren(BEHEERDER, c.id, c.versie)
    sleutel = store.publicatie_sleutel()
    assert _publicaties(store_url) == [(sleutel.partition(":")[2], publiceren.FORMAAT)]
    assert publiceren.voorbereid_in_proces(sleutel) is not None  # and in this process
    netwerk(store)  # a proposal after it

    reg = met_aanvullingen(registry, _koud_uit_bewaard(store_url, registry, monkeypatch))
    assert reg.samenwerkingen.at["s1", "onderwerp"] == "economie"
    assert len(reg.samenwerkingen) == len(registry.samenwerkingen)  # the proposal is not


# --- optimistic locking ---------------------------------------------------------------------------


def test_two_editors_second_gets_conflict_and_keeps_input(store):
    a = netwerk(store)
    store.wijzigen(ALFA, a.id, {"fase": "uitvoering"}, a.versie, "eerste", "")
    invoer = {"naam": "Mijn nieuwe naam", "fase": "evaluatie"}
    with pytest.raises(Conflict) as e:
        store.wijzigen(BEHEERDER, a.id, invoer, a.versie, "tweede", "mijn bron")
    c = e.value
    assert "Roel Redacteur heeft deze aanvulling gewijzigd" in str(c) and "niet verloren" in str(c)
    assert c.door == "Roel Redacteur" and c.huidige.versie == 2
    assert c.invoer["velden"] == invoer and c.invoer["bron"] == "mijn bron"
    now = store.aanvulling(a.id)
    assert now.inhoud["velden"]["fase"] == "uitvoering" and now.versie == 2
    # Retried on the new version, the second editor's input goes in.
    store.wijzigen(BEHEERDER, a.id, c.invoer["velden"], c.huidige.versie, "tweede", "mijn bron")
    assert store.aanvulling(a.id).inhoud["velden"]["naam"] == "Mijn nieuwe naam"


def test_concurrent_editors_exactly_one_wins(store_url, registry):
    """Two editors in separate threads and sessions write version 1 at the same moment."""
    store = Store.open(store_url, registry=registry)
    a = netwerk(store)
    barrier = threading.Barrier(2)
    uitkomst: dict[str, object] = {}

    def edit(wie: Actor, fase: str) -> None:
        s = Store.open(store_url, registry=registry)
        barrier.wait()
        try:
            uitkomst[wie.naam] = s.wijzigen(wie, a.id, {"fase": fase}, 1, "gelijktijdig", "")
        except Conflict as exc:
            uitkomst[wie.naam] = exc

    threads = [
        threading.Thread(target=edit, args=(w, f))
        for w, f in ((ALFA, "uitvoering"), (BEHEERDER, "evaluatie"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conflicts = [v for v in uitkomst.values() if isinstance(v, Conflict)]
    assert len(conflicts) == 1, uitkomst
    winnaar = next(v for v in uitkomst.values() if not isinstance(v, Conflict))
    assert store.aanvulling(a.id).inhoud["velden"]["fase"] == winnaar.inhoud["velden"]["fase"]
    assert conflicts[0].invoer["velden"]["fase"] != winnaar.inhoud["velden"]["fase"]
    assert [r.versie for r in store.geschiedenis(a.id)] == [1, 2]


# --- meldingen ------------------------------------------------------------------------------------


def test_melding_limits(store):
    m = store.melding_versturen(
        HTML + FORMULE, samenwerking_id="s1", contact="a@b.nl", afzender="sessie-1"
    )
    assert m.tekst == HTML + FORMULE  # stored as typed
    with pytest.raises(Geweigerd, match="te lang"):
        store.melding_versturen("x" * (MELDING_MAX_TEKENS + 1), afzender="sessie-2")
    with pytest.raises(Geweigerd, match="Schrijf eerst"):
        store.melding_versturen("   ", afzender="sessie-2")
    for i in range(MELDING_MAX_PER_VENSTER - 1):
        store.melding_versturen(f"melding {i}", afzender="sessie-1")
    with pytest.raises(Geweigerd, match="al 5 meldingen"):
        store.melding_versturen("nog een", afzender="sessie-1")
    assert len(store.meldingen(ALFA)) == MELDING_MAX_PER_VENSTER
    # idempotent retry with the same key
    k1 = store.melding_versturen("eenmaal", afzender="sessie-3", sleutel="abc")
    k2 = store.melding_versturen("eenmaal", afzender="sessie-3", sleutel="abc")
    assert k1.id == k2.id
    h = store.melding_afhandelen(BEHEERDER, k1.id, "verwerkt")
    assert h.status == "afgehandeld"


def test_twenty_simultaneous_meldingen_each_stored_once(store_url, registry):
    Store.open(store_url, registry=registry)
    barrier = threading.Barrier(20)
    fouten: list[BaseException] = []
    ids: list[int] = []

    def stuur(i: int) -> None:
        s = Store.open(store_url, registry=registry)
        barrier.wait()
        try:
            ids.append(
                s.melding_versturen(
                    f"correctie {i}", samenwerking_id="s1", afzender=f"bezoeker-{i}"
                ).id
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            fouten.append(exc)

    threads = [threading.Thread(target=stuur, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fouten == []
    store = Store.open(store_url, registry=registry)
    teksten = sorted(m.tekst for m in store.meldingen(BEHEERDER))
    assert teksten == sorted(f"correctie {i}" for i in range(20))
    assert len(set(ids)) == 20


# --- accounts ---------------------------------------------------------------------------------


def test_local_accounts_argon2_and_lockout(store):
    store.gebruiker_toevoegen("roel", "redacteur", "correct horse battery", gemeenten=["1"])
    with store.engine.connect() as c:
        h = c.execute(text("SELECT wachtwoord_hash FROM gebruiker WHERE naam='roel'")).scalar()
    assert h.startswith("$argon2id$") and "correct" not in h
    with pytest.raises(OngeldigeInvoer):
        store.gebruiker_toevoegen("kort", "beheerder", "kort")
    with pytest.raises(OngeldigeInvoer, match="minstens één gemeente"):
        store.gebruiker_toevoegen("niemand", "redacteur", "lang genoeg wachtwoord")
    a = store.inloggen("roel", "correct horse battery")
    assert a == Actor("roel", "redacteur", ("GM0001",), ())
    with pytest.raises(InlogFout, match="Onbekende naam of onjuist wachtwoord"):
        store.inloggen("wie", "correct horse battery")
    for _ in range(MAX_MISLUKTE_POGINGEN - 1):
        with pytest.raises(InlogFout, match="onjuist"):
            store.inloggen("roel", "fout")
    with pytest.raises(InlogFout, match="geblokkeerd"):
        store.inloggen("roel", "fout")
    with pytest.raises(InlogFout, match="geblokkeerd"):
        store.inloggen("roel", "correct horse battery")  # even the right password, for now
    # After the lock-out window the right password works again.
    with store.engine.begin() as c:
        c.execute(
            text("UPDATE gebruiker SET geblokkeerd_tot = :t"),
            {"t": db_now() - timedelta(minutes=1)},
        )
    assert store.inloggen("roel", "correct horse battery").naam == "roel"


def db_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_oidc_email_maps_to_role(store):
    store.gebruiker_toevoegen("bea", "beheerder", email="Bea@Provincie.NL")
    assert store.actor_voor_oidc("bea@provincie.nl").rol == "beheerder"
    assert store.actor_voor_oidc("onbekend@x.nl") == ANONIEM
    assert store.gebruikers(BEHEERDER)[0]["lokaal_wachtwoord"] is False
    with pytest.raises(Geweigerd):
        store.gebruikers(ALFA)


# --- hostile text -------------------------------------------------------------------------------


def test_html_and_formula_names_stored_as_typed(store, registry):
    a = netwerk(store, naam=HTML)
    b = store.correctie_voorstellen(
        ALFA, "s1", "naam", FORMULE, FORMULE, "bron <img src=x onerror=alert(1)>"
    )
    for x in (a, b):
        store.goedkeuren(BEHEERDER, x.id, store.aanvulling(x.id).versie)
    reg = met_aanvullingen(registry, store.goedgekeurd())
    assert reg.samenwerkingen.at[a.samenwerking_id, "naam"] == HTML
    assert reg.samenwerkingen.at["s1", "naam"] == FORMULE
    assert store.geschiedenis(b.id)[0].bron == "bron <img src=x onerror=alert(1)>"


# --- migrations ---------------------------------------------------------------------------------


def test_migrations_up_and_down(store_url):
    db.upgrade(store_url)
    assert db.current_revision(store_url) == db.head_revision() == "0003"
    assert {"gebruiker", "aanvulling", "revisie", "melding", "publicatie"} <= db.tables(store_url)
    db.downgrade(store_url, "0002")
    assert "publicatie" not in db.tables(store_url) and "melding" in db.tables(store_url)
    db.downgrade(store_url, "0001")
    assert "melding" not in db.tables(store_url) and "aanvulling" in db.tables(store_url)
    db.downgrade(store_url, "base")
    assert db.tables(store_url) <= {"alembic_version"}
    db.upgrade(store_url)
    assert db.current_revision(store_url) == "0003"


def test_models_match_migrations(store_url):
    """The ORM models and the migrations describe the same schema (autogenerate finds nothing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from kaartviewer.beheer.models import Base

    db.upgrade(store_url)
    with db.engine(store_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_default_location_outside_data(monkeypatch, tmp_path):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert db.database_url() == f"sqlite:///{tmp_path}/kaartviewer/beheer.sqlite"
    assert db.geconfigureerd() is None  # no file yet: the CLI does not merge anything
    monkeypatch.setenv(db.ENV_VAR, "postgresql://x@localhost/kv")
    assert db.geconfigureerd() == "postgresql://x@localhost/kv"
