"""Opening and closing a gemeente or samenwerking: the callbacks the views and sidebar share."""

from __future__ import annotations

import streamlit as st

from kaartviewer.ui import keys


def select(kind: str | None, ident: str | None, switch_view: bool = True) -> None:
    """Open a gemeente or samenwerking (the other selection is cleared).

    As a widget callback it may also switch to the kaart view; from the script body
    (``switch_view=False``) it must not touch the already drawn view control.
    """
    st.session_state[keys.GEMEENTE] = ident if kind == "gemeente" else None
    st.session_state[keys.SAMENWERKING] = ident if kind == "samenwerking" else None
    if switch_view:
        st.session_state[keys.WEERGAVE] = "kaart"


def open_from(key: str) -> None:
    """Callback of an 'open …' selectbox: open the pick, then reset the box."""
    value = st.session_state.get(key)
    st.session_state[key] = None
    if value:
        select("samenwerking", value)


def gemeente_indeling_changed() -> None:
    """Gemeentecodes differ between gemeente-indelingen: drop a selected gemeente."""
    st.session_state[keys.GEMEENTE] = None
    st.session_state[keys.LAST_CLICK] = None


def laag_changed() -> None:
    """Samenwerkingen of the two layers have different ids: drop a selected samenwerking
    (a gemeente stays when the other layer has it)."""
    st.session_state[keys.SAMENWERKING] = None
    st.session_state[keys.LAST_CLICK] = None
