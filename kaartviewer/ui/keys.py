"""Every ``st.session_state`` key of the page, named once.

Widget keys double as session-state keys (Streamlit stores a widget's value under its key),
so a typo here is a silent bug elsewhere: use these names, never string literals.
"""

from __future__ import annotations

# --- what the URL holds (see kaartviewer.ui.state) ------------------------------------------
WEERGAVE = "weergave"  # segmented control: kaart | verbanden | analyse | wijzigingen | data
GEMEENTE = "gemeente"  # selected gemeentecode (plain state)
SAMENWERKING = "samenwerking"  # selected samenwerking id (plain state)
GRENZEN = "grenzen"  # selectbox: the regio-indeling drawn over the map
LAAG = "laag"  # radio: actueel | 2016
PEILDATUM = "peildatum"  # date input (datetime.date): today's layer at this date
GEMEENTE_INDELING = "gemeente_indeling"  # radio of the 2016 layer: 2016 | 2025
VERGELIJKING = "vergelijking"  # wijzigingen: radio peildata | lagen
WIJZIGING_VAN = "wijziging_van"  # wijzigingen: date input, the earlier peildatum
WIJZIGING_TOT = "wijziging_tot"  # wijzigingen: date input, the later peildatum

# --- sidebar widgets -------------------------------------------------------------------------
ZOEK = "zoek"
ZOEK_GEKOZEN = "zoek_gekozen"  # a search hit was opened: the search fragment reruns the page
NAAR_WEERGAVE = "_naar_weergave"  # a kaart-fragment button chose another view: rerun page
BASEMAP = "basemap"
F_ONDERWERP = "f_onderwerp"
F_VORM = "f_vorm"
F_SAMENWERKING_SOORT = "f_samenwerking_soort"
F_PROVINCIE = "f_provincie"
#: ``Filters`` field → the multiselect that holds it.
FILTERS: dict[str, str] = {
    "onderwerp": F_ONDERWERP,
    "vorm": F_VORM,
    "samenwerking_soort": F_SAMENWERKING_SOORT,
    "provincie": F_PROVINCIE,
}

# --- widgets inside the views ----------------------------------------------------------------
MIN_GEWICHT = "min_gewicht"  # verbanden: minimum shared samenwerkingen
MAAT = "maat"  # analyse: ARI | NMI
CONGRUENTIE_INDELING = "congruentie_indeling"  # analyse: regio-indeling for per-region table
MIN_JACCARD = "min_jaccard"  # analyse: overlap finder threshold
ZELFDE_ONDERWERP = "zelfde_onderwerp"  # analyse: only pairs with the same onderwerp
RESOLUTIE = "resolutie"  # analyse: Louvain resolution
VERGELIJK_INDELING = "vergelijk_indeling"  # analyse: regio-indeling next to natural regions
WIJZIGING_GEMEENTE = "wijziging_gemeente"  # wijzigingen: the gemeente picked (mirrors GEMEENTE)
KAART = "kaart"  # kaart: the map component (its last click: {"gemeente": code, "klik": time})
KAART_GEMEENTE = "kaart_gemeente"  # kaart: the keyboard route, a selectbox of the gemeenten
SAMENWERKING_TAB = "samenwerking_tab"  # kaart: the open tab under a samenwerking

# --- bookkeeping of the page -----------------------------------------------------------------
INIT = "_init"  # the URL has been read into the widgets
URL_MELDINGEN = "_url_meldingen"  # Dutch messages about link values that were not understood
LAST_CLICK = "_last_click"  # last map click handled (st_folium repeats it on every rerun)
PEILDATUM_MELDINGEN = "_peildatum_meldingen"  # a peildatum moved into the register's range
# "Terug" (kaartviewer.ui.toegang): the views left behind, as (URL parameters, name) pairs.
TERUG_STAPEL = "_terug_stapel"
TERUG_VORIGE = "_terug_vorige"  # the view of the previous run, (parameters, name)
TERUG_DOEL = "_terug_doel"  # parameters "Terug" asked for, applied at the start of the next run
TERUG_BEZIG = "_terug_bezig"  # this run returns: do not put the view left on the stack
# The map first (issue 11, see kaartviewer.ui.kaart.kaart_eerst): a browser session's first
# run of the kaart view draws the map alone; the rest follows once the map reports it is drawn.
SESSIE_GESTART = "_sessie_gestart"  # the session's first run has started
KAART_EERST = "_kaart_eerst"  # the last whole run drew the map alone
KAART_GETEKEND = "_kaart_getekend"  # the map reported it is drawn: rerun the whole page

#: Widget keys whose values must survive a run in which their widget is not drawn (the
#: error screen draws only part of the sidebar; Streamlit forgets undrawn widgets).
PERSISTENT: tuple[str, ...] = (
    WEERGAVE,
    GRENZEN,
    LAAG,
    PEILDATUM,
    GEMEENTE_INDELING,
    ZOEK,
    BASEMAP,
    VERGELIJKING,
    WIJZIGING_VAN,
    WIJZIGING_TOT,
) + tuple(FILTERS.values())


def open_samenwerking(owner: str) -> str:
    """The 'open a samenwerking' selectbox in the panel of ``owner`` (gemeente or id)."""
    return f"open-{owner}"


def zoekresultaat(i: int, kind: str, ident: str) -> str:
    """The button of search hit ``i``."""
    return f"hit-{i}-{kind}-{ident}"


# --- catalogue, compare and the analyse parts (appended) -------------------------------------
ONDERDEEL = "onderdeel"  # analyse: the one part shown (segmented control; URL onderdeel=)
INDELING_A = "indeling_a"  # vergelijk: first regio-indeling (URL indeling_a=)
INDELING_B = "indeling_b"  # vergelijk: second regio-indeling (URL indeling_b=)
GEMEENTE_A = "gemeente_a"  # vergelijk: first gemeente (URL gemeente_a=)
GEMEENTE_B = "gemeente_b"  # vergelijk: second gemeente (URL gemeente_b=)
CATALOGUS_ZOEK = "catalogus_zoek"  # catalogus: quick text filter
CATALOGUS_SORTEER = "catalogus_sorteer"  # catalogus: sort column
CATALOGUS_AFLOPEND = "catalogus_aflopend"  # catalogus: sort descending
CATALOGUS_TABEL = "catalogus_tabel"  # catalogus: the dataframe (row selection)
CATALOGUS_OPEN = "catalogus_open"  # catalogus: selectbox that opens a samenwerking
TRIVIAAL_TONEN = "triviaal_tonen"  # overlapzoeker: also show identical regio-indelingen
OVERLAP_INDELING = "overlap_indeling"  # overlapzoeker: area filter, the indeling
OVERLAP_REGIO = "overlap_regio"  # overlapzoeker: area filter, the region
OVERLAP_TABEL = "overlap_tabel"  # overlapzoeker: the dataframe (row selection)
OVERLAP_PAAR = "overlap_paar"  # overlapzoeker: the pair shown on the map ("a|b")
OVERLAP_OPTIES = "_overlap_opties"  # overlapzoeker: the pairs ("a|b") in table order
VERSCHIL_TABEL = "verschil_tabel"  # vergelijk: the regions that differ
GEDEELD_TABEL = "gedeeld_tabel"  # vergelijk: shared samenwerkingen of two gemeenten
VERGELIJK_OPEN = "vergelijk_open"  # vergelijk: selectbox that opens a shared samenwerking
CATALOGUS_IDS = "_catalogus_ids"  # catalogus: ids in the order the table was last drawn

#: Also kept when their widget is not drawn (see PERSISTENT): the analyse part and the picks
#: of the compare view live in the URL.
PERSISTENT += (ONDERDEEL, INDELING_A, INDELING_B, GEMEENTE_A, GEMEENTE_B)

# --- the beheer view (kaartviewer.ui.beheer*, kaartviewer.ui.login) --------------------------
#: The Actor of a local-account login; set only by ``login`` after ``Store.inloggen`` accepted
#: the password (never from a widget or the URL). OIDC logins are read from ``st.user``.
ACTOR = "_beheer_actor"
LOGIN_NAAM = "beheer_login_naam"  # local login form: account name
LOGIN_WACHTWOORD = "beheer_login_wachtwoord"  # local login form: password
LOGIN_MELDING = "_beheer_login_melding"  # Dutch message of the last failed login
BEHEER_MELDING = "_beheer_melding"  # (kind, Dutch text) shown once after a form was handled
BEHEER_CONFLICT = "_beheer_conflict"  # aanvulling id → Dutch conflict message
BEHEER_AFZENDER = "_beheer_afzender"  # random id of this browser session (melding rate limit)
NIEUW_BESTUURDERS = "beheer_nieuw_n_bestuurders"  # number input: bestuurder rows in the form
GESCHIEDENIS_SAMENWERKING = "beheer_geschiedenis"  # selectbox: samenwerking whose history shows
BESTUURDERS_GEMEENTE = "beheer_bestuurders_gemeente"  # selectbox: gemeente of the bestuurders
CORRECTIE_SAMENWERKING = "beheer_correctie_samenwerking"  # selectbox: source samenwerking
CORRECTIE_VELD = "beheer_correctie_veld"  # selectbox: the field to correct


def beheer_veld(form: str, veld: str, ident: object = "") -> str:
    """A widget inside a beheer form (``form`` is e.g. ``nieuw`` or ``wijzig-12``)."""
    return f"beheer-{form}-{veld}{'-' + str(ident) if ident != '' else ''}"


BEHEER_ONDERDEEL = "beheer_onderdeel"  # segmented control: the part of the beheer view shown
#: Importeren (kaartviewer.ui.beheer_import); its widgets are ``beheer_veld("import", …)``.
#: ((sha256 of the file, gemeentecode), ImportDiff or None, Dutch refusal): the last comparison.
IMPORT_VERGELIJKING = "_beheer_import_vergelijking"
#: (sha256, gemeentecode, row number) → aanvulling id: rows proposed in this session.
IMPORT_VOORGESTELD = "_beheer_import_voorgesteld"
