"""A throw-away PostgreSQL cluster for the store tests: initdb in a temporary folder, started
on a free port, stopped at the end of the session.

The port comes from ``KAARTVIEWER_TEST_PG_PORT`` (one port) or ``KAARTVIEWER_TEST_PG_PORTS``
(a range such as ``55450-55459``), else any free port. initdb refuses to run as root, so as
root the cluster runs as the ``postgres`` user (Debian's package creates it) via ``runuser``.
Each test gets its own database (``CREATE DATABASE``), so tests never see each other's rows.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

USER = "kaartviewer"


class PostgresOnbeschikbaar(RuntimeError):
    """No PostgreSQL server binaries, or the cluster would not start (reason in the text)."""


def bin_dir() -> Path:
    """Folder with initdb/pg_ctl: ``$PATH`` first, then Debian's /usr/lib/postgresql/*/bin."""
    hit = shutil.which("initdb")
    if hit:
        return Path(hit).parent
    versies = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if not versies:
        raise PostgresOnbeschikbaar(
            "PostgreSQL is niet geïnstalleerd (geen initdb; Debian: apt-get install postgresql)"
        )
    return Path(versies[-1]).parent


def _ports() -> list[int]:
    one = os.environ.get("KAARTVIEWER_TEST_PG_PORT", "").strip()
    if one:
        return [int(one)]
    lo, _, hi = os.environ.get("KAARTVIEWER_TEST_PG_PORTS", "").partition("-")
    if lo.strip():
        return list(range(int(lo), int(hi or lo) + 1))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1]]


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Cluster:
    """One running cluster; :meth:`database` creates a fresh database and returns its URL."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="kaartviewer-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self.als: list[str] = []
        if os.geteuid() == 0:
            if shutil.which("runuser") is None or _uid("postgres") is None:
                raise PostgresOnbeschikbaar("als root is een gebruiker 'postgres' en runuser nodig")
            self.als = ["runuser", "-u", "postgres", "--"]
            os.chown(self.root, _uid("postgres"), -1)  # type: ignore[arg-type]
            self.root.chmod(0o700)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.als, *args], capture_output=True, text=True, check=check, cwd=self.root
        )

    def start(self) -> Cluster:
        try:
            self._run(
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
        except subprocess.CalledProcessError as exc:
            raise PostgresOnbeschikbaar(f"initdb faalde: {exc.stderr.strip()[-500:]}") from None
        fouten = []
        for port in _ports():
            if not _free(port):
                continue
            opts = (
                f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            res = self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                opts,
                "-l",
                str(self.root / "log.txt"),
                "-w",
                "-t",
                "60",
                "start",
                check=False,
            )
            if res.returncode == 0:
                self.port = port
                return self
            fouten.append(f"{port}: {res.stderr.strip()[-200:]}")
        self.stop()
        raise PostgresOnbeschikbaar(
            "PostgreSQL start niet: " + ("; ".join(fouten) or "geen vrije poort")
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """A new, empty database; its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[-1]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.port:
            self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "fast",
                "-w",
                "stop",
                check=False,
            )
            self.port = 0
        shutil.rmtree(self.root, ignore_errors=True)


def _uid(name: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None
