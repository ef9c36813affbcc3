"""The analyse view ("Congruentie & overlap"): one function per tab.

Every table is computed in ``kaartviewer.analysis`` / ``kaartviewer.network`` (cached in
``kaartviewer.ui.data``); the tabs only choose columns, labels and charts.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer import analysis, maps, provenance
from kaartviewer.ui import data, keys
from kaartviewer.ui.context import Context
from kaartviewer.ui.errors import without_paths
from kaartviewer.ui.safe import md
from kaartviewer.ui.widgets import downloads, num
from kaartviewer.validation import LoadError

GEEN_INDELINGEN = (
    "De gegevens bevatten geen regio-indelingen (indelingen.csv ontbreekt of is leeg); "
    "dit onderdeel is daarom niet beschikbaar."
)


def render(ctx: Context) -> None:
    st.subheader("Congruentie & overlap")
    names = _indeling_names(ctx)
    for tab, fn in zip(st.tabs(list(TABS)), TABS.values(), strict=True):
        with tab:
            fn(ctx, names)


def _indeling_names(ctx: Context) -> dict[str, str]:
    ov = data.indelingen(ctx.src)
    return dict(zip(ov["regio_indeling"], ov["naam"], strict=True))


def _pick(label: str, names: dict[str, str], preferred: str, key: str) -> str:
    """A selectbox over the regio-indelingen (names as plain option labels)."""
    ids = list(names)
    return st.selectbox(
        md(label),
        ids,
        format_func=lambda i: names.get(i, i),
        index=ids.index(preferred) if preferred in names else 0,
        key=key,
    )


def _congruentie(ctx: Context, names: dict[str, str]) -> None:
    if not names:
        st.info(GEEN_INDELINGEN)
        return
    ari, nmi = data.congruence(ctx.src)
    maat = st.radio(
        "Maat",
        ["ARI", "NMI"],
        horizontal=True,
        key=keys.MAAT,
        help="ARI (adjusted Rand index) en NMI (genormaliseerde wederzijdse "
        "informatie): 1 = dezelfde indeling, 0 = geen verband.",
    )
    mat = (ari if maat == "ARI" else nmi).rename(index=names, columns=names)
    st.altair_chart(heatmap(mat, maat), width="stretch")
    downloads(
        mat.reset_index(names="indeling"),
        ctx.bestandsnaam(f"congruentie-{maat.lower()}"),
        key="cm",
        herkomst=ctx.herkomst(),
    )
    st.markdown("**Congruentie per regio**")
    pick = _pick("Indeling", names, "veiligheidsregio", keys.CONGRUENTIE_INDELING)
    rc = data.region_congruence(ctx.src, pick)
    sw_names = ctx.reg.samenwerkingen["naam"]
    table = pd.DataFrame(
        {
            "regio": rc["regio"],
            "gemeenten": rc["gemeenten"],
            "raakt": rc["raakt"],
            "binnen": rc["binnen"],
            "congruentie": rc["congruentie"],
            "grensoverschrijdend": [
                analysis.names_list(ids, sw_names) for ids in rc["grensoverschrijdend"]
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
    downloads(table, ctx.bestandsnaam(f"congruentie-{pick}"), key="rc", herkomst=ctx.herkomst())


def _overlapzoeker(ctx: Context, names: dict[str, str]) -> None:
    c1, c2 = st.columns(2)
    t = c1.slider(
        "Minimale Jaccard-overeenkomst",
        0.1,
        1.0,
        analysis.OVERLAP_MIN_JACCARD,
        0.05,
        key=keys.MIN_JACCARD,
    )
    same = c2.checkbox("Alleen zelfde onderwerp (mogelijke dubbeling)", key=keys.ZELFDE_ONDERWERP)
    pairs = data.overlap(ctx.src, ctx.filters, t)
    if same:
        pairs = pairs[pairs["zelfde_onderwerp"]]
    table = pd.DataFrame(
        {
            "samenwerking A": pairs["naam_a"],
            "samenwerking B": pairs["naam_b"],
            "soort overlap": pairs["overlap_soort"],
            "gedeeld": pairs["gedeeld"],
            "deelnemers A": pairs["n_a"],
            "deelnemers B": pairs["n_b"],
            "jaccard": pairs["jaccard"].round(3),
            "containment": pairs["containment"].round(3),
            "zelfde onderwerp": pairs["zelfde_onderwerp"].map({True: "ja", False: ""}),
        }
    )
    st.caption(f"{num(len(table), 0)} kandidaat-paren: {md(provenance.overlap_regel(t))}.")
    st.dataframe(table, hide_index=True, width="stretch", height=460)
    downloads(table, ctx.bestandsnaam("overlap"), key="ov", herkomst=ctx.herkomst())


def _spaghetti(ctx: Context, names: dict[str, str]) -> None:
    met = data.metrics(ctx.src, ctx.filters).sort_values(["rang", "gemeentenaam"])
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
    downloads(table, ctx.bestandsnaam("spaghetti"), key="sp", herkomst=ctx.herkomst())


def _natuurlijke_regios(ctx: Context, names: dict[str, str]) -> None:
    c1, c2 = st.columns(2)
    res = c1.slider(
        "Resolutie (hoger = meer, kleinere regio's)", 0.5, 3.0, 1.0, 0.1, key=keys.RESOLUTIE
    )
    with c2:
        cmp_ind = (
            _pick("Vergelijk met indeling", names, "provincie", keys.VERGELIJK_INDELING)
            if names
            else None
        )
    labels, agree, frame = data.natural_regions(ctx.src, ctx.filters, res)
    row = (
        agree.set_index("regio_indeling").loc[cmp_ind]
        if cmp_ind in set(agree["regio_indeling"])
        else None
    )
    st.caption(
        f"{int(labels.nunique())} natuurlijke regio's (Louvain op het netwerk van gedeelde "
        "samenwerkingen)"
        + (
            f"; overeenkomst met {md(names[cmp_ind])}: ARI {num(row['ari'])}, NMI {num(row['nmi'])}"
            if row is not None
            else ""
        )
    )
    m1, m2 = st.columns(2)
    with m1:
        m = maps.base_map(ctx.asset_base, height=480)
        maps.region_fill(m, frame, "Natuurlijke regio's")
        st_folium(m, key="natuurlijk", height=480, use_container_width=True, returned_objects=[])
    with m2:
        if cmp_ind is None:
            st.info(GEEN_INDELINGEN)
        else:
            m = maps.base_map(ctx.asset_base, height=480)
            maps.region_fill(m, data.region_polygons(ctx.src, cmp_ind), names[cmp_ind])
            st_folium(m, key="indeling", height=480, use_container_width=True, returned_objects=[])
    downloads(
        pd.DataFrame(frame.drop(columns="geometry")),
        ctx.bestandsnaam("natuurlijke-regios"),
        frame,
        key="nr",
        herkomst=ctx.herkomst(),
    )


def _toen_en_nu(ctx: Context, names: dict[str, str]) -> None:
    try:
        res = data.then_and_now(ctx.src)
    except LoadError as exc:
        st.info(f"Geen vergelijking 2016–2025 mogelijk: {md(public_message(exc, ctx))}")
        return
    if not res["indelingen"]:
        st.info("Geen regio-indelingen die in 2016 én 2025 voorkomen: niets te vergelijken.")
        return
    st.caption(
        "Hoe goed passen de regio-indelingen op elkaar, in 2016 (RegioAtlas, gemeenten "
        "van 2016) en in 2025 (CBS, gemeenten van 2025)? ARI: 1 = dezelfde indeling."
    )
    rn = {i: names.get(i, i) for i in res["indelingen"]}
    c1, c2 = st.columns(2)
    c1.markdown("**2016**")
    c1.altair_chart(heatmap(res["ari_toen"].rename(index=rn, columns=rn), "ARI"), width="stretch")
    c2.markdown("**2025**")
    c2.altair_chart(heatmap(res["ari_nu"].rename(index=rn, columns=rn), "ARI"), width="stretch")
    diff = analysis.ari_differences(res)
    table = pd.DataFrame(
        {
            "indeling A": diff["a"].map(rn),
            "indeling B": diff["b"].map(rn),
            "ARI 2016": diff["ari_toen"].round(3),
            "ARI 2025": diff["ari_nu"].round(3),
            "verschil": diff["verschil"].round(3),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    downloads(table, "congruentie-2016-2025", key="tn", herkomst=ctx.herkomst())


def public_message(exc: Exception, ctx: Context) -> str:
    """A loader message without the server's directory layout."""
    return without_paths(str(exc), ctx.src.data_dir)


#: Tab label → the function that draws it (in this order).
TABS = {
    "Congruentie van indelingen": _congruentie,
    "Overlapzoeker": _overlapzoeker,
    "Spaghetti-ranglijst": _spaghetti,
    "Natuurlijke regio's": _natuurlijke_regios,
    "2016 ↔ 2025": _toen_en_nu,
}


def heatmap(mat: pd.DataFrame, maat: str) -> alt.Chart:
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
