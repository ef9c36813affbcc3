"""Benchmark of the beheer store (issue 12): `python benchmarks/beheer.py [--pg URL] [--skip-app]`.

With 10,000 approved aanvullingen in the store — 1,000 new samenwerkingen (network
collaborations, each with two bestuurders: national inventories count some 1,200 arrangements
where the registry has 605), 5,000 bestuurders (about 15 tables for each of 342 gemeenten) and
4,000 corrections (fields and added deelnemers) — on the shipped data:

* the app (AppTest) — the issue's target: "app load and a rerun stay within 1.5× of the
  figures without a store". First run and reruns, with the store merged into every registry
  the app builds (the integration the UI makes), against the same app without a store; the
  best of three interleaved rounds per side, so both see the same machine;
* the freshness check a rerun makes (``publicatie_sleutel``: did anything change?) ≤ 20 ms;
* the data path, as parts of the app load (figures, no target of their own): loading today's
  registry (``load_register`` + ``registry_at``) with and without reading and merging the
  store, and a peildatum change. These compare a 605-samenwerking registry with one that
  gains 1,000 samenwerkingen and 9,000 other records, so their ratio says how much the
  aanvullingen add, not whether the app stays fast; that is the app figure.

Prints the figures; exit code 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from kaartviewer.beheer import db, publiceren  # noqa: E402
from kaartviewer.beheer.models import AanvullingRij, RevisieRij  # noqa: E402
from kaartviewer.beheer.publiceren import register_met_aanvullingen  # noqa: E402
from kaartviewer.beheer.service import Store  # noqa: E402
from kaartviewer.load import load_register  # noqa: E402
from kaartviewer.register import registry_at  # noqa: E402
from kaartviewer.schema import FASEN, ONDERWERPEN  # noqa: E402

RESULTS: list[tuple[str, str, str, bool | None]] = []


def report(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    RESULTS.append((name, value, target, ok))
    mark = "" if ok is None else ("  OK" if ok else "  NIET GEHAALD")
    print(f"{name:<58} {value:>12}  {target}{mark}", flush=True)


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def vul(store: Store, reg, n: int = 10_000, seed: int = 12) -> None:
    """``n`` approved aanvullingen with one revision each, written in one transaction."""
    rnd = random.Random(seed)
    codes = list(reg.gemeenten.index)
    sids = list(reg.samenwerkingen.index)
    nu = datetime.now(UTC)
    rows: list[tuple] = []
    for i in range(n):
        kind = i % 10
        if kind == 0:
            leden = rnd.sample(codes, 3)
            inhoud = {
                "velden": {
                    "naam": f"Netwerk {i}",
                    "onderwerp": rnd.choice(list(ONDERWERPEN)),
                    "vorm": "netwerk",
                    "fase": rnd.choice(list(FASEN)[:5]),
                    "start": "2020-01-01",
                    "einde": "",
                    "website": "",
                },
                "deelnemers": [{"type": "gemeente", "gemeentecode": c} for c in leden]
                + [{"type": "maatschappelijk", "naam": f"Partner {i}"}],
                "bestuurders": [
                    {"gemeentecode": c, "partij": None, "naam": f"Bestuurder {c}", "functie": "wethouder",
                     "orgaan": "AB", "portefeuille": "", "vanaf": "", "tot": ""}
                    for c in leden[:2]
                ],
            }  # fmt: skip
            rows.append(("samenwerking", f"aanvulling-{i + 1}", inhoud, leden))
        elif kind >= 5:
            sid = rnd.choice(sids)
            c = rnd.choice(codes)
            inhoud = {"gemeentecode": c, "partij": None, "naam": f"Bestuurder {c}", "functie": "wethouder",
                      "orgaan": "DB", "portefeuille": "", "vanaf": "", "tot": ""}  # fmt: skip
            rows.append(("bestuurder", sid, inhoud, [c]))
        else:
            sid = rnd.choice(sids)
            veld, waarde = rnd.choice(
                [
                    ("onderwerp", rnd.choice(list(ONDERWERPEN))),
                    ("naam", f"Gecorrigeerde naam {i}"),
                    (
                        "deelnemer_toevoegen",
                        {"type": "gemeente", "gemeentecode": rnd.choice(codes)},
                    ),
                    ("fase", "uitvoering"),
                ]
            )
            rows.append(("correctie", sid, {"veld": veld, "waarde": waarde, "oud": None}, []))
    with store._sessie(schrijf=True) as s:
        for i, (soort, sid, inhoud, gem) in enumerate(rows, start=1):
            a = AanvullingRij(
                id=i, soort=soort, samenwerking_id=sid, status="goedgekeurd", versie=2,
                inhoud=inhoud, gepubliceerd=inhoud, gemeenten=";".join(gem), bron="benchmark",
                reden="", auteur="bench", aangemaakt=nu, gewijzigd_door="bench", gewijzigd=nu,
                goedgekeurd_door="bench", goedgekeurd_op=nu,
            )  # fmt: skip
            s.add(a)
        s.flush()
        s.add_all(
            RevisieRij(
                aanvulling_id=i,
                samenwerking_id=sid,
                versie=1,
                actie="goedgekeurd",
                actor="bench",
                rol="beheerder",
                tijd=nu,
                voor=None,
                na={"inhoud": inhoud},
                reden="",
                bron="benchmark",
            )  # fmt: skip
            for i, (_, sid, inhoud, _) in enumerate(rows, start=1)
        )
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as c:
            c.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('aanvulling','id'), (SELECT MAX(id) FROM aanvulling))"
            )


def keur_goed(store: Store) -> None:
    """One change as a beheerder makes it: a correction proposed and approved (the approval
    prepares the new publication and keeps it in the store)."""
    from kaartviewer.beheer.service import Actor

    beheerder = Actor("Bench Beheer", "beheerder")
    sid = store.registry.samenwerkingen.index[0]
    waarde = random.choice(["afval", "economie", "veiligheid", "gezondheid"])
    c = store.correctie_voorstellen(beheerder, sid, "onderwerp", waarde, "benchmark", "bench")
    store.goedkeuren(beheerder, c.id, c.versie)


def bench_data(url: str, label: str) -> None:
    print(f"\n== Beheer-store ({label}) ==")
    data, _ = load_register(REPO / "data")
    store = Store.open(url, registry=registry_at(data))
    t = time.perf_counter()
    vul(store, store.registry)
    report(f"10.000 aanvullingen schrijven ({label})", f"{time.perf_counter() - t:.1f} s")

    l0 = best_of(lambda: registry_at(load_register(REPO / "data")[0]), repeat=3)

    def vergeet_publicatie() -> None:
        """As in a store that keeps no prepared publication (one written before migration
        0003, or whose kept row failed to write): the first reader prepares it."""
        with store.engine.begin() as c:
            c.exec_driver_sql("DELETE FROM publicatie")

    def met_store(bewaard: bool = True):
        """A cold process: nothing of the store read or prepared in memory; the store keeps
        the prepared publication (``bewaard``, as after every change: the change prepares
        and keeps it) or does not."""
        publiceren._VOORBEREID.clear()
        if not bewaard:
            vergeet_publicatie()
        data_ = load_register(REPO / "data")[0]
        return registry_at(register_met_aanvullingen(data_, Store.open(url).publicatie()))

    l2 = best_of(lambda: met_store(bewaard=False), repeat=3)
    l1 = best_of(met_store, repeat=3)
    merged = met_store()
    report("laden zonder store (load_register + registry_at)", f"{l0 * 1000:.0f} ms")
    report(f"laden met store, koud proces ({label}, bewaarde publicatie)", f"{l1 * 1000:.0f} ms")
    report("  met / zonder store (onderdeel van de app-lading)", f"{l1 / l0:.2f}×")
    report("laden met store, zonder bewaarde publicatie", f"{l2 * 1000:.0f} ms")
    report("  met / zonder store (eenmaal, als niets bewaard is)", f"{l2 / l0:.2f}×")
    t_goed = best_of(lambda: keur_goed(store), repeat=3)
    report(
        "een goedkeuring (incl. de publicatie voorbereiden en bewaren)", f"{t_goed * 1000:.0f} ms"
    )
    report(
        "  samenwerkingen zonder → met aanvullingen",
        f"{len(registry_at(data).samenwerkingen)} → {len(merged.samenwerkingen)}",
    )
    g = store.goedgekeurd()
    t_lees = best_of(lambda: Store.open(url).goedgekeurd(), repeat=3)
    t_prep = best_of(lambda: publiceren._voorbereiden(g), repeat=3)

    def bewaarde():
        publiceren._VOORBEREID.clear()
        return Store.open(url).publicatie()

    t_bewaard = best_of(bewaarde, repeat=3)
    t_merge = best_of(lambda: register_met_aanvullingen(data, g), repeat=3)
    merged_data = register_met_aanvullingen(data, g)
    report("  waarvan goedgekeurd() lezen (nieuw Store-object)", f"{t_lees * 1000:.0f} ms")
    report("  waarvan voorbereiden (eenmaal per publicatiestand)", f"{t_prep * 1000:.0f} ms")
    report("  of: de bewaarde publicatie lezen (koud proces)", f"{t_bewaard * 1000:.0f} ms")
    report("  waarvan samenvoegen in de registerdata (eenmaal)", f"{t_merge * 1000:.0f} ms")
    report(
        "goedgekeurd() opnieuw, niets veranderd (cache)",
        f"{best_of(store.goedgekeurd, 5) * 1000:.1f} ms",
    )

    dates = iter(["2021-07-01", "2023-01-01", "2024-06-30", "2025-01-01", "2022-02-02"] * 4)
    r0 = best_of(lambda: registry_at(data, next(dates)), repeat=5)
    r1 = best_of(lambda: registry_at(merged_data, next(dates)), repeat=5)
    report("andere peildatum zonder store", f"{r0 * 1000:.0f} ms")
    report("andere peildatum met store (registry_at, samengevoegd)", f"{r1 * 1000:.0f} ms")
    report("  met / zonder store (onderdeel van een rerun)", f"{r1 / r0:.2f}×")
    k = best_of(store.publicatie_sleutel, repeat=10)
    report("controle per rerun: publicatie_sleutel()", f"{k * 1000:.1f} ms", "≤ 20 ms", k <= 0.02)


def bench_app(url: str) -> None:
    """AppTest: the app without a store against the app configured on the store
    (``KAARTVIEWER_DATABASE_URL``, the way a deployment runs it). Every round starts cold:
    Streamlit's caches and the in-process publication are cleared (as in a fresh app
    process), so the first run reads the kept publication and merges all 10,000
    aanvullingen. The store is measured as it is after a change approved through another
    process (the approval prepared and kept the publication), and — a figure without a
    target — with no kept publication at all (as right after an upgrade to migration 0003).
    Three interleaved rounds per side; the best counts."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import kaartviewer.ui.beheer_store as ui_store
    from kaartviewer.beheer.db import ENV_VAR
    from kaartviewer.ui import keys

    configured = ui_store.geconfigureerd
    elders = Store.open(url, registry=registry_at(load_register(REPO / "data")[0]))

    def meet(met_store: bool, toestand: str = "bewaard") -> tuple[float, float, float]:
        os.environ[ENV_VAR] = url
        if toestand == "na_wijziging":  # approved through another process just now
            keur_goed(elders)
            rij = elders.publicatie_sleutel().partition(":")[2]
            with elders.engine.begin() as c:
                kept = c.exec_driver_sql("SELECT sleutel FROM publicatie").scalars().all()
            assert kept == [rij], "de goedkeuring bewaarde de publicatie niet"
        elif toestand == "niets_bewaard":
            with elders.engine.begin() as c:
                c.exec_driver_sql("DELETE FROM publicatie")
        # Without: as if no store existed (the default file may exist on this machine).
        ui_store.geconfigureerd = configured if met_store else (lambda: False)
        st.cache_data.clear()
        st.cache_resource.clear()
        publiceren._VOORBEREID.clear()
        # What an approval in *this* process left for the collector is not the app's cost
        # (another process approved); every side starts from a collected heap.
        gc.collect()
        t = time.perf_counter()
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300).run()
        first = time.perf_counter() - t
        assert not at.exception, at.exception
        # The store really was (or was not) read and merged in this run.
        assert bool(publiceren._VOORBEREID) == met_store, "store niet (of juist wel) gebruikt"
        filters, peildata = [], []
        for value in (["afval"], ["gezondheid", "veiligheid"], [], ["werk_inkomen"]):
            at.sidebar.multiselect(key="f_onderwerp").set_value(value)
            t = time.perf_counter()
            at.run()
            filters.append(time.perf_counter() - t)
        import datetime as dt

        for day in ("2021-07-01", "2024-06-30", "2023-01-01"):
            at.sidebar.date_input(key=keys.PEILDATUM).set_value(dt.date.fromisoformat(day))
            t = time.perf_counter()
            at.run()
            peildata.append(time.perf_counter() - t)
        return first, statistics.median(filters), statistics.median(peildata)

    print("\n== App (AppTest) ==")
    oud = os.environ.get(ENV_VAR)
    try:
        meet(False)  # warm-up: imports and first-use costs count for neither side
        meet(True)
        zonder, met, na_wijziging, niets = [], [], [], []
        for _ in range(3):
            zonder.append(meet(False))
            met.append(meet(True))
            na_wijziging.append(meet(True, "na_wijziging"))
            niets.append(meet(True, "niets_bewaard"))
    finally:
        ui_store.geconfigureerd = configured
        if oud is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = oud

    def beste(rondes, i):
        return min(r[i] for r in rondes)

    f0, f1, f3 = beste(zonder, 0), beste(met, 0), beste(na_wijziging, 0)
    f4 = beste(niets, 0)
    report("eerste run zonder store (beste van 3)", f"{f0:.2f} s")
    report("eerste run met store (10.000 aanvullingen, koud proces)", f"{f1:.2f} s")
    report("  met / zonder store", f"{f1 / f0:.2f}×", "≤ 1,5×", f1 / f0 <= 1.5)
    report("eerste run met store, na een wijziging in een ander proces", f"{f3:.2f} s")
    report("  met / zonder store", f"{f3 / f0:.2f}×", "≤ 1,5×", f3 / f0 <= 1.5)
    report("eerste run met store zonder bewaarde publicatie", f"{f4:.2f} s")
    report("  met / zonder store (eenmaal, na een upgrade)", f"{f4 / f0:.2f}×")
    for i, wat in ((1, "rerun na een filterwijziging"), (2, "rerun na een nieuwe peildatum")):
        r0, r1 = beste(zonder, i), beste(met, i)
        report(f"{wat}, zonder store (mediaan)", f"{r0 * 1000:.0f} ms")
        report(f"{wat}, met store (mediaan)", f"{r1 * 1000:.0f} ms")
        report("  met / zonder store", f"{r1 / r0:.2f}×", "≤ 1,5×", r1 / r0 <= 1.5)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--pg", metavar="URL", help="ook op deze (lege) PostgreSQL-database")
    p.add_argument("--skip-app", action="store_true", help="sla de app-meting over")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite:///{d}/beheer.sqlite"
        bench_data(url, "SQLite")
        if args.pg:
            bench_data(args.pg, "PostgreSQL")
        if not args.skip_app:
            bench_app(url)
        db.dispose()
    failed = [r for r in RESULTS if r[3] is False]
    print(f"\n{len(failed)} doel(en) niet gehaald" if failed else "\nAlle doelen gehaald")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
