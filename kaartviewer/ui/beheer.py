"""The Beheer view: keeping the overview current, as a layer of aanvullingen over the sources.

Everyone reads, sends "Meld een correctie", sees each samenwerking's history and the
bestuurders per gemeente and per person. A *redacteur* (logged in) proposes new
samenwerkingen, corrections and bestuurders, imports a gemeente's own list as proposals
and edits open proposals; a *beheerder* also approves and rejects. Which parts are drawn follows the role, but that is convenience
only: every write goes to :mod:`kaartviewer.beheer.service` with the logged-in Actor, and
the service decides (nothing here reads the URL).
"""

from __future__ import annotations

import logging

import streamlit as st

from kaartviewer.ui import (
    beheer_formulieren,
    beheer_import,
    beheer_overzicht,
    beheer_store,
    data,
    keys,
    login,
)
from kaartviewer.ui.beheer_velden import toon_melding
from kaartviewer.ui.context import Context

log = logging.getLogger(__name__)

#: The parts of the view: code → (label, who sees it: None = everyone, 'schrijven' =
#: redacteur and beheerder).
ONDERDELEN: dict[str, tuple[str, str | None]] = {
    "voorstellen": ("Voorstellen", "schrijven"),
    "nieuw": ("Nieuwe samenwerking", "schrijven"),
    "correctie": ("Correctie", "schrijven"),
    "bestuurder": ("Bestuurder", "schrijven"),
    "importeren": ("Importeren", "schrijven"),
    "meldingen": ("Meldingen", "schrijven"),
    "geschiedenis": ("Geschiedenis", None),
    "bestuurders": ("Wie zit waar", None),
    "melden": ("Meld een correctie", None),
}


def onderdelen(actor) -> list[str]:
    """The parts drawn for ``actor`` (the service checks every write regardless)."""
    return [k for k, (_, wie) in ONDERDELEN.items() if wie is None or actor.kan_schrijven]


def _label(actor, code: str) -> str:
    if code == "voorstellen" and actor.is_beheerder:
        return "Wachtrij"
    return ONDERDELEN[code][0]


def render(ctx: Context) -> None:
    st.header("Beheer")
    st.caption(
        "Aanvullingen op de bronnen: samenwerkingen die geen register kent, hun fase, wie er "
        "aan tafel zit, en correcties. De bronnen zelf blijven ongewijzigd; elke wijziging "
        "heeft een vaste revisie met bron."
    )
    if not ctx.actueel:
        st.info(
            "Aanvullingen horen bij het register van vandaag. Kies links bij Register → Laag "
            "'Vandaag' om te beheren."
        )
        return
    try:
        store = beheer_store.store()
        # Existence and scope checks against the sources at the register's snapshot.
        store.koppel_registry(data.registry(ctx.src.on("actueel"))[0])
    except Exception:
        log.exception("beheer-store niet te openen")
        st.error(
            "De beheeropslag is niet bereikbaar. De kaart toont de bronnen; probeer het "
            "later opnieuw of meld het aan de beheerder van deze installatie."
        )
        return
    actor = login.render(store)
    # A fixed slot for the one-shot message: one that comes and goes shifts every widget
    # below it, and the browser then redraws them afresh (a file uploader lost the file
    # being uploaded on the run that took the message away).
    with st.container():
        toon_melding()
    codes = onderdelen(actor)
    ss = st.session_state
    if ss.get(keys.BEHEER_ONDERDEEL) not in codes:
        ss[keys.BEHEER_ONDERDEEL] = codes[0]
    gekozen = st.segmented_control(
        "Onderdeel",
        codes,
        key=keys.BEHEER_ONDERDEEL,
        format_func=lambda c: _label(actor, c),
        label_visibility="collapsed",
        required=True,
    )
    _onderdeel(gekozen or codes[0], ctx, store, actor)


def _onderdeel(code: str, ctx: Context, store, actor) -> None:
    if code == "voorstellen":
        beheer_overzicht.voorstellen(ctx, store, actor)
    elif code == "nieuw":
        beheer_formulieren.nieuw(ctx, store)
    elif code == "correctie":
        beheer_formulieren.correctie(ctx, store)
    elif code == "bestuurder":
        beheer_formulieren.bestuurder(ctx, store)
    elif code == "importeren":
        beheer_import.render(ctx, store, actor)
    elif code == "meldingen":
        beheer_overzicht.meldingen(ctx, store, actor)
    elif code == "geschiedenis":
        beheer_overzicht.geschiedenis(ctx, store, actor)
    elif code == "bestuurders":
        beheer_overzicht.bestuurders(ctx, store)
    else:
        beheer_overzicht.melden(ctx, store)
