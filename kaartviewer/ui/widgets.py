"""Small shared UI helpers: number formatting, tables with Markdown cells, export buttons."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from kaartviewer import export, factsheet, opmaak, provenance
from kaartviewer.ui import data
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


def standaard_titel(bestandsnaam: str) -> str:
    """A readable title from an export's file name when the view gives none:
    ``samenwerkingen-GM0363-peildatum-2026-05-16`` → ``Kaartviewer intergemeentelijke
    samenwerking: samenwerkingen GM0363 (peildatum 2026-05-16)``."""
    kop, stand = bestandsnaam, ""
    for teken in ("-peildatum-", "-2016-historisch"):
        if teken in bestandsnaam:
            kop, _, rest = bestandsnaam.partition(teken)
            stand = f"peildatum {rest}" if teken == "-peildatum-" else "historische laag 2016"
            break
    tekst = kop.replace("-", " ").strip()
    return f"Kaartviewer intergemeentelijke samenwerking: {tekst}" + (
        f" ({stand})" if stand else ""
    )


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
    titel = titel or standaard_titel(name)
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
    # Two per row: the labels stay whole in the narrow panel next to the map.
    cols = [c for _ in range(0, len(knoppen), 2) for c in st.columns(2)]
    for col, (label, maak, bestand, mime, soort, uitleg) in zip(cols, knoppen, strict=False):
        col.download_button(
            md(label),
            maak,
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


def _factsheet(ctx, code: str) -> str:
    """The factsheet's HTML of gemeente ``code`` under the view's filters (built on click)."""
    reg, sub = ctx.reg, data.filtered(ctx.src, ctx.filters)
    g = reg.gemeenten.loc[code]
    met = data.metrics(ctx.src, ctx.filters)
    m = met.loc[code]
    rang = None if pd.isna(m.rang) else int(m.rang)
    cijfers = {
        "lidmaatschappen": int(m.lidmaatschappen),
        "partners": int(m.partners),
        "spaghetti": m.spaghetti,
        "rang": rang,
        "n_gemeenten": len(reg.gemeenten),
        "aandeel_buiten_provincie": m.aandeel_buiten_provincie,
    }
    df = sub.samenwerkingen_van(code)
    lid = sub.lidmaatschappen
    partners = lid.loc[lid["samenwerking"].isin(set(df.index)), "gemeentecode"].value_counts()
    if ctx.actueel:
        stand = f"GR-register, peildatum {provenance.datum(ctx.peildatum)}"
    else:
        stand = "historische laag 2016 (OpenGR en RegioAtlas)"
    return factsheet.gemeente_factsheet(
        g.gemeentenaam,
        code,
        g.provincienaam,
        df,
        cijfers,
        ctx.filters.describe(ctx.provincies),
        ctx.bronnen(),
        ctx.voorbehoud(),
        stand=stand,
        kaart=factsheet.kaart_svg(reg.gemeenten, code, partners.drop(code, errors="ignore")),
        vergeleken=factsheet.vergelijking(met, reg.gemeenten["provinciecode"], code),
    )


def factsheet_downloads(ctx, code: str) -> None:
    """The raadslid factsheet of gemeente ``code`` as PDF and as printable HTML (both built
    only when clicked)."""
    naam = ctx.bestandsnaam(f"factsheet-{code}")
    cols = st.columns(2)
    cols[0].download_button(
        "⬇ Factsheet (PDF)",
        lambda: factsheet.naar_pdf(_factsheet(ctx, code)),
        f"{naam}.pdf",
        "application/pdf",
        on_click="ignore",
        key=f"factsheet-pdf-{code}",
        width="stretch",
        disabled=not factsheet.pdf_mogelijk(),
        help="Eén A4 voor de raad: kerncijfers naast provincie en land, kaartje met de "
        "partnergemeenten, de samenwerkingen en de bronnen, met de peildatum bovenaan."
        if factsheet.pdf_mogelijk()
        else "Voor een PDF is WeasyPrint nodig (pip install weasyprint); de HTML-versie "
        "is printbaar vanuit de browser.",
    )
    cols[1].download_button(
        "⬇ Factsheet (HTML)",
        lambda: _factsheet(ctx, code),
        f"{naam}.html",
        "text/html",
        on_click="ignore",
        key=f"factsheet-{code}",
        width="stretch",
        help="Dezelfde factsheet als webpagina, printbaar vanuit de browser.",
    )
