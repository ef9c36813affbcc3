"""The kaartviewer page (minimal until the map issue lands)."""

from __future__ import annotations

import streamlit as st

from kaartviewer.load import load
from kaartviewer.validation import LoadError


@st.cache_resource(show_spinner="Gegevens laden…")
def _registry():
    return load()


def main() -> None:
    st.set_page_config(page_title="Kaartviewer samenwerkingsverbanden", layout="wide")
    st.title("Kaartviewer intergemeentelijke samenwerking")
    try:
        reg, report = _registry()
    except LoadError as exc:
        st.error(f"De gegevens kunnen niet worden geladen: {exc}")
        return
    s = reg.stats()
    c = st.columns(3)
    c[0].metric("Gemeenten", s["gemeenten"])
    c[1].metric("Samenwerkingen", s["samenwerkingen"])
    c[2].metric("Lidmaatschappen", s["lidmaatschappen"])
    if not report.ok:
        st.warning(f"{len(report.fouten)} rij(en) afgewezen bij het laden.")
