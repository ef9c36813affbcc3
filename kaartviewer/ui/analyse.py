"""The analyse view ("Congruentie & overlap"): one function per part.

Only the part chosen in the control at the top is computed and drawn (``st.tabs`` would run
all five on every rerun, 6–9 s on the shipped data, and draws maps in hidden tabs at the
wrong size); the choice lives in the URL as ``onderdeel=``. Every table is computed in
``kaartviewer.analysis`` / ``kaartviewer.network`` (cached in ``kaartviewer.ui.data``); the
parts only choose columns, labels and charts.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from kaartviewer import analysis, maps, network, provenance
from kaartviewer.ui import data, keys
from kaartviewer.ui.context import Context
from kaartviewer.ui.errors import without_paths
from kaartviewer.ui.safe import md
from kaartviewer.ui.state import ONDERDELEN
from kaartviewer.ui.widgets import downloads, num
from kaartviewer.validation import LoadError

GEEN_INDELINGEN = (
    "De gegevens bevatten geen regio-indelingen (indelingen.csv ontbreekt of is leeg); "
    "dit onderdeel is daarom niet beschikbaar."
)


def render(ctx: Context) -> None:
    st.header("Congruentie & overlap")
    names = _indeling_names(ctx)
    if st.session_state.get(keys.ONDERDEEL) not in ONDERDELEN:
        st.session_state[keys.ONDERDEEL] = "congruentie"
    part = (
        st.segmented_control(
            "Onderdeel",
            list(ONDERDELEN),
            format_func=ONDERDELEN.get,
            key=keys.ONDERDEEL,
            label_visibility="collapsed",
            on_change=_keep_a_part,
        )
        or "congruentie"
    )
    PARTS[part](ctx, names)


def _keep_a_part() -> None:
    """A click on the chosen part would deselect it: keep one part chosen."""
    if st.session_state.get(keys.ONDERDEEL) not in ONDERDELEN:
        st.session_state[keys.ONDERDEEL] = "congruentie"


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
    st.button(
        "Twee indelingen naast elkaar op de kaart (Vergelijken)",
        on_click=_naar_vergelijken,
        key="naar-vergelijken",
        icon=":material/compare:",
    )
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


def _naar_vergelijken() -> None:
    st.session_state[keys.WEERGAVE] = "vergelijk"


def _overlapzoeker(ctx: Context, names: dict[str, str]) -> None:
    c1, c2, c3 = st.columns(3)
    t = c1.slider(
        "Minimale Jaccard-overeenkomst",
        0.1,
        1.0,
        analysis.OVERLAP_MIN_JACCARD,
        0.05,
        key=keys.MIN_JACCARD,
    )
    same = c2.checkbox("Alleen zelfde onderwerp (mogelijke dubbeling)", key=keys.ZELFDE_ONDERWERP)
    trivial = c3.toggle(
        "Ook identieke regio-indelingen tonen",
        key=keys.TRIVIAAL_TONEN,
        help="Paren van twee regio's van regio-indelingen met precies dezelfde gemeenten "
        "(bijv. een GGD-regio en de veiligheidsregio die de wet er gelijk aan maakt) zijn "
        "verwacht en geen dubbel werk; standaard verborgen.",
    )
    pairs = data.overlap(ctx.src, ctx.filters, t)
    if same:
        pairs = pairs[pairs["zelfde_onderwerp"]]
    flat = network.trivially_identical(pairs, ctx.reg.samenwerkingen)
    hidden = int(flat.sum())
    if not trivial:
        pairs = pairs[~flat]
    gebied = _gebied(ctx, names)
    if gebied is not None:
        label, touching = gebied
        pairs = pairs[pairs["a"].isin(touching) & pairs["b"].isin(touching)]
    pairs = pairs.reset_index(drop=True)
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
    uitleg = (
        f"{num(len(table), 0)} kandidaat-paren: {provenance.overlap_regel(t)}."
        + (f" Alleen paren die beide {gebied[0]} raken." if gebied is not None else "")
        + (
            f" {hidden} paar/paren van identieke regio-indelingen verborgen."
            if hidden and not trivial
            else ""
        )
        + " Klik op een rij (of kies hieronder) om beide gebieden op de kaart te zien."
    )
    st.caption(md(uitleg))
    keys_of = [f"{a}|{b}" for a, b in zip(pairs["a"], pairs["b"], strict=True)]
    st.session_state[keys.OVERLAP_OPTIES] = keys_of
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(460, 35 * (len(table) + 1) + 3),
        key=keys.OVERLAP_TABEL,
        on_select=_pair_selected,
        selection_mode="single-row",
    )
    downloads(table, ctx.bestandsnaam("overlap"), key="ov", herkomst=ctx.herkomst())
    if table.empty:
        return
    label_of = dict(
        zip(
            keys_of,
            [f"{a} ↔ {b}" for a, b in zip(pairs["naam_a"], pairs["naam_b"], strict=True)],
            strict=True,
        )
    )
    if st.session_state.get(keys.OVERLAP_PAAR) not in label_of:
        st.session_state[keys.OVERLAP_PAAR] = None
    pick = st.selectbox(
        "Paar op de kaart",
        keys_of,
        key=keys.OVERLAP_PAAR,
        index=None,
        format_func=lambda k: str(label_of.get(k, k)),
        placeholder="kies een paar (typ om te zoeken)",
    )
    if pick:
        _pair_map(ctx, *pick.split("|", 1))


def _pair_selected() -> None:
    """Callback of the overlap table: show the clicked pair on the map."""
    state = st.session_state.get(keys.OVERLAP_TABEL)
    rows = list(getattr(getattr(state, "selection", None), "rows", None) or [])
    if not rows and isinstance(state, dict):
        rows = list((state.get("selection") or {}).get("rows") or [])
    options = st.session_state.get(keys.OVERLAP_OPTIES) or []
    if rows and 0 <= rows[0] < len(options):
        st.session_state[keys.OVERLAP_PAAR] = options[rows[0]]


def _gemeenten(n: int) -> str:
    return f"{n} gemeente" if n == 1 else f"{n} gemeenten"


def _gebied(ctx: Context, names: dict[str, str]) -> tuple[str, set[str]] | None:
    """The area filter of the overlap finder: (label, ids of the samenwerkingen with a
    member in the chosen region), or ``None`` for no area filter."""
    if not names:
        return None
    ids = [None, *names]
    c1, c2 = st.columns(2)
    ind = c1.selectbox(
        "Gebied: indeling",
        ids,
        key=keys.OVERLAP_INDELING,
        format_func=lambda i: "heel Nederland (de filters links)" if i is None else names.get(i, i),
        help="Alleen paren waarvan beide samenwerkingen een gemeente in de gekozen regio "
        "(bijv. een provincie of een veiligheidsregio) hebben.",
    )
    if ind is None:
        return None
    members = network.regio_members(ctx.reg, ind)
    regions = sorted(members["regio"].astype(str).unique())
    if st.session_state.get(keys.OVERLAP_REGIO) not in regions:
        st.session_state[keys.OVERLAP_REGIO] = regions[0] if regions else None
    regio = c2.selectbox("Gebied: regio", regions, key=keys.OVERLAP_REGIO)
    if regio is None:
        return None
    codes = set(members.loc[members["regio"].astype(str) == regio, "gemeentecode"])
    lid = data.filtered(ctx.src, ctx.filters).lidmaatschappen
    touching = set(lid.loc[lid["gemeentecode"].isin(codes), "samenwerking"])
    return f"{names.get(ind, ind)} {regio}", touching


def _pair_map(ctx: Context, a: str, b: str) -> None:
    """Both outlines of a pair on one map, with the gemeenten they do not share."""
    reg = ctx.reg
    if a not in reg.samenwerkingen.index or b not in reg.samenwerkingen.index:
        return
    na, nb = str(reg.samenwerkingen.at[a, "naam"]), str(reg.samenwerkingen.at[b, "naam"])
    ga = set(reg.deelnemers_van(a).index)
    gb = set(reg.deelnemers_van(b).index)
    gem = reg.gemeenten["gemeentenaam"]

    def namen(codes) -> str:
        return ", ".join(sorted(str(gem.get(c, c)) for c in codes)) or "—"

    col_map, col_info = st.columns([3, 2], gap="medium")
    with col_map:
        m = maps.base_map(ctx.asset_base, basemap=ctx.basemap, height=460)
        maps.borders(m, data.provincie_polygons(ctx.src), "Provinciegrenzen", weight=1.0)
        maps.pair_map(m, data.footprint(ctx.src, a), data.footprint(ctx.src, b), na, nb)
        st_folium(m, key="overlap-paar", height=460, use_container_width=True, returned_objects=[])
    with col_info:
        st.markdown(f"**A:** {md(na)} ({md(_gemeenten(len(ga)))})")
        st.markdown(f"**B:** {md(nb)} ({md(_gemeenten(len(gb)))})")
        st.markdown(f"**Gedeeld ({len(ga & gb)}):** {md(namen(ga & gb))}")
        st.markdown(f"**Alleen in A ({len(ga - gb)}):** {md(namen(ga - gb))}")
        st.markdown(f"**Alleen in B ({len(gb - ga)}):** {md(namen(gb - ga))}")
        st.caption("Oranje: A; blauw gestreept: B.")


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
    codes = data.natural_gemeenten(ctx.src, ctx.filters)
    if len(codes) < 2:
        st.info(
            "Te weinig gemeenten met samenwerkingen onder deze filters voor natuurlijke regio's."
        )
        return
    labels, agree, frame = data.natural_regions(ctx.src, ctx.filters, res)
    nat = labels.dropna().astype(int).map(_regio_naam)
    frame = frame.assign(regio=frame["regio"].astype(int).map(_regio_naam))
    row = (
        agree.set_index("regio_indeling").loc[cmp_ind]
        if cmp_ind in set(agree["regio_indeling"])
        else None
    )
    total = len(ctx.reg.gemeenten)
    scope = (
        f"{len(codes)} gemeenten"
        + (
            f" in {', '.join(ctx.provincies.get(p, p) for p in ctx.filters.provincie)}"
            if ctx.filters.provincie
            else ""
        )
        + (f" met samenwerkingen onder de filters (van {total})" if len(codes) < total else "")
    )
    uitleg = (
        f"{int(nat.nunique())} natuurlijke regio's onder {scope} (Louvain op het netwerk van "
        "gedeelde samenwerkingen)"
        + (
            f"; overeenkomst met {names[cmp_ind]}: ARI {num(row['ari'])}, NMI {num(row['nmi'])}"
            if row is not None
            else ""
        )
        + "."
    )
    st.caption(md(uitleg))
    if cmp_ind is None:
        poly = frame.iloc[0:0]
        corr = pd.DataFrame(columns=["regio_a", "regio_b", "overeenkomst", "jaccard"])
    else:
        poly = data.region_polygons_on(ctx.src, cmp_ind, codes)
        corr = network.region_correspondence(nat, network.regio_labels(ctx.reg, cmp_ind))
    pairs = [
        (a, b)
        for a, b in corr.loc[corr["overeenkomst"].astype(bool), ["regio_a", "regio_b"]].values
    ]
    col_a, col_b = maps.matched_colours(frame, poly, pairs)
    m1, m2 = st.columns(2)
    with m1:
        st.markdown("**Natuurlijke regio's**")
        m = maps.base_map(ctx.asset_base, height=480)
        maps.coloured_regions(m, frame, col_a, "Natuurlijke regio's", counterpart=dict(pairs))
        _legend(m, col_a)
        maps.fit(m, frame)
        st_folium(m, key="natuurlijk", height=480, use_container_width=True, returned_objects=[])
    with m2:
        if cmp_ind is None:
            st.info(GEEN_INDELINGEN)
        else:
            st.markdown(f"**{md(names[cmp_ind])}**")
            m = maps.base_map(ctx.asset_base, height=480)
            maps.coloured_regions(
                m, poly, col_b, names[cmp_ind], counterpart={b: a for a, b in pairs}
            )
            _legend(m, col_b)
            maps.fit(m, frame)
            st_folium(m, key="indeling", height=480, use_container_width=True, returned_objects=[])
    st.caption(
        "Regio's die op beide kaarten overeenkomen (minstens de helft van de gemeenten "
        "gedeeld) hebben dezelfde kleur; lichtgrijs = geen tegenhanger."
    )
    best = dict(zip(corr["regio_a"], corr["regio_b"], strict=True)) if len(corr) else {}
    match = dict(pairs)
    table = pd.DataFrame(
        {
            "kleur": [col_a.get(r, maps.UNMATCHED) for r in frame["regio"]],
            "regio": frame["regio"],
            "gemeenten": frame["gemeenten"],
            "komt overeen met": [match.get(r, "") for r in frame["regio"]],
            "meeste overlap met": [best.get(r, "") for r in frame["regio"]],
            "namen": frame["namen"],
        }
    )
    st.dataframe(
        table.style.map(lambda c: f"background-color: {c}; color: {c}", subset=["kleur"]),
        hide_index=True,
        width="stretch",
        height=min(420, 35 * (len(table) + 1) + 3),
        column_config={"kleur": st.column_config.TextColumn("kleur", width=50)},
    )
    downloads(
        pd.DataFrame(frame.drop(columns="geometry")),
        ctx.bestandsnaam("natuurlijke-regios"),
        frame,
        key="nr",
        herkomst=ctx.herkomst(),
    )


def _legend(m, colours: dict[str, str]) -> None:
    maps.add_match_legend(
        m,
        sorted({c for c in colours.values() if c != maps.UNMATCHED}),
        unmatched=maps.UNMATCHED in colours.values(),
    )


def _regio_naam(n: int) -> str:
    return f"Regio {int(n)}"


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


#: Part (``onderdeel=`` in the URL, labels in ``state.ONDERDELEN``) → the function that draws it.
PARTS = {
    "congruentie": _congruentie,
    "overlap": _overlapzoeker,
    "spaghetti": _spaghetti,
    "natuurlijk": _natuurlijke_regios,
    "toen-nu": _toen_en_nu,
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
