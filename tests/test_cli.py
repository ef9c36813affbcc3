"""The CLI on the fixture data (in-process) and, once, as a real subprocess.

Help texts, the command table and README live in test_cli_help.py; the non-editable
install in test_packaging.py.
"""

import csv
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
    data = json.loads(out)
    assert code == 1 and data["suggesties"][0] == "Gamma" and data["exitcode"] == 1


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
    assert code == 0 and "0 fouten, 0 waarschuwingen" in out


def test_validate_reports_errors_with_exit_1(capsys, data_dir):
    """Both layers are checked: a doubled id in today's file and in the 2016 layer's."""
    with (data_dir / "samenwerkingen.csv").open("a", encoding="utf-8") as fh:
        fh.write("s1,Dubbel,netwerk,regel,overig,regel,GM0001,,test,2026-05-16" + "," * 19 + "\n")
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 1 and "1 fout, 0 waarschuwingen" in out
    assert "    [fout] samenwerkingen.csv, regel 7 (id s1): id 's1' komt dubbel voor" in out
    with (data_dir / "2016" / "samenwerkingen.csv").open("a", encoding="utf-8") as fh:
        fh.write("s1,Dubbel,netwerk,regel,overig,regel,GM0001,,test,2016,,x\n")
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 1 and "2 fouten, 0 waarschuwingen" in out
    assert "    [fout] 2016/samenwerkingen.csv, regel 7 (id s1): id 's1' komt dubbel voor" in out
    code, out, _ = run(capsys, "validate", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert data["fouten"] == 2
    for naam in ("samenwerkingen.csv", "2016/samenwerkingen.csv"):
        b = data["bestanden"][naam]
        assert b["fouten"] == 1 and b["rijen"] == {"in": 6, "geladen": 5, "afgewezen": 1}
        assert b["meldingen"][0]["regel"] == 7


def test_structural_failure_exit_3(capsys, tmp_path):
    code, _out, err = run(capsys, "stats", "--data", str(tmp_path))
    assert code == 3 and "Kan" in err and "niet lezen" in err


def test_build_data_cli(capsys, bronnen, tmp_path):
    out_dir = tmp_path / "gebouwd"
    code, out, _ = run(capsys, "build-data", str(bronnen), "--data", str(out_dir), "--json")
    data = json.loads(out)
    assert code == 0 and data["laag_2016"]["aantallen"]["gemeenten"] == 6
    assert data["actueel"]["snapshot"] == "2026-05-16" and data["wijzigingen"] is None
    assert data["actueel"]["aantallen"]["samenwerkingen_register"] == 2
    assert (out_dir / "samenwerkingen.csv").exists()
    assert (out_dir / "2016" / "samenwerkingen.csv").exists()
    code, _out, err = run(capsys, "build-data", str(tmp_path / "nergens"), "--data", str(out_dir))
    assert code == 3 and "bronbestand ontbreekt" in err


def test_build_data_summarises_both_layers_and_what_changed(capsys, bronnen, tmp_path):
    out_dir = tmp_path / "gebouwd"
    code, out, _ = run(capsys, "build-data", str(bronnen), "--data", str(out_dir))
    lines = out.splitlines()
    assert code == 0 and lines[1] == (
        "Laag actueel (GR-register, snapshot 2026-05-16, en CBS 2025):"
    )
    assert lines[2] == (
        "  3 samenwerkingen: 2 uit het register (waarvan 2 in werking op de snapshot), "
        "1 alleen CBS; 1 CBS-regio gekoppeld aan een regeling"
    )
    assert "  juridische vorm (register, in werking): Openbaar lichaam 2" in lines
    assert "Wijzigingen: geen eerdere data in deze map (eerste bouw)" in out
    assert any(
        line.startswith("Laag 2016 (map 2016/): 9 samenwerkingen op 6 gemeenten") for line in lines
    )
    # A second build compares with the first: nothing changed.
    code, out, _ = run(capsys, "build-data", str(bronnen), "--data", str(out_dir), "--json")
    w = json.loads(out)["wijzigingen"]
    assert code == 0 and (w["van"], w["tot"]) == ("2026-05-16", "2026-05-16")
    assert set(w["aantallen"].values()) == {0}
    code, out, _ = run(capsys, "build-data", str(bronnen), "--data", str(out_dir))
    assert (
        "Wijzigingen ten opzichte van de vorige data (peildatum 2026-05-16 → 2026-05-16):\n"
        "  samenwerkingen: 0 nieuw, 0 beëindigd, 0 gewijzigd; lidmaatschappen: 0 toegetreden, "
        "0 uitgetreden\n"
    ) in out


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


# --- analysis verbs ----------------------------------------------------------------------


def test_indelingen_and_congruentie(capsys, data_dir):
    code, out, _ = run(capsys, "indelingen", "--json", "--data", str(data_dir))
    assert code == 0 and {d["id"] for d in json.loads(out)["indelingen"]} == {"ggd", "provincie"}
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
    assert [d["gemeentecode"] for d in json.loads(out)["gemeenten"]] == ["GM0002", "GM0003"]
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


# --- defects of the code-health issue, each with the test that failed before ------------


def test_spaghetti_top_0_lists_gemeenten_without_index(capsys, data_dir):
    """``spaghetti --top 0`` raised ``TypeError: boolean value of NA is ambiguous``: Súdwest-
    Fryslân has one samenwerking, so no spaghetti index and no rank."""
    code, out, err = run(capsys, "spaghetti", "--top", "0", "--data", str(data_dir))
    assert code == 0, err
    last = out.strip().splitlines()[-1]
    assert "Súdwest-Fryslân" in last and last.split()[0] == "—"
    code, out, _ = run(capsys, "spaghetti", "--top", "0", "--json", "--data", str(data_dir))
    rows = {d["gemeentecode"]: d for d in json.loads(out)["gemeenten"]}
    assert len(rows) == 6
    assert rows["GM0005"]["rang"] is None and rows["GM0005"]["spaghetti"] is None
    assert rows["GM0002"]["rang"] == 1


def _set_cell(path, row_id, column, value):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    for r in rows:
        if r[fields[0]] == row_id:
            r[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def built(capsys, bronnen, tmp_path):
    """A data directory built by the pipeline: today's layer and the 2016 layer."""
    out = tmp_path / "gebouwd"
    assert main(["build-data", str(bronnen), "--data", str(out)]) == 0
    capsys.readouterr()
    return out


#: Every file a build writes that ``validate`` checks, per step.
GEBOUWD = {
    "actueel": [
        "gemeenten.geojson",
        "samenwerkingen.csv",
        "versies.csv",
        "deelnemers.csv",
        "indelingen.csv",
    ],
    "2016": ["2016/gemeenten.geojson", "2016/samenwerkingen.csv", "2016/indelingen.csv"],
    "2016_op_2025": ["2016/herindeling_2016_2025.csv"],
}


def test_validate_checks_every_file_of_both_layers(capsys, built):
    """``validate`` checks today's files, the 2016 layer and its crosswalk to 2025; each file
    once (the projection reads today's gemeenten again), each with its counts."""
    code, out, _ = run(capsys, "validate", "--data", str(built))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[1] == "laag actueel (GR-register en CBS 2025):"
    for name in [f for files in GEBOUWD.values() for f in files]:
        assert sum(line.startswith(f"  {name}: ") for line in lines) == 1, name
    assert "laag 2016 op de gemeenten van 2025 (herindeling):" in lines
    code, out, _ = run(capsys, "validate", "--json", "--data", str(built))
    data = json.loads(out)
    assert data["lagen"] == GEBOUWD and list(data["bestanden"]) == [
        f for files in GEBOUWD.values() for f in files
    ]
    _set_cell(built / "2016" / "herindeling_2016_2025.csv", "GM0003", "mutatie", "verhuisd")
    code, out, _ = run(capsys, "validate", "--data", str(built))
    assert code == 1 and "[fout] 2016/herindeling_2016_2025.csv, regel" in out
    assert "verhuisd" in out


def test_validate_checks_todays_regio_indelingen(capsys, built):
    with (built / "indelingen.csv").open("a", encoding="utf-8") as fh:
        fh.write("ggd,GGD-regio,samenwerking,GM9999,GGD Nergens\n")
    code, out, _ = run(capsys, "validate", "--json", "--data", str(built))
    data = json.loads(out)
    assert code == 1 and data["bestanden"]["indelingen.csv"]["fouten"] == 1
    assert "GM9999" in data["bestanden"]["indelingen.csv"]["meldingen"][0]["reden"]
    assert data["bestanden"]["2016/indelingen.csv"]["fouten"] == 0


def test_validate_refuses_a_gemeente_indeling_it_would_ignore(capsys, data_dir):
    """``validate --gemeente-indeling 2025`` used to be accepted and ignored."""
    code, out, err = run(capsys, "validate", "--gemeente-indeling", "2025", "--data", str(data_dir))
    assert code == 2 and out == ""
    assert "kaartviewer validate: fout: onbekende argumenten: --gemeente-indeling" in err


def test_validate_without_the_2016_layer_or_crosswalk_says_so(capsys, data_dir):
    (data_dir / "2016" / "herindeling_2016_2025.csv").unlink()
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 0
    assert "niet aanwezig (niet gecontroleerd): 2016/herindeling_2016_2025.csv" in out
    assert "  2016/samenwerkingen.csv: 5 in, 5 geladen, 0 afgewezen" in out
    for f in (data_dir / "2016").iterdir():
        f.unlink()
    (data_dir / "2016").rmdir()
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 0 and "niet aanwezig (niet gecontroleerd): 2016/" in out


def test_validate_an_unusable_file_is_exit_3_and_the_rest_is_still_checked(capsys, data_dir):
    (data_dir / "2016" / "samenwerkingen.csv").write_text("", encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 3
    assert "laag 2016 (OpenGR en RegioAtlas) — ONBRUIKBAAR:" in out
    assert "[fout] 2016/samenwerkingen.csv" in out
    assert "  samenwerkingen.csv: 5 in, 5 geladen, 0 afgewezen" in out  # today's: checked
    code, out, _ = run(capsys, "validate", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert code == 3 and data["onbruikbaar"] == ["2016"] and data["ok"] is False


def test_pipeline_value_error_is_a_dutch_message_exit_3(capsys, bronnen, tmp_path):
    """A malformed source (a RegioAtlas file the pipeline cannot classify) raised a
    ``ValueError`` with a traceback."""
    stray = bronnen / "openstate" / "regioatlas" / "Sociaal" / "onbekende_regio.csv"
    stray.write_text('"Gemeente";"CBS";"Regio"\n"Alfa";"0001";"X"\n', encoding="utf-8")
    code, out, err = run(capsys, "build-data", str(bronnen), "--data", str(tmp_path / "uit"))
    assert code == 3 and out == ""
    assert err.startswith("fout: de bronnen in") and "niet bruikbaar" in err
    assert "onbekende_regio" in err and "Traceback" not in err
    code, out, _ = run(
        capsys, "build-data", str(bronnen), "--data", str(tmp_path / "uit"), "--json"
    )
    assert code == 3 and json.loads(out)["exitcode"] == 3


def test_pipeline_value_error_in_a_subprocess_has_no_traceback(bronnen, tmp_path):
    (bronnen / "openstate" / "provincies" / "opengr_provincies.csv").write_bytes(b"\xff\xfe\x00")
    p = subprocess.run(
        [sys.executable, "-m", "kaartviewer.cli", "build-data", str(bronnen)]
        + ["--data", str(tmp_path / "uit")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 3 and "Traceback" not in p.stderr and "niet bruikbaar" in p.stderr


def test_usage_errors_go_to_stderr_and_json_stays_json(capsys, data_dir):
    """``congruentie`` without indelingen printed its usage message on stdout, even with
    ``--json``."""
    code, out, err = run(capsys, "congruentie", "--data", str(data_dir))
    assert code == 2 and out == "" and "gebruik: kaartviewer congruentie" in err
    code, out, err = run(capsys, "congruentie", "--json", "--data", str(data_dir))
    assert code == 2 and json.loads(out) == {
        "fout": "geef twee regio-indelingen (bijv. 'kaartviewer congruentie ggd "
        "veiligheidsregio'), of --matrix, of --toen-nu",
        "exitcode": 2,
        "suggesties": [],
    }
    assert "gebruik:" in err
    code, out, err = run(capsys, "gemeente", "--json")
    assert code == 2 and json.loads(out)["fout"] == "deze argumenten ontbreken: naam"
    code, out, err = run(capsys, "congruentie", "ggd", "--matrix", "--data", str(data_dir))
    assert code == 2 and out == ""


def test_data_before_or_after_the_command_and_from_the_environment(
    capsys, data_dir, tmp_path, monkeypatch
):
    """``--data`` was only accepted after the command and ``KAARTVIEWER_DATA`` only by the app."""
    monkeypatch.delenv("KAARTVIEWER_DATA", raising=False)
    for args in (
        ["stats", "--json", "--data", str(data_dir)],
        ["--data", str(data_dir), "stats", "--json"],
        ["--json", "--data", str(data_dir), "stats"],
    ):
        code, out, err = run(capsys, *args)
        assert code == 0 and json.loads(out)["samenwerkingen"] == 5, (args, err)
    monkeypatch.setenv("KAARTVIEWER_DATA", str(data_dir))
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["gemeenten"] == 6
    # An explicit --data wins over the environment, before or after the command.
    code, _out, err = run(capsys, "--data", str(tmp_path / "leeg"), "stats")
    assert code == 3 and "leeg" in err
    code, _out, err = run(capsys, "stats", "--data", str(tmp_path / "leeg"))
    assert code == 3 and "leeg" in err


def test_build_data_writes_to_kaartviewer_data(capsys, bronnen, tmp_path, monkeypatch):
    monkeypatch.setenv("KAARTVIEWER_DATA", str(tmp_path / "env"))
    assert main(["build-data", str(bronnen)]) == 0
    assert (tmp_path / "env" / "samenwerkingen.csv").exists()


def test_overlap_says_the_threshold_is_for_vergelijkbaar_only(capsys, data_dir):
    """``--min-jaccard`` barely changed the result without saying why: identical and
    nested pairs always count. Help and output say so; ``--overlap-soort`` selects."""
    code, out, _ = run(capsys, "overlap", "--min-jaccard", "0.9", "--data", str(data_dir))
    assert code == 0 and "2 kandidaat-paren: 1 identiek, 1 genest" in out
    assert "Identieke en geneste paren tellen altijd mee" in out
    code, out, _ = run(
        capsys,
        *("overlap", "--overlap-soort", "vergelijkbaar", "--min-jaccard", "0.25", "--json"),
        *("--data", str(data_dir)),
    )
    data = json.loads(out)
    assert data["aantal"] == 4 and data["per_overlap_soort"] == {"vergelijkbaar": 4}
    code, out, _ = run(
        capsys,
        *("overlap", "--overlap-soort", "vergelijkbaar", "--min-jaccard", "0.5", "--json"),
        *("--data", str(data_dir)),
    )
    assert json.loads(out)["aantal"] == 0
    code, out, _ = run(capsys, "overlap", "--help")
    assert code == 0 and "Identieke en geneste paren tellen altijd mee" in " ".join(out.split())


def test_matrix_human_output_is_a_readable_list(capsys, data_dir):
    """``congruentie --matrix`` printed a 261-column table whose headers were cut to
    identical six-letter stubs."""
    code, out, _ = run(capsys, "congruentie", "--matrix", "--data", str(data_dir))
    lines = out.splitlines()[1:]  # after the layer line
    assert code == 0 and "1 paar regio-indelingen" in lines[0]
    assert lines[-1].split() == ["0,324", lines[-1].split()[1], "provincie", "ggd"]


@pytest.mark.shipped_data
@pytest.mark.parametrize("laag", ["actueel", "2016"])
def test_matrix_human_output_fits_on_shipped_data(capsys, laag):
    code, out, _ = run(capsys, "congruentie", "--matrix", "--laag", laag)
    lines = out.splitlines()[1:]  # after the layer line
    assert code == 0 and max(len(line) for line in lines[1:]) <= 100
    json_out = run(capsys, "congruentie", "--matrix", "--laag", laag, "--json")[1]
    n = len(json.loads(json_out)["indelingen"])
    assert len(lines) == 2 + n * (n - 1) // 2
    pair = ["corop_plus", "corop_sub"] if laag == "2016" else ["ggd", "veiligheidsregio"]
    assert any(line.split()[2:] == pair for line in lines[2:])


def test_stats_explains_why_the_sources_do_not_add_up(capsys, data_dir):
    """``833 (OpenGR: 436, RegioAtlas: 502)`` did not say why that is not a sum."""
    path = data_dir / "samenwerkingen.csv"
    for sid, bron in (
        ("s1", "OpenGR 2016"),
        ("s2", "OpenGR 2016; RegioAtlas 2016"),
        ("s3", "RegioAtlas 2016"),
        ("s4", "OpenGR 2016"),
        ("s5", "RegioAtlas 2016"),
    ):
        _set_cell(path, sid, "bron", bron)
    code, out, _ = run(capsys, "stats", "--data", str(data_dir))
    assert code == 0
    assert (
        "samenwerkingen: 5; 3 met bron OpenGR 2016, 3 met bron RegioAtlas 2016 — 1 heeft "
        "beide bronnen (samengevoegd) en telt bij elke bron mee"
    ) in out
    code, out, _ = run(capsys, "stats", "--json", "--data", str(data_dir))
    data = json.loads(out)
    assert data["samenwerkingen_per_bron"] == {"OpenGR 2016": 3, "RegioAtlas 2016": 3}
    assert data["samenwerkingen_meerdere_bronnen"] == 1


def test_singular_and_plural_and_herkomst_in_words(capsys, data_dir):
    """ "1 partners" and unexplained "(regel)"/"(bron)"."""
    code, out, _ = run(capsys, "gemeente", "Bergen (NH.)", "--data", str(data_dir))
    assert code == 0 and "1 partner;" in out and "2 partners;" in out
    assert "1 partners" not in out and "3 samenwerkingen" in out
    code, out, _ = run(capsys, "gemeente", "Súdwest-Fryslân", "--data", str(data_dir))
    assert "1 samenwerking\n" in out
    code, out, _ = run(capsys, "samenwerking", "s1", "--data", str(data_dir))
    assert "(afgeleid met een regel)" in out and "(regel)" not in out
    assert "(uit de bron)" in out and "(bron)" not in out
    assert "3 gemeenten" in out and "1 versie in het register" in out


def test_numbers_for_people_use_a_decimal_comma_json_plain(capsys, data_dir):
    code, out, _ = run(capsys, "congruentie", "provincie", "ggd", "--data", str(data_dir))
    assert "ARI 0,324" in out
    code, out, _ = run(capsys, "congruentie", "provincie", "ggd", "--json", "--data", str(data_dir))
    assert json.loads(out)["ari"] == 0.3243
