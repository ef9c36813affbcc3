"""Small shared UI helpers: number formatting, tables with Markdown cells, export buttons."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from kaartviewer import export, opmaak
from kaartviewer.ui.safe import md


def pct(x, digits: int = 0) -> str:
    """A share as a Dutch percentage (``87%``, ``86,7%``); missing → ``—``."""
    return opmaak.procent(x, digits)


def num(x, digits: int = 2) -> str:
    """A number with decimal comma and thousands point (``1.234,50``); missing → ``—``."""
    return opmaak.getal(x, digits)


def static_table(df: pd.DataFrame) -> None:
    """``st.table`` renders every cell, header and index label as Markdown: escape them all."""
    shown = df.copy()
    for col in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[col]):
            shown[col] = shown[col].map(md)
    shown.columns = [md(c) for c in shown.columns]
    shown.index = shown.index.map(md)
    shown.index.name = md(df.index.name) if df.index.name else None
    st.table(shown)


def downloads(
    df: pd.DataFrame,
    name: str,
    gdf: gpd.GeoDataFrame | None = None,
    key: str | None = None,
    herkomst: dict | None = None,
) -> None:
    """CSV, XLSX (and GeoJSON when a geometry frame is given) of what is on screen; Excel
    and GeoJSON carry ``herkomst`` (sources, peildatum, filters)."""
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
        lambda: export.to_xlsx(df, herkomst=herkomst),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl-xlsx-{key}",
        on_click="ignore",
        width="stretch",
    )
    if gdf is not None:
        cols[2].download_button(
            "⬇ GeoJSON",
            lambda: export.to_geojson(gdf, herkomst=herkomst),
            f"{name}.geojson",
            "application/geo+json",
            key=f"dl-geo-{key}",
            on_click="ignore",
            width="stretch",
        )
