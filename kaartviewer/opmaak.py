"""Numbers the Dutch way, in one place: decimal comma, thousands point (Babel, ``nl_NL``).

The page, the CLI's human output, the factsheet and the Excel exports format through here,
so ``1.234,5`` and ``87%`` read the same everywhere. A missing value (None, NaN, ``pd.NA``)
is shown as ``—``. JSON and the standard CSV keep plain machine numbers.
"""

from __future__ import annotations

import math
from numbers import Number

from babel.numbers import format_decimal, format_percent

LOCALE = "nl_NL"
#: Shown for a value that does not exist (a spaghetti index with fewer than two
#: samenwerkingen, a share without partners).
LEEG = "—"


def ontbreekt(x: object) -> bool:
    """True for None, NaN and ``pd.NA`` (never raises, unlike ``bool(pd.NA)``)."""
    if x is None or type(x).__name__ == "NAType":
        return True
    try:
        return math.isnan(x)  # type: ignore[arg-type]
    except TypeError:
        return False


def _patroon(decimalen: int | None, vast: bool) -> str:
    if decimalen is None:
        return "#,##0.###"
    if decimalen <= 0:
        return "#,##0"
    return "#,##0." + ("0" if vast else "#") * decimalen


def getal(x: object, decimalen: int | None = 2, vast: bool = True) -> str:
    """``1234.5`` → ``"1.234,50"`` (``decimalen`` fixed; ``vast=False`` drops trailing
    zeros: ``"1.234,5"``; ``decimalen=None``: up to three as needed); missing → ``"—"``."""
    if ontbreekt(x):
        return LEEG
    if not isinstance(x, Number):
        x = float(x)  # type: ignore[arg-type]
    return format_decimal(x, format=_patroon(decimalen, vast), locale=LOCALE)


def geheel(x: object) -> str:
    """A count: ``4915`` → ``"4.915"``; missing → ``"—"``."""
    if ontbreekt(x):
        return LEEG
    return format_decimal(round(float(x)), format="#,##0", locale=LOCALE)  # type: ignore[arg-type]


def procent(x: object, decimalen: int = 0) -> str:
    """A share as a percentage: ``0.8667`` → ``"87%"``, ``decimalen=1`` → ``"86,7%"``."""
    if ontbreekt(x):
        return LEEG
    fmt = "#,##0%" if decimalen <= 0 else "#,##0." + "0" * decimalen + "%"
    return format_percent(float(x), format=fmt, locale=LOCALE)  # type: ignore[arg-type]


def aantal(n: object, enkelvoud: str, meervoud: str) -> str:
    """``aantal(1, "partner", "partners")`` → ``"1 partner"``; 0 and 2+ take the plural;
    ``aantal(1200, …)`` → ``"1.200 partners"``."""
    if ontbreekt(n):
        return f"{LEEG} {meervoud}"
    return f"{geheel(n)} {enkelvoud if n == 1 else meervoud}"
