"""Small shared UI helpers: safe text, number formatting, export buttons."""

from __future__ import annotations

import html
import math
import re

import geopandas as gpd
import pandas as pd
import streamlit as st

from kaartviewer import export

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def md(text) -> str:
    """Text from data made safe for ``st.markdown``: HTML escaped and every Markdown
    control character backslash-escaped, so a name always renders literally."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape("" if text is None else str(text)))


def pct(x) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.0%}"


def num(x, digits: int = 2) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def downloads(
    df: pd.DataFrame, name: str, gdf: gpd.GeoDataFrame | None = None, key: str | None = None
) -> None:
    """CSV, XLSX (and GeoJSON when a geometry frame is given) of what is on screen."""
    # Deferred (callable) data: the files are only built when someone clicks, so a
    # rerun stays cheap; on_click="ignore" avoids a rerun after the download.
    key = key or name
    cols = st.columns(3 if gdf is not None else 2)
    cols[0].download_button(
        "⬇ CSV",
        lambda: export.to_csv(df),
        f"{name}.csv",
        "text/csv",
        key=f"dl-csv-{key}",
        on_click="ignore",
        width="stretch",
    )
    cols[1].download_button(
        "⬇ Excel",
        lambda: export.to_xlsx(df),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl-xlsx-{key}",
        on_click="ignore",
        width="stretch",
    )
    if gdf is not None:
        cols[2].download_button(
            "⬇ GeoJSON",
            lambda: export.to_geojson(gdf),
            f"{name}.geojson",
            "application/geo+json",
            key=f"dl-geo-{key}",
            on_click="ignore",
            width="stretch",
        )
