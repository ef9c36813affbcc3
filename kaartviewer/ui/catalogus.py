"""The catalogue view: every samenwerking under the current filters as a sortable,
filterable list, and each samenwerking's own page.

A row opens the samenwerking's page (members, its outline on a map, doel, vorm, links and
its versions in the register) by clicking it or, without a mouse, through the 'Open' box
(a searchable selectbox). The page lives in the URL as ``?weergave=catalogus&samenwerking=ID``
(``?samenwerking=ID`` alone opens it on the kaart view). Names reach Markdown only through
``md()``; the table and option labels get the raw text (they render text only).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer import analysis, maps, provenance
from kaartviewer.schema import DEELNEMER_TYPES, JURIDISCHE_VORMEN, ONDERWERPEN, WGS84
from kaartviewer.text import fold
from kaartviewer.ui import data, keys, regeling
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import select
from kaartviewer.ui.widgets import downloads

#: The list's columns (the order shown) and what the sort box calls them.
KOLOMMEN = ("naam", "onderwerp", "vorm", "deelnemers", "bron", "peildatum")
PAGE_MAP_HEIGHT = 420


def render(ctx: Context) -> None:
    sid = st.session_state.get(keys.SAMENWERKING)
    if sid and sid in ctx.reg.samenwerkingen.index:
        pagina(ctx, sid)
    else:
        lijst(ctx)


# --- the list ---------------------------------------------------------------------------


def tabel(ctx: Context) -> pd.DataFrame:
    """Every samenwerking under the sidebar filters: ``id`` plus :data:`KOLOMMEN` and
    ``afkorting`` (searched, not shown)."""
    sw = data.filtered(ctx.src, ctx.filters).samenwerkingen
    return pd.DataFrame(
        {
            "id": sw.index,
            "naam": sw["naam"].astype(str).to_numpy(),
            "onderwerp": sw["onderwerp"].map(ONDERWERPEN).fillna(sw["onderwerp"]).to_numpy(),
            "vorm": sw["juridische_vorm"]
            .map(JURIDISCHE_VORMEN)
            .fillna(sw["juridische_vorm"])
            .to_numpy(),
            "deelnemers": sw["n_deelnemers"].astype(int).to_numpy(),
            # The date in "GR-register 2026-05-16" is the peildatum column's; leave it out.
            "bron": sw["bron"]
            .fillna("")
            .astype(str)
            .str.replace(r" \d{4}-\d{2}-\d{2}", "", regex=True)
            .to_numpy(),
            "peildatum": sw["peildatum"].fillna("").astype(str).to_numpy(),
            "afkorting": (
                sw["afkorting"].fillna("").astype(str).to_numpy() if "afkorting" in sw else ""
            ),
        }
    )


def zoek(table: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose naam, afkorting, onderwerp, vorm or bron contain every word of ``text``
    (accents and case do not matter)."""
    words = fold(text).split()
    if not words:
        return table
    hay = (
        table[["naam", "afkorting", "onderwerp", "vorm", "bron"]]
        .astype(str)
        .agg(" ".join, axis=1)
        .map(fold)
    )
    mask = pd.Series(True, index=table.index)
    for w in words:
        mask &= hay.str.contains(w, regex=False)
    return table[mask]


def sorteer(table: pd.DataFrame, kolom: str, aflopend: bool) -> pd.DataFrame:
    """Sorted by ``kolom`` (text case- and accent-insensitively), ties by naam."""
    if kolom not in KOLOMMEN:
        kolom = "naam"
    key_cols = [kolom] if kolom == "naam" else [kolom, "naam"]

    def key(col: pd.Series) -> pd.Series:
        return col if pd.api.types.is_numeric_dtype(col) else col.astype(str).map(fold)

    return table.sort_values(
        key_cols, ascending=[not aflopend] + [True] * (len(key_cols) - 1), key=key, kind="stable"
    )


def lijst(ctx: Context) -> None:
    st.header("Catalogus van samenwerkingen")
    all_rows = tabel(ctx)
    c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
    text = c1.text_input(
        "Snel filteren",
        key=keys.CATALOGUS_ZOEK,
        placeholder="bijv. afval, GGD of openbaar lichaam",
        help="Zoekt in naam, afkorting, onderwerp, juridische vorm en bron; hoofdletters en "
        "accenten tellen niet. De filters links gelden ook.",
    )
    kolom = c2.selectbox(
        "Sorteren op", KOLOMMEN, key=keys.CATALOGUS_SORTEER, format_func=str.capitalize
    )
    aflopend = c3.toggle("Aflopend", key=keys.CATALOGUS_AFLOPEND)
    shown = sorteer(zoek(all_rows, text), kolom, aflopend).reset_index(drop=True)
    st.caption(
        f"{len(shown)} van {len(all_rows)} samenwerkingen onder de filters links "
        f"({md(ctx.filters.describe(ctx.provincies))}). Klik op een rij (of kies hieronder) "
        "om de samenwerking te openen; een klik op een kolomkop sorteert ook."
    )
    if shown.empty:
        st.info("Geen samenwerkingen gevonden. Maak het filter korter of zet filters links uit.")
        return
    st.session_state[keys.CATALOGUS_IDS] = list(shown["id"])
    st.dataframe(
        shown[list(KOLOMMEN)],
        hide_index=True,
        width="stretch",
        height=min(600, 35 * (len(shown) + 1) + 3),
        key=keys.CATALOGUS_TABEL,
        on_select=_row_selected,
        selection_mode="single-row",
        # Pixel widths: all six columns fit the main area of a 1440 px wide window.
        column_config={
            "naam": st.column_config.TextColumn("naam", width=275),
            "onderwerp": st.column_config.TextColumn("onderwerp", width=140),
            "vorm": st.column_config.TextColumn("vorm", width=175),
            "deelnemers": st.column_config.NumberColumn(
                "deelnemers", width=95, help="Aantal deelnemende gemeenten."
            ),
            "bron": st.column_config.TextColumn("bron", width=150),
            "peildatum": st.column_config.TextColumn("peildatum", width=95),
        },
    )
    by_id = dict(zip(shown["id"], shown["naam"], strict=True))
    st.selectbox(
        "Open een samenwerking (typ om te zoeken)",
        [None, *shown["id"]],
        key=keys.CATALOGUS_OPEN,
        format_func=lambda i: "— kies —" if i is None else str(by_id.get(i, i)),
        on_change=_open_from_box,
    )
    downloads(
        shown.drop(columns="afkorting"),
        ctx.bestandsnaam("catalogus"),
        key="catalogus",
        herkomst=ctx.herkomst(),
    )


def _row_selected() -> None:
    """Callback of the table: open the selected row's samenwerking (in this view)."""
    state = st.session_state.get(keys.CATALOGUS_TABEL)
    rows = list(getattr(getattr(state, "selection", None), "rows", None) or [])
    if not rows and isinstance(state, dict):
        rows = list((state.get("selection") or {}).get("rows") or [])
    ids = st.session_state.get(keys.CATALOGUS_IDS) or []
    if rows and 0 <= rows[0] < len(ids):
        select("samenwerking", ids[rows[0]], switch_view=False)


def _open_from_box() -> None:
    value = st.session_state.get(keys.CATALOGUS_OPEN)
    st.session_state[keys.CATALOGUS_OPEN] = None
    if value:
        select("samenwerking", value, switch_view=False)


# --- the page of one samenwerking -----------------------------------------------------------


def _terug() -> None:
    select(None, None, switch_view=False)


def _op_de_kaart(sid: str) -> None:
    select("samenwerking", sid)  # and switch to the kaart view


def pagina(ctx: Context, sid: str) -> None:
    """One samenwerking: kenmerken, figures, its members on a map, the regeling (today's
    register), the deelnemers and the versions."""
    reg = ctx.reg
    s = reg.samenwerkingen.loc[sid]
    with st.container(horizontal=True):
        st.button("← Terug naar de catalogus", on_click=_terug, key="catalogus-terug")
        st.button(
            "Op de landkaart tonen",
            on_click=_op_de_kaart,
            args=(sid,),
            key="catalogus-kaart",
            icon=":material/map:",
        )
    st.header(md(s.naam))
    st.caption(md(regeling.kenmerken(ctx, s)))
    leden = reg.deelnemers_van(sid)
    fp = data.footprint(ctx.src, sid)
    c = st.columns(3)
    c[0].metric("Gemeenten", len(leden))
    c[1].metric("Provincies", leden["provincienaam"].nunique())
    c[2].metric(
        "Gebied (km²)",
        f"{fp['oppervlakte_km2'].iloc[0]:,.0f}".replace(",", ".") if len(fp) else "—",
    )
    col_map, col_info = st.columns([1, 1], gap="medium")
    with col_map:
        _page_map(ctx, sid, leden.index, fp)
    with col_info:
        if ctx.actueel:
            regeling.details(ctx, s)
        else:
            st.caption(
                md(
                    f"Historische laag 2016 ({provenance.datum(ctx.peildatum)}): de regeling zelf "
                    "(doel, bevoegdheden, links) staat alleen in het GR-register van vandaag."
                )
            )
    st.markdown(f"### Deelnemers ({len(leden)})")
    _deelnemers(ctx, sid)
    if ctx.actueel:
        st.markdown("### Geschiedenis: versies in het GR-register")
        regeling.versies(ctx, s)


def _page_map(ctx: Context, sid: str, codes, fp: gpd.GeoDataFrame) -> None:
    layer = data.web_layer(ctx.src)
    m = maps.base_map(ctx.asset_base, basemap=ctx.basemap, height=PAGE_MAP_HEIGHT)
    maps.borders(m, data.provincie_polygons(ctx.src), "Provinciegrenzen", weight=1.0)
    maps.members_fill(m, layer, codes, "Deelnemers")
    maps.outline(m, fp, "Gebied van de samenwerking")
    maps.fit(m, fp)
    st_folium(
        m,
        key=f"catalogus-kaart-{sid}",
        height=PAGE_MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
    )
    st.caption("Blauw: de deelnemende gemeenten; oranje rand: het gebied van de samenwerking.")


def _deelnemers(ctx: Context, sid: str) -> None:
    table = analysis.deelnemers_tabel(ctx.reg, sid)
    st.dataframe(
        table, hide_index=True, width="stretch", height=min(420, 35 * (len(table) + 1) + 3)
    )
    overige = ctx.reg.overige_van(sid)
    if len(overige):
        st.markdown("**Overige deelnemers** (geen gemeente)")
        st.dataframe(
            pd.DataFrame({"soort": overige["type"].map(DEELNEMER_TYPES), "naam": overige["naam"]}),
            hide_index=True,
            width="stretch",
        )
    downloads(
        table,
        ctx.bestandsnaam(f"deelnemers-{sid}"),
        gpd.GeoDataFrame(
            table,
            geometry=data.web_layer(ctx.src).geometry.reindex(table["gemeentecode"]).values,
            crs=WGS84,
        ),
        key=f"catalogus-sw-{sid}",
        herkomst=ctx.herkomst(),
    )
