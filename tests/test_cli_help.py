"""The CLI's shape: one table of commands, Dutch argparse, README = ``--help``, formatters."""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import math
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import kaartviewer
from kaartviewer.cli import COMMANDS, build_parser, main
from kaartviewer.cli.fmt import aantal, getal, json_getal, ontbreekt, procent
from kaartviewer.cli.nl_argparse import NL, DutchArgumentParser, UsageError, dutch

REPO = Path(__file__).resolve().parent.parent


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the command table -------------------------------------------------------------------


def test_every_command_is_a_top_level_function_in_the_cli_package():
    assert len({c.name for c in COMMANDS}) == len(COMMANDS)
    for cmd in COMMANDS:
        assert cmd.run.__qualname__ == cmd.run.__name__, cmd.name  # not nested
        assert cmd.run.__module__.startswith("kaartviewer.cli."), cmd.name
        assert list(inspect.signature(cmd.run).parameters) == ["args"], cmd.name


def _help(capsys, *args) -> str:
    code, out, _ = run(capsys, *args, "--help")
    assert code == 0
    return out


def _verbs_in_help(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "COMMANDO")
    verbs = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        if re.match(r"^ {4}\S", line):
            verbs.append(line.split()[0])
    return verbs


def test_shared_options_only_where_a_command_honours_them(capsys):
    for cmd in COMMANDS:
        text = _help(capsys, cmd.name)
        assert "--json" in text and "--data" in text, cmd.name
        for flag in ("--laag", "--peildatum", "--gemeente-indeling"):
            assert (flag in text) == cmd.laag, (cmd.name, flag)
    assert {c.name for c in COMMANDS if not c.laag} == {
        "validate",
        "build-data",
        "wijzigingen",
        "beheer",
    }


def test_help_lists_the_table_in_order(capsys):
    assert _verbs_in_help(_help(capsys)) == [c.name for c in COMMANDS]


def _readme_command_lines() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_command_list_matches_help(capsys):
    """README's "Command line" block names every verb of ``--help`` and nothing else, and
    every option it shows exists for that verb."""
    lines = _readme_command_lines()
    assert all(line.startswith("kaartviewer ") for line in lines)
    readme_verbs = {line.split()[1] for line in lines}
    assert readme_verbs == set(_verbs_in_help(_help(capsys)))
    for line in lines:
        verb = line.split()[1]
        text = _help(capsys, verb)
        for flag in re.findall(r"(?<!\S)--[a-z-]+", line):
            assert flag in text, (verb, flag)


def test_readme_names_the_commands_that_take_laag():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    sentence = section.split("`--laag`, `--peildatum` and `--gemeente-indeling` are taken by", 1)[1]
    sentence = sentence.split(";", 1)[0]
    named = set(re.findall(r"`([a-z-]+)`", sentence))
    assert named == {c.name for c in COMMANDS if c.laag}


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"kaartviewer {kaartviewer.__version__}"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == kaartviewer.__version__
    assert project["scripts"]["kaartviewer"] == "kaartviewer.cli:main"


# --- argparse in Dutch -------------------------------------------------------------------


def test_help_is_dutch(capsys):
    text = _help(capsys)
    assert text.startswith("gebruik: kaartviewer")
    assert "\nargumenten:\n" in text and "\nopties:\n" in text
    assert "toon deze hulp en stop" in text
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in text
    assert _help(capsys, "overlap").startswith("gebruik: kaartviewer overlap")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "kaartviewer: fout: deze argumenten ontbreken: COMMANDO"),
        (["gemeent"], "ongeldige keuze: 'gemeent' (kies uit 'validate'"),
        (["gemeente"], "kaartviewer gemeente: fout: deze argumenten ontbreken: naam"),
        (["stats", "--bestaat-niet"], "kaartviewer stats: fout: onbekende argumenten"),
        (["stats", "--data"], "argument --data: verwacht één waarde"),
        (["spaghetti", "--top", "x"], "argument --top: 'x' is geen geheel getal"),
        (["spaghetti", "--top", "-1"], "argument --top: -1 is negatief"),
        (["overlap", "--min-jaccard", "2"], "argument --min-jaccard: 2 ligt niet tussen 0 en 1"),
        (["regios", "--resolutie", "0"], "argument --resolutie: 0 is niet groter dan 0"),
        (["stats", "--gemeente-indeling", "2030"], "ongeldige keuze: '2030'"),
        (["stats", "--laag", "2030"], "argument --laag: ongeldige keuze: '2030'"),
        (["stats", "--peildatum", "morgen"], "argument --peildatum: Peildatum 'morgen' is geen"),
        (["wijzigingen", "--top", "x"], "argument --top: 'x' is geen geheel getal"),
    ],
)
def test_usage_errors_are_dutch_on_stderr_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("gebruik: kaartviewer")
    assert message in err


def test_decimal_comma_is_accepted(capsys, data_dir):
    code, out, _ = run(capsys, "overlap", "--min-jaccard", "0,25", "--data", str(data_dir))
    assert code == 0 and "6 kandidaat-paren" in out


def test_dutch_argparse_leaves_other_parsers_english(capsys):
    run(capsys, "--help")
    run(capsys, "gemeente")
    assert argparse._("usage: ") == "usage: "
    english = argparse.ArgumentParser(prog="ander").format_help()
    assert english.startswith("usage: ander") and "show this help message" in english
    with dutch():
        assert argparse._("usage: ") == "gebruik: "
    assert argparse._("options") == "options"


def test_dutch_parser_raises_usage_error_instead_of_exiting():
    p = DutchArgumentParser(prog="x")
    p.add_argument("n", type=int)
    with pytest.raises(UsageError, match="ongeldige waarde voor int: 'a'") as info:
        p.parse_args(["a"])
    assert info.value.parser is p


def test_every_translation_keeps_its_placeholders():
    for english, dutch_text in NL.items():
        assert sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", english)) == sorted(
            re.findall(r"%\(\w+\)[sr]|%[sr]", dutch_text)
        ), english


# --- one NaN-safe number formatter -------------------------------------------------------


def test_formatters_are_nan_safe_and_dutch():
    for missing in (None, math.nan, float("nan"), pd.NA, pd.Series([1.5, None]).iloc[1]):
        assert ontbreekt(missing)
        assert getal(missing) == procent(missing) == "—"
        assert json_getal(missing) is None
    assert not ontbreekt(0) and not ontbreekt("tekst")
    assert getal(0.30612) == "0,306" and getal(18.79, 1) == "18,8" and getal(3, 0) == "3"
    assert procent(0.8667) == "87%" and procent(1.0, 1) == "100,0%"
    assert json_getal(1 / 3) == 0.3333 and isinstance(json_getal(1), float)
    assert aantal(1, "partner", "partners") == "1 partner"
    assert aantal(0, "partner", "partners") == "0 partners"
    assert aantal(2, "fout", "fouten") == "2 fouten"


# --- code health -------------------------------------------------------------------------


def test_no_cli_function_above_complexity_15():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is niet geïnstalleerd (pip install -e '.[test]')")
    p = subprocess.run(
        [ruff, "check", "--select", "C901", "--config", "lint.mccabe.max-complexity=15"]
        + ["kaartviewer/cli", "benchmarks/run.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert p.returncode == 0, p.stdout + p.stderr


def test_benchmark_exit_code_reflects_targets(capsys, monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))  # run.py prepends its folders
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.finish([("a", "1 ms", "≤ 2 ms", True), ("b", "3", "", None)]) == 0
    assert bench.finish([("a", "1 ms", "≤ 2 ms", True), ("c", "9 ms", "≤ 2 ms", False)]) == 1
    assert "1 doel(en) niet gehaald: c" in capsys.readouterr().out


def test_build_parser_is_reusable():
    p = build_parser()
    args = p.parse_args(["--data", "/x", "gemeente", "Urk"])
    assert args.data == "/x" and args.naam == "Urk" and args.json is False
    args = p.parse_args(["gemeente", "Urk", "--data", "/y", "--json"])
    assert args.data == "/y" and args.json is True and args.gemeente_indeling is None
    assert args.laag is None and args.peildatum is None
    args = p.parse_args(["wijzigingen", "--gemeente", "Urk"])
    assert (args.van, args.tot, args.gemeente) == ("2021-07-01", None, "Urk")
