"""App benchmarks (issue 4): map HTML size, rerun time, first render vs a bare page, RSS."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(script: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"{script} startte niet")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def map_html_size(report) -> None:
    from kaartviewer import geo, maps
    from kaartviewer.load import load

    reg, _ = load(REPO / "data")
    m = maps.base_map("/component/kaartviewer.ui.assets.")
    layer = geo.web_layer(reg.gemeenten)
    maps.choropleth(m, layer, reg.memberships_per_gemeente(), "Samenwerkingen")
    maps.borders(m, geo.region_polygons(layer, layer["provincienaam"]), "Provinciegrenzen")
    size = len(m.get_root().render().encode("utf-8"))
    topo = REPO.parent / "shared/data/bronnen/cbs/gemeente_2016.wgs84.topojson"
    ref = topo.stat().st_size if topo.exists() else 133_563
    report("HTML van de landelijke kaart", f"{size / 1024:.0f} KB")
    report("  t.o.v. gemeente_2016.wgs84.topojson", f"{size / ref:.2f}×", "≤ 3×", size <= 3 * ref)


def rerun_time(report) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    times = []
    for value in (["afval"], ["gezondheid", "veiligheid"], [], ["werk_inkomen"], ["afval"], []):
        at.sidebar.multiselect(key="f_onderwerp").set_value(value)
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    first_visit, rest = times[:4], times[4:]
    report(
        "rerun na filterwijziging (nieuwe filter, mediaan)",
        f"{statistics.median(first_visit) * 1000:.0f} ms",
        "≤ 300 ms",
        statistics.median(first_visit) <= 0.3,
    )
    report(
        "rerun na filterwijziging (al bekende filter)", f"{statistics.median(rest) * 1000:.0f} ms"
    )
    import datetime as dt

    from kaartviewer.ui import keys

    times = []
    for day in ("2019-01-01", "2021-07-01", "2023-03-15", "2024-06-30", "2025-01-01"):
        at.sidebar.date_input(key=keys.PEILDATUM).set_value(dt.date.fromisoformat(day))
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    report(
        "rerun na peildatumwijziging (servertijd, mediaan)",
        f"{statistics.median(times) * 1000:.0f} ms",
        "≤ 300 ms",
        statistics.median(times) <= 0.3,
    )


def render_time(report) -> None:
    chromium = shutil.which("chromium")
    if not chromium:
        report("eerste weergave in Chromium", "overgeslagen", "(geen chromium)")
        return
    import json

    from playwright.sync_api import sync_playwright

    # Every gemeente of today's map (342) drawn: the map is there.
    n_gemeenten = len(
        json.loads((REPO / "data" / "gemeenten.geojson").read_text(encoding="utf-8"))["features"]
    )
    app, app_url = _start(REPO / "app.py")
    bare, bare_url = _start(REPO / "benchmarks" / "bare_app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )

            def once(url: str) -> float:
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                t = time.perf_counter()
                page.goto(url)
                while True:
                    done = any(
                        "st_folium" in f.url
                        and f.locator("path.leaflet-interactive").count() >= n_gemeenten
                        for f in page.frames
                    )
                    if done:
                        break
                    if time.perf_counter() - t > 90:
                        raise RuntimeError(f"kaart niet getekend: {url}")
                    page.wait_for_timeout(50)  # pumps Playwright events, unlike time.sleep
                dt = time.perf_counter() - t
                page.close()
                return dt

            once(app_url), once(bare_url)  # warm the server caches
            t_app = statistics.median(once(app_url) for _ in range(3))
            t_bare = statistics.median(once(bare_url) for _ in range(3))
            # Visit the heavier views so the RSS figure covers them too.
            for view in ("verbanden", "analyse", "data"):
                page = browser.new_page()
                page.goto(f"{app_url}/?weergave={view}")
                page.wait_for_timeout(6000)
                page.close()
            browser.close()
        report("eerste weergave kaartviewer (Chromium, mediaan)", f"{t_app * 1000:.0f} ms")
        report("eerste weergave kale Streamlit-pagina met kaart", f"{t_bare * 1000:.0f} ms")
        report("  verhouding", f"{t_app / t_bare:.2f}×", "≤ 1.5×", t_app / t_bare <= 1.5)
        rss = _peak_rss_mb(app.pid)
        report("piek-RSS van de app (VmHWM)", f"{rss:.0f} MB", "≤ 500 MB", rss <= 500)
    finally:
        for proc in (app, bare):
            proc.terminate()
            proc.wait(timeout=20)


def run(report) -> None:
    print("\n== App (issue 4) ==")
    os.environ.pop("KAARTVIEWER_DATA", None)
    map_html_size(report)
    rerun_time(report)
    render_time(report)
