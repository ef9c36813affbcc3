"""The verbanden view: the co-membership network as lines between gemeenten."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer import geo, maps
from kaartviewer.ui import data, keys
from kaartviewer.ui.context import Context
from kaartviewer.ui.kaart import MAP_HEIGHT
from kaartviewer.ui.widgets import downloads, num


def render(ctx: Context) -> None:
    reg = ctx.reg
    e = data.edges(ctx.src, ctx.filters)
    st.header("Verbanden tussen gemeenten")
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
        "Minimaal aantal gedeelde samenwerkingen", 1, max(wmax, 2), default, key=keys.MIN_GEWICHT
    )
    shown = e[e["weight"] >= wmin]
    names = reg.gemeenten["gemeentenaam"]
    lines = geo.comembership_lines(reg.gemeenten, shown)
    col_map, col_info = st.columns([3, 2], gap="medium")
    with col_map:
        m = maps.base_map(ctx.asset_base, basemap=ctx.basemap, height=MAP_HEIGHT)
        maps.borders(
            m, data.provincie_polygons(ctx.src), "Provinciegrenzen", weight=1.2, color="#888888"
        )
        maps.lines(m, lines, "Verbanden", labels=names, max_width=6)
        st_folium(
            m, key="verbanden", height=MAP_HEIGHT, use_container_width=True, returned_objects=[]
        )
    with col_info:
        st.metric("Getoonde verbanden", f"{num(len(shown), 0)} van {num(len(e), 0)}")
        table = pd.DataFrame(
            {
                "gemeente A": shown["a"].map(names),
                "gemeente B": shown["b"].map(names),
                "gedeelde samenwerkingen": shown["weight"],
            }
        ).sort_values("gedeelde samenwerkingen", ascending=False)
        st.dataframe(table, hide_index=True, width="stretch", height=420)
        downloads(table, ctx.bestandsnaam("verbanden"), lines, key="verb", herkomst=ctx.herkomst())
