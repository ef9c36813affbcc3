"""Serve Leaflet and jQuery from the installed XStatic packages, so the map works offline.

Each package's data directory is registered as a (never rendered) Streamlit component;
Streamlit then serves its files under ``/component/<name>/``. Nothing is copied and nothing
comes from a CDN.
"""

from __future__ import annotations

import streamlit.components.v1 as components
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet

_PREFIX = "component/kaartviewer.ui.assets"


def register() -> str:
    """Register the asset directories for this run; return the base URL path for maps.

    ``OfflineMap`` then loads ``{base}/leaflet/leaflet.js`` etc. The path is absolute from
    the server root, which is also the origin of the map component's iframe.
    """
    components.declare_component("leaflet", path=xs_leaflet.BASE_DIR)
    components.declare_component("jquery", path=xs_jquery.BASE_DIR)
    return f"/{_PREFIX}."


def urls(base: str) -> dict[str, str]:
    """The URLs ``OfflineMap`` will request (for tests and diagnostics)."""
    return {
        "leaflet.js": f"{base}leaflet/leaflet.js",
        "leaflet.css": f"{base}leaflet/leaflet.css",
        "jquery.js": f"{base}jquery/jquery.min.js",
    }
