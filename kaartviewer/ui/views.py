"""The views of the page and the function that draws each.

``kaart`` (gemeente / samenwerking panels), ``verbanden``, ``analyse`` (one function per tab),
``wijzigingen`` (changes between two peildata or layers) and ``data`` ("Over de data") live
in their own modules, as does ``beheer`` (login, aanvullingen, review queue, history); each
takes a ``Context``.
"""

from __future__ import annotations

from collections.abc import Callable

from kaartviewer.ui import analyse, beheer, kaart, over, verbanden, wijzigingen
from kaartviewer.ui.context import Context

VIEWS: dict[str, Callable[[Context], None]] = {
    "kaart": kaart.render,
    "verbanden": verbanden.render,
    "analyse": analyse.render,
    "wijzigingen": wijzigingen.render,
    "data": over.render,
    "beheer": beheer.render,
}


def render(weergave: str, ctx: Context) -> None:
    VIEWS.get(weergave, kaart.render)(ctx)
