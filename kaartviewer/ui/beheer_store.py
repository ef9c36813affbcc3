"""The beheer store as the app process uses it: one ``Store`` per database URL, its revision
per rerun, and the approved aanvullingen of a revision (cached).

The read path must not create a database: aanvullingen are merged only when a store is
*configured* (``KAARTVIEWER_DATABASE_URL`` is set, or the embedded default file exists).
The beheer view opens (and so creates) the embedded default when it is used.
``kaartviewer.beheer`` (SQLAlchemy) is imported only when a store is used, so a viewer
without a store starts as fast as before.
"""

from __future__ import annotations

import hashlib
import logging

import streamlit as st

log = logging.getLogger(__name__)


def url() -> str:
    """The database URL in use (the documented default when the variable is unset)."""
    from kaartviewer.beheer import db

    return db.database_url()


def geconfigureerd() -> bool:
    """Is there a store to read aanvullingen from, without creating one?"""
    from kaartviewer.beheer import db

    return db.geconfigureerd() is not None


@st.cache_resource(show_spinner=False)
def _store(database_url: str):
    from kaartviewer.beheer.service import Store

    return Store.open(database_url)


def store():
    """The ``Store`` of the configured URL, opened once per process (its engine pools the
    connections of every session)."""
    return _store(url())


def _tag(database_url: str) -> str:
    """A short, non-secret name of the database (the URL may hold a password)."""
    return hashlib.sha256(database_url.encode()).hexdigest()[:12]


def revisie_sleutel() -> str:
    """``"<database>:<revisie>"`` of the configured store, ``""`` without a store.

    One cheap query per rerun; a store that cannot be reached leaves the sources on screen
    (logged; the beheer view shows the error)."""
    if not geconfigureerd():
        return ""
    try:
        database_url = url()
        return f"{_tag(database_url)}:{_store(database_url).publicatie_sleutel()}"
    except Exception:  # the map must stay usable without its store
        log.exception("beheer-store niet bereikbaar; alleen de bronnen worden getoond")
        return ""


@st.cache_resource(max_entries=4, show_spinner=False)
def _publicatie(sleutel: str, database_url: str):
    return _store(database_url).publicatie()


def publicatie(sleutel: str):
    """The approved aanvullingen at revision ``sleutel`` (from :func:`revisie_sleutel`),
    prepared for merging (``Store.publicatie``)."""
    return _publicatie(sleutel, url())
