"""The kaartviewer page: state from the URL, sidebar (laag, peildatum, search, filters),
the header that says what is shown, and view dispatch.

The page opens on today's register (the GR-register with the CBS network regions) at the
register's snapshot; the sidebar chooses another peildatum or the historic 2016 layer.
Every part of the page runs inside ``errors.guard``: an error shows a Dutch panel with an
error id (the traceback goes to the server log), and the sidebar is drawn in any case, so
the user can always switch view, laag or gemeente-indeling.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from kaartviewer import config, provenance, zoeken
from kaartviewer.register import REGISTER_VERPLICHT_SINDS
from kaartviewer.schema import (
    GEMEENTE_INDELINGEN,
    JURIDISCHE_VORMEN,
    LAGEN,
    ONDERWERPEN,
    SAMENWERKING_SOORTEN,
)
from kaartviewer.ui import (
    assets,
    beheer_store,
    data,
    errors,
    kaart,
    keys,
    state,
    toegang,
    views,
    wijzigingen,
)
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import gemeente_indeling_changed, laag_changed, log_run, select
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
    ss[keys.VERGELIJKING] = vs.vergelijking
    views.seed(ss, vs)
    for key, value in ((keys.WIJZIGING_VAN, vs.van), (keys.WIJZIGING_TOT, vs.tot)):
        if value:
            ss[key] = dt.date.fromisoformat(value)
        else:  # a link (or Back) without the date: the view's default
            ss.pop(key, None)
    # Laag, gemeente-indeling and peildatum were read from the URL before loading (main); a
    # user who switched them on the error screen keeps the switch.
    ss[keys.URL_MELDINGEN] = msgs
    ss[keys.INIT] = True


def _reconcile(src, reg, indelingen: list[str]) -> list[str]:
    """Drop choices the current data no longer has (a file was replaced, the laag or
    gemeente-indeling switched, or the samenwerking did not exist on the peildatum);
    return Dutch messages for what was dropped."""
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
        op = "" if src.historisch else f" op peildatum {provenance.datum(src.peildatum)}"
        msgs.append(f"Samenwerking '{s}' staat niet in het register{op}.")
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


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _current_state(src) -> ViewState:
    """The state to write into the URL; defaults (the snapshot as peildatum, the standard
    dates of the Wijzigingen view) are left out."""
    ss = st.session_state
    actueel = not src.historisch
    peildatum = src.peildatum if actueel else None
    van, tot = _iso(ss.get(keys.WIJZIGING_VAN)), _iso(ss.get(keys.WIJZIGING_TOT))
    vs = ViewState(
        filters=_filters(),
        weergave=ss.get(keys.WEERGAVE) or "kaart",
        gemeente=ss.get(keys.GEMEENTE),
        samenwerking=ss.get(keys.SAMENWERKING),
        grenzen=ss.get(keys.GRENZEN),
        laag=src.laag,
        gemeente_indeling=src.gemeente_indeling if src.historisch else "2016",
        peildatum=peildatum if actueel and peildatum != data.snapshot(src) else None,
        vergelijking=ss.get(keys.VERGELIJKING) or "peildata",
    )
    views.store(ss, vs)
    if vs.weergave == "wijzigingen":
        van_std, tot_std = wijzigingen.standaard_data(src)
        vs.van = van if van != van_std else None
        vs.tot = tot if tot != tot_std else None
    return vs


# --- sidebar ---------------------------------------------------------------------------------


def _sidebar(src, reg, indelingen) -> None:
    if kaart.kaart_eerst():
        _sidebar_na_kaart()
        return
    _laag_widgets(src)
    with st.sidebar:
        _zoeken(reg, src.data_dir, src.aanvullingen)
    _filter_widgets(reg)
    _map_widgets(indelingen)


#: When the map drawn first has not reported back after this many seconds (no JavaScript,
#: a script that failed), the rest of the page follows anyway.
VANGNET_S = 3.0


def _sidebar_na_kaart() -> None:
    """The sidebar while the map is drawn first: its section titles (so the page does not
    shift when the widgets follow) and the safety net that sends the rest in any case."""
    sb = st.sidebar
    sb.markdown("### Register")
    sb.markdown("### Zoeken")
    sb.markdown("### Filters")
    sb.markdown("### Kaart")
    with st.sidebar:
        _vangnet()


@st.fragment(run_every=VANGNET_S)
def _vangnet() -> None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run and kaart.kaart_eerst():
        st.rerun()


@st.fragment
def _zoeken(reg, data_dir: str, aanvullingen: str = "") -> None:
    """The search box, answering while typing (``live``: a pause of 250 ms commits); as a
    fragment, typing reruns only this part of the sidebar, not the page and its map.

    ``reg`` is the registry of the last whole run, at store revision ``aanvullingen``; when
    an aanvulling was approved since (possibly through another app process) the whole
    page reruns, so search, map and header show the same, current registry."""
    if st.session_state.pop(keys.ZOEK_GEKOZEN, False):
        st.rerun()  # a hit was opened: the whole page shows it
    if aanvullingen and aanvullingen != beheer_store.revisie_sleutel():
        st.rerun()
    st.markdown("### Zoeken")
    # In live mode Streamlit shows no "Press Enter to apply" under the input (the value
    # commits after a pause); a Dutch caption says the results follow the typing.
    q = st.text_input(
        "Gemeente of samenwerking",
        key=keys.ZOEK,
        placeholder="naam, code of oude naam",
        live=True,
        type="search",
        help="Bijvoorbeeld Den Bosch, GM0363, Appingedam (nu Eemsdelta) of GGD Utrecht. "
        "Hoofdletters en accenten maken niet uit.",
    )
    if q.strip():
        with errors.guard(data_dir):
            _search_hits(reg, q, data_dir)
    else:
        st.caption("De resultaten verschijnen terwijl u typt.")


def _laag_widgets(src=None) -> None:
    """Which registry: today's at a peildatum, or the 2016 layer on a gemeente-indeling.

    ``src`` is ``None`` on the error screen: the peildatum needs the register's snapshot,
    so only the choices that lead back to usable data are drawn."""
    sb = st.sidebar
    sb.markdown("### Register")
    sb.radio(
        "Laag",
        list(LAGEN),
        format_func=LAGEN.get,
        key=keys.LAAG,
        on_change=laag_changed,
        help="Vandaag: het landelijke GR-register (met versies) en de netwerkregio's van het "
        "CBS. 2016: de historische gegevens van OpenGR en RegioAtlas, zoals toen "
        "geregistreerd.",
    )
    if st.session_state.get(keys.LAAG) == "2016":
        _gemeente_indeling_radio()
    elif src is not None and not src.historisch:
        _peildatum_widgets(src)
    else:
        sb.caption("De peildatum komt terug zodra de gegevens te laden zijn.")


def _peildatum_widgets(src) -> None:
    sb = st.sidebar
    snapshot = data.snapshot(src)
    sb.date_input(
        "Peildatum",
        min_value=data.MIN_PEILDATUM,
        max_value=dt.date.fromisoformat(snapshot),
        key=keys.PEILDATUM,
        format="DD-MM-YYYY",
        help=f"De dag waarop u het register bekijkt; standaard de laatste stand "
        f"({md(provenance.datum(snapshot))}). Registratie is pas sinds "
        f"{md(provenance.datum(REGISTER_VERPLICHT_SINDS))} verplicht: daarvoor is het beeld "
        "onvolledig.",
    )
    if src.peildatum != snapshot:
        sb.button(
            f"Naar de laatste stand ({md(provenance.datum(snapshot))})",
            on_click=_set_peildatum,
            args=(snapshot,),
            key="peildatum-laatste-stand",
            width="stretch",
        )


def _set_peildatum(iso: str) -> None:
    st.session_state[keys.PEILDATUM] = dt.date.fromisoformat(iso)


def _search_hits(reg, q: str, data_dir: str | None = None) -> None:
    """Up to 20 ranked hits as buttons (:func:`kaartviewer.zoeken.zoek`); a hit found by
    another name than its own says why (``voorheen Appingedam``, ``ook: Den Bosch``)."""
    crosswalk = zoeken.herindelingen(data_dir) if data_dir else None
    hits = zoeken.zoek(reg, q, zoeken.MAX_TREFFERS, crosswalk=crosswalk)
    if not hits:
        st.caption("Niets gevonden. Probeer een deel van de naam of een gemeentecode.")
        return
    st.caption(
        f"{len(hits)} {'treffer' if len(hits) == 1 else 'treffers'}"
        + (" (typ verder om te verfijnen)" if len(hits) == zoeken.MAX_TREFFERS else "")
    )
    for i, h in enumerate(hits):
        st.button(
            ("Gemeente: " if h.type == "gemeente" else "Samenwerking: ")
            + md(h.naam + (f" · {h.reden}" if h.reden else "")),
            key=keys.zoekresultaat(i, h.type, h.id),
            on_click=_open_hit,
            args=(h.type, h.id),
            width="stretch",
        )


def _open_hit(kind: str, ident: str) -> None:
    select(kind, ident)
    st.session_state[keys.ZOEK_GEKOZEN] = True


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
        help="2016: de gemeenten van toen. 2025: dezelfde samenwerkingen van 2016 op de "
        "gemeenten van nu, via hun voorgangers (herindelingen).",
    )


def _map_widgets(indelingen) -> None:
    sb = st.sidebar
    sb.markdown("### Kaart")
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
    _laag_widgets(None)
    st.sidebar.caption("Zoeken en filters komen terug zodra de gegevens te laden zijn.")


# --- main area -------------------------------------------------------------------------------


def _header(ctx: Context, msgs: list[str]) -> None:
    """One line that says what is shown (counts, laag, peildatum, gemeenten, filters,
    sources) and the notices the reader must not miss: history, incompleteness, links."""
    reg, f = ctx.reg, ctx.filters
    sub = data.filtered(ctx.src, f)
    peildatum = provenance.datum(ctx.peildatum)
    if ctx.actueel and ctx.peildatum == ctx.snapshot:
        stand = f"peildatum {peildatum} (laatste stand van het GR-register)"
    elif ctx.actueel:
        stand = (
            f"peildatum {peildatum} (GR-register, laatste stand {provenance.datum(ctx.snapshot)})"
        )
    else:
        stand = "historische laag 2016, zoals geregistreerd in 2016 (niet de stand van nu)"
    line = (
        f"{len(sub.samenwerkingen)} van {len(reg.samenwerkingen)} samenwerkingen · {stand} · "
        f"gemeenten {ctx.gemeente_indeling} · filters: {f.describe(ctx.provincies)} · "
        f"bronnen: {provenance.bronnen_kort(ctx.src.laag, ctx.gemeente_indeling)} "
        "(zie Over de data)"
    )
    st.caption(md(line))
    if not ctx.actueel:
        st.warning(md(historie_zin(ctx.gemeente_indeling)), icon=":material/history:")
    elif provenance.register_onvolledig(ctx.peildatum):
        st.warning(md(provenance.onvolledig_zin(ctx.peildatum)), icon="⚠️")
    for msg in [*st.session_state.get(keys.URL_MELDINGEN, []), *msgs]:
        st.warning(md(msg), icon="🔗")
    if ctx.report.fouten:
        st.warning(
            f"Bij het laden zijn {len(ctx.report.fouten)} rij(en) afgewezen. De details staan "
            "onder 'Over de data'.",
            icon="⚠️",
        )


def historie_zin(gemeente_indeling: str) -> str:
    """The notice on every screen of the 2016 layer: this is history, not today."""
    via = (
        " U ziet ze op de gemeenten van 2025, toegekend via de voorgangers van elke gemeente "
        "(bijv. 'via Haren')."
        if gemeente_indeling == "2025"
        else ""
    )
    return (
        "Historische laag 2016: samenwerkingen zoals OpenGR en RegioAtlas ze in 2016 "
        "registreerden. Ze kunnen sindsdien zijn veranderd of opgeheven; dit is niet de stand "
        f"van vandaag.{via} Kies links 'Vandaag' voor het GR-register."
    )


def _page(
    src, reg, report, asset_base: str, indelingen, msgs: list[str], eerste: bool = False
) -> None:
    ids = list(indelingen["regio_indeling"])
    _init_from_url(reg, ids)
    msgs = msgs + _reconcile(src, reg, ids)
    ss = st.session_state
    if eerste and (ss.get(keys.WEERGAVE) or "kaart") == "kaart" and kaart.browser():
        ss[keys.KAART_EERST] = True  # the map alone, the rest when it is drawn
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
    onthoud_weergave(src, reg)
    # While the map is drawn first the navigation waits too (its code is one more thing
    # the map would wait for); its container keeps its place and height (see toegang).
    with st.container(key="kv-weergave"):
        if kaart.kaart_eerst():
            st.empty()
            weergave = "kaart"
        else:
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
    if weergave != "kaart":  # the kaart view draws it in its fragment (kaart._kaart)
        terug_knop()
    views.render(weergave, ctx)


def terug_knop() -> None:
    """The "Terug" button above the view, after the view this run shows went on the path.
    Its container is always there: the button's coming and going must not move what
    follows. The kaart view draws it inside its fragment, so that a gemeente or
    samenwerking opened there (a rerun of the fragment alone) shows it at once."""
    with st.container(key="kv-terug"):
        toegang.terug_knop()


def _write_url(src) -> None:
    """Put the view into the URL; Streamlit pushes a browser-history entry when it changes
    (and replaces the entry in a run started by Back or Forward)."""
    params = state.to_params(_current_state(src))
    if params != {k: ",".join(st.query_params.get_all(k)) for k in st.query_params.keys()}:
        st.query_params.from_dict(params)


def onthoud_weergave(src, reg) -> None:
    """Put the view this run shows on the "Terug" path. Called by the page and again by
    the kaart fragment, whose own reruns (a gemeente or samenwerking opened in it) the
    page does not see; a second call for the same view adds nothing."""
    vs = _current_state(src)
    toegang.onthoud(state.to_params(vs), _plaatsnaam(vs, reg))


def _plaatsnaam(vs: ViewState, reg) -> str:
    """What the "Terug" button calls a view: the samenwerking, the gemeente or the view."""
    if vs.samenwerking and vs.samenwerking in reg.samenwerkingen.index:
        return str(reg.samenwerkingen.at[vs.samenwerking, "naam"])
    if vs.gemeente and vs.gemeente in reg.gemeenten.index:
        return str(reg.gemeenten.at[vs.gemeente, "gemeentenaam"])
    return "het overzicht" if vs.weergave == "kaart" else WEERGAVEN[vs.weergave]


def _herlees_url() -> None:
    """After Back, Forward or "Terug": read laag, peildatum and the view from the URL
    again (instead of writing the old state back over the URL)."""
    if toegang.herlees_url():
        st.session_state.pop(keys.LAAG, None)
        st.session_state[keys.INIT] = False


def _seed_laag() -> None:
    """On a session's first run, read laag, gemeente-indeling and peildatum from the URL:
    they decide what is loaded (messages follow once the data is there)."""
    ss = st.session_state
    if keys.LAAG in ss:
        return
    keuze, _ = state.parse_laag(_url_params())
    ss[keys.LAAG] = keuze.laag
    ss[keys.GEMEENTE_INDELING] = keuze.gemeente_indeling
    ss[keys.PEILDATUM] = dt.date.fromisoformat(keuze.peildatum) if keuze.peildatum else None


def _load():
    """``(Source, Registry, ValidationReport)`` of the choices in the sidebar."""
    ss = st.session_state
    return data.current(ss[keys.LAAG], ss[keys.GEMEENTE_INDELING], _iso(ss.get(keys.PEILDATUM)))


def _sync_peildatum(src) -> list[str]:
    """Put the peildatum shown into the date input (the snapshot when none was chosen, a
    date moved into the register's range); return a message when a date was moved."""
    ss = st.session_state
    if src.historisch:
        return []
    asked = _iso(ss.get(keys.PEILDATUM))
    ss[keys.PEILDATUM] = dt.date.fromisoformat(src.peildatum)
    if asked and asked != src.peildatum:
        return [m for m in [data.clamp_peildatum(asked, data.snapshot(src))[1]] if m]
    return []


def main() -> None:
    log_run("app")
    ss = st.session_state
    eerste = keys.SESSIE_GESTART not in ss
    ss[keys.SESSIE_GESTART] = True
    ss.pop(keys.KAART_EERST, None)  # every run after the first draws the whole page
    st.set_page_config(
        page_title="Kaartviewer samenwerkingsverbanden",
        page_icon="🗺️",
        layout="wide",
        # "auto": open on a wide screen, closed on a phone (the page comes first there).
        initial_sidebar_state="auto",
    )
    toegang.inject()
    _keep_widget_state()
    asset_base = assets.register()
    _herlees_url()
    _seed_laag()
    st.title(TITLE)
    data_dir = str(config.data_dir())
    loaded = indelingen = None
    with errors.guard(data_dir):
        loaded = _load()
        indelingen = data.indelingen(loaded[0])
    if loaded is None or indelingen is None:
        _error_sidebar()
        return
    src, reg, report = loaded
    msgs = _sync_peildatum(src)
    # Widget values live in session_state before the widgets are drawn, so the main area
    # (and its map) is sent to the browser first and the sidebar follows: the map appears
    # sooner on a first visit.
    with errors.guard(src.data_dir):
        _page(src, reg, report, asset_base, indelingen, msgs, eerste)
    with errors.guard(src.data_dir):
        _sidebar(src, reg, indelingen)
    if st.session_state.get(keys.INIT):
        with errors.guard(src.data_dir):
            _write_url(src)
