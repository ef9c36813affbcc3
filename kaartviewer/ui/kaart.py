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
from kaartviewer.schema import DEELNEMER_TYPES, JURIDISCHE_VORMEN, ONDERWERPEN, WGS84
from kaartviewer.ui import beheer_paneel, data, keys, regeling
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import open_from, select
from kaartviewer.ui.state import Filters
from kaartviewer.ui.widgets import downloads, num, pct, static_table

MAP_HEIGHT = 600
#: The tabs under a samenwerking: today's register also has the regeling's versions.
TABS_ACTUEEL = ("Deelnemers", "Versies", "Passing in indelingen", "Overlap")
TABS_2016 = ("Deelnemers", "Passing in indelingen", "Overlap")


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
    # Tables have many columns: full width, below the map and the panel.
    if s_sel:
        _samenwerking_tabs(ctx, s_sel)
    elif g_sel:
        _gemeente_table(ctx, g_sel)


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
    breaks = maps.choropleth(
        m,
        layer,
        counts,
        "Samenwerkingen",
        selected,
        partners,
        features=data.layer_features(src),
    )
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
        # Centroids of the gemeenten on the lines only (not of the whole country).
        ends = reg.gemeenten.loc[reg.gemeenten.index.isin(set(mine["a"]) | set(mine["b"]))]
        maps.lines(
            m,
            geo.comembership_lines(ends, mine),
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
    downloads(
        table,
        ctx.bestandsnaam("samenwerkingen-per-gemeente"),
        gdf,
        key="overzicht",
        herkomst=ctx.herkomst(),
    )


def _arrangements_table(df: pd.DataFrame, code: str) -> pd.DataFrame:
    """A gemeente's samenwerkingen as shown (and exported): naam, onderwerp, vorm, partners,
    whether the raad takes part (today's register) and the predecessor a membership came
    through (only when some membership came through another gemeente than ``code``)."""
    out = pd.DataFrame(
        {
            "naam": df["naam"],
            "onderwerp": df["onderwerp"].map(ONDERWERPEN),
            "vorm": df["juridische_vorm"].map(JURIDISCHE_VORMEN),
            "partners": df["partners"] if "partners" in df else df["n_deelnemers"] - 1,
        }
    )
    if "bestuursorganen" in df:
        out["raad neemt deel"] = [analysis.raad_neemt_deel(v) for v in df["bestuursorganen"]]
    out["bron"] = df["bron"]
    out["id"] = df.index
    via = df["via"].fillna("").astype(str) if "via" in df else pd.Series(dtype=str)
    if "via_codes" in df:
        via = via.where(df["via_codes"].fillna("").astype(str) != code, "")
    if via.str.strip().ne("").any():  # memberships that came through a predecessor
        out["via voorganger"] = [
            f"{v} (deels, {a:.0%})" if deels and v else v
            for v, deels, a in zip(via, df["deels"], df["aandeel"], strict=True)
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
    table = _arrangements_table(df, code)
    if "raad neemt deel" in table:
        bekend = table["raad neemt deel"] != analysis.ONBEKEND
        raad = int((table["raad neemt deel"] == "ja").sum())
        st.markdown(
            f"De gemeenteraad neemt zelf deel in **{int(raad)}** van de {int(bekend.sum())} "
            "regelingen met geregistreerde bestuursorganen; in de andere alleen het college "
            "of de burgemeester."
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
        # Deferred: the page is built only when someone clicks, so a rerun stays cheap.
        lambda: gemeente_factsheet(
            g.gemeentenaam,
            code,
            g.provincienaam,
            df,
            cijfers,
            ctx.filters.describe(ctx.provincies),
            ctx.bronnen(),
            ctx.voorbehoud(),
            stand=stand(ctx),
        ),
        f"{ctx.bestandsnaam(f'factsheet-{code}')}.html",
        "text/html",
        on_click="ignore",
        key=f"factsheet-{code}",
        width="stretch",
    )
    st.button("← Terug naar het overzicht", on_click=select, args=(None, None), key="terug-g")


def _gemeente_table(ctx: Context, code: str) -> None:
    """The samenwerkingen of one gemeente (under the filters), with exports."""
    df = data.filtered(ctx.src, ctx.filters).samenwerkingen_van(code)
    table = _arrangements_table(df, code)
    naam = ctx.reg.gemeenten.at[code, "gemeentenaam"]
    st.markdown(f"**{len(table)} samenwerkingen van {md(naam)}** ({md(stand(ctx))})")
    st.dataframe(
        table.drop(columns=["id", "bron"]),
        hide_index=True,
        width="stretch",
        height=min(560, 35 * (len(table) + 1) + 3),
        column_config={
            "naam": st.column_config.TextColumn("naam", width="large"),
            "partners": st.column_config.NumberColumn("partners", width="small"),
            "raad neemt deel": st.column_config.TextColumn(
                "raad neemt deel",
                width=120,
                help="Neemt de gemeenteraad zelf deel (ja), of alleen het college of de "
                "burgemeester (nee)? Volgens de bestuursorganen in het GR-register; "
                "— = niet geregistreerd (bijv. een CBS-regio).",
            ),
        },
    )
    downloads(
        table,
        ctx.bestandsnaam(f"samenwerkingen-{code}"),
        key=f"gem-{code}",
        herkomst=ctx.herkomst(),
    )


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


def stand(ctx: Context) -> str:
    """What is shown, for titles: ``GR-register, peildatum 16 mei 2026`` or the 2016 layer."""
    if ctx.actueel:
        return f"GR-register, peildatum {provenance.datum(ctx.peildatum)}"
    return "historische laag 2016 (OpenGR en RegioAtlas)"


def _samenwerking_panel(ctx: Context, sid: str) -> None:
    reg = ctx.reg
    s = reg.samenwerkingen.loc[sid]
    st.subheader(md(s.naam))
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
    if ctx.actueel:
        if not beheer_paneel.is_aanvulling(s):
            regeling.details(ctx, s)
        beheer_paneel.render(ctx, sid)
    st.button("← Terug naar het overzicht", on_click=select, args=(None, None), key="terug-s")


def _samenwerking_tabs(ctx: Context, sid: str) -> None:
    """Deelnemers, versions (today's register), fit and overlap of one samenwerking."""
    naam = ctx.reg.samenwerkingen.at[sid, "naam"]
    st.markdown(f"**{md(naam)}** ({md(stand(ctx))})")
    names = TABS_ACTUEEL if ctx.actueel else TABS_2016
    tabs = dict(zip(names, st.tabs(list(names)), strict=True))
    with tabs["Deelnemers"]:
        _members_tab(ctx, sid)
    if "Versies" in tabs:
        with tabs["Versies"]:
            regeling.versies(ctx, ctx.reg.samenwerkingen.loc[sid])
    with tabs["Passing in indelingen"]:
        _fit_tab(ctx, sid)
    with tabs["Overlap"]:
        _overlap_tab(ctx, sid)


def _members_tab(ctx: Context, sid: str) -> None:
    table = analysis.deelnemers_tabel(ctx.reg, sid)
    if "raad neemt deel" in table:
        raad = int((table["raad neemt deel"] == "ja").sum())
        bekend = int((table["raad neemt deel"] != analysis.ONBEKEND).sum())
        if bekend:
            st.caption(
                f"Bij {int(raad)} van de {int(bekend)} gemeenten met geregistreerde bestuursorganen "
                "neemt de gemeenteraad zelf deel; bij de andere alleen het college of de "
                "burgemeester."
            )
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
        ctx.bestandsnaam(f"deelnemers-{sid}"),
        gpd.GeoDataFrame(
            table,
            geometry=data.web_layer(ctx.src).geometry.reindex(table["gemeentecode"]).values,
            crs=WGS84,
        ),
        key=f"sw-{sid}",
        herkomst=ctx.herkomst(),
    )


def _fit_tab(ctx: Context, sid: str) -> None:
    fit = analysis.fit_per_indeling(data.fits(ctx.src, sid), data.indelingen(ctx.src), sid)
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
