"""The kaartviewer page: state from the URL, sidebar filters and search, view dispatch.

Every part of the page runs inside ``errors.guard``: an error shows a Dutch panel with an
error id (the traceback goes to the server log), and the sidebar is drawn in any case, so
the user can always switch view or gemeente-indeling.
"""

from __future__ import annotations

import streamlit as st

from kaartviewer import config, provenance
from kaartviewer.schema import (
    GEMEENTE_INDELINGEN,
    JURIDISCHE_VORMEN,
    ONDERWERPEN,
    SAMENWERKING_SOORTEN,
)
from kaartviewer.ui import assets, data, errors, keys, state, views
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import gemeente_indeling_changed, select
from kaartviewer.ui.state import WEERGAVEN, Filters, ViewState

TITLE = "Kaartviewer intergemeentelijke samenwerking"


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def _keep_widget_state() -> None:
    """Streamlit forgets the value of a widget that is not drawn in a run; the error
    screen draws only part of the sidebar, so copy those values into plain state."""
    ss = st.session_state
    for key in keys.PERSISTENT:
        if key in ss:
            ss[key] = ss[key]


def _init_from_url(reg, indelingen: list[str]) -> None:
    """On the first good run of a session, seed the widgets from the query parameters."""
    ss = st.session_state
    if ss.get(keys.INIT):
        return
    vs, msgs = state.parse(_url_params(), reg, indelingen)
    for field, key in keys.FILTERS.items():
        ss[key] = list(getattr(vs.filters, field))
    ss[keys.WEERGAVE] = vs.weergave
    ss[keys.GEMEENTE] = vs.gemeente
    ss[keys.SAMENWERKING] = vs.samenwerking
    ss[keys.GRENZEN] = vs.grenzen
    # The gemeente-indeling was read from the URL before loading (main); a user who
    # switched it on the error screen keeps the switch.
    ss[keys.URL_MELDINGEN] = msgs
    ss[keys.INIT] = True


def _reconcile(reg, indelingen: list[str]) -> list[str]:
    """Drop choices the current data no longer has (a file was replaced, or the
    gemeente-indeling switched); return Dutch messages for what was dropped."""
    ss = st.session_state
    msgs = []
    g, s = ss.get(keys.GEMEENTE), ss.get(keys.SAMENWERKING)
    if g and g not in reg.gemeenten.index:
        ss[keys.GEMEENTE] = None
        msgs.append(
            f"Gemeente '{g}' staat niet (meer) in de gegevens; het overzicht wordt getoond."
        )
    if s and s not in reg.samenwerkingen.index:
        ss[keys.SAMENWERKING] = None
        msgs.append(f"Samenwerking '{s}' staat niet (meer) in de gegevens.")
    if ss.get(keys.GRENZEN) and ss[keys.GRENZEN] not in indelingen:
        ss[keys.GRENZEN] = None
    provs = set(reg.gemeenten["provinciecode"])
    chosen = ss.get(keys.F_PROVINCIE) or []
    if any(p not in provs for p in chosen):
        ss[keys.F_PROVINCIE] = [p for p in chosen if p in provs]
    return msgs


def _filters() -> Filters:
    ss = st.session_state
    return Filters(**{field: tuple(ss.get(key) or ()) for field, key in keys.FILTERS.items()})


def _current_state() -> ViewState:
    ss = st.session_state
    return ViewState(
        filters=_filters(),
        weergave=ss.get(keys.WEERGAVE) or "kaart",
        gemeente=ss.get(keys.GEMEENTE),
        samenwerking=ss.get(keys.SAMENWERKING),
        grenzen=ss.get(keys.GRENZEN),
        gemeente_indeling=ss.get(keys.GEMEENTE_INDELING) or GEMEENTE_INDELINGEN[0],
    )


# --- sidebar ---------------------------------------------------------------------------------


def _sidebar(reg, indelingen) -> None:
    sb = st.sidebar
    sb.markdown("### Zoeken")
    q = sb.text_input(
        "Gemeente of samenwerking", key=keys.ZOEK, placeholder="bijv. Súdwest-Fryslân of GGD"
    )
    if q.strip():
        with errors.guard():
            _search_hits(reg, q)
    _filter_widgets(reg)
    _map_widgets(indelingen)


def _search_hits(reg, q: str) -> None:
    sb = st.sidebar
    hits = reg.search(q, limit=8)
    if not hits:
        sb.caption("Niets gevonden. Probeer een deel van de naam.")
    for i, h in enumerate(hits):
        sb.button(
            ("Gemeente: " if h["type"] == "gemeente" else "Samenwerking: ") + md(h["naam"]),
            key=keys.zoekresultaat(i, h["type"], h["id"]),
            on_click=select,
            args=(h["type"], h["id"]),
            width="stretch",
        )


def _filter_widgets(reg) -> None:
    sb = st.sidebar
    sb.markdown("### Filters")
    sb.multiselect(
        "Onderwerp",
        list(ONDERWERPEN),
        format_func=ONDERWERPEN.get,
        key=keys.F_ONDERWERP,
        placeholder="alle onderwerpen",
    )
    sb.multiselect(
        "Juridische vorm",
        list(JURIDISCHE_VORMEN),
        format_func=JURIDISCHE_VORMEN.get,
        key=keys.F_VORM,
        placeholder="alle vormen",
    )
    sb.multiselect(
        "Soort samenwerking",
        list(SAMENWERKING_SOORTEN),
        format_func=SAMENWERKING_SOORTEN.get,
        key=keys.F_SAMENWERKING_SOORT,
        placeholder="Wgr, netwerk en privaat",
    )
    provs = dict(
        sorted(
            zip(reg.gemeenten["provinciecode"], reg.gemeenten["provincienaam"], strict=True),
            key=lambda kv: str(kv[1]),
        )
    )
    sb.multiselect(
        "Provincie",
        list(provs),
        format_func=lambda p: str(provs.get(p, p)),
        key=keys.F_PROVINCIE,
        placeholder="heel Nederland",
        help="Samenwerkingen met minstens één deelnemer in de provincie.",
    )


def _gemeente_indeling_radio() -> None:
    st.sidebar.radio(
        "Gemeente-indeling",
        GEMEENTE_INDELINGEN,
        key=keys.GEMEENTE_INDELING,
        horizontal=True,
        on_change=gemeente_indeling_changed,
        help="2016 is de peildatum van het register. 2025 toont dezelfde samenwerkingen "
        "op de gemeenten van nu, via hun voorgangers (herindelingen).",
    )


def _map_widgets(indelingen) -> None:
    sb = st.sidebar
    sb.markdown("### Kaart")
    _gemeente_indeling_radio()
    if indelingen is not None and len(indelingen):
        names = dict(zip(indelingen["regio_indeling"], indelingen["naam"], strict=True))
        sb.selectbox(
            "Regiogrenzen tonen",
            [None, *indelingen["regio_indeling"]],
            format_func=lambda i: "(geen)" if i is None else str(names.get(i, i)),
            key=keys.GRENZEN,
            placeholder="(geen)",
        )
    else:
        sb.caption("Regiogrenzen: geen regio-indelingen in de gegevens.")
    sb.checkbox("Achtergrondkaart (vraagt internet)", key=keys.BASEMAP)


def _error_sidebar() -> None:
    """What is left of the sidebar when the data cannot be loaded: the way back."""
    st.sidebar.markdown("### Kaart")
    _gemeente_indeling_radio()
    st.sidebar.caption("Zoeken en filters komen terug zodra de gegevens te laden zijn.")


# --- main area -------------------------------------------------------------------------------


def _header(ctx: Context, msgs: list[str]) -> None:
    reg, f, gi = ctx.reg, ctx.filters, ctx.src.gemeente_indeling
    sub = data.filtered(ctx.src, f)
    st.caption(
        f"{len(sub.samenwerkingen)} van {len(reg.samenwerkingen)} samenwerkingen · filters: "
        f"{md(f.describe(ctx.provincies))} · gemeenten {md(gi)} · bronnen: "
        f"{md(provenance.bronnen_kort(gi))} · zoals geregistreerd in {md(ctx.peildatum)}, "
        "onvolledig (zie Over de data)"
    )
    if gi != GEMEENTE_INDELINGEN[0]:
        st.info(
            f"U ziet de gemeenten van {md(gi)}. De samenwerkingen zijn zoals geregistreerd in "
            f"{md(ctx.peildatum)} en toegekend via de voorgangers van elke gemeente (bijv. "
            "'via Haren'); ze kunnen sindsdien zijn veranderd.",
            icon="ℹ️",
        )
    for msg in [*st.session_state.get(keys.URL_MELDINGEN, []), *msgs]:
        st.warning(md(msg), icon="🔗")
    if ctx.report.fouten:
        st.warning(
            f"Bij het laden zijn {len(ctx.report.fouten)} rij(en) afgewezen. De details staan "
            "onder 'Over de data'.",
            icon="⚠️",
        )


def _page(src, reg, report, asset_base: str, indelingen) -> None:
    ids = list(indelingen["regio_indeling"])
    _init_from_url(reg, ids)
    msgs = _reconcile(reg, ids)
    ss = st.session_state
    ctx = Context(
        src=src,
        reg=reg,
        report=report,
        filters=_filters(),
        asset_base=asset_base,
        grenzen=ss.get(keys.GRENZEN),
        basemap=bool(ss.get(keys.BASEMAP, False)),
    )
    _header(ctx, msgs)
    weergave = (
        st.segmented_control(
            "Weergave",
            list(WEERGAVEN),
            format_func=WEERGAVEN.get,
            key=keys.WEERGAVE,
            label_visibility="collapsed",
        )
        or "kaart"
    )
    views.render(weergave, ctx)


def _write_url() -> None:
    params = state.to_params(_current_state())
    if params != {k: ",".join(st.query_params.get_all(k)) for k in st.query_params.keys()}:
        st.query_params.from_dict(params)


def main() -> None:
    st.set_page_config(
        page_title="Kaartviewer samenwerkingsverbanden",
        page_icon="🗺️",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    _keep_widget_state()
    asset_base = assets.register()
    ss = st.session_state
    if keys.GEMEENTE_INDELING not in ss:
        ss[keys.GEMEENTE_INDELING] = state.parse_gemeente_indeling(_url_params())[0]
    st.title(TITLE)
    data_dir = str(config.data_dir())
    loaded = indelingen = None
    with errors.guard(data_dir):
        loaded = data.current(ss[keys.GEMEENTE_INDELING])
        indelingen = data.indelingen(loaded[0])
    if loaded is None or indelingen is None:
        _error_sidebar()
        return
    src, reg, report = loaded
    # Widget values live in session_state before the widgets are drawn, so the main area
    # (and its map) is sent to the browser first and the sidebar follows: the map appears
    # sooner on a first visit.
    with errors.guard(src.data_dir):
        _page(src, reg, report, asset_base, indelingen)
    with errors.guard(src.data_dir):
        _sidebar(reg, indelingen)
    if ss.get(keys.INIT):
        _write_url()
