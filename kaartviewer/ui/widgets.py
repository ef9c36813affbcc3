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
    titel: str | None = None,
) -> None:
    """Exports of what is on screen: CSV (plain table) with its metadata sidecar, CSV for
    Dutch Excel, XLSX and (with a geometry frame) GeoJSON. All but the plain CSV carry the
    title, sources, peildatum and filters in the file (see :mod:`kaartviewer.export`)."""
    # Deferred (callable) data: the files are only built when someone clicks, so a
    # rerun stays cheap; on_click="ignore" avoids a rerun after the download.
    key = key or name
    titel = titel or f"Kaartviewer intergemeentelijke samenwerking: {name}"
    knoppen = [
        (
            "⬇ CSV",
            lambda: export.to_csv(df),
            f"{name}.csv",
            "text/csv",
            "csv",
            "Standaard-CSV (komma, decimale punt): alleen de tabel, voor programma's. "
            "Titel, bron, peildatum en filters staan in het metadatabestand ernaast.",
        ),
        (
            "⬇ CSV voor Excel",
            lambda: export.to_csv_excel(df, herkomst, titel),
            f"{name}-excel.csv",
            "text/csv",
            "csv-nl",
            "Opent in Nederlandse Excel direct in kolommen (puntkomma, decimale komma); "
            "bovenaan titel, bron, peildatum en filters.",
        ),
        (
            "⬇ Excel",
            lambda: export.to_xlsx(df, herkomst=herkomst, titel=titel),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Werkmap met de tabel en een blad 'bronnen' (titel, bron, peildatum, filters).",
        ),
    ]
    if gdf is not None:
        knoppen.append(
            (
                "⬇ GeoJSON",
                lambda: export.to_geojson(gdf, herkomst=herkomst, titel=titel),
                f"{name}.geojson",
                "application/geo+json",
                "geo",
                "Kaartlaag (WGS84) met titel, bron, peildatum en filters in het bestand.",
            )
        )
    cols = st.columns(len(knoppen))
    for col, (label, data, bestand, mime, soort, uitleg) in zip(cols, knoppen, strict=True):
        col.download_button(
            md(label),
            data,
            bestand,
            mime,
            key=f"dl-{soort}-{key}",
            on_click="ignore",
            width="stretch",
            help=md(uitleg),
        )
    st.download_button(
        "Metadata bij de CSV (JSON)",
        lambda: export.to_metadata_json(herkomst, titel, f"{name}.csv"),
        f"{name}.metadata.json",
        "application/json",
        key=f"dl-meta-{key}",
        on_click="ignore",
        type="tertiary",
        help="Titel, bronnen, peildatum en filters van de standaard-CSV.",
    )
