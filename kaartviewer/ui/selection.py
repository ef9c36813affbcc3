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


def map_clicked() -> None:
    """Callback of the kaart view's map: open the gemeente clicked.

    A callback runs before the script, so the run it triggers already shows the gemeente:
    no ``st.rerun`` (a second run) after a click. The map sends ``{"gemeente", "klik"}``
    with a fresh ``klik`` per click, so clicking the same gemeente again also opens it."""
    value = st.session_state.get(keys.KAART) or {}
    code = value.get("gemeente") if isinstance(value, dict) else None
    if code:
        select("gemeente", str(code), switch_view=False)


def gemeente_picked() -> None:
    """Callback of the kaart view's gemeente list (the keyboard route to every gemeente)."""
    code = st.session_state.get(keys.KAART_GEMEENTE)
    if code:
        select("gemeente", code, switch_view=False)
    elif st.session_state.get(keys.GEMEENTE):
        select(None, None, switch_view=False)


def log_run(kind: str) -> None:
    """Append one line per script run (``kind="app"``) or fragment-only rerun
    (``kind="fragment"``; not logged when the fragment runs as part of the whole script) to
    ``$KAARTVIEWER_RUNLOG`` when that is set: the benchmark counts runs per interaction with
    it. A no-op otherwise."""
    import os
    import time

    path = os.environ.get("KAARTVIEWER_RUNLOG")
    if not path:
        return
    if kind == "fragment":
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not ctx.fragment_ids_this_run:
            return
    with open(path, "a", encoding="utf-8") as fh:
        print(round(time.time(), 3), kind, file=fh)
