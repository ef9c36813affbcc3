"""The kaartviewer page: state from the URL, sidebar filters and search, view dispatch."""

from __future__ import annotations

import streamlit as st

from kaartviewer.schema import JURIDISCHE_VORMEN, ONDERWERPEN, SAMENWERKING_SOORTEN
from kaartviewer.ui import assets, data, state, views
from kaartviewer.ui.state import WEERGAVEN, Filters, ViewState
from kaartviewer.ui.widgets import md
from kaartviewer.validation import LoadError

_FILTER_KEYS = {
    "onderwerp": "f_onderwerp",
    "vorm": "f_vorm",
    "soort": "f_soort",
    "provincie": "f_provincie",
}


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def _init_from_url(reg, indelingen: list[str]) -> None:
    """On the first run of a session, seed the widgets from the query parameters."""
    if st.session_state.get("_init"):
        return
    vs, msgs = state.parse(_url_params(), reg, indelingen)
    for field, key in _FILTER_KEYS.items():
        st.session_state[key] = list(getattr(vs.filters, field))
    st.session_state["weergave"] = vs.weergave
    st.session_state["gemeente"] = vs.gemeente
    st.session_state["samenwerking"] = vs.samenwerking
    st.session_state["overlay"] = vs.grenzen
    st.session_state["gemeente_indeling"] = vs.gemeente_indeling
    st.session_state["_msgs"] = msgs
    st.session_state["_init"] = True


def _current_state() -> ViewState:
    ss = st.session_state
    return ViewState(
        filters=_filters(),
        weergave=ss.get("weergave") or "kaart",
        gemeente=ss.get("gemeente"),
        samenwerking=ss.get("samenwerking"),
        grenzen=ss.get("overlay"),
        gemeente_indeling=ss.get("gemeente_indeling") or "2016",
    )


def _filters() -> Filters:
    ss = st.session_state
    return Filters(**{field: tuple(ss.get(key) or ()) for field, key in _FILTER_KEYS.items()})


def _sidebar(reg, indelingen) -> None:
    sb = st.sidebar
    sb.markdown("### Zoeken")
    q = sb.text_input(
        "Gemeente of samenwerking", key="zoek", placeholder="bijv. Súdwest-Fryslân of GGD"
    )
    if q.strip():
        hits = reg.search(q, limit=8)
        if not hits:
            sb.caption("Niets gevonden. Probeer een deel van de naam.")
        for i, h in enumerate(hits):
            label = ("Gemeente: " if h["type"] == "gemeente" else "Samenwerking: ") + md(h["naam"])
            sb.button(
                label,
                key=f"hit-{i}-{h['id']}",
                on_click=views.select,
                args=(h["type"], h["id"]),
                width="stretch",
            )
    sb.markdown("### Filters")
    sb.multiselect(
        "Onderwerp",
        list(ONDERWERPEN),
        format_func=ONDERWERPEN.get,
        key="f_onderwerp",
        placeholder="alle onderwerpen",
    )
    sb.multiselect(
        "Juridische vorm",
        list(JURIDISCHE_VORMEN),
        format_func=JURIDISCHE_VORMEN.get,
        key="f_vorm",
        placeholder="alle vormen",
    )
    sb.multiselect(
        "Wgr of netwerk",
        list(SAMENWERKING_SOORTEN),
        format_func=SAMENWERKING_SOORTEN.get,
        key="f_soort",
        placeholder="beide",
    )
    provs = dict(
        sorted(
            zip(reg.gemeenten["provinciecode"], reg.gemeenten["provincienaam"], strict=True),
            key=lambda kv: kv[1],
        )
    )
    sb.multiselect(
        "Provincie",
        list(provs),
        format_func=provs.get,
        key="f_provincie",
        placeholder="heel Nederland",
        help="Samenwerkingen met minstens één deelnemer in de provincie.",
    )
    sb.markdown("### Kaart")
    sb.radio(
        "Gemeente-indeling",
        state.GEMEENTE_INDELINGEN,
        key="gemeente_indeling",
        horizontal=True,
        on_change=_indeling_changed,
        help="2016 is de peildatum van het register. 2025 toont dezelfde samenwerkingen "
        "op de gemeenten van nu, via hun voorgangers (herindelingen).",
    )
    names = dict(zip(indelingen["regio_indeling"], indelingen["naam"], strict=True))
    sb.selectbox(
        "Regiogrenzen tonen",
        [None] + list(indelingen["regio_indeling"]),
        format_func=lambda i: "(geen)" if i is None else names[i],
        key="overlay",
        placeholder="(geen)",
    )
    sb.checkbox("Achtergrondkaart (vraagt internet)", key="basemap")


def _indeling_changed() -> None:
    """Gemeentecodes differ between indelingen: drop a selected gemeente on a switch."""
    st.session_state["gemeente"] = None
    st.session_state["_last_click"] = None


def _header(d: str, reg, report, f: Filters) -> None:
    st.title("Kaartviewer intergemeentelijke samenwerking")
    sub = data.filtered(d, f)
    provs = dict(zip(reg.gemeenten["provinciecode"], reg.gemeenten["provincienaam"], strict=True))
    st.caption(
        f"{len(sub.samenwerkingen)} van {len(reg.samenwerkingen)} samenwerkingen · filters: "
        f"{md(f.describe(provs))} · bron OpenGR 2016 en RegioAtlas 2016, gemeenten "
        f"{d.rpartition('#')[2] or '2016'} · "
        "zoals geregistreerd in 2016, onvolledig (zie Over de data)"
    )
    if d.endswith("#2025"):
        st.info(
            "U ziet de gemeenten van 2025. De samenwerkingen zijn zoals geregistreerd in "
            "2016 en toegekend via de voorgangers van elke gemeente (bijv. 'via Haren'); "
            "ze kunnen sindsdien zijn veranderd.",
            icon="ℹ️",
        )
    for msg in st.session_state.get("_msgs", []):
        st.warning(msg, icon="🔗")
    if report.fouten:
        st.warning(
            f"Bij het laden zijn {len(report.fouten)} rij(en) afgewezen. De details staan "
            "onder 'Over de data'.",
            icon="⚠️",
        )


def main() -> None:
    st.set_page_config(
        page_title="Kaartviewer samenwerkingsverbanden",
        page_icon="🗺️",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    asset_base = assets.register()
    if "gemeente_indeling" not in st.session_state:
        st.session_state["gemeente_indeling"] = state.parse_gemeente_indeling(_url_params())[0]
    d = data.source(st.session_state["gemeente_indeling"])
    try:
        reg, report = data.registry(d)
    except LoadError as exc:
        st.error(f"De gegevens kunnen niet worden geladen: {exc}")
        st.stop()
    indelingen = data.indelingen(d)
    _init_from_url(reg, list(indelingen["regio_indeling"]))
    # Widget values live in session_state before the widgets are drawn, so the main area
    # (and its map) is sent to the browser first and the sidebar follows: the map appears
    # sooner on a first visit.
    f = _filters()
    overlay = st.session_state.get("overlay")
    basemap = bool(st.session_state.get("basemap", False))
    _header(d, reg, report, f)
    weergave = (
        st.segmented_control(
            "Weergave",
            list(WEERGAVEN),
            format_func=WEERGAVEN.get,
            key="weergave",
            label_visibility="collapsed",
        )
        or "kaart"
    )
    if weergave == "kaart":
        views.kaart(d, f, asset_base, overlay, basemap)
    elif weergave == "verbanden":
        views.verbanden(d, f, asset_base, basemap)
    elif weergave == "analyse":
        views.analyse(d, f, asset_base)
    else:
        views.over_de_data(d)
    _sidebar(reg, indelingen)
    params = state.to_params(_current_state())
    if params != {k: ",".join(st.query_params.get_all(k)) for k in st.query_params.keys()}:
        st.query_params.from_dict(params)
