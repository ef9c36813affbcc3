"""Registry queries on the fixture (see tests/fixtures.py)."""

import pytest

from kaartviewer.registry import NotFound


def test_samenwerkingen_van(registry):
    df = registry.samenwerkingen_van("GM0002")
    assert set(df.index) == {"s1", "s2", "s5"}
    assert dict(zip(df.index, df["partners"], strict=True)) == {"s1": 2, "s2": 1, "s5": 1}


def test_deelnemers_van(registry):
    assert list(registry.deelnemers_van("s5")["gemeentenaam"]) == ["Bergen (NH.)", "Bergen (L.)"]


def test_filters(registry):
    assert set(registry.filter(onderwerp=["afval"]).samenwerkingen.index) == {"s1", "s4"}
    assert set(registry.filter(vorm=["wgr_onbekend"]).samenwerkingen.index) == {"s2", "s4"}
    assert set(registry.filter(samenwerking_soort=["netwerk"]).samenwerkingen.index) == {"s3", "s5"}
    # s5 has Bergen (L.) in Zuidland, so it counts for PV02 as well.
    assert set(registry.filter(provincie=["PV02"]).samenwerkingen.index) == {"s3", "s4", "s5"}
    both = registry.filter(onderwerp=["afval"], provincie=["PV01"])
    assert set(both.samenwerkingen.index) == {"s1"}
    assert set(both.lidmaatschappen["samenwerking"]) == {"s1"}
    assert registry.filter(onderwerp=[]).samenwerkingen.shape == registry.samenwerkingen.shape


def test_memberships_per_gemeente(registry):
    per = registry.memberships_per_gemeente()
    assert per.to_dict() == {
        "GM0001": 2,
        "GM0002": 3,
        "GM0003": 3,
        "GM0004": 2,
        "GM0005": 1,
        "GM0006": 2,
    }


def test_find_gemeente(registry):
    assert registry.find_gemeente("GM0004") == "GM0004"
    assert registry.find_gemeente("4") == "GM0004"
    assert registry.find_gemeente("sudwest fryslan") == "GM0005"
    assert registry.find_gemeente("Bergen (L.)") == "GM0003"
    with pytest.raises(NotFound) as exc:
        registry.find_gemeente("Bergen")
    assert set(exc.value.suggestions) == {"Bergen (NH.)", "Bergen (L.)"}
    with pytest.raises(NotFound) as exc:
        registry.find_gemeente("Gama")
    assert exc.value.suggestions[0] == "Gamma"


def test_find_samenwerking_and_search(registry):
    assert registry.find_samenwerking("s3") == "s3"
    assert registry.find_samenwerking("ggd zuid") == "s3"
    assert registry.find_samenwerking("Belasting") == "s2"  # unique substring
    with pytest.raises(NotFound) as exc:
        registry.find_samenwerking("Afval")  # two arrangements contain it
    assert set(exc.value.suggestions) == {"Afval Noord", "Afval Zuid"}
    hits = registry.search("FRYSLAN")
    assert hits[0] == {"type": "gemeente", "id": "GM0005", "naam": "Súdwest-Fryslân"}
    # substring hits, shorter names first: "Afval Zuid" (10) before "Afval Noord" (11)
    assert [h["id"] for h in registry.search("afval")] == ["s4", "s1"]
    assert registry.search("Gama")[0]["id"] == "GM0004"  # close match
    assert registry.search("") == []


def test_stats(registry):
    st = registry.stats()
    assert st["samenwerkingen"] == 5 and st["lidmaatschappen"] == 13
    m = st["lidmaatschappen_per_gemeente"]
    assert m["gemiddeld"] == round(13 / 6, 2) and m["mediaan"] == 2.0 and m["maximum"] == 3
    assert st["per_onderwerp"]["afval"] == 2
