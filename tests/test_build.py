"""The pipeline end to end on the miniature sources, and on the real ones when present."""

import csv
import filecmp
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, SHARED_BRONNEN

from kaartviewer.load import load
from kaartviewer.pipeline import build_data


def read_rows(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        return {r["naam"]: r for r in csv.DictReader(fh)}


def test_build_fixture(bronnen, tmp_path):
    out = tmp_path / "out"
    report = build_data(bronnen, out)
    rows = read_rows(out / "2016" / "samenwerkingen.csv")
    # Same-name rows collapse ("Samenwerking Oud (SO)" + "Samenwerking Oud"),
    # Oudedorp resolves to Alfa, so the arrangement has one member: one gemeente and nothing
    # else is no samenwerking, left out and reported.
    assert "Samenwerking Oud (SO)" not in rows
    (oud,) = [x for x in report.left_out if x.get("samenwerking") == "Samenwerking Oud (SO)"]
    assert oud["gemeente"] == "GM0001" and oud["reden"].startswith("één gemeente")
    afval = rows["Afvalschap Noord"]
    assert afval["deelnemers"] == "GM0001;GM0002;GM0005"  # Bergen → NH by provincie; mojibake fixed
    assert (
        afval["overige_deelnemers"]
        == "provincie:Provincie Noordland;waterschap:Waterschap Noorderzijl"
    )
    assert afval["onderwerp"] == "afval" and afval["onderwerp_herkomst"] == "regel"
    split = rows["Openbaar lichaam Splitwerk"]
    assert split["deelnemers"] == "GM0004;GM0006"
    assert split["juridische_vorm"] == "openbaar_lichaam"
    assert "buitenland:Emden (Duitsland)" in split["overige_deelnemers"]
    # The OpenGR "GGD Zuid" and the RegioAtlas region "GGD Zuid" are one body, merged.
    ggd = rows["GGD Zuid"]
    assert ggd["bron"] == "OpenGR 2016; RegioAtlas 2016"
    assert ggd["regio_indeling"] == "ggd:GGD Zuid"
    assert ggd["deelnemers"] == "GM0003;GM0004;GM0006"
    assert ggd["regio_indeling"] == "ggd:GGD Zuid"  # not the veiligheidsregio with its members
    assert "GGD Noord" in rows and rows["GGD Noord"]["bron"] == "RegioAtlas 2016"
    vr_zuid = rows["Veiligheidsregio Zuid"]
    assert vr_zuid["bron"] == "RegioAtlas 2016" and vr_zuid["deelnemers"] == ggd["deelnemers"]
    # The OpenGR veiligheidsregio listed Gamma (of VR Zuid): by law it has the gemeenten of
    # its region; Gamma is dropped, Súdwest-Fryslân added, and the two records are one body.
    vr = rows["Veiligheidsregio Noord"]
    assert vr["deelnemers"] == "GM0001;GM0002;GM0005"
    assert vr["regio_indeling"] == "veiligheidsregio:Noord"
    assert vr["juridische_vorm"] == "openbaar_lichaam"
    (w,) = report.wettelijk
    assert [x.split()[0] for x in w["weggelaten"]] == ["GM0004"] and "Zuid" in w["weggelaten"][0]
    assert [x.split()[0] for x in w["toegevoegd"]] == ["GM0005"]
    # One SW-bedrijf under two names ("… (Promenade)" in OpenGR, "Promenade" in RegioAtlas).
    sw = rows["Werkvoorzieningschap Zuidland (Promenade)"]
    assert sw["bron"] == "OpenGR 2016; RegioAtlas 2016"
    assert sw["regio_indeling"] == "sociale_werkvoorziening:Promenade"
    assert sw["juridische_vorm"] == "wgr_onbekend"  # OpenGR: a Wgr-regeling
    assert not any("Promenade" in n for n in rows if n != sw["naam"])
    assert {lk["bewijs"] for lk in report.links} <= {"naam_gelijk", "familie_naam"}
    # A region of one gemeente is no samenwerking.
    assert "Sociale werkvoorziening Eenling" not in rows
    # The status in a name: kept as history, marked ended, stripped from the name.
    oud_schap = rows["Oud Schap"]
    assert oud_schap["status"] == "in_liquidatie"
    assert oud_schap["deelnemers"] == "GM0001;GM0005"
    assert set(oud_schap["bron_namen"].split(" | ")) == {"Oud Schap (in liquidatie)", "Oud Schap"}
    assert [x["status"] for x in report.statussen] == ["in_liquidatie"]
    assert {r["status"] for n, r in rows.items() if n != "Oud Schap"} == {"actief"}
    # One gemeente with a provincie is a samenwerking (not between gemeenten): kept, listed.
    assert rows["Recreatieschap Delta"]["deelnemers"] == "GM0006"
    assert [x["samenwerking"] for x in report.een_gemeente] == ["Recreatieschap Delta"]
    # Nothing silently dropped: unresolved participant and the gemeente-less arrangement.
    assert [u["deelnemer"] for u in report.unresolved] == ["Onbekendheim"]
    assert any(x.get("samenwerking") == "Waterschapslab" for x in report.left_out)
    s = report.summary()
    # 18 municipal rows (Afvalschap: Alfa, Bergen, SWF; GGD: Gamma, Delta, Bergen;
    # Oud: Oudedorp, Alfa; Splitwerk: Splitdorp, Onbekendheim; VR Noord: 3; Promenade: 2;
    # Oud Schap: 2; Recreatieschap: 1) of which 17 resolved.
    assert s["aantallen"]["opengr_rijen_gemeentelijk"] == 18
    assert s["opgelost_aandeel_gemeentelijke_rijen"] == round(17 / 18, 4)
    assert s["statussen"] == {"in_liquidatie": 1, "opgeheven": 0, "opgegaan": 0}
    # Reference indelingen are kept for analysis, not turned into arrangements.
    with (out / "2016" / "indelingen.csv").open(encoding="utf-8") as fh:
        ind = list(csv.DictReader(fh))
    assert {r["regio_indeling"] for r in ind} == {
        "ggd",
        "provincie",
        "veiligheidsregio",
        "sociale_werkvoorziening",
    }
    assert not any(r["naam"].startswith("Noordland") for r in rows.values())
    # The built data loads without errors, on 2016 and on 2025 gemeenten.
    reg, rep = load(out, laag="2016")
    assert rep.ok and len(reg.samenwerkingen) == len(rows)
    assert reg.samenwerkingen.at["gr-oud-schap", "status"] == "in_liquidatie"
    reg25, rep25 = load(out, "2025", laag="2016")
    assert rep25.ok and len(reg25.gemeenten) == 5
    afval25 = reg25.deelnemers_van(reg.find_samenwerking("Afvalschap Noord"))
    assert list(afval25.index) == ["GM0005", "GM0100"]  # Alfa + Bergen (NH.) → Alfabergen
    ggd25 = reg25.indelingen[reg25.indelingen["regio_indeling"] == "ggd"]
    assert dict(zip(ggd25["gemeentecode"], ggd25["regio"], strict=True))["GM0100"] == "GGD Noord"


def test_build_today_from_the_register(bronnen, tmp_path):
    """Today's layer: register chains with versions, merged codes mapped with provenance,
    the CBS GGD-regio linked to the GR of the same GGD, the other regions on their own."""
    out = tmp_path / "out"
    report = build_data(bronnen, out)
    rows = read_rows(out / "samenwerkingen.csv")
    afval = rows["Afvalschap Noord"]
    assert afval["id"] == "roo-1001" and afval["roo_ids"] == "1001;1002"
    assert afval["roo_id"] == "1002" and afval["deelnemers"] == "GM0005;GM0100"
    assert afval["juridische_vorm"] == "openbaar_lichaam" and afval["bron"].startswith(
        "GR-register"
    )
    ggd = rows["GGD Zuid"]
    assert ggd["regio_indeling"] == "ggd:GGD Zuid" and ggd["bron"].endswith("CBS 2025")
    assert rows["GGD Noord"]["bron"] == "CBS 2025" and rows["GGD Noord"]["roo_id"] == ""
    with (out / "versies.csv").open(encoding="utf-8") as fh:
        versies = {r["roo_id"]: r for r in csv.DictReader(fh)}
    assert versies["1001"]["geldig_tot"] == "2022-01-01" and versies["1002"]["geldig_tot"] == ""
    assert report.actueel["aantallen"]["koppelingen_cbs_register"] == 1
    assert report.wijzigingen is None  # nothing was there before
    # Today's registry on two peildata: before 2022 Alfabergen sat there via Alfa and Bergen.
    now, rep = load(out)
    assert rep.ok and now.meta["peildatum"] == "2026-05-16"
    lid = now.lidmaatschappen.set_index(["samenwerking", "gemeentecode"])
    assert lid.at[("roo-1001", "GM0100"), "via"] == ""
    before, _ = load(out, peildatum="2020-06-01")
    lid = before.lidmaatschappen.set_index(["samenwerking", "gemeentecode"])
    assert set(lid.at[("roo-1001", "GM0100"), "via"].split(", ")) == {"Alfa", "Bergen (NH.)"}
    assert before.meta["register_onvolledig"] is True
    # A second build over the first reports what changed: nothing.
    again = build_data(bronnen, out)
    assert again.wijzigingen["aantallen"]["nieuw"] == 0
    assert "Wijzigingen ten opzichte van de vorige data" in (out / "bouwrapport.md").read_text(
        encoding="utf-8"
    )


def test_build_needs_the_register(bronnen, tmp_path):
    shutil.rmtree(bronnen / "roo")
    with pytest.raises(FileNotFoundError, match="roo"):
        build_data(bronnen, tmp_path / "out")


def test_build_is_deterministic(bronnen, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build_data(bronnen, a)
    build_data(bronnen, b)
    names = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    assert "2016/herindeling_2016_2025.csv" in names and "versies.csv" in names
    assert names == sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_build_missing_sources_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="bronbestand ontbreekt"):
        build_data(tmp_path / "leeg", tmp_path / "out")


real = pytest.mark.skipif(
    not SHARED_BRONNEN.exists(),
    reason="../shared/data/bronnen ontbreekt (alleen bij maintainers/CI)",
)


@real
@pytest.mark.shipped_data
def test_shipped_data_is_what_the_pipeline_builds(tmp_path):
    """data/ in git equals a rebuild over itself: nobody hand-edited the shipped files, and
    rebuilding on the same sources reports no change (the report compares with what was
    there)."""
    out = tmp_path / "data"
    shutil.copytree(REPO / "data", out)
    build_data(SHARED_BRONNEN, out)
    built = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    shipped = sorted(
        str(p.relative_to(REPO / "data"))
        for p in (REPO / "data").rglob("*")
        if p.is_file() and p.name != "__init__.py"
    )
    assert built == shipped
    for name in built:
        assert filecmp.cmp(out / name, REPO / "data" / name, shallow=False), (
            f"data/{name} wijkt af van een nieuwe build: draai 'kaartviewer build-data'"
        )
    report = json.loads((out / "bouwrapport.json").read_text(encoding="utf-8"))
    assert report["wijzigingen"]["aantallen"] == dict.fromkeys(
        ["nieuw", "beeindigd", "gewijzigd", "lidmaatschappen_bij", "lidmaatschappen_af"], 0
    )


@pytest.mark.shipped_data
def test_shipped_data_acceptance(shipped):
    """Today's registry: the register's snapshot, today's 342 gemeenten, every register
    samenwerking with a stated form, the CBS network regions next to them."""
    reg, report = shipped
    assert report.ok and report.balanced()
    st = reg.stats()
    assert st["gemeenten"] == st["gemeenten_met_geometrie"] == 342
    r = st["register"]
    assert r["snapshot"] == r["peildatum"] == "2026-05-16" and not r["onvolledig_voor_1_juli_2021"]
    assert r["samenwerkingen"] >= 400
    assert not {"onbekend", "wgr_onbekend"} & set(r["per_juridische_vorm"])
    assert st["per_bron"]["CBS 2025"] > 100
    assert (reg.memberships_per_gemeente() > 0).all()


@pytest.mark.shipped_data
def test_shipped_2016_layer_acceptance():
    reg, report = load(REPO / "data", laag="2016")
    assert report.ok and report.balanced()
    st = reg.stats()
    assert st["gemeenten"] == st["gemeenten_met_geometrie"] == 390
    assert st["samenwerkingen_opengr"] >= 400
    assert st["samenwerkingen_alleen_regioatlas"] > 0
    assert st["dekking"]["opgelost_aandeel_gemeentelijke_rijen"] >= 0.995
    meta = json.loads((REPO / "data" / "bouwrapport.json").read_text(encoding="utf-8"))
    assert meta["overig_aandeel"] <= 0.15
    assert (REPO / "data" / "2016" / "gemeenten.geojson").stat().st_size < 1_000_000


@pytest.mark.parametrize(
    "raw,naam,status",
    [
        ("Streekraad Oost-Groningen (in liquidatie)", "Streekraad Oost-Groningen", "in_liquidatie"),
        ("Servicebureau | Gemeenten (opgeheven)", "Servicebureau | Gemeenten", "opgeheven"),
        (
            "Samenwerkingsverband Zuidlaardermeergemeenten (opgeheven per 25 januari 2016)",
            "Samenwerkingsverband Zuidlaardermeergemeenten",
            "opgeheven",
        ),
        ("WOT (TOP-Craft) (in 2016 opgeheven)", "WOT (TOP-Craft)", "opgeheven"),
        (
            "WHW-bedrijven (in 2016 opgegaan in Werk & Inkomen Hoeksche Waard)",
            "WHW-bedrijven",
            "opgegaan",
        ),
        # Not a status: kept as it is.
        ("Avri (voorheen Afvalverwijdering Rivierenland)", None, "actief"),
        ("Ferm Werk (voorheen De Sluis)", None, "actief"),
    ],
)
def test_status_from_name(raw, naam, status):
    from kaartviewer.pipeline.build import status_from_name

    got = status_from_name(raw)
    assert got[:2] == (naam or raw, status)
