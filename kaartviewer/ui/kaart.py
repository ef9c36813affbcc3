"""The kaart view: the choropleth plus the panel of the overview, a gemeente or a samenwerking.

Layout only: numbers come from ``kaartviewer.ui.data`` (cached) and ``kaartviewer.analysis``.
Names from data reach Markdown only through ``md()``; tables and option labels get the
raw text (they render text, never Markdown or HTML).
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import _component_func as _st_folium_component

from kaartviewer import analysis, maps, provenance
from kaartviewer.schema import DEELNEMER_TYPES, JURIDISCHE_VORMEN, ONDERWERPEN, WGS84
from kaartviewer.ui import assets, beheer_paneel, data, keys, regeling
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import gemeente_picked, log_run, map_clicked, open_from, select
from kaartviewer.ui.state import Filters
from kaartviewer.ui.widgets import downloads, factsheet_downloads, num, pct, static_table

MAP_HEIGHT = 600
#: The tabs under a samenwerking: today's register also has the regeling's versions.
TABS_ACTUEEL = ("Deelnemers", "Versies", "Passing in indelingen", "Overlap")
TABS_2016 = ("Deelnemers", "Passing in indelingen", "Overlap")


def render(ctx: Context) -> None:
    """The kaart view as a fragment: a click on the map, the gemeente list or a button in
    the panel reruns only this view (the header and sidebar stay as they are)."""
    _kaart(ctx)


def browser() -> bool:
    """Whether a browser runs this session (AppTest sends no request headers)."""
    return bool(st.context.headers)


def kaart_eerst() -> bool:
    """Whether this run draws the map alone: the first run of a browser session on the
    kaart view. The navigation, the gemeente list, the panel and the sidebar's widgets
    follow in the next run, which the map starts once it has drawn the gemeenten
    (``meld_getekend``).

    Why: a fresh page loads the code of every kind of widget on its first use (some 60
    files over the browser's six connections per server) and React reveals the elements
    that waited for code together. Sent in one go with those widgets, the map's iframe
    waited for all that code and then queued its own scripts behind it: the first map
    appeared 1.5–1.7× later than on a bare page with only the map (issue 11)."""
    return bool(st.session_state.get(keys.KAART_EERST))


@st.fragment
def _kaart(ctx: Context) -> None:
    ss = st.session_state
    if (
        ss.pop(keys.NAAR_WEERGAVE, False)
        or ss.pop(keys.KAART_GETEKEND, False)
        or ss.get(keys.TERUG_DOEL) is not None
    ):
        # A panel button chose another view (beheer), the map drawn first asks for the
        # rest of the page, or "Terug" (the page reads the view back from the URL): the
        # whole page reruns.
        st.rerun()
    log_run("fragment")
    from kaartviewer.ui import page

    # A gemeente or samenwerking opened here goes on the "Terug" path at once.
    page.onthoud_weergave(ctx.src, ctx.reg)
    page.terug_knop()
    g_sel = st.session_state.get(keys.GEMEENTE)
    s_sel = st.session_state.get(keys.SAMENWERKING)
    col_map, col_info = st.columns([3, 2], gap="medium")
    with col_map:
        _map(ctx, g_sel, s_sel)
        if kaart_eerst():
            _onthoud(ctx)
            return
        _gemeente_list(ctx, g_sel)
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
    _onthoud(ctx)


def _onthoud(ctx: Context) -> None:
    """After a rerun of this fragment alone the page's own URL update and "Terug" path
    do not run: do them here."""
    from kaartviewer.ui import page

    page.onthoud_weergave(ctx.src, ctx.reg)
    page._write_url(ctx.src)


def _map(ctx: Context, g_sel: str | None, s_sel: str | None) -> None:
    """The map: a base layer that is the same for every filter and selection (so the
    iframe stays), restyled by a small state sent as a dynamic feature group."""
    src = ctx.src
    counts = data.counts(src, ctx.filters).reindex(data.gemeente_bounds(src).index).fillna(0)
    selected: list[str] = []
    partners: dict[str, int] = {}
    lines: list = []
    outline = None
    fit_codes: list[str] = []
    if s_sel:
        partners = {c: 1 for c in data.deelnemers_van(src, s_sel)["gemeentecode"]}
        outline = data.footprint_geojson(src, s_sel)
        fit_codes = list(partners)
    elif g_sel:
        selected = [g_sel]
        partners, lines = data.partner_lines(src, ctx.filters, g_sel)
        fit_codes = [g_sel, *partners]
    state = maps.live_state(
        counts,
        "Samenwerkingen",
        selected=selected,
        partners=partners,
        lines=lines,
        outline=outline,
        bounds=_bounds(ctx, fit_codes),
        fit_key=f"s:{s_sel}" if s_sel else f"g:{g_sel}" if g_sel else "",
        grenzen=assets.layer_url(ctx.asset_base, data.grenzen_laag(src, ctx.grenzen))
        if ctx.grenzen
        else None,
        meld_getekend=kaart_eerst(),
    )
    _live_component(
        assets.layer_url(ctx.asset_base, data.kaart_laag(src)),
        ctx.asset_base,
        ctx.basemap,
        "window.kvUpdate(" + json.dumps(state, separators=(",", ":")) + ");",
    )
    st.caption(
        "Klik op een gemeente of kies haar in de lijst hieronder. Kleur: aantal "
        "samenwerkingen onder de huidige filters (gearceerd: geen). Oranje rand: gekozen "
        "gemeente; blauw: partners of deelnemers"
        + ("; roze stippellijn: de gekozen regiogrenzen." if ctx.grenzen else ".")
    )


def _live_component(laag_url: str, asset_base: str, basemap: bool, update: str) -> None:
    """streamlit-folium's map component with the cached base map and ``update`` as its
    dynamic layer script (what ``st_folium(..., feature_group_to_add=…)`` sends, without
    rendering the folium tree again on every run). No objects are returned: the map reports
    a click itself, ``{"gemeente": code, "klik": time}``, and :func:`map_clicked` opens it."""
    base = data.kaart_basis(laag_url, asset_base, basemap, MAP_HEIGHT)
    key = base["hash"]

    def _on_change() -> None:
        ss = st.session_state
        value = ss[keys.KAART] = ss.get(key)
        if isinstance(value, dict) and value.get("getekend") and ss.get(keys.KAART_EERST):
            ss[keys.KAART_GETEKEND] = True  # drawn first: now the rest of the page
        map_clicked()

    _st_folium_component(
        script=base["script"],
        header=base["header"],
        html=base["html"],
        id=base["id"],
        key=key,
        height=MAP_HEIGHT,
        width=None,
        returned_objects=[],
        default={},
        zoom=None,
        center=None,
        feature_group=update,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=base["css_links"],
        js_links=base["js_links"],
        on_change=_on_change,
        wrap_longitude=False,
    )


def _bounds(ctx: Context, codes: list[str]) -> list[list[float]] | None:
    """Leaflet bounds of some gemeenten (``None``: the whole country)."""
    if not codes:
        return None
    b = data.gemeente_bounds(ctx.src)
    b = b.loc[b.index.intersection(codes)]
    if b.empty:
        return None
    return [
        [float(b["miny"].min()), float(b["minx"].min())],
        [float(b["maxy"].max()), float(b["maxx"].max())],
    ]


def _gemeente_list(ctx: Context, g_sel: str | None) -> None:
    """The keyboard route to every gemeente on the map: a list next to it, with the count
    the map colours (so the colour is never the only way to read it)."""
    order, labels = data.gemeente_opties(ctx.src, ctx.filters)
    st.session_state[keys.KAART_GEMEENTE] = g_sel if g_sel in labels else None
    st.selectbox(
        "Gemeente op de kaart (aantal samenwerkingen)",
        order,
        key=keys.KAART_GEMEENTE,
        format_func=lambda c: labels.get(c, c),
        placeholder="Kies een gemeente…",
        on_change=gemeente_picked,
    )


def _overview_panel(ctx: Context) -> None:
    src, f = ctx.src, ctx.filters
    sub = data.filtered(src, f)
    counts = data.counts(src, f)
    st.header("Overzicht")
    c = st.columns(3)
    c[0].metric("Samenwerkingen", len(sub.samenwerkingen))
    c[1].metric("Lidmaatschappen", num(len(sub.lidmaatschappen), 0))
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


#: The last table built by :func:`_gemeente_tabel`: the panel and the table below it show the
#: same one, and a rerun for the same gemeente and filters gets the same (cached) frame.
_LAATSTE_TABEL: list = [None, None, None]


def _gemeente_tabel(df: pd.DataFrame, code: str) -> pd.DataFrame:
    """:func:`_arrangements_table`, built once per (cached) frame and gemeente."""
    memo = _LAATSTE_TABEL
    if memo[0] is df and memo[1] == code:
        return memo[2]
    table = _arrangements_table(df, code)
    _LAATSTE_TABEL[:] = [df, code, table]
    return table


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
            f"{v} (deels, {pct(a)})" if deels and v else v
            for v, deels, a in zip(via, df["deels"], df["aandeel"], strict=True)
        ]
    return out.reset_index(drop=True)


def _gemeente_panel(ctx: Context, code: str) -> None:
    reg = ctx.reg
    g = reg.gemeenten.loc[code]
    met = data.metrics(ctx.src, ctx.filters).loc[code]
    st.header(md(g.gemeentenaam))
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
    df = data.samenwerkingen_van(ctx.src, ctx.filters, code)
    table = _gemeente_tabel(df, code)
    if "raad neemt deel" in table:
        bekend = table["raad neemt deel"] != analysis.ONBEKEND
        raad = int((table["raad neemt deel"] == "ja").sum())
        st.markdown(
            f"De gemeenteraad neemt zelf deel in **{int(raad)}** van de {int(bekend.sum())} "
            "regelingen met geregistreerde bestuursorganen; in de andere alleen het college "
            "of de burgemeester."
        )
    _open_box(keys.open_samenwerking(code), "Open een samenwerking", table["id"], table["naam"])
    factsheet_downloads(ctx, code)
    st.button("← Terug naar het overzicht", on_click=select, args=(None, None), key="terug-g")


def _gemeente_table(ctx: Context, code: str) -> None:
    """The samenwerkingen of one gemeente (under the filters), with exports."""
    df = data.samenwerkingen_van(ctx.src, ctx.filters, code)
    table = _gemeente_tabel(df, code)
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
    st.header(md(s.naam))
    st.caption(md(regeling.kenmerken(ctx, s)))
    leden = data.deelnemers_van(ctx.src, sid)
    fp = data.footprint(ctx.src, sid)
    c = st.columns(3)
    c[0].metric("Gemeenten", len(leden))
    c[1].metric("Provincies", leden["provincienaam"].nunique())
    c[2].metric(
        "Gebied (km²)",
        num(fp["oppervlakte_km2"].iloc[0], 0) if len(fp) else "—",
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
    # Fit and overlap are computed only when their tab is open (a tab switch reruns this
    # fragment): on a first visit they cost more than the rest of the panel together.
    tabs = dict(
        zip(names, st.tabs(list(names), key=keys.SAMENWERKING_TAB, on_change="rerun"), strict=True)
    )
    with tabs["Deelnemers"]:
        _members_tab(ctx, sid)
    if "Versies" in tabs:
        with tabs["Versies"]:
            regeling.versies(ctx, ctx.reg.samenwerkingen.loc[sid])
    if tabs["Passing in indelingen"].open:
        with tabs["Passing in indelingen"]:
            _fit_tab(ctx, sid)
    if tabs["Overlap"].open:
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
