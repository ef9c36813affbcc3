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


# --- beheer store: SQLite and a real PostgreSQL ---------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _beheer_store_geisoleerd(tmp_path_factory):
    """No test reads or creates the developer's own beheer store: the default location
    (``$XDG_DATA_HOME/kaartviewer/beheer.sqlite``) points into a temporary folder and
    ``KAARTVIEWER_DATABASE_URL`` is unset unless a test sets it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
        mp.delenv("KAARTVIEWER_DATABASE_URL", raising=False)
        yield


@pytest.fixture(scope="session")
def pg_cluster():
    """A throw-away PostgreSQL cluster (tests/pg.py). Without PostgreSQL: skipped locally,
    a failure in CI (``CI=true``), where .ci/run installs it."""
    import os

    from pg import Cluster, PostgresOnbeschikbaar

    try:
        cluster = Cluster().start()
    except PostgresOnbeschikbaar as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is vereist in CI: {exc}")
        pytest.skip(f"geen PostgreSQL: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty store database on SQLite (a file) and on the real PostgreSQL server."""
    from kaartviewer.beheer import db

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'beheer.sqlite'}"
        yield url
        db.dispose(url)
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.database()
    yield url
    db.dispose(url)
    cluster.drop(url)
