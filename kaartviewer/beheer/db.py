"""Where the beheer store lives, how to connect, and its schema migrations (Alembic).

The location comes from the environment variable ``KAARTVIEWER_DATABASE_URL`` (any
SQLAlchemy URL: ``sqlite:///…`` or ``postgresql://user@host/db``). Without it the
embedded default is a SQLite file in the user's data directory, outside the repository's
``data/`` (which holds only the shipped, rebuilt-from-source data):

* Linux and other Unix: ``$XDG_DATA_HOME/kaartviewer/beheer.sqlite``
  (``~/.local/share/kaartviewer/beheer.sqlite``);
* macOS: ``~/Library/Application Support/kaartviewer/beheer.sqlite``;
* Windows: ``%LOCALAPPDATA%\\kaartviewer\\beheer.sqlite``.

A shared deployment (several app processes behind a load balancer) points every process at
one PostgreSQL database; the code is the same.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

ENV_VAR = "KAARTVIEWER_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def user_data_dir() -> Path:
    """The platform's per-user data directory (no third-party dependency)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def default_path() -> Path:
    """The embedded default store file."""
    return user_data_dir() / "kaartviewer" / "beheer.sqlite"


def database_url() -> str:
    """``KAARTVIEWER_DATABASE_URL`` or the documented SQLite default."""
    url = os.environ.get(ENV_VAR, "").strip()
    return url or f"sqlite:///{default_path()}"


def geconfigureerd() -> str | None:
    """The store the read path (CLI ``gemeente``, ``samenwerking``, ``stats``) merges, or None.

    A store counts as configured when ``KAARTVIEWER_DATABASE_URL`` is set, or when the default
    file exists (created by ``kaartviewer beheer init``); merely running the CLI never creates
    one.
    """
    url = os.environ.get(ENV_VAR, "").strip()
    if url:
        return url
    return database_url() if default_path().is_file() else None


def _normalise(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs without an explicit driver."""
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def is_sqlite(url_or_engine) -> bool:
    name = (
        url_or_engine.dialect.name
        if isinstance(url_or_engine, Engine)
        else make_url(url_or_engine).get_backend_name()
    )
    return name == "sqlite"


def engine(url: str | None = None) -> Engine:
    """One engine per URL per process (connection pool shared by all sessions).

    SQLite: a busy timeout, WAL and foreign keys; a write transaction starts with
    ``BEGIN IMMEDIATE`` (execution option ``immediate``) so concurrent writers queue instead
    of failing on a lock upgrade.
    """
    url = _normalise(url or database_url())
    with _lock:
        eng = _engines.get(url)
        if eng is not None:
            return eng
        if is_sqlite(url):
            u = make_url(url)
            if u.database and u.database != ":memory:":
                Path(u.database).parent.mkdir(parents=True, exist_ok=True)
            eng = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            _sqlite_events(eng)
        else:
            eng = create_engine(url, pool_pre_ping=True)
        _engines[url] = eng
        return eng


def _sqlite_events(eng: Engine) -> None:
    @event.listens_for(eng, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(eng, "begin")
    def _begin(conn) -> None:
        immediate = conn.get_execution_options().get("immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def dispose(url: str | None = None) -> None:
    """Close the pooled connections of one engine (or all): tests, herstel."""
    with _lock:
        keys = [_normalise(url)] if url else list(_engines)
        for key in keys:
            eng = _engines.pop(key, None)
            if eng is not None:
                eng.dispose()


def _alembic_config(eng: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = eng
    return cfg


def upgrade(url: str | None = None, rev: str = "head") -> None:
    """Bring the schema to ``rev`` (default: the newest)."""
    from alembic import command

    eng = engine(url)
    command.upgrade(_alembic_config(eng), rev)


def downgrade(url: str | None, rev: str) -> None:
    """Step the schema back to ``rev`` (``base`` removes every table)."""
    from alembic import command

    eng = engine(url)
    command.downgrade(_alembic_config(eng), rev)


def current_revision(url: str | None = None) -> str | None:
    """The schema revision of the store (None: not initialised)."""
    from alembic.runtime.migration import MigrationContext

    with engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@functools.lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration (read once per process: parsing the scripts takes time)."""
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    return ScriptDirectory.from_config(cfg).get_current_head() or ""


def tables(url: str | None = None) -> set[str]:
    """Names of the tables present (tests of migrations)."""
    return set(inspect(engine(url)).get_table_names())
