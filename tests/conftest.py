from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import make_bronnen, write_data

REPO = Path(__file__).resolve().parent.parent
SHARED_BRONNEN = REPO.parent / "shared" / "data" / "bronnen"


@pytest.fixture
def bronnen(tmp_path: Path) -> Path:
    return make_bronnen(tmp_path / "bronnen")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data(tmp_path / "data")


@pytest.fixture(scope="session")
def registry():
    """The fixture registry (six gemeenten, five arrangements), loaded once."""
    import tempfile

    from kaartviewer.load import load

    with tempfile.TemporaryDirectory() as d:
        reg, report = load(write_data(Path(d) / "data"))
    assert report.ok, report.meldingen
    return reg


@pytest.fixture(scope="session")
def shipped():
    """The shipped registry in data/."""
    from kaartviewer.load import load

    reg, report = load(REPO / "data")
    return reg, report


def pytest_collection_modifyitems(items):
    """Tests that read the real data (``shipped`` fixture) carry the ``shipped_data`` marker."""
    for item in items:
        if "shipped" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shipped_data)
