"""Exports of what is on screen: CSV, XLSX and GeoJSON, safe against formula injection.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula. Text cells that do are prefixed with an apostrophe (OWASP advice),
so a registry name like ``=HYPERLINK(...)`` is shown as text, never executed. Numbers
are left alone (``-3`` stays a number).
"""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd

from kaartviewer.schema import WGS84

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a text value that a spreadsheet would read as a formula with ``'``."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``df`` with every text cell (and column name) neutralised; lists joined."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: neutralise(
                    "; ".join(map(str, v)) if isinstance(v, (list, tuple, set, frozenset)) else v
                )
            )
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM (Excel opens it with the right encoding), neutralised."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "kaartviewer") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        safe_frame(df).to_excel(xl, index=False, sheet_name=sheet[:31])
    return buf.getvalue()


def to_geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """GeoJSON (WGS84) of the frame; text properties neutralised as well, because
    GeoJSON is routinely opened in spreadsheets via CSV conversion."""
    safe = safe_frame(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    out = gpd.GeoDataFrame(safe, geometry=gdf.geometry.values, crs=gdf.crs).to_crs(WGS84)
    return out.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")
