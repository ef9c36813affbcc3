"""What every real-browser test module shares: a free port, the app under `streamlit run`,
and Debian's headless Chromium (through Playwright).

Ports come from ``KAARTVIEWER_TEST_PORTS`` (``lo-hi``) when set, for machines where only some
ports may be used; other ranges are passed by name (the beheer tests keep their own).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Flags for a quiet headless Chromium: no sandbox (CI runs as root), no background traffic
#: (a test asserts that no request leaves localhost).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port(var: str = "KAARTVIEWER_TEST_PORTS", default: str = "") -> int:
    """A free port; within the range in ``$var`` (or ``default``, ``lo-hi``) when one is
    given, else any free port."""
    lo, _, hi = (os.environ.get(var) or default).partition("-")
    candidates = range(int(lo), int(hi or lo) + 1) if lo else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"geen vrije poort in {lo}-{hi}")


def wait_http(url: str, proc: subprocess.Popen, what: str, timeout: float = 90) -> None:
    """Until ``url`` answers 200; fails the test with the process's output when it exits
    or does not answer in time."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    pytest.fail(f"{what} startte niet: {out[-3000:]}")


def start_app(
    env: dict, port: int | None = None, extra_args: Sequence[str] = ()
) -> tuple[str, subprocess.Popen]:
    """``streamlit run app.py`` on ``port`` (a free one by default) with ``env``; returns
    its URL once it answers its health check, and the process."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *extra_args,
    ]
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/_stcore/health", proc, "streamlit")
    return url, proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def serving(data: Path, **env: str) -> Iterator[str]:
    """The app on the data folder ``data`` (plus ``env``) for the duration of the block."""
    url, proc = start_app(dict(os.environ, KAARTVIEWER_DATA=str(data), **env))
    try:
        yield url
    finally:
        stop(proc)


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield b
        finally:
            b.close()
