"""Exports of what is on screen: CSV, XLSX and GeoJSON, safe against formula injection.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula. Text cells that do are prefixed with an apostrophe (OWASP advice),
so a registry name like ``=HYPERLINK(...)`` is shown as text, never executed. Numbers
are left alone (``-3`` stays a number).

Provenance travels with the files that can carry it: ``herkomst`` (see
:func:`kaartviewer.provenance.metadata`) becomes a second sheet ``bronnen`` in Excel and
top-level members ``bronnen``, ``peildatum``, … of the GeoJSON FeatureCollection (RFC 7946
foreign members). CSV stays a plain table.
"""

from __future__ import annotations

import io
import json

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


def to_xlsx(df: pd.DataFrame, sheet: str = "kaartviewer", herkomst: dict | None = None) -> bytes:
    """Excel workbook: the table, plus a sheet ``bronnen`` when ``herkomst`` is given."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        safe_frame(df).to_excel(xl, index=False, sheet_name=sheet[:31])
        if herkomst:
            safe_frame(herkomst_frame(herkomst)).to_excel(xl, index=False, sheet_name="bronnen")
    return buf.getvalue()


def herkomst_frame(herkomst: dict) -> pd.DataFrame:
    """The sources as rows, then one row per other provenance field (``naam``, ``inhoud``)."""
    bronnen = pd.DataFrame(herkomst.get("bronnen", []))
    rest = pd.DataFrame(
        [{"naam": k, "inhoud": str(v)} for k, v in herkomst.items() if k != "bronnen"]
    )
    return pd.concat([bronnen, rest], ignore_index=True).fillna("")


def to_geojson(gdf: gpd.GeoDataFrame, herkomst: dict | None = None) -> bytes:
    """GeoJSON (WGS84) of the frame; text properties neutralised as well, because
    GeoJSON is routinely opened in spreadsheets via CSV conversion. ``herkomst`` is added
    as top-level members of the FeatureCollection."""
    safe = safe_frame(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    out = gpd.GeoDataFrame(safe, geometry=gdf.geometry.values, crs=gdf.crs).to_crs(WGS84)
    text = out.to_json(drop_id=True, ensure_ascii=False)
    if not herkomst:
        return text.encode("utf-8")
    doc = json.loads(text)
    doc.update({k: v for k, v in herkomst.items() if k not in ("type", "features")})
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
