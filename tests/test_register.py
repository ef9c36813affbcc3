"""Today's registry at a peildatum, and what changed, on a hand-made timeline.

Four samenwerkingen over the fixture's gemeenten (A = Alfa GM0001, B = Bergen (NH.) GM0002,
C = Gamma GM0004, D = Delta GM0006):

    S1 Afvalschap Noord   v11 2015-01-01 – 2022-01-01  RZM  A, B
                          v12 2022-01-01 –             OL   A, B, C
    S2 Oude regeling      v21 2010-01-01 – 2020-07-01  OL   A, D           (ended)
    S3 GGD-regio Zuid     no versions (a CBS regio)          C, D
    S4 Nieuwe BVO         v41 2023-05-01 –             BVO  B, C (C via merged GM0099 Oudgem)
"""

from pathlib import Path

import pytest
from fixtures import register_tijdlijn

from kaartviewer.register import (
    REGISTER_VERPLICHT_SINDS,
    PeildatumError,
    in_force,
    parse_peildatum,
    registry_at,
)
from kaartviewer.wijzigingen import koppel_lagen, vergelijk

A, B, C, D = "GM0001", "GM0002", "GM0004", "GM0006"


@pytest.fixture(scope="module")
def data():
    return register_tijdlijn()


def members(reg, sid):
    return set(reg.lidmaatschappen.loc[reg.lidmaatschappen["samenwerking"] == sid, "gemeentecode"])


def test_versions_in_force_are_half_open(data):
    v = in_force(data.versies, "2021-12-31").set_index("samenwerking")["roo_id"].to_dict()
    assert v == {"S1": "11"}  # S2 ended on 2020-07-01
    v = in_force(data.versies, "2022-01-01").set_index("samenwerking")["roo_id"].to_dict()
    assert v == {"S1": "12"}  # valid_until is the day the next version starts
    v = in_force(data.versies, "2020-06-30").set_index("samenwerking")["roo_id"].to_dict()
    assert v == {"S1": "11", "S2": "21"}


def test_registry_at_2019(data):
    reg = registry_at(data, "2019-01-01")
    assert set(reg.samenwerkingen.index) == {"S1", "S2", "S3"}
    assert members(reg, "S1") == {A, B} and members(reg, "S2") == {A, D}
    assert reg.samenwerkingen.at["S1", "juridische_vorm"] == "regeling_zonder_meer"
    assert reg.samenwerkingen.at["S1", "roo_id"] == "11"
    assert reg.samenwerkingen.at["S1", "n_deelnemers"] == 2
    assert list(reg.overige_van("S1")["naam"]) == ["Provincie Noordland"]
    assert reg.meta["register_onvolledig"] is True and reg.meta["peildatum"] == "2019-01-01"


def test_registry_at_snapshot_is_the_default(data):
    reg = registry_at(data)
    assert reg.meta["peildatum"] == "2026-05-16" and reg.meta["register_onvolledig"] is False
    assert set(reg.samenwerkingen.index) == {"S1", "S3", "S4"}
    assert members(reg, "S1") == {A, B, C} and members(reg, "S4") == {B, C}
    assert reg.samenwerkingen.at["S1", "juridische_vorm"] == "openbaar_lichaam"
    assert reg.overige_van("S1").empty  # the provincie took part in v11 only
    s4 = reg.lidmaatschappen[reg.lidmaatschappen["samenwerking"] == "S4"].set_index("gemeentecode")
    assert s4.at[C, "via"] == "Oudgem" and s4.at[C, "via_codes"] == "GM0099"
    assert s4.at[B, "via"] == "" and not s4.at[C, "deels"]
    assert reg.samenwerkingen.at["S4", "deelnemers"] == f"{B};{C}"


def test_peildatum_before_register_and_bad_dates(data):
    reg = registry_at(data, "2009-01-01")
    assert set(reg.samenwerkingen.index) == {"S3"}  # only the version-less regio
    assert REGISTER_VERPLICHT_SINDS == "2021-07-01"
    with pytest.raises(PeildatumError, match="geen datum"):
        registry_at(data, "2024-13-01")
    assert parse_peildatum(" 2024-02-29 ") == "2024-02-29"


def test_wijzigingen_between_two_peildata(data):
    w = vergelijk(registry_at(data, "2019-01-01"), registry_at(data, "2024-01-01"), "2019", "2024")
    sw = w.samenwerkingen.set_index("id")
    assert sw.at["S4", "mutatie"] == "nieuw" and sw.at["S2", "mutatie"] == "beeindigd"
    assert sw.at["S1", "mutatie"] == "gewijzigd"
    assert sw.at["S1", "wat"] == "juridische vorm, versie (roo_id), deelnemers"
    assert "S3" not in sw.index  # unchanged
    lid = {(r.samenwerking, r.gemeentecode, r.mutatie) for r in w.lidmaatschappen.itertuples()}
    assert lid == {
        ("S1", C, "bij"),
        ("S4", B, "bij"),
        ("S4", C, "bij"),
        ("S2", A, "af"),
        ("S2", D, "af"),
    }
    assert w.aantallen() == {
        "nieuw": 1,
        "beeindigd": 1,
        "gewijzigd": 1,
        "lidmaatschappen_bij": 3,
        "lidmaatschappen_af": 2,
    }
    gamma = w.voor_gemeente(C)
    assert set(gamma.lidmaatschappen["samenwerking"]) == {"S1", "S4"}
    assert set(w.voor_gemeente(A).lidmaatschappen["mutatie"]) == {"af"}


def test_koppel_lagen_matches_same_body_not_generic_names(data):
    now = registry_at(data, "2024-01-01")
    old = registry_at(data, "2019-01-01")
    # Rename the old layer's ids as another source would have them.
    from kaartviewer.registry import Registry

    ren = {"S1": "gr-afval", "S2": "gr-oud", "S3": "ra-ggd-zuid"}
    sw = old.samenwerkingen.rename(index=ren).assign(id=lambda d: d.index)
    lid = old.lidmaatschappen.assign(samenwerking=old.lidmaatschappen["samenwerking"].map(ren))
    old2 = Registry.from_tables(
        old.gemeenten.reset_index(drop=True),
        sw.reset_index(drop=True),
        lid,
        old.overige,
        old.indelingen,
        old.meta,
    )
    k = koppel_lagen(old2, now)
    # "Afvalschap Noord" ↔ "Afvalschap Noord" and the GGD by name; "Oude regeling" has no
    # counterpart, and shares no distinctive word with "Nieuwe BVO".
    assert k == {"gr-afval": "S1", "ra-ggd-zuid": "S3"}
    w = vergelijk(old2, now, "2016", "2024", koppeling=k)
    assert set(w.samenwerkingen["mutatie"]) == {"nieuw", "beeindigd", "gewijzigd"}


@pytest.mark.parametrize(
    "p", ["2009-01-01", "2019-01-01", "2021-12-31", "2022-01-01", "2026-05-16"]
)
def test_first_and_later_peildata_give_the_same_registry(p):
    """The first peildatum of a RegisterData works on its own versions' rows; later ones on
    every version prepared once and kept. Both give the same registry."""
    import pandas.testing as pdt

    warm = register_tijdlijn()
    for q in ("2015-06-01", "2020-01-01", "2026-05-16"):  # the lookup is built and kept
        registry_at(warm, q)
    assert "deelnemers" in warm.opzoek
    koud, later = registry_at(register_tijdlijn(), p), registry_at(warm, p)
    pdt.assert_frame_equal(koud.samenwerkingen, later.samenwerkingen)
    pdt.assert_frame_equal(koud.lidmaatschappen, later.lidmaatschappen)
    pdt.assert_frame_equal(koud.overige, later.overige)
    assert koud.meta == later.meta


@pytest.mark.shipped_data
def test_first_and_later_peildata_agree_on_the_shipped_register():
    import pandas.testing as pdt

    from kaartviewer.load import load_register

    repo = Path(__file__).resolve().parent.parent
    warm = load_register(repo / "data")[0]
    for p in ("2019-01-01", "2022-07-01", None):
        registry_at(warm, "2024-01-01")
        koud = registry_at(load_register(repo / "data")[0], p)
        later = registry_at(warm, p)
        pdt.assert_frame_equal(koud.samenwerkingen, later.samenwerkingen)
        pdt.assert_frame_equal(koud.lidmaatschappen, later.lidmaatschappen)
        pdt.assert_frame_equal(koud.overige, later.overige)
