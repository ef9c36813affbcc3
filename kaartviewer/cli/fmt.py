"""Numbers and counts for people and for JSON: one NaN-safe formatter for each.

People read Dutch: a decimal comma, ``—`` for a missing value (NaN, ``pd.NA``, None) and
"1 partner" next to "2 partners". JSON keeps plain numbers: missing → ``null``.
"""

from __future__ import annotations

from kaartviewer import opmaak
from kaartviewer.opmaak import LEEG, ontbreekt

__all__ = ["LEEG", "ontbreekt", "getal", "procent", "geheel", "json_getal", "aantal"]


def getal(x: object, decimalen: int = 3) -> str:
    """``0.30612`` → ``"0,306"``, ``1234.5`` → ``"1.234,500"``; missing → ``"—"``
    (:func:`kaartviewer.opmaak.getal`)."""
    return opmaak.getal(x, decimalen)


def procent(x: object, decimalen: int = 0) -> str:
    """A share as a percentage: ``0.8667`` → ``"87%"``; missing → ``"—"``."""
    return opmaak.procent(x, decimalen)


def geheel(x: object) -> int | None:
    """An integer for JSON and tables; missing → None."""
    return None if ontbreekt(x) else int(x)  # type: ignore[call-overload]


def json_getal(x: object, decimalen: int = 4) -> float | None:
    """A plain, rounded JSON number; missing → None (``null``)."""
    return None if ontbreekt(x) else round(float(x), decimalen)  # type: ignore[arg-type]


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """``aantal(1, "partner", "partners")`` → ``"1 partner"``; 0 and 2+ take the plural;
    thousands with a point (``1.200 partners``)."""
    return opmaak.aantal(n, enkelvoud, meervoud)
