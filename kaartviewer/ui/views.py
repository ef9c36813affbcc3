"""The eight views of the page and the function that draws each.

``kaart`` (gemeente / samenwerking panels), ``catalogus`` (every samenwerking as a list, each
with its own page), ``verbanden``, ``analyse`` (one function per part), ``vergelijk`` (two
regio-indelingen or two gemeenten side by side), ``wijzigingen`` (changes between two
peildata or layers) and ``data`` ("Over de data") and ``beheer`` (login, aanvullingen, review queue, history) live in
their own modules; each takes a
``Context``. :func:`seed` and :func:`store` move the view-specific URL picks (the analyse
part, the compare view's picks) between a :class:`ViewState` and the session.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping

from kaartviewer.ui import (
    analyse,
    beheer,
    catalogus,
    kaart,
    keys,
    over,
    verbanden,
    vergelijk,
    wijzigingen,
)
from kaartviewer.ui.context import Context
from kaartviewer.ui.state import ViewState

VIEWS: dict[str, Callable[[Context], None]] = {
    "kaart": kaart.render,
    "catalogus": catalogus.render,
    "verbanden": verbanden.render,
    "analyse": analyse.render,
    "vergelijk": vergelijk.render,
    "wijzigingen": wijzigingen.render,
    "data": over.render,
    "beheer": beheer.render,
}

#: ViewState field → the session key that holds it (the picks of one view each).
_PICKS = {
    "onderdeel": keys.ONDERDEEL,
    "indeling_a": keys.INDELING_A,
    "indeling_b": keys.INDELING_B,
    "gemeente_a": keys.GEMEENTE_A,
    "gemeente_b": keys.GEMEENTE_B,
}


def render(weergave: str, ctx: Context) -> None:
    VIEWS.get(weergave, kaart.render)(ctx)


def seed(ss: MutableMapping, vs: ViewState) -> None:
    """Put the picks a link carries into the session (before their widgets are drawn)."""
    for field, key in _PICKS.items():
        value = getattr(vs, field)
        if value is not None:
            ss[key] = value


def store(ss: MutableMapping, vs: ViewState) -> None:
    """Copy the session's picks into ``vs`` (for the URL)."""
    for field, key in _PICKS.items():
        value = ss.get(key)
        if value is not None:
            setattr(vs, field, value)
