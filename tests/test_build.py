"""The pipeline end to end on the miniature sources, and on the real ones when present."""

import csv
import filecmp
import json
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
    rows = read_rows(out / "samenwerkingen.csv")
    # Same-name rows collapse ("Samenwerking Oud (SO)" + "Samenwerking Oud"),
    # Oudedorp resolves to Alfa, so the arrangement has one member.
    oud = rows["Samenwerking Oud (SO)"]
    assert oud["deelnemers"] == "GM0001"
    assert set(oud["bron_namen"].split(" | ")) == {"Samenwerking Oud (SO)", "Samenwerking Oud"}
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
    assert "GGD Noord" in rows and rows["GGD Noord"]["bron"] == "RegioAtlas 2016"
    # Nothing silently dropped: unresolved participant and the gemeente-less arrangement.
    assert [u["deelnemer"] for u in report.unresolved] == ["Onbekendheim"]
    assert any(x.get("samenwerking") == "Waterschapslab" for x in report.left_out)
    s = report.summary()
    # 10 municipal rows (Afvalschap: Alfa, Bergen, SWF; GGD: Gamma, Delta, Bergen;
    # Oud: Oudedorp, Alfa; Splitwerk: Splitdorp, Onbekendheim) of which 9 resolved.
    assert s["aantallen"]["opengr_rijen_gemeentelijk"] == 10
    assert s["opgelost_aandeel_gemeentelijke_rijen"] == 0.9
    # Reference indelingen are kept for analysis, not turned into arrangements.
    with (out / "indelingen.csv").open(encoding="utf-8") as fh:
        ind = list(csv.DictReader(fh))
    assert {r["regio_indeling"] for r in ind} == {"ggd", "provincie"}
    assert not any(r["naam"].startswith("Noordland") for r in rows.values())
    # The built data loads without errors, on 2016 and on 2025 gemeenten.
    reg, rep = load(out)
    assert rep.ok and len(reg.samenwerkingen) == len(rows)
    reg25, rep25 = load(out, "2025")
    assert rep25.ok and len(reg25.gemeenten) == 5
    afval25 = reg25.deelnemers_van(reg.find_samenwerking("Afvalschap Noord"))
    assert list(afval25.index) == ["GM0005", "GM0100"]  # Alfa + Bergen (NH.) → Alfabergen
    ggd25 = reg25.indelingen[reg25.indelingen["regio_indeling"] == "ggd"]
    assert dict(zip(ggd25["gemeentecode"], ggd25["regio"], strict=True))["GM0100"] == "GGD Noord"


def test_build_without_2025_boundaries(bronnen, tmp_path):
    for f in (bronnen / "cbs").glob("*2025*"):
        f.unlink()
    report = build_data(bronnen, tmp_path / "out")
    assert not (tmp_path / "out" / "gemeenten_2025.geojson").exists()
    assert any(x.get("bestand") == "gemeente_2025" for x in report.left_out)


def test_build_is_deterministic(bronnen, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build_data(bronnen, a)
    build_data(bronnen, b)
    names = sorted(p.name for p in a.iterdir())
    assert "herindeling_2016_2025.csv" in names and names == sorted(p.name for p in b.iterdir())
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
    """data/ in git equals a fresh build: nobody hand-edited the shipped files."""
    out = tmp_path / "data"
    build_data(SHARED_BRONNEN, out)
    for name in sorted(p.name for p in out.iterdir()):
        assert filecmp.cmp(out / name, REPO / "data" / name, shallow=False), (
            f"data/{name} wijkt af van een nieuwe build: draai 'kaartviewer build-data'"
        )


@pytest.mark.shipped_data
def test_shipped_data_acceptance(shipped):
    reg, report = shipped
    assert report.ok and report.balanced()
    st = reg.stats()
    assert st["gemeenten"] == st["gemeenten_met_geometrie"] == 390
    assert st["samenwerkingen_opengr"] >= 400
    assert st["samenwerkingen_alleen_regioatlas"] > 0
    assert st["dekking"]["opgelost_aandeel_gemeentelijke_rijen"] >= 0.995
    meta = json.loads((REPO / "data" / "bouwrapport.json").read_text(encoding="utf-8"))
    assert meta["overig_aandeel"] <= 0.15
    assert (REPO / "data" / "gemeenten.geojson").stat().st_size < 1_000_000
