"""Text cells of the registry for people and JSON: empty-safe strings, lists, short forms."""

from __future__ import annotations

from kaartviewer.cli.fmt import ontbreekt
from kaartviewer.schema import LIST_SEP

#: The register's bestuursorganen, as short as a line allows.
ORGAAN_KORT: dict[str, str] = {
    "College van burgemeester en wethouders": "college",
    "Gemeenteraad": "raad",
    "Burgemeester": "burgemeester",
    "Dagelijks bestuur": "dagelijks bestuur",
    "Algemeen bestuur": "algemeen bestuur",
}
GEMEENTERAAD = "Gemeenteraad"


def tekst(x: object) -> str:
    """A cell as text: missing (None, NaN, ``pd.NA``) → ``""``."""
    return "" if ontbreekt(x) else str(x).strip()


def lijst(x: object, sep: str = LIST_SEP) -> list[str]:
    """A list cell (``a;b``) as a list without empty items."""
    return [p.strip() for p in tekst(x).split(sep) if p.strip()]


def raad_neemt_deel(bestuursorganen: object) -> bool | None:
    """Whether the gemeenteraad itself takes part; ``None`` when the register says nothing."""
    organen = lijst(bestuursorganen)
    return (GEMEENTERAAD in organen) if organen else None


def organen_kort(organen: list[str]) -> str:
    """``["College van burgemeester en wethouders", "Gemeenteraad"]`` → ``college, raad``."""
    return ", ".join(ORGAAN_KORT.get(o, o.lower()) for o in organen)


def kort(x: object, limiet: int = 240) -> str:
    """``x`` cut at a word boundary to at most ``limiet`` characters (``…`` when cut)."""
    t = " ".join(tekst(x).split())
    if len(t) <= limiet:
        return t
    cut = t[: limiet - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def opsomming(items: list[str]) -> str:
    """``["A", "B", "C"]`` → ``A, B en C``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]
