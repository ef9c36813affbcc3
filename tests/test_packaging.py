"""A regular (non-editable) install carries the shipped data and finds it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest

from kaartviewer import config

REPO = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject():
    """``[tool.setuptools] packages`` is a list (it maps ``kaartviewer.data`` onto data/):
    a new sub-package must be added there or a regular install would miss it."""
    tool = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(tool["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "kaartviewer").rglob("__init__.py")
    }
    assert found | {"kaartviewer.data"} == listed, (
        "list every package in [tool.setuptools] packages of pyproject.toml"
    )
    assert tool["setuptools"]["package-dir"] == {"kaartviewer.data": "data"}


def test_shipped_data_dir_in_a_checkout():
    assert config.SHIPPED_DATA_DIR == REPO / "data"
    assert (config.SHIPPED_DATA_DIR / "gemeenten.geojson").is_file()


def _venv(path: Path) -> Path:
    try:
        venv.EnvBuilder(system_site_packages=True, with_pip=True).create(path)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"kan geen venv maken: {exc}")
    return path / "bin" / "python"


@pytest.mark.shipped_data
def test_non_editable_install_has_the_shipped_data(tmp_path):
    """``pip install .`` (not ``-e``) used to give a package without data: the data path
    was the package's parent folder. Now data/ is installed as ``kaartviewer/data``."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "kaartviewer", src / "kaartviewer", ignore=ignore)
    shutil.copytree(REPO / "data", src / "data", ignore=ignore)
    python = _venv(tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", config.DATA_ENV)}
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(src)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    elsewhere = tmp_path / "elders"  # not the checkout: nothing to find by accident
    elsewhere.mkdir()
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import kaartviewer.config as c; print(c.__file__, c.SHIPPED_DATA_DIR)",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        check=True,
    ).stdout.split()
    site = Path(where[0]).parent
    assert tmp_path / "venv" in site.parents and Path(where[1]) == site / "data"
    script = tmp_path / "venv" / "bin" / "kaartviewer"
    p = subprocess.run(
        [str(script), "stats", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["samenwerkingen"] > 500
