"""Exports of what is on screen: CSV, XLSX and GeoJSON, safe against formula injection.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula. Text cells that do are prefixed with an apostrophe (OWASP advice),
so a registry name like ``=HYPERLINK(...)`` is shown as text, never executed. Numbers
are left alone (``-3`` stays a number).

Every export says what it is: title, sources, peildatum and filters (``herkomst``, see
:func:`kaartviewer.provenance.metadata`, plus a ``titel``):

* **CSV** (standard): a plain, machine-readable table (comma, decimal point, UTF-8 with
  BOM), nothing above the header; its provenance is the sidecar :func:`to_metadata_json`
  (same file name, ``.metadata.json``) offered next to it.
* **CSV for Dutch Excel** (:func:`to_csv_excel`): ``;`` separator, decimal comma, UTF-8
  with BOM, CRLF; a block of ``titel``/``bron``/``peildatum``/``filters`` lines and an
  empty line above the table (Excel shows them as the first rows).
* **Excel**: the table, plus a sheet ``bronnen`` with the title, the sources, peildatum
  and filters.
* **GeoJSON**: top-level members ``titel``, ``bronnen``, ``peildatum``, … of the
  FeatureCollection (RFC 7946 foreign members).
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


def metadata(herkomst: dict | None, titel: str = "") -> dict:
    """``herkomst`` with the ``titel`` first (a copy; ``{}`` stays ``{}`` without a title)."""
    out = {"titel": titel} if titel else {}
    out.update(herkomst or {})
    return out


def bron_tekst(meta: dict) -> str:
    """The sources in one line, each with publisher, licence and required attribution."""
    delen = []
    for b in meta.get("bronnen", []):
        naam = b.get("naam", "")
        extra = ", ".join(str(b[k]) for k in ("uitgever", "licentie", "attributie") if b.get(k))
        delen.append(f"{naam} ({extra})" if extra else naam)
    return "; ".join(d for d in delen if d)


#: The lines above the table in the Excel CSV: (label, metadata key).
_KOP = (
    ("titel", "titel"),
    ("bron", None),
    ("laag", "laag"),
    ("peildatum", "peildatum"),
    ("gemeente-indeling", "gemeente_indeling"),
    ("filters", "filters"),
    ("voorbehoud", "voorbehoud"),
)


def to_csv_excel(df: pd.DataFrame, herkomst: dict | None = None, titel: str = "") -> bytes:
    """CSV that Dutch Excel opens in columns: ``;``, decimal comma, UTF-8 with BOM, CRLF,
    neutralised; title, sources, peildatum and filters in lines above the table."""
    meta = metadata(herkomst, titel)
    kop = []
    for label, key in _KOP:
        value = bron_tekst(meta) if key is None else meta.get(key, "")
        if value:
            kop.append([label, str(value)])
    buf = io.StringIO()
    if kop:
        pd.DataFrame(kop).map(neutralise).to_csv(
            buf, sep=";", index=False, header=False, lineterminator="\r\n"
        )
        buf.write("\r\n")
    safe_frame(df).to_csv(buf, sep=";", decimal=",", index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def to_metadata_json(herkomst: dict | None, titel: str = "", bestand: str = "") -> bytes:
    """The sidecar of the standard CSV: title, sources, peildatum, filters (and the file
    it describes) as JSON."""
    meta = metadata(herkomst, titel)
    if bestand:
        meta = {"bestand": bestand, **meta}
    return json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")


def to_xlsx(
    df: pd.DataFrame, sheet: str = "kaartviewer", herkomst: dict | None = None, titel: str = ""
) -> bytes:
    """Excel workbook: the table, plus a sheet ``bronnen`` (title, sources, peildatum,
    filters) when ``herkomst`` or ``titel`` is given."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        safe_frame(df).to_excel(xl, index=False, sheet_name=sheet[:31])
        meta = metadata(herkomst, titel)
        if meta:
            safe_frame(herkomst_frame(meta)).to_excel(xl, index=False, sheet_name="bronnen")
    return buf.getvalue()


def herkomst_frame(herkomst: dict) -> pd.DataFrame:
    """The sources as rows, then one row per other provenance field (``naam``, ``inhoud``);
    the title (when given) is the first of those."""
    bronnen = pd.DataFrame(herkomst.get("bronnen", []))
    rest = pd.DataFrame(
        [{"naam": k, "inhoud": str(v)} for k, v in herkomst.items() if k != "bronnen"]
    )
    return pd.concat([bronnen, rest], ignore_index=True).fillna("")


def to_geojson(gdf: gpd.GeoDataFrame, herkomst: dict | None = None, titel: str = "") -> bytes:
    """GeoJSON (WGS84) of the frame; text properties neutralised as well, because
    GeoJSON is routinely opened in spreadsheets via CSV conversion. ``herkomst`` is added
    as top-level members of the FeatureCollection."""
    safe = safe_frame(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    out = gpd.GeoDataFrame(safe, geometry=gdf.geometry.values, crs=gdf.crs).to_crs(WGS84)
    text = out.to_json(drop_id=True, ensure_ascii=False)
    herkomst = metadata(herkomst, titel)
    if not herkomst:
        return text.encode("utf-8")
    doc = json.loads(text)
    doc.update({k: v for k, v in herkomst.items() if k not in ("type", "features")})
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
