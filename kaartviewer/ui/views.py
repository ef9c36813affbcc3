"""The four views of the page: kaart (gemeente / samenwerking), verbanden, analyse, data.

Layout only: every number comes from ``kaartviewer.ui.data`` (cached pure functions).
Names from data are passed through ``md()`` before Markdown, or shown in dataframes,
which render text, never HTML.
"""

from __future__ import annotations

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer import geo, maps
from kaartviewer.factsheet import gemeente_factsheet
from kaartviewer.schema import DEELNEMER_TYPES, HERKOMST, JURIDISCHE_VORMEN, ONDERWERPEN, WGS84
from kaartviewer.ui import data
from kaartviewer.ui.state import Filters
from kaartviewer.ui.widgets import downloads, md, num, pct
from kaartviewer.validation import LoadError

MAP_HEIGHT = 600


def select(kind: str | None, ident: str | None, switch_view: bool = True) -> None:
    """Open a gemeente or samenwerking (the other selection is cleared).

    As a widget callback it may also switch to the kaart view; from the script body
    (``switch_view=False``) it must not touch the already drawn view control.
    """
    st.session_state["gemeente"] = ident if kind == "gemeente" else None
    st.session_state["samenwerking"] = ident if kind == "samenwerking" else None
    if switch_view:
        st.session_state["weergave"] = "kaart"


def _open_from(key: str) -> None:
    """Callback of an 'open …' selectbox: open the pick, then reset the box."""
    value = st.session_state.get(key)
    st.session_state[key] = None
    if value:
        select("samenwerking", value)


def _labels(reg) -> pd.Series:
    return reg.gemeenten["gemeentenaam"]


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


# --- kaart -----------------------------------------------------------------------------------


def kaart(d: str, f: Filters, asset_base: str, overlay: str | None, basemap: bool) -> None:
    reg = data.registry(d)[0]
    sub = data.filtered(d, f)
    counts = data.counts(d, f)
    layer = data.web_layer(d)
    g_sel = st.session_state.get("gemeente")
    s_sel = st.session_state.get("samenwerking")

    selected: set[str] = set()
    partners: dict[str, int] = {}
    extra = None
    if s_sel:
        members = set(reg.deelnemers_van(s_sel)["gemeentecode"])
        partners = {m: 1 for m in members}
        extra = ("samenwerking", data.footprint(d, s_sel))
    elif g_sel:
        selected = {g_sel}
        e = data.edges(d, f)
        mine = e[(e["a"] == g_sel) | (e["b"] == g_sel)]
        partners = {(b if a == g_sel else a): w for a, b, w in mine.itertuples(index=False)}
        extra = ("gemeente", geo.comembership_lines(reg.gemeenten, mine))

    col_map, col_info = st.columns([3, 2], gap="medium")
    with col_map:
        m = maps.base_map(asset_base, basemap=basemap, height=MAP_HEIGHT)
        breaks = maps.choropleth(m, layer, counts, "Samenwerkingen", selected, partners)
        maps.borders(m, data.provincie_polygons(d), "Provinciegrenzen", weight=1.4)
        if overlay:
            maps.borders(
                m,
                data.region_polygons(d, overlay),
                "Regio-indeling",
                color="#cc79a7",
                weight=2.4,
                dash="6 4",
            )
        if extra and extra[0] == "samenwerking":
            maps.outline(m, extra[1], "Gebied van de samenwerking")
            maps.fit(m, extra[1])
        elif extra and extra[0] == "gemeente":
            maps.lines(m, extra[1], "Gedeelde samenwerkingen", labels=_labels(reg))
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
            "deelnemers" + ("; roze stippellijn: gekozen regio-indeling." if overlay else ".")
        )
    with col_info:
        if s_sel:
            _samenwerking_panel(d, f, s_sel)
        elif g_sel:
            _gemeente_panel(d, f, g_sel, sub)
        else:
            _overview_panel(d, f, sub, counts)


def _handle_click(out) -> None:
    clicked = (out or {}).get("last_active_drawing") or {}
    code = (clicked.get("properties") or {}).get("gemeentecode")
    if code and code != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = code
        select("gemeente", code, switch_view=False)
        st.rerun()


def _overview_panel(d: str, f: Filters, sub, counts: pd.Series) -> None:
    reg = data.registry(d)[0]
    st.subheader("Overzicht")
    c = st.columns(3)
    c[0].metric("Samenwerkingen", len(sub.samenwerkingen))
    c[1].metric("Lidmaatschappen", len(sub.lidmaatschappen))
    c[2].metric("Gem. per gemeente", f"{counts.mean():.1f}")
    st.markdown("**Gemeenten met de meeste samenwerkingen**")
    top = pd.DataFrame(
        {
            "gemeente": reg.gemeenten["gemeentenaam"],
            "provincie": reg.gemeenten["provincienaam"],
            "samenwerkingen": counts,
        }
    ).sort_values(["samenwerkingen", "gemeente"], ascending=[False, True])
    # A static table (not the interactive grid): lighter for the first page a visitor sees.
    st.table(top.head(10).set_index("gemeente"))
    st.info("Kies een gemeente op de kaart of zoek links een gemeente of samenwerking.")
    table = top.reset_index(names="gemeentecode")
    gdf = gpd.GeoDataFrame(
        table,
        geometry=data.web_layer(d).geometry.reindex(table["gemeentecode"]).values,
        crs=WGS84,
    )
    downloads(table, "samenwerkingen-per-gemeente", gdf, key="overzicht")


def _gemeente_panel(d: str, f: Filters, code: str, sub) -> None:
    reg = data.registry(d)[0]
    g = reg.gemeenten.loc[code]
    met = data.metrics(d, f).loc[code]
    st.subheader(g.gemeentenaam)
    st.caption(f"{code} · provincie {md(g.provincienaam)}")
    c = st.columns(2)
    c[0].metric("Samenwerkingen", int(met.lidmaatschappen))
    c[1].metric("Partnergemeenten", int(met.partners))
    c = st.columns(2)
    rang = met.rang
    c[0].metric(
        "Spaghetti-index",
        num(met.spaghetti),
        help="1 − gemiddelde overeenkomst (Jaccard) tussen de deelnemers van elk paar "
        "samenwerkingen van deze gemeente. 0 = steeds dezelfde partners.",
    )
    c[1].metric("Partners buiten provincie", pct(met.aandeel_buiten_provincie))
    if pd.notna(rang):
        st.caption(
            f"Spaghetti-rang {int(rang)} van {len(reg.gemeenten)} gemeenten "
            "(1 = meest versnipperd)."
        )
    df = sub.samenwerkingen_van(code)
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
    if len(table):
        opts = list(table["id"])
        names = dict(zip(table["id"], table["naam"], strict=True))
        st.selectbox(
            "Open een samenwerking",
            [None] + opts,
            key=f"open-{code}",
            format_func=lambda i: "— kies —" if i is None else names.get(i, i),
            on_change=_open_from,
            args=(f"open-{code}",),
        )
    html_doc = gemeente_factsheet(
        g.gemeentenaam,
        code,
        g.provincienaam,
        df,
        {
            "lidmaatschappen": int(met.lidmaatschappen),
            "partners": int(met.partners),
            "spaghetti": met.spaghetti,
            "rang": None if pd.isna(rang) else int(rang),
            "n_gemeenten": len(reg.gemeenten),
            "aandeel_buiten_provincie": met.aandeel_buiten_provincie,
        },
        f.describe(_provincies(reg)),
        _bron_zin(reg),
    )
    st.download_button(
        "Factsheet voor de raad (HTML, printbaar)",
        html_doc,
        f"factsheet-{code}.html",
        "text/html",
        on_click="ignore",
        key=f"factsheet-{code}",
        width="stretch",
    )
    downloads(table, f"samenwerkingen-{code}", key=f"gem-{code}")
    st.button("← Terug naar het overzicht", on_click=select, args=(None, None), key="terug-g")


def _samenwerking_panel(d: str, f: Filters, sid: str) -> None:
    reg = data.registry(d)[0]
    s = reg.samenwerkingen.loc[sid]
    st.subheader(s.naam)
    st.caption(
        f"{md(ONDERWERPEN[s.onderwerp])} ({HERKOMST[s.onderwerp_herkomst]}) · "
        f"{md(JURIDISCHE_VORMEN[s.juridische_vorm])} ({HERKOMST[s.juridische_vorm_herkomst]}) · "
        f"bron {md(s.bron)}, peildatum {md(s.peildatum)}"
    )
    leden = reg.deelnemers_van(sid)
    fp = data.footprint(d, sid)
    c = st.columns(3)
    c[0].metric("Gemeenten", len(leden))
    c[1].metric("Provincies", leden["provincienaam"].nunique())
    c[2].metric(
        "Gebied (km²)",
        f"{fp['oppervlakte_km2'].iloc[0]:,.0f}".replace(",", ".") if len(fp) else "—",
    )
    tabs = st.tabs(["Deelnemers", "Passing in indelingen", "Overlap"])
    with tabs[0]:
        table = leden.rename(columns={"gemeentenaam": "gemeente", "provincienaam": "provincie"})[
            ["gemeentecode", "gemeente", "provincie"]
        ]
        st.dataframe(table, hide_index=True, width="stretch", height=260)
        overige = reg.overige_van(sid)
        if len(overige):
            st.markdown("**Overige deelnemers** (geen gemeente)")
            st.dataframe(
                pd.DataFrame(
                    {"soort": overige["type"].map(DEELNEMER_TYPES), "naam": overige["naam"]}
                ),
                hide_index=True,
                width="stretch",
            )
        downloads(
            table,
            f"deelnemers-{sid}",
            gpd.GeoDataFrame(
                table,
                geometry=data.web_layer(d).geometry.reindex(table["gemeentecode"]).values,
                crs=WGS84,
            ),
            key=f"sw-{sid}",
        )
    with tabs[1]:
        ov = data.indelingen(d).set_index("regio_indeling")
        rows = []
        for ind, fit in data.fits(d).items():
            r = fit.loc[sid]
            rows.append(
                {
                    "indeling": ov.at[ind, "naam"],
                    "soort": ov.at[ind, "indeling_soort"],
                    "past in regio": r["regio"],
                    "passing": r["fit"],
                }
            )
        fit_df = pd.DataFrame(rows).sort_values(["passing", "indeling"], ascending=[False, True])
        st.caption(
            "Passing = grootste aandeel van de deelnemers dat in één regio ligt "
            "(1,0 = past er helemaal in)."
        )
        st.dataframe(
            fit_df,
            hide_index=True,
            width="stretch",
            height=300,
            column_config={
                "passing": st.column_config.ProgressColumn(
                    "passing", min_value=0.0, max_value=1.0, format="%.2f"
                )
            },
        )
    with tabs[2]:
        ov = data.overlap(d, Filters(), 0.5)
        mine = ov[(ov["a"] == sid) | (ov["b"] == sid)].copy()
        mine["andere"] = [b if a == sid else a for a, b in zip(mine["a"], mine["b"], strict=True)]
        mine["naam"] = [
            nb if a == sid else na
            for a, na, nb in zip(mine["a"], mine["naam_a"], mine["naam_b"], strict=True)
        ]
        table = pd.DataFrame(
            {
                "samenwerking": mine["naam"],
                "soort overlap": mine["overlap_soort"],
                "zelfde onderwerp": mine["zelfde_onderwerp"].map({True: "ja", False: ""}),
                "gedeeld": mine["gedeeld"],
                "jaccard": mine["jaccard"].round(2),
                "id": mine["andere"],
            }
        ).reset_index(drop=True)
        st.caption(
            "Kandidaten: identieke deelnemers, genest (de een bevat de ander) of "
            "Jaccard ≥ 0,5. 'Zelfde onderwerp' kan op dubbel werk wijzen."
        )
        st.dataframe(table.drop(columns=["id"]), hide_index=True, width="stretch", height=260)
        if len(table):
            names = dict(zip(table["id"], table["samenwerking"], strict=True))
            st.selectbox(
                "Open een overlappende samenwerking",
                [None] + list(table["id"]),
                key=f"open-ov-{sid}",
                format_func=lambda i: "— kies —" if i is None else names.get(i, i),
                on_change=_open_from,
                args=(f"open-ov-{sid}",),
            )
    st.button("← Terug naar het overzicht", on_click=select, args=(None, None), key="terug-s")


# --- verbanden -----------------------------------------------------------------------------


def verbanden(d: str, f: Filters, asset_base: str, basemap: bool) -> None:
    reg = data.registry(d)[0]
    e = data.edges(d, f)
    st.subheader("Verbanden tussen gemeenten")
    st.caption(
        "Een lijn verbindt twee gemeenten die samen in één of meer samenwerkingen zitten; "
        "hoe dikker, hoe meer gedeelde samenwerkingen (onder de huidige filters)."
    )
    if e.empty:
        st.info("Geen verbanden onder deze filters.")
        return
    wmax = int(e["weight"].max())
    default = min(wmax, max(1, int(e["weight"].quantile(0.9))))
    wmin = st.slider(
        "Minimaal aantal gedeelde samenwerkingen", 1, max(wmax, 2), default, key="min_gewicht"
    )
    shown = e[e["weight"] >= wmin]
    col_map, col_info = st.columns([3, 2], gap="medium")
    with col_map:
        m = maps.base_map(asset_base, basemap=basemap, height=MAP_HEIGHT)
        maps.borders(m, data.provincie_polygons(d), "Provinciegrenzen", weight=1.2, color="#888888")
        maps.lines(
            m,
            geo.comembership_lines(reg.gemeenten, shown),
            "Verbanden",
            labels=_labels(reg),
            max_width=6,
        )
        st_folium(
            m, key="verbanden", height=MAP_HEIGHT, use_container_width=True, returned_objects=[]
        )
    with col_info:
        st.metric("Getoonde verbanden", f"{len(shown)} van {len(e)}")
        names = _labels(reg)
        table = pd.DataFrame(
            {
                "gemeente A": shown["a"].map(names),
                "gemeente B": shown["b"].map(names),
                "gedeelde samenwerkingen": shown["weight"],
            }
        ).sort_values("gedeelde samenwerkingen", ascending=False)
        st.dataframe(table, hide_index=True, width="stretch", height=420)
        downloads(table, "verbanden", geo.comembership_lines(reg.gemeenten, shown), key="verb")


# --- analyse ---------------------------------------------------------------------------------


def analyse(d: str, f: Filters, asset_base: str) -> None:
    reg = data.registry(d)[0]
    ov = data.indelingen(d)
    names = dict(zip(ov["regio_indeling"], ov["naam"], strict=True))
    st.subheader("Congruentie & overlap")
    t1, t2, t3, t4, t5 = st.tabs(
        [
            "Congruentie van indelingen",
            "Overlapzoeker",
            "Spaghetti-ranglijst",
            "Natuurlijke regio's",
            "2016 ↔ 2025",
        ]
    )
    with t1:
        ari, nmi = data.congruence(d)
        maat = st.radio(
            "Maat",
            ["ARI", "NMI"],
            horizontal=True,
            key="maat",
            help="ARI (adjusted Rand index) en NMI (genormaliseerde wederzijdse "
            "informatie): 1 = dezelfde indeling, 0 = geen verband.",
        )
        mat = (ari if maat == "ARI" else nmi).rename(index=names, columns=names)
        st.altair_chart(_heatmap(mat, maat), width="stretch")
        downloads(mat.reset_index(names="indeling"), f"congruentie-{maat.lower()}", key="cm")
        st.markdown("**Congruentie per regio**")
        pick = st.selectbox(
            "Indeling",
            list(ov["regio_indeling"]),
            format_func=names.get,
            index=list(ov["regio_indeling"]).index("veiligheidsregio")
            if "veiligheidsregio" in names
            else 0,
            key="cong_indeling",
        )
        rc = data.region_congruence(d, pick)
        sw_names = reg.samenwerkingen["naam"]
        table = pd.DataFrame(
            {
                "regio": rc["regio"],
                "gemeenten": rc["gemeenten"],
                "raakt": rc["raakt"],
                "binnen": rc["binnen"],
                "congruentie": rc["congruentie"],
                "grensoverschrijdend": [
                    ", ".join(sw_names[i] for i in ids[:12])
                    + (f" … (+{len(ids) - 12})" if len(ids) > 12 else "")
                    for ids in rc["grensoverschrijdend"]
                ],
            }
        )
        st.caption(
            "Congruentie = aandeel van de samenwerkingen die de regio raken en er "
            "helemaal binnen liggen."
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={
                "congruentie": st.column_config.ProgressColumn(
                    "congruentie", min_value=0.0, max_value=1.0, format="%.2f"
                )
            },
        )
        downloads(table, f"congruentie-{pick}", key="rc")
    with t2:
        c1, c2 = st.columns(2)
        t = c1.slider("Minimale Jaccard-overeenkomst", 0.1, 1.0, 0.5, 0.05, key="min_jaccard")
        same = c2.checkbox("Alleen zelfde onderwerp (mogelijke dubbeling)", key="zelfde")
        pairs = data.overlap(d, f, t)
        if same:
            pairs = pairs[pairs["zelfde_onderwerp"]]
        table = pd.DataFrame(
            {
                "samenwerking A": pairs["naam_a"],
                "samenwerking B": pairs["naam_b"],
                "soort": pairs["overlap_soort"],
                "gedeeld": pairs["gedeeld"],
                "deelnemers A": pairs["n_a"],
                "deelnemers B": pairs["n_b"],
                "jaccard": pairs["jaccard"].round(3),
                "containment": pairs["containment"].round(3),
                "zelfde onderwerp": pairs["zelfde_onderwerp"].map({True: "ja", False: ""}),
            }
        )
        st.caption(f"{len(table)} kandidaat-paren: identiek, genest of Jaccard ≥ {t:.2f}.")
        st.dataframe(table, hide_index=True, width="stretch", height=460)
        downloads(table, "overlap", key="ov")
    with t3:
        met = data.metrics(d, f).sort_values(["rang", "gemeentenaam"])
        table = pd.DataFrame(
            {
                "rang": met["rang"],
                "gemeente": met["gemeentenaam"],
                "spaghetti-index": met["spaghetti"].round(3),
                "samenwerkingen": met["lidmaatschappen"],
                "partners": met["partners"],
                "partners buiten provincie": met["aandeel_buiten_provincie"].round(2),
            }
        ).reset_index(names="gemeentecode")
        st.caption(
            "Spaghetti-index = 1 − gemiddelde Jaccard-overeenkomst tussen de deelnemers van "
            "elk paar samenwerkingen van een gemeente."
        )
        st.dataframe(table, hide_index=True, width="stretch", height=460)
        downloads(table, "spaghetti", key="sp")
    with t4:
        c1, c2 = st.columns(2)
        res = c1.slider(
            "Resolutie (hoger = meer, kleinere regio's)", 0.5, 3.0, 1.0, 0.1, key="resolutie"
        )
        cmp_ind = c2.selectbox(
            "Vergelijk met indeling",
            list(ov["regio_indeling"]),
            format_func=names.get,
            index=list(ov["regio_indeling"]).index("provincie") if "provincie" in names else 0,
            key="vergelijk",
        )
        labels, agree, frame = data.natural_regions(d, f, res)
        row = (
            agree.set_index("regio_indeling").loc[cmp_ind]
            if cmp_ind in set(agree["regio_indeling"])
            else None
        )
        st.caption(
            f"{labels.nunique()} natuurlijke regio's (Louvain op het netwerk van gedeelde "
            "samenwerkingen)"
            + (
                f"; overeenkomst met {names[cmp_ind]}: ARI {row['ari']:.2f}, NMI {row['nmi']:.2f}"
                if row is not None
                else ""
            )
        )
        m1, m2 = st.columns(2)
        with m1:
            m = maps.base_map(asset_base, height=480)
            maps.region_fill(m, frame, "Natuurlijke regio's")
            st_folium(
                m, key="natuurlijk", height=480, use_container_width=True, returned_objects=[]
            )
        with m2:
            m = maps.base_map(asset_base, height=480)
            maps.region_fill(m, data.region_polygons(d, cmp_ind), names[cmp_ind])
            st_folium(m, key="indeling", height=480, use_container_width=True, returned_objects=[])
        downloads(
            pd.DataFrame(frame.drop(columns="geometry")), "natuurlijke-regios", frame, key="nr"
        )
    with t5:
        path = d.rpartition("#")[0] or d
        try:
            res = data.then_and_now(path)
        except LoadError as exc:
            st.info(f"Geen vergelijking 2016–2025 mogelijk: {exc}")
            return
        st.caption(
            "Hoe goed passen de regio-indelingen op elkaar, in 2016 (RegioAtlas, gemeenten "
            "van 2016) en in 2025 (CBS, gemeenten van 2025)? ARI: 1 = dezelfde indeling."
        )
        c1, c2 = st.columns(2)
        rn = {i: names.get(i, i) for i in res["indelingen"]}
        c1.markdown("**2016**")
        c1.altair_chart(
            _heatmap(res["ari_toen"].rename(index=rn, columns=rn), "ARI"), width="stretch"
        )
        c2.markdown("**2025**")
        c2.altair_chart(
            _heatmap(res["ari_nu"].rename(index=rn, columns=rn), "ARI"), width="stretch"
        )
        ids = res["indelingen"]
        table = pd.DataFrame(
            [
                {
                    "indeling A": rn[a],
                    "indeling B": rn[b],
                    "ARI 2016": round(res["ari_toen"].at[a, b], 3),
                    "ARI 2025": round(res["ari_nu"].at[a, b], 3),
                    "verschil": round(res["ari_nu"].at[a, b] - res["ari_toen"].at[a, b], 3),
                }
                for i, a in enumerate(ids)
                for b in ids[i + 1 :]
            ]
        )
        st.dataframe(table.sort_values("verschil"), hide_index=True, width="stretch")
        downloads(table, "congruentie-2016-2025", key="tn")


def _heatmap(mat: pd.DataFrame, maat: str) -> alt.Chart:
    long = mat.reset_index(names="a").melt(id_vars="a", var_name="b", value_name="waarde")
    return (
        alt.Chart(long)
        .mark_rect()
        .encode(
            x=alt.X(
                "b:N",
                title=None,
                sort=list(mat.columns),
                axis=alt.Axis(labelAngle=-50, labelOverlap=False, labelLimit=160),
            ),
            y=alt.Y(
                "a:N",
                title=None,
                sort=list(mat.index),
                axis=alt.Axis(labelOverlap=False, labelLimit=200),
            ),
            color=alt.Color(
                "waarde:Q", scale=alt.Scale(scheme="viridis", domain=[0, 1]), title=maat
            ),
            tooltip=["a", "b", alt.Tooltip("waarde:Q", format=".2f")],
        )
        .properties(height=max(22 * len(mat), 200))
    )


# --- over de data ---------------------------------------------------------------------------


def over_de_data(d: str) -> None:
    reg, report = data.registry(d)
    st.subheader("Over de data")
    meta = reg.meta
    st.markdown(
        "Dit register bevat **Wgr-regelingen uit OpenGR 2016** (Open State Foundation, via "
        "Wob-verzoeken aan alle provincies) en **regio-indelingen uit RegioAtlas 2016** (BZK), "
        "op de gemeentegrenzen van **1 januari 2016** (CBS/Kadaster). Alles is zoals "
        "geregistreerd in 2016: samenwerkingen kunnen sindsdien zijn veranderd of opgeheven."
    )
    st.markdown(
        "**Wat er niet in zit.** OpenGR is onvolledig (niet alle provincies leverden alles aan; "
        "verzoeken gingen niet naar gemeenten). Landelijk gaat het om zo'n 1.200 samenwerkingen "
        "en gemiddeld 27–30 per gemeente; dit register telt er "
        f"{len(reg.samenwerkingen)}, gemiddeld {reg.memberships_per_gemeente().mean():.1f} per "
        "gemeente. Convenanten en netwerken buiten RegioAtlas ontbreken."
    )
    bronnen = pd.DataFrame(meta.get("bronnen", []))
    if not bronnen.empty:
        st.dataframe(bronnen, hide_index=True, width="stretch")
    s = reg.stats()
    c = st.columns(4)
    c[0].metric("Gemeenten", s["gemeenten"])
    c[1].metric("Samenwerkingen", s["samenwerkingen"])
    c[2].metric("Uit OpenGR", s["samenwerkingen_opengr"])
    share = meta.get("opgelost_aandeel_gemeentelijke_rijen")
    c[3].metric("Deelnemersnamen herleid", pct(share) if share is not None else "—")
    st.markdown("**Validatie bij het laden**")
    rows = report.to_dict()["rijen"]
    st.dataframe(
        pd.DataFrame([{"bestand": k, **v} for k, v in rows.items()]),
        hide_index=True,
        width="stretch",
    )
    if report.meldingen:
        st.warning(
            f"{len(report.fouten)} fout(en) en {len(report.waarschuwingen)} "
            "waarschuwing(en): afgewezen rijen staan hieronder, niets is stilzwijgend "
            "weggelaten."
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "ernst": m.ernst,
                        "bestand": m.bestand,
                        "plaats": m.plaats,
                        "reden": m.reden,
                        "suggestie": m.suggestie,
                    }
                    for m in report.meldingen
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.success("Alle rijen en gemeenten zijn zonder fouten geladen.")
    st.markdown(
        "**Gemeenten van nu (2025).** Met de keuze 'Gemeente-indeling 2025' ziet u dezelfde "
        "samenwerkingen op de gemeenten van 2025. Elke gemeente van 2016 is met de grenzen van "
        "2016 en 2025 (CBS) aan haar opvolger(s) gekoppeld door de vlakken over elkaar te leggen; "
        "een stuk telt mee als er na 500 m krimpen nog ten minste 1 km² over is (smalle "
        "randjes door het vereenvoudigen van de grenzen vallen zo weg). Bij een gesplitste "
        "gemeente staat bij het lidmaatschap 'deels' met het aandeel van het gebied."
    )
    st.caption(
        "Hoe een samenwerking toe te voegen of te corrigeren staat in de README van het "
        "project; het bouwrapport (data/bouwrapport.md) noemt elke beslissing van de "
        "bouwstap. Kaartgrenzen: Bron: CBS, Kadaster (CC-BY 4.0)."
    )


def _provincies(reg) -> dict[str, str]:
    return dict(zip(reg.gemeenten["provinciecode"], reg.gemeenten["provincienaam"], strict=True))


def _bron_zin(reg) -> str:
    return (
        "Bron: OpenGR 2016 en RegioAtlas 2016 (Open State Foundation, ODC-PDDL), grenzen "
        "CBS/Kadaster 2016 (CC-BY 4.0). Samenwerkingen zoals geregistreerd in 2016; het "
        "register is onvolledig."
    )
