"""The kaart view: the choropleth plus the panel of the overview, a gemeente or a samenwerking.

Layout only: numbers come from ``kaartviewer.ui.data`` (cached) and ``kaartviewer.analysis``.
Names from data reach Markdown only through ``md()``; tables and option labels get the
raw text (they render text, never Markdown or HTML).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer import analysis, geo, maps, provenance
from kaartviewer.factsheet import gemeente_factsheet
from kaartviewer.schema import DEELNEMER_TYPES, HERKOMST, JURIDISCHE_VORMEN, ONDERWERPEN, WGS84
from kaartviewer.ui import data, keys
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import open_from, select
from kaartviewer.ui.state import Filters
from kaartviewer.ui.widgets import downloads, num, pct, static_table

MAP_HEIGHT = 600


def render(ctx: Context) -> None:
    g_sel = st.session_state.get(keys.GEMEENTE)
    s_sel = st.session_state.get(keys.SAMENWERKING)
    col_map, col_info = st.columns([3, 2], gap="medium")
    with col_map:
        _map(ctx, g_sel, s_sel)
    with col_info:
        if s_sel:
            _samenwerking_panel(ctx, s_sel)
        elif g_sel:
            _gemeente_panel(ctx, g_sel)
        else:
            _overview_panel(ctx)


def _map(ctx: Context, g_sel: str | None, s_sel: str | None) -> None:
    src, reg = ctx.src, ctx.reg
    layer = data.web_layer(src)
    selected: set[str] = set()
    partners: dict[str, int] = {}
    if s_sel:
        partners = {c: 1 for c in reg.deelnemers_van(s_sel)["gemeentecode"]}
    elif g_sel:
        selected = {g_sel}
        partners = analysis.partners(data.edges(src, ctx.filters), g_sel)
    m = maps.base_map(ctx.asset_base, basemap=ctx.basemap, height=MAP_HEIGHT)
    counts = data.counts(src, ctx.filters)
    breaks = maps.choropleth(m, layer, counts, "Samenwerkingen", selected, partners)
    maps.borders(m, data.provincie_polygons(src), "Provinciegrenzen", weight=1.4)
    if ctx.grenzen:
        maps.borders(
            m,
            data.region_polygons(src, ctx.grenzen),
            "Regiogrenzen",
            color="#cc79a7",
            weight=2.4,
            dash="6 4",
        )
    if s_sel:
        fp = data.footprint(src, s_sel)
        maps.outline(m, fp, "Gebied van de samenwerking")
        maps.fit(m, fp)
    elif g_sel:
        mine = analysis.edges_of(data.edges(src, ctx.filters), g_sel)
        maps.lines(
            m,
            geo.comembership_lines(reg.gemeenten, mine),
            "Gedeelde samenwerkingen",
            labels=reg.gemeenten["gemeentenaam"],
        )
        maps.fit(m, layer.loc[layer.index.isin(set(partners) | selected)])
    maps.add_legend(m, "Aantal samenwerkingen", maps.legend_items(breaks))
    out = st_folium(
        m,
        key="kaart",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    _handle_click(out)
    st.caption(
        "Klik op een gemeente voor haar samenwerkingen. Kleur: aantal samenwerkingen "
        "onder de huidige filters. Oranje rand: gekozen gemeente; blauw: partners of "
        "deelnemers" + ("; roze stippellijn: de gekozen regiogrenzen." if ctx.grenzen else ".")
    )


def _handle_click(out) -> None:
    clicked = (out or {}).get("last_active_drawing") or {}
    code = (clicked.get("properties") or {}).get("gemeentecode")
    if code and code != st.session_state.get(keys.LAST_CLICK):
        st.session_state[keys.LAST_CLICK] = code
        select("gemeente", code, switch_view=False)
        st.rerun()


def _overview_panel(ctx: Context) -> None:
    src, f = ctx.src, ctx.filters
    sub = data.filtered(src, f)
    counts = data.counts(src, f)
    st.subheader("Overzicht")
    c = st.columns(3)
    c[0].metric("Samenwerkingen", len(sub.samenwerkingen))
    c[1].metric("Lidmaatschappen", len(sub.lidmaatschappen))
    c[2].metric("Gem. per gemeente", num(counts.mean(), 1))
    st.markdown("**Gemeenten met de meeste samenwerkingen**")
    table = analysis.ranking(ctx.reg, counts)
    # A static table (not the interactive grid): lighter for the first page a visitor sees.
    static_table(table.drop(columns="gemeentecode").head(10).set_index("gemeente"))
    st.info("Kies een gemeente op de kaart of zoek links een gemeente of samenwerking.")
    gdf = gpd.GeoDataFrame(
        table,
        geometry=data.web_layer(src).geometry.reindex(table["gemeentecode"]).values,
        crs=WGS84,
    )
    downloads(table, "samenwerkingen-per-gemeente", gdf, key="overzicht", herkomst=ctx.herkomst())


def _arrangements_table(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "naam": df["naam"],
            "onderwerp": df["onderwerp"].map(ONDERWERPEN),
            "juridische vorm": df["juridische_vorm"].map(JURIDISCHE_VORMEN),
            "partners": df["partners"] if "partners" in df else df["n_deelnemers"] - 1,
            "bron": df["bron"],
            "id": df.index,
        }
    )
    if "via" in df:  # a projected (2025) registry: say where each membership comes from
        out["via voorganger"] = [
            f"{v} (deels, {a:.0%})" if deels else v
            for v, deels, a in zip(df["via"], df["deels"], df["aandeel"], strict=True)
        ]
    return out.reset_index(drop=True)


def _gemeente_panel(ctx: Context, code: str) -> None:
    reg = ctx.reg
    g = reg.gemeenten.loc[code]
    met = data.metrics(ctx.src, ctx.filters).loc[code]
    st.subheader(md(g.gemeentenaam))
    st.caption(f"{md(code)} · provincie {md(g.provincienaam)}")
    c = st.columns(2)
    c[0].metric("Samenwerkingen", int(met.lidmaatschappen))
    c[1].metric("Partnergemeenten", int(met.partners))
    c = st.columns(2)
    c[0].metric(
        "Spaghetti-index",
        num(met.spaghetti),
        help="1 − gemiddelde overeenkomst (Jaccard) tussen de deelnemers van elk paar "
        "samenwerkingen van deze gemeente. 0 = steeds dezelfde partners.",
    )
    c[1].metric("Partners buiten provincie", pct(met.aandeel_buiten_provincie))
    rang = None if pd.isna(met.rang) else int(met.rang)
    if rang is not None:
        st.caption(
            f"Spaghetti-rang {int(rang)} van {len(reg.gemeenten)} gemeenten (1 = meest versnipperd)."
        )
    df = data.filtered(ctx.src, ctx.filters).samenwerkingen_van(code)
    table = _arrangements_table(df)
    st.markdown(f"**{len(table)} samenwerkingen**")
    st.dataframe(
        table.drop(columns=["id", "bron"]),
        hide_index=True,
        width="stretch",
        height=min(320, 35 * (len(table) + 1) + 3),
        column_config={
            "naam": st.column_config.TextColumn("naam", width="medium"),
            "partners": st.column_config.NumberColumn("partners", width="small"),
        },
    )
    _open_box(keys.open_samenwerking(code), "Open een samenwerking", table["id"], table["naam"])
    cijfers = {
        "lidmaatschappen": int(met.lidmaatschappen),
        "partners": int(met.partners),
        "spaghetti": met.spaghetti,
        "rang": rang,
        "n_gemeenten": len(reg.gemeenten),
        "aandeel_buiten_provincie": met.aandeel_buiten_provincie,
    }
    st.download_button(
        "Factsheet voor de raad (HTML, printbaar)",
        gemeente_factsheet(
            g.gemeentenaam,
            code,
            g.provincienaam,
            df,
            cijfers,
            ctx.filters.describe(ctx.provincies),
            provenance.bronnen_voor(ctx.src.gemeente_indeling),
            provenance.voorbehoud(ctx.peildatum),
        ),
        f"factsheet-{code}.html",
        "text/html",
        on_click="ignore",
        key=f"factsheet-{code}",
        width="stretch",
    )
    downloads(table, f"samenwerkingen-{code}", key=f"gem-{code}", herkomst=ctx.herkomst())
    st.button("← Terug naar het overzicht", on_click=select, args=(None, None), key="terug-g")


def _open_box(key: str, label: str, ids: pd.Series, names: pd.Series) -> None:
    """A selectbox that opens the picked samenwerking (option labels are plain text)."""
    if not len(ids):
        return
    by_id = dict(zip(ids, names, strict=True))
    st.selectbox(
        md(label),
        [None, *ids],
        key=key,
        format_func=lambda i: "— kies —" if i is None else str(by_id.get(i, i)),
        on_change=open_from,
        args=(key,),
    )


def _samenwerking_panel(ctx: Context, sid: str) -> None:
    reg = ctx.reg
    s = reg.samenwerkingen.loc[sid]
    st.subheader(md(s.naam))
    st.caption(
        f"{md(ONDERWERPEN.get(s.onderwerp, s.onderwerp))} "
        f"({md(HERKOMST.get(s.onderwerp_herkomst, s.onderwerp_herkomst))}) · "
        f"{md(JURIDISCHE_VORMEN.get(s.juridische_vorm, s.juridische_vorm))} "
        f"({md(HERKOMST.get(s.juridische_vorm_herkomst, s.juridische_vorm_herkomst))}) · "
        f"bron {md(s.bron)}, peildatum {md(s.peildatum)}"
    )
    leden = reg.deelnemers_van(sid)
    fp = data.footprint(ctx.src, sid)
    c = st.columns(3)
    c[0].metric("Gemeenten", len(leden))
    c[1].metric("Provincies", leden["provincienaam"].nunique())
    c[2].metric(
        "Gebied (km²)",
        f"{fp['oppervlakte_km2'].iloc[0]:,.0f}".replace(",", ".") if len(fp) else "—",
    )
    tabs = st.tabs(["Deelnemers", "Passing in indelingen", "Overlap"])
    with tabs[0]:
        _members_tab(ctx, sid, leden)
    with tabs[1]:
        _fit_tab(ctx, sid)
    with tabs[2]:
        _overlap_tab(ctx, sid)
    st.button("← Terug naar het overzicht", on_click=select, args=(None, None), key="terug-s")


def _members_tab(ctx: Context, sid: str, leden: pd.DataFrame) -> None:
    table = leden.rename(columns={"gemeentenaam": "gemeente", "provincienaam": "provincie"})[
        ["gemeentecode", "gemeente", "provincie"]
    ]
    st.dataframe(table, hide_index=True, width="stretch", height=260)
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
        f"deelnemers-{sid}",
        gpd.GeoDataFrame(
            table,
            geometry=data.web_layer(ctx.src).geometry.reindex(table["gemeentecode"]).values,
            crs=WGS84,
        ),
        key=f"sw-{sid}",
        herkomst=ctx.herkomst(),
    )


def _fit_tab(ctx: Context, sid: str) -> None:
    fit = analysis.fit_per_indeling(data.fits(ctx.src), data.indelingen(ctx.src), sid)
    if fit.empty:
        st.info("Geen regio-indelingen in de gegevens: de passing kan niet worden berekend.")
        return
    st.caption(
        "Passing = grootste aandeel van de deelnemers dat in één regio ligt "
        "(1,0 = past er helemaal in)."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "indeling": fit["naam"],
                "soort": fit["indeling_soort"],
                "past in regio": fit["regio"],
                "passing": fit["fit"],
            }
        ),
        hide_index=True,
        width="stretch",
        height=300,
        column_config={
            "passing": st.column_config.ProgressColumn(
                "passing", min_value=0.0, max_value=1.0, format="%.2f"
            )
        },
    )


def _overlap_tab(ctx: Context, sid: str) -> None:
    mine = analysis.overlaps_of(data.overlap(ctx.src, Filters(), analysis.OVERLAP_MIN_JACCARD), sid)
    st.caption(
        f"Kandidaten: {md(provenance.overlap_regel())}. 'Zelfde onderwerp' kan op dubbel "
        "werk wijzen."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "samenwerking": mine["naam"],
                "soort overlap": mine["overlap_soort"],
                "zelfde onderwerp": mine["zelfde_onderwerp"].map({True: "ja", False: ""}),
                "gedeeld": mine["gedeeld"],
                "jaccard": mine["jaccard"].round(2),
            }
        ),
        hide_index=True,
        width="stretch",
        height=260,
    )
    _open_box(
        keys.open_samenwerking(f"overlap-{sid}"),
        "Open een overlappende samenwerking",
        mine["id"],
        mine["naam"],
    )
