"""Serve Leaflet and jQuery from the installed XStatic packages, so the map works offline.

Each package's data directory is registered as a (never rendered) Streamlit component;
Streamlit then serves its files under ``/component/<name>/``. Nothing is copied and nothing
comes from a CDN.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit.components.v1 as components
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet

_PREFIX = "component/kaartviewer.ui.assets"
#: Where the map layers (GeoJSON, content-addressed) are written for the browser to fetch:
#: the map's script then stays small and the same for every filter and selection.
LAGEN_DIR = Path(tempfile.gettempdir()) / f"kaartviewer-lagen-{os.getuid()}"


def register() -> str:
    """Register the asset directories for this run; return the base URL path for maps.

    ``OfflineMap`` then loads ``{base}/leaflet/leaflet.js`` etc. The path is absolute from
    the server root, which is also the origin of the map component's iframe.
    """
    components.declare_component("leaflet", path=xs_leaflet.BASE_DIR)
    components.declare_component("jquery", path=xs_jquery.BASE_DIR)
    LAGEN_DIR.mkdir(parents=True, exist_ok=True)
    components.declare_component("lagen", path=str(LAGEN_DIR))
    return f"/{_PREFIX}."


def write_layer(doc: bytes) -> str:
    """Write ``doc`` (JSON) under its content hash in :data:`LAGEN_DIR`; return the file
    name (``laag-<hash>.json``). Atomic, and a file already there is left alone."""
    import hashlib

    name = f"laag-{hashlib.sha256(doc).hexdigest()[:20]}.json"
    LAGEN_DIR.mkdir(parents=True, exist_ok=True)
    path = LAGEN_DIR / name
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(doc)
        os.replace(tmp, path)
    return name


def layer_url(base: str, name: str) -> str:
    """The URL of a file :func:`write_layer` wrote, for a map served from ``base``."""
    return f"{base}lagen/{name}"


def urls(base: str) -> dict[str, str]:
    """The URLs ``OfflineMap`` will request (for tests and diagnostics)."""
    return {
        "leaflet.js": f"{base}leaflet/leaflet.js",
        "leaflet.css": f"{base}leaflet/leaflet.css",
        "jquery.js": f"{base}jquery/jquery.min.js",
    }
