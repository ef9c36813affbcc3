"""Numbers and counts for people and for JSON: one NaN-safe formatter for each.

People read Dutch: a decimal comma, ``—`` for a missing value (NaN, ``pd.NA``, None) and
"1 partner" next to "2 partners". JSON keeps plain numbers: missing → ``null``.
"""

from __future__ import annotations

import math

import pandas as pd

#: Shown for a value that does not exist (a spaghetti index with fewer than two
#: samenwerkingen, a share without partners).
LEEG = "—"


def ontbreekt(x: object) -> bool:
    """True for None, NaN and ``pd.NA`` (never raises, unlike ``bool(pd.NA)``)."""
    if x is None or x is pd.NA:
        return True
    try:
        return math.isnan(x)  # type: ignore[arg-type]
    except TypeError:
        return False


def getal(x: object, decimalen: int = 3) -> str:
    """``0.30612`` → ``"0,306"``; missing → ``"—"``."""
    if ontbreekt(x):
        return LEEG
    return f"{float(x):.{decimalen}f}".replace(".", ",")  # type: ignore[arg-type]


def procent(x: object, decimalen: int = 0) -> str:
    """A share as a percentage: ``0.8667`` → ``"87%"``; missing → ``"—"``."""
    if ontbreekt(x):
        return LEEG
    return f"{float(x) * 100:.{decimalen}f}%".replace(".", ",")  # type: ignore[arg-type]


def geheel(x: object) -> int | None:
    """An integer for JSON and tables; missing → None."""
    return None if ontbreekt(x) else int(x)  # type: ignore[call-overload]


def json_getal(x: object, decimalen: int = 4) -> float | None:
    """A plain, rounded JSON number; missing → None (``null``)."""
    return None if ontbreekt(x) else round(float(x), decimalen)  # type: ignore[arg-type]


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """``aantal(1, "partner", "partners")`` → ``"1 partner"``; 0 and 2+ take the plural."""
    return f"{n} {enkelvoud if n == 1 else meervoud}"
