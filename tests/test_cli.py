"""The CLI on the fixture data (in-process) and, once, as a real subprocess."""

import json
import subprocess
import sys

import pytest

from kaartviewer.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_gemeente_json(capsys, data_dir):
    code, out, _ = run(capsys, "gemeente", "Bergen (NH.)", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert code == 0 and data["gemeentecode"] == "GM0002"
    assert {s["id"]: s["partners"] for s in data["samenwerkingen"]} == {"s1": 2, "s2": 1, "s5": 1}


def test_gemeente_unknown_suggests(capsys, data_dir):
    code, _out, err = run(capsys, "gemeente", "Gama", "--data", str(data_dir))
    assert code == 1 and "Geen gemeente 'Gama'" in err and "Gamma" in err
    code, out, _ = run(capsys, "gemeente", "Gama", "--json", "--data", str(data_dir))
    assert code == 1 and json.loads(out)["suggesties"][0] == "Gamma"


def test_samenwerking_human_and_json(capsys, data_dir):
    code, out, _ = run(capsys, "samenwerking", "GGD Zuid", "--data", str(data_dir))
    assert code == 0 and "Gamma" in out and "Gezondheid" in out
    code, out, _ = run(capsys, "samenwerking", "s5", "--json", "--data", str(data_dir))
    assert [d["gemeentecode"] for d in json.loads(out)["deelnemers"]] == ["GM0002", "GM0003"]


def test_stats_and_validate(capsys, data_dir):
    code, out, _ = run(capsys, "stats", "--json", "--data", str(data_dir))
    st = json.loads(out)
    assert code == 0 and st["samenwerkingen"] == 5 and st["gemeenten_met_geometrie"] == 6
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 0 and "0 fout(en)" in out


def test_validate_reports_errors_with_exit_1(capsys, data_dir):
    with (data_dir / "samenwerkingen.csv").open("a", encoding="utf-8") as fh:
        fh.write("s1,Dubbel,netwerk,regel,overig,regel,GM0001,,test,2016,,x\n")
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 1 and "komt dubbel voor" in out and "samenwerkingen.csv, regel 7" in out


def test_structural_failure_exit_3(capsys, tmp_path):
    code, _out, err = run(capsys, "stats", "--data", str(tmp_path))
    assert code == 3 and "Kan" in err and "niet lezen" in err


def test_build_data_cli(capsys, bronnen, tmp_path):
    out_dir = tmp_path / "gebouwd"
    code, out, _ = run(capsys, "build-data", str(bronnen), "--data", str(out_dir), "--json")
    data = json.loads(out)
    assert code == 0 and data["aantallen"]["gemeenten"] == 6
    assert (out_dir / "samenwerkingen.csv").exists()
    code, _out, err = run(capsys, "build-data", str(tmp_path / "nergens"), "--data", str(out_dir))
    assert code == 3 and "bronbestand ontbreekt" in err


def test_console_script_runs_as_subprocess(data_dir):
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "kaartviewer.cli",
            "gemeente",
            "GM0005",
            "--json",
            "--data",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["gemeentenaam"] == "Súdwest-Fryslân"


# --- analysis verbs (issue 3) -----------------------------------------------------------


def test_indelingen_and_congruentie(capsys, data_dir):
    code, out, _ = run(capsys, "indelingen", "--json", "--data", str(data_dir))
    assert code == 0 and {d["id"] for d in json.loads(out)} == {"ggd", "provincie"}
    code, out, _ = run(capsys, "congruentie", "provincie", "ggd", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert code == 0 and data["ari"] == round(1.2 / 3.7, 4) and 0 < data["nmi"] < 1
    code, out, _ = run(capsys, "congruentie", "--matrix", "--json", "--data", str(data_dir))
    assert json.loads(out)["ari"][0][0] == 1.0
    code, _out, err = run(capsys, "congruentie", "provincie", "gdd", "--data", str(data_dir))
    assert code == 1 and "Geen regio-indeling 'gdd'" in err and "ggd" in err


def test_overlap_spaghetti_regios(capsys, data_dir):
    code, out, _ = run(capsys, "overlap", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert (
        code == 0
        and data["aantal"] == 2
        and data["per_overlap_soort"] == {"identiek": 1, "genest": 1}
    )
    code, out, _ = run(capsys, "overlap", "--min-jaccard", "0.25", "--data", str(data_dir))
    assert "6 kandidaat-paren" in out
    code, out, _ = run(capsys, "spaghetti", "--top", "2", "--json", "--data", str(data_dir))
    assert [d["gemeentecode"] for d in json.loads(out)] == ["GM0002", "GM0003"]
    code, out, _ = run(capsys, "regios", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert code == 0 and data["ari_provincies"] == 1.0 and data["nmi_provincies"] == 1.0
    code, out, _ = run(capsys, "regios", "--data", str(data_dir))
    assert "natuurlijke regio's" in out


@pytest.mark.shipped_data
def test_every_analysis_command_on_shipped_data(capsys):
    """Acceptance: every command answers on the shipped data, in Dutch, without error."""
    for args in (
        ["indelingen"],
        ["congruentie", "ggd", "veiligheidsregio"],
        ["congruentie", "--matrix"],
        ["overlap"],
        ["overlap", "--onderwerp", "afval"],
        ["spaghetti", "--top", "5"],
        ["regios", "--resolutie", "1.5"],
    ):
        code, out, err = run(capsys, *args)
        assert code == 0, (args, err)
        assert out.strip()
    code, out, _ = run(capsys, "congruentie", "ggd", "veiligheidsregio", "--json")
    data = json.loads(out)
    assert 0.9 < data["ari"] <= 1 and 0.9 < data["nmi"] <= 1
