"""Approved aanvullingen merged into today's register data *before* a peildatum is chosen
(``publiceren.register_met_aanvullingen``), on the hand-made timeline of
tests/fixtures.py (``register_tijdlijn``):

    S1 Afvalschap Noord   v11 2015-01-01 – 2022-01-01  RZM  A, B (+ Provincie Noordland)
                          v12 2022-01-01 –             OL   A, B, C
    S2 Oude regeling      v21 2010-01-01 – 2020-07-01  OL   A, D           (ended)
    S3 GGD-regio Zuid     no versions (a CBS regio)          C, D
    S4 Nieuwe BVO         v41 2023-05-01 –             BVO  B, C

The records are made here, not by a store (tests/test_beheer.py covers the store)."""

from __future__ import annotations

import datetime as dt

import pandas.testing as pdt
import pytest
from fixtures import register_tijdlijn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaartviewer.beheer import publiceren
from kaartviewer.beheer.publiceren import met_aanvullingen, register_met_aanvullingen
from kaartviewer.beheer.service import Aanvulling, GoedgekeurdeAanvullingen
from kaartviewer.register import registry_at

A, B, C, D = "GM0001", "GM0002", "GM0004", "GM0006"
GOEDGEKEURD = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _a(i: int, soort: str, sid: str, inhoud: dict) -> Aanvulling:
    return Aanvulling(
        i, soort, sid, "goedgekeurd", 2, inhoud, inhoud, (), "bron", "", "Rita Redacteur",
        GOEDGEKEURD, "Bea", GOEDGEKEURD, "Bea", GOEDGEKEURD,
    )  # fmt: skip


def _correctie(i: int, sid: str, veld: str, waarde) -> Aanvulling:
    return _a(i, "correctie", sid, {"veld": veld, "waarde": waarde, "oud": None})


def _netwerk(i: int, start: str, einde: str, leden: list[str], partner: str = "") -> Aanvulling:
    deelnemers = [{"type": "gemeente", "gemeentecode": c} for c in leden]
    if partner:
        deelnemers.append({"type": "maatschappelijk", "naam": partner})
    velden = {"naam": f"Netwerk {i}", "onderwerp": "economie", "vorm": "regio_deal",
              "fase": "uitvoering", "start": start, "einde": einde, "website": ""}  # fmt: skip
    return _a(i, "samenwerking", f"aanvulling-{i}", {"velden": velden, "deelnemers": deelnemers})


def _goedgekeurd(*records: Aanvulling) -> GoedgekeurdeAanvullingen:
    return GoedgekeurdeAanvullingen(
        samenwerkingen=tuple(r for r in records if r.soort == "samenwerking"),
        correcties=tuple(r for r in records if r.soort == "correctie"),
        bestuurders=tuple(r for r in records if r.soort == "bestuurder"),
        aantal=len(records),
    )


def _leden(reg, sid: str) -> set[str]:
    lid = reg.lidmaatschappen
    return set(lid.loc[lid["samenwerking"] == sid, "gemeentecode"])


@pytest.fixture(scope="module")
def data():
    return register_tijdlijn()


def test_corrected_naam_and_vorm_hold_for_every_version(data):
    m = register_met_aanvullingen(
        data,
        _goedgekeurd(
            _correctie(1, "S1", "naam", "Afvalschap Noord-Oost"),
            _correctie(2, "S1", "juridische_vorm", "gemeenschappelijk_orgaan"),
        ),
    )
    for p in ("2019-01-01", "2026-05-16"):  # v11 and v12
        s1 = registry_at(m, p).samenwerkingen.loc["S1"]
        assert (s1["naam"], s1["titel"]) == ("Afvalschap Noord-Oost", "Afvalschap Noord-Oost")
        assert s1["juridische_vorm"] == "gemeenschappelijk_orgaan"
        assert s1["juridische_vorm_herkomst"] == "handmatig"
        assert s1["aanvulling_herkomst"] == (
            "naam: aanvulling door Rita Redacteur, 2026-03-02; "
            "juridische_vorm: aanvulling door Rita Redacteur, 2026-03-02"
        )
    # The version in force still decides roo_id.
    assert registry_at(m, "2019-01-01").samenwerkingen.at["S1", "roo_id"] == "11"


def test_deelnemers_added_and_removed_in_every_version(data):
    m = register_met_aanvullingen(
        data,
        _goedgekeurd(
            _correctie(1, "S1", "deelnemer_toevoegen", {"type": "gemeente", "gemeentecode": D}),
            _correctie(2, "S1", "deelnemer_verwijderen", {"type": "gemeente", "gemeentecode": A}),
            _correctie(
                3,
                "S1",
                "deelnemer_verwijderen",
                {"type": "provincie", "naam": "Provincie Noordland"},
            ),
            _correctie(4, "S4", "deelnemer_toevoegen", {"type": "waterschap", "naam": "Wetterskip"}),
            # Not one of today's gemeenten: left out, not an error.
            _correctie(5, "S4", "deelnemer_toevoegen", {"type": "gemeente", "gemeentecode": "GM9999"}),
        ),
    )  # fmt: skip
    r2019, nu = registry_at(m, "2019-01-01"), registry_at(m, "2026-05-16")
    assert _leden(r2019, "S1") == {B, D}  # v11 was A, B
    assert _leden(nu, "S1") == {B, C, D}  # v12 was A, B, C
    assert nu.samenwerkingen.at["S1", "deelnemers"] == f"{B};{C};{D}"
    assert nu.samenwerkingen.at["S1", "n_deelnemers"] == 3
    assert r2019.overige_van("S1").empty  # the provincie was removed
    assert list(nu.overige_van("S4")["naam"]) == ["Wetterskip"]
    assert _leden(nu, "S4") == {B, C}
    # The source data is not changed.
    assert _leden(registry_at(data, "2019-01-01"), "S1") == {A, B}


def test_own_start_and_einde_decide_the_peildata(data):
    m = register_met_aanvullingen(
        data,
        _goedgekeurd(
            _correctie(1, "S4", "einde", "2025-01-01"),
            _correctie(2, "S3", "start", "2020-01-01"),  # a regio without versions
            _netwerk(3, "2024-01-01", "2026-01-01", [A, C, "GM9999"], partner="Kamer van K"),
        ),
    )
    aanwezig = {p: set(registry_at(m, p).samenwerkingen.index) for p in
                ("2019-06-01", "2023-12-31", "2024-06-01", "2025-01-01", "2026-05-16")}  # fmt: skip
    assert aanwezig["2019-06-01"] == {"S1", "S2"}  # S3 not yet (own start)
    assert aanwezig["2023-12-31"] == {"S1", "S3", "S4"}
    assert aanwezig["2024-06-01"] == {"S1", "S3", "S4", "aanvulling-3"}
    assert aanwezig["2025-01-01"] == {"S1", "S3", "aanvulling-3"}  # einde is exclusive
    assert aanwezig["2026-05-16"] == {"S1", "S3"}
    reg = registry_at(m, "2024-06-01")
    nieuw = reg.samenwerkingen.loc["aanvulling-3"]
    assert _leden(reg, "aanvulling-3") == {A, C}
    assert list(reg.overige_van("aanvulling-3")["naam"]) == ["Kamer van K"]
    assert (nieuw["bron"], nieuw["peildatum"], nieuw["titel"]) == (
        "Aanvulling",
        "2026-03-02",
        "Netwerk 3",
    )
    assert nieuw["aanvulling_herkomst"] == "aanvulling door Rita Redacteur, 2026-03-02"
    assert reg.meta["aanvullingen"]["aantal"] == 3


def test_a_samenwerking_without_gemeenten_leaves_the_registry(data):
    weg = [
        _correctie(i, "S3", "deelnemer_verwijderen", {"type": "gemeente", "gemeentecode": c})
        for i, c in ((1, C), (2, D))
    ]
    reg = registry_at(register_met_aanvullingen(data, _goedgekeurd(*weg)), "2026-05-16")
    assert "S3" not in reg.samenwerkingen.index and reg.meta["zonder_gemeente"] == 1


# --- the two ways in agree -------------------------------------------------------------------------


def _gelijk(a, b) -> None:
    kol = sorted(set(a.samenwerkingen.columns) | set(b.samenwerkingen.columns))
    pdt.assert_frame_equal(
        a.samenwerkingen.reindex(columns=kol).astype(object).fillna(""),
        b.samenwerkingen.reindex(columns=kol).astype(object).fillna(""),
        check_dtype=False,
    )
    pdt.assert_frame_equal(a.lidmaatschappen, b.lidmaatschappen, check_dtype=False)
    pdt.assert_frame_equal(a.overige, b.overige, check_dtype=False)


datums = st.dates(dt.date(2009, 1, 1), dt.date(2026, 5, 16)).map(dt.date.isoformat)
codes = st.sampled_from([A, B, C, D, "GM9999"])
correcties = st.one_of(
    st.tuples(st.just("onderwerp"), st.sampled_from(["afval", "economie", "gezondheid"])),
    st.tuples(st.just("naam"), st.sampled_from(["Nieuwe naam", "<b>Naam</b>"])),
    st.tuples(st.just("juridische_vorm"), st.sampled_from(["openbaar_lichaam", "netwerk"])),
    st.tuples(st.just("fase"), st.sampled_from(["uitvoering", "beeindigd"])),
    st.tuples(st.sampled_from(["start", "einde"]), datums),
    st.tuples(
        st.sampled_from(["deelnemer_toevoegen", "deelnemer_verwijderen"]),
        st.one_of(
            codes.map(lambda c: {"type": "gemeente", "gemeentecode": c}),
            st.sampled_from(["Provincie Noordland", "Wetterskip"]).map(
                lambda n: {"type": "provincie", "naam": n}
            ),
        ),
    ),
)
records = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["S1", "S2", "S3", "S4"]), correcties),
        st.tuples(
            st.just("nieuw"),
            st.tuples(
                datums, st.one_of(st.just(""), datums), st.lists(codes, min_size=1, max_size=3)
            ),
        ),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=records, peildatum=datums)
def test_merged_data_at_a_peildatum_equals_the_merged_registry_of_that_day(
    data, records, peildatum
):
    """``registry_at(register_met_aanvullingen(data, g), p)`` (the app: merged once, any
    peildatum after) is ``met_aanvullingen(registry_at(data, p), g)`` (the registry of one
    day, merged: the CLI and the export) for any aanvullingen and any peildatum."""
    rs = []
    for i, (sid, x) in enumerate(records, start=1):
        if sid == "nieuw":
            start, einde, leden = x
            rs.append(_netwerk(i, start, einde, leden))
        else:
            rs.append(_correctie(i, sid, *x))
    g = _goedgekeurd(*rs)
    publiceren._VOORBEREID.clear()
    _gelijk(
        registry_at(register_met_aanvullingen(data, g), peildatum),
        met_aanvullingen(registry_at(data, peildatum), g),
    )


@settings(max_examples=40, deadline=None)
@given(peildatum=st.dates(dt.date(1990, 1, 1), dt.date(2026, 5, 16)).map(dt.date.isoformat))
def test_a_registry_without_aanvullingen_comes_back_unchanged(data, peildatum):
    reg = registry_at(data, peildatum)
    terug = met_aanvullingen(reg, _goedgekeurd())
    _gelijk(reg, terug)
    assert set(terug.samenwerkingen.columns) >= set(reg.samenwerkingen.columns)


def test_shipped_registry_round_trips(shipped):
    shipped = shipped[0]
    terug = met_aanvullingen(shipped, _goedgekeurd())
    cols = list(shipped.samenwerkingen.columns)
    pdt.assert_frame_equal(terug.samenwerkingen[cols], shipped.samenwerkingen, check_dtype=False)
    pdt.assert_frame_equal(terug.lidmaatschappen, shipped.lidmaatschappen, check_dtype=False)
    pdt.assert_frame_equal(terug.overige, shipped.overige, check_dtype=False)
    assert (terug.samenwerkingen["aanvulling_herkomst"] == "").all()


def test_registry_at_keeps_its_lookup_per_data_only(data):
    """The per-data lookup is not shared by a copy with other tables (``replace``)."""
    import dataclasses

    registry_at(data, "2026-05-16")
    kleiner = dataclasses.replace(
        data, deelnemers=data.deelnemers[data.deelnemers["samenwerking"] != "S3"]
    )
    assert "S3" not in registry_at(kleiner, "2026-05-16").samenwerkingen.index
    assert "S3" in registry_at(data, "2026-05-16").samenwerkingen.index
