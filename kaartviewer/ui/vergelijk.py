"""The compare view: two regio-indelingen side by side, and two gemeenten.

Two indelingen: ARI and NMI (the same figures as the congruence heatmap), both on a map
with matching colours for regions that correspond (at least half their gemeenten shared),
and the list of regions that differ, with the gemeenten that make the difference. Two
gemeenten: the samenwerkingen they share under the current filters. The picks live in the
URL (``indeling_a``, ``indeling_b``, ``gemeente_a``, ``gemeente_b``).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer import maps, network
from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN, WGS84
from kaartviewer.ui import data, keys
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import select
from kaartviewer.ui.widgets import downloads, num

MAP_HEIGHT = 440
#: Preferred default pair: GGD-regio's against veiligheidsregio's (the question users ask).
STANDAARD = ("ggd", "veiligheidsregio")


def render(ctx: Context) -> None:
    st.header("Vergelijken")
    indelingen(ctx)
    st.divider()
    gemeenten(ctx)


def _names(ctx: Context) -> dict[str, str]:
    ov = data.indelingen(ctx.src)
    return dict(zip(ov["regio_indeling"], ov["naam"].astype(str), strict=True))


def _default(ss, key: str, options: list[str], preferred: str, fallback: int) -> None:
    if ss.get(key) not in options:
        ss[key] = preferred if preferred in options else options[min(fallback, len(options) - 1)]


def indelingen(ctx: Context) -> None:
    st.markdown("### Twee regio-indelingen")
    names = _names(ctx)
    ids = list(names)
    if not ids:
        st.info("De gegevens bevatten geen regio-indelingen: er valt niets te vergelijken.")
        return
    ss = st.session_state
    _default(ss, keys.INDELING_A, ids, STANDAARD[0], 0)
    _default(ss, keys.INDELING_B, ids, STANDAARD[1], 1)
    c1, c2 = st.columns(2)
    a = c1.selectbox("Indeling A", ids, key=keys.INDELING_A, format_func=names.get)
    b = c2.selectbox("Indeling B", ids, key=keys.INDELING_B, format_func=names.get)
    la, lb = network.regio_labels(ctx.reg, a), network.regio_labels(ctx.reg, b)
    ari, nmi = data.congruence(ctx.src)
    corr = network.region_correspondence(la, lb)
    matched = corr[corr["overeenkomst"]]
    m = st.columns(4)
    m[0].metric(
        "ARI",
        num(float(ari.at[a, b])),
        help="Adjusted Rand index: 1 = dezelfde indeling, 0 = niet meer verband dan toeval.",
    )
    m[1].metric(
        "NMI",
        num(float(nmi.at[a, b])),
        help="Genormaliseerde wederzijdse informatie: 1 = dezelfde indeling, 0 = geen verband.",
    )
    m[2].metric("Gemeenten in beide", len(la.dropna().index.intersection(lb.dropna().index)))
    m[3].metric(
        "Gelijke regio's",
        f"{int(matched['identiek'].sum())} van {la.nunique()}",
        help="Gelijk: precies dezelfde gemeenten in beide indelingen. Op de kaarten hebben ook "
        f"regio's die voor minstens de helft overeenkomen (Jaccard ≥ 0,5; hier {len(matched)}) "
        "dezelfde kleur.",
    )
    _maps(ctx, a, b, names, corr)
    _verschillen(ctx, a, b, names, corr)


def _maps(ctx: Context, a: str, b: str, names: dict[str, str], corr: pd.DataFrame) -> None:
    poly_a, poly_b = data.region_polygons(ctx.src, a), data.region_polygons(ctx.src, b)
    pairs = [(ra, rb) for ra, rb in corr.loc[corr["overeenkomst"], ["regio_a", "regio_b"]].values]
    colours_a, colours_b = maps.matched_colours(poly_a, poly_b, pairs)
    of_a = dict(pairs)
    both = gpd.GeoDataFrame(
        pd.concat([poly_a[["geometry"]], poly_b[["geometry"]]]), geometry="geometry", crs=WGS84
    )
    of_b = {rb: ra for ra, rb in pairs}
    c1, c2 = st.columns(2)
    for col, ind, poly, colours, other, key in (
        (c1, a, poly_a, colours_a, of_a, "vergelijk-a"),
        (c2, b, poly_b, colours_b, of_b, "vergelijk-b"),
    ):
        with col:
            st.markdown(f"**{'A' if key.endswith('a') else 'B'}: {md(names[ind])}**")
            m = maps.base_map(ctx.asset_base, basemap=ctx.basemap, height=MAP_HEIGHT)
            maps.coloured_regions(m, poly, colours, names[ind], counterpart=other)
            maps.fit(m, both)  # the same extent on both maps
            maps.add_match_legend(
                m,
                sorted({c for c in colours.values() if c != maps.UNMATCHED}),
                unmatched=maps.UNMATCHED in colours.values(),
            )
            st_folium(m, key=key, height=MAP_HEIGHT, use_container_width=True, returned_objects=[])
    st.caption(
        "Regio's die elkaar op de twee kaarten overeenkomen (minstens de helft van de "
        "gemeenten gedeeld) hebben dezelfde kleur; lichtgrijs = geen tegenhanger. Wijs een "
        "regio aan voor haar naam; de lijst hieronder noemt elk verschil."
    )


def _verschillen(ctx: Context, a: str, b: str, names: dict[str, str], corr: pd.DataFrame) -> None:
    gem = ctx.reg.gemeenten["gemeentenaam"]
    diff = corr[~corr["identiek"]]

    def namen(codes) -> str:
        return ", ".join(sorted(str(gem.get(c, c)) for c in codes))

    table = pd.DataFrame(
        {
            f"regio in A ({names[a]})": diff["regio_a"].fillna("—"),
            f"meest overlappend in B ({names[b]})": diff["regio_b"].fillna("—"),
            "gedeeld": diff["gedeeld"],
            "overeenkomst": diff["jaccard"].round(2),
            "alleen in A": [namen(c) for c in diff["alleen_a"]],
            "alleen in B": [namen(c) for c in diff["alleen_b"]],
        }
    )
    same = int(corr["identiek"].sum())
    st.markdown(f"**Regio's die verschillen ({len(table)})**")
    st.caption(
        f"{int(same)} regio('s) zijn in beide indelingen precies gelijk en staan niet in de lijst. "
        "Overeenkomst = gedeelde gemeenten gedeeld door alle gemeenten van de twee regio's "
        "(Jaccard)."
    )
    if table.empty:
        st.success("Deze twee indelingen zijn gelijk: geen enkele regio verschilt.")
        return
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(460, 35 * (len(table) + 1) + 3),
        key=keys.VERSCHIL_TABEL,
        column_config={
            "overeenkomst": st.column_config.ProgressColumn(
                "overeenkomst", min_value=0.0, max_value=1.0, format="%.2f", width=110
            ),
            "gedeeld": st.column_config.NumberColumn("gedeeld", width=70),
            "alleen in A": st.column_config.TextColumn("alleen in A", width="medium"),
            "alleen in B": st.column_config.TextColumn("alleen in B", width="medium"),
        },
    )
    downloads(
        table,
        ctx.bestandsnaam(f"vergelijking-{a}-{b}"),
        key="vergelijk-indelingen",
        herkomst=ctx.herkomst(),
    )


def gemeenten(ctx: Context) -> None:
    st.markdown("### Twee gemeenten")
    gem = ctx.reg.gemeenten
    order = sorted(gem.index, key=lambda c: str(gem.at[c, "gemeentenaam"]))
    label = {c: f"{gem.at[c, 'gemeentenaam']} ({gem.at[c, 'provincienaam']})" for c in order}
    ss = st.session_state
    if ss.get(keys.GEMEENTE_A) is None and ss.get(keys.GEMEENTE) in label:
        ss[keys.GEMEENTE_A] = ss[keys.GEMEENTE]  # the gemeente open on the map
    for key in (keys.GEMEENTE_A, keys.GEMEENTE_B):
        if ss.get(key) is not None and ss[key] not in label:
            ss[key] = None
    c1, c2 = st.columns(2)
    ga = c1.selectbox(
        "Gemeente A",
        order,
        key=keys.GEMEENTE_A,
        format_func=label.get,
        index=None,
        placeholder="kies een gemeente (typ om te zoeken)",
    )
    gb = c2.selectbox(
        "Gemeente B",
        order,
        key=keys.GEMEENTE_B,
        format_func=label.get,
        index=None,
        placeholder="kies een gemeente (typ om te zoeken)",
    )
    if not ga or not gb:
        st.info("Kies twee gemeenten om hun gedeelde samenwerkingen te zien.")
        return
    if ga == gb:
        st.info("Kies twee verschillende gemeenten.")
        return
    reg = data.filtered(ctx.src, ctx.filters)
    shared = network.shared_samenwerkingen(reg, ga, gb)
    per = reg.memberships_per_gemeente()
    na, nb = str(gem.at[ga, "gemeentenaam"]), str(gem.at[gb, "gemeentenaam"])
    m = st.columns(3)
    m[0].metric("Gedeelde samenwerkingen", len(shared))
    m[1].metric(md(f"Totaal {na}"), int(per.get(ga, 0)))
    m[2].metric(md(f"Totaal {nb}"), int(per.get(gb, 0)))
    st.caption(md(f"Onder de filters links ({ctx.filters.describe(ctx.provincies)})."))
    if shared.empty:
        st.info(md(f"{na} en {nb} delen geen samenwerking onder deze filters."))
        return
    table = pd.DataFrame(
        {
            "naam": shared["naam"].astype(str),
            "onderwerp": shared["onderwerp"].map(ONDERWERPEN).fillna(shared["onderwerp"]),
            "vorm": shared["juridische_vorm"]
            .map(JURIDISCHE_VORMEN)
            .fillna(shared["juridische_vorm"]),
            "deelnemers": shared["n_deelnemers"].astype(int),
            "bron": shared["bron"].fillna("").astype(str),
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(460, 35 * (len(table) + 1) + 3),
        key=keys.GEDEELD_TABEL,
        column_config={"naam": st.column_config.TextColumn("naam", width="large")},
    )
    by_id = dict(zip(shared.index, table["naam"], strict=True))
    st.selectbox(
        "Open een gedeelde samenwerking",
        [None, *shared.index],
        key=keys.VERGELIJK_OPEN,
        format_func=lambda i: "— kies —" if i is None else str(by_id.get(i, i)),
        on_change=_open,
    )
    downloads(
        table.assign(id=list(shared.index)),
        ctx.bestandsnaam(f"gedeeld-{ga}-{gb}"),
        key="vergelijk-gemeenten",
        herkomst=ctx.herkomst(),
    )


def _open() -> None:
    """Open the picked samenwerking on its catalogue page."""
    value = st.session_state.get(keys.VERGELIJK_OPEN)
    st.session_state[keys.VERGELIJK_OPEN] = None
    if value:
        select("samenwerking", value, switch_view=False)
        st.session_state[keys.WEERGAVE] = "catalogus"
