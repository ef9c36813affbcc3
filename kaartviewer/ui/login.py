"""Who is acting: login and logout for the beheer view.

Two ways in, never both:

* **OpenID Connect** (Streamlit's ``st.login``) when ``[auth]`` is configured in
  ``.streamlit/secrets.toml`` — the organisation's identity provider (Entra ID, Keycloak …).
  Streamlit keeps the identity in a signed cookie; the role comes from the store
  (``Store.actor_voor_oidc``: a known e-mail gets its role, an unknown one reads only).
* **Local accounts** otherwise (the embedded default): a name/password form checked by
  ``Store.inloggen`` (argon2, lock-out after repeated failures).

The :class:`Actor` is never derived from widget values or query parameters: it is read from
``st.user`` (OIDC) or from a session-state key that only :func:`_inloggen` sets, after the
store accepted the password. Every permission check is the service's.
"""

from __future__ import annotations

import logging

import streamlit as st

from kaartviewer.beheer.service import ANONIEM, Actor, InlogFout
from kaartviewer.schema import BEHEER_ROLLEN
from kaartviewer.ui import keys
from kaartviewer.ui.safe import md

log = logging.getLogger(__name__)


def oidc_geconfigureerd() -> bool:
    """Is an identity provider configured (``[auth]`` in the secrets)?"""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises on any access
        return False


def _oidc_email() -> str | None:
    if not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    return str(email) if email else None


def actor(store) -> Actor:
    """The acting :class:`Actor` of this session (:data:`ANONIEM` when nobody is logged in).

    OIDC: the role of the e-mail the identity provider vouched for, read from the store on
    every call (a role taken away applies at once). Local: the Actor the store returned at
    login.
    """
    if oidc_geconfigureerd():
        email = _oidc_email()
        return store.actor_voor_oidc(email) if email else ANONIEM
    found = st.session_state.get(keys.ACTOR)
    return found if isinstance(found, Actor) else ANONIEM


def beschrijving(a: Actor) -> str:
    """``Jan (redacteur voor GM0363)`` for the login line."""
    if a.rol is None:
        return a.naam
    rol = BEHEER_ROLLEN.get(a.rol, a.rol).lower()
    scope = ", ".join((*a.gemeenten, *a.provincies))
    return f"{a.naam} ({rol}{' voor ' + scope if scope and a.rol != 'beheerder' else ''})"


def render(store) -> Actor:
    """The login line (or form) at the top of the beheer view; returns the acting Actor."""
    if oidc_geconfigureerd():
        return _oidc(store)
    return _lokaal(store)


def _oidc(store) -> Actor:
    email = _oidc_email()
    if email is None:
        if st.user.is_logged_in:
            st.warning(
                "De identity provider gaf geen e-mailadres door; zonder e-mailadres kunt u "
                "alleen lezen en een correctie melden."
            )
            if st.button("Uitloggen", key="beheer-uitloggen"):
                st.logout()
            return ANONIEM
        c = st.columns([3, 1])
        c[0].caption(
            "Redacteuren en beheerders loggen in met het account van hun organisatie. "
            "Iedereen kan lezen en een correctie melden."
        )
        if c[1].button("Inloggen", key="beheer-inloggen", type="primary"):
            st.login()
        return ANONIEM
    a = store.actor_voor_oidc(email)
    c = st.columns([3, 1])
    if a.rol is None:
        c[0].info(
            f"Ingelogd als {md(email)}. Dit account heeft geen rol in de kaartviewer: u kunt "
            "lezen en een correctie melden. Vraag een beheerder om u als redacteur toe te "
            "voegen."
        )
    else:
        c[0].success(f"Ingelogd als {md(beschrijving(a))}.")
    if c[1].button("Uitloggen", key="beheer-uitloggen"):
        st.logout()
    return a


def _lokaal(store) -> Actor:
    ss = st.session_state
    a = ss.get(keys.ACTOR)
    if isinstance(a, Actor):
        c = st.columns([3, 1])
        c[0].success(f"Ingelogd als {md(beschrijving(a))}.")
        c[1].button("Uitloggen", key="beheer-uitloggen", on_click=_uitloggen)
        return a
    with st.expander("Inloggen (redacteuren en beheerders)", expanded=False):
        with st.form("beheer-login", enter_to_submit=True):
            st.text_input("Naam", key=keys.LOGIN_NAAM, max_chars=200, autocomplete="username")
            st.text_input(
                "Wachtwoord",
                type="password",
                key=keys.LOGIN_WACHTWOORD,
                max_chars=500,
                autocomplete="current-password",
            )
            st.form_submit_button(
                "Inloggen", key="beheer-login-knop", on_click=_inloggen, args=(store,)
            )
        if ss.get(keys.LOGIN_MELDING):
            st.error(md(ss[keys.LOGIN_MELDING]))
    return ANONIEM


def _inloggen(store) -> None:
    """Form callback: the only place a local Actor enters the session."""
    ss = st.session_state
    naam = str(ss.get(keys.LOGIN_NAAM) or "").strip()
    wachtwoord = str(ss.get(keys.LOGIN_WACHTWOORD) or "")
    ss[keys.LOGIN_WACHTWOORD] = ""
    if not naam or not wachtwoord:
        ss[keys.LOGIN_MELDING] = "Vul uw naam en wachtwoord in."
        return
    try:
        a = store.inloggen(naam, wachtwoord)
    except InlogFout as exc:
        ss[keys.LOGIN_MELDING] = str(exc)
        return
    ss[keys.ACTOR] = a
    ss.pop(keys.LOGIN_MELDING, None)
    ss.pop(keys.BEHEER_ONDERDEEL, None)  # open on the first part of the role
    log.info("lokaal ingelogd: %s (%s)", a.naam, a.rol)


def _uitloggen() -> None:
    st.session_state.pop(keys.ACTOR, None)
    st.session_state.pop(keys.BEHEER_ONDERDEEL, None)
