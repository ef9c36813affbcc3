"""Link an arrangement registered in OpenGR to the same body as a RegioAtlas region.

Rule (documented in README, every decision listed in the build report): an OpenGR
arrangement *A* and a region *R* of a collaboration indeling are the same body when

* *A*'s name belongs to the indeling's family (``FAMILIE`` pattern, e.g. ``ggd`` for
  GGD-regio's), and
* member-set Jaccard J(A, R) ≥ ``MIN_JACCARD`` (0.6), and
* name-token Jaccard N(A, R) ≥ ``MIN_NAAM`` (0.25) on the folded names.

Candidate pairs are taken greedily by J + N (highest first), each side at most once, so
``Veiligheidsregio Groningen`` pairs with its region before ``Veiligheidshuis Groningen``
could.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kaartviewer.text import fold

MIN_JACCARD = 0.6
MIN_NAAM = 0.25

FAMILIE: dict[str, re.Pattern[str]] = {
    "ggd": re.compile(r"\bggd|gezondheidsdienst|publieke gezondheid|\brdog\b|gezondheidszorg"),
    "veiligheidsregio": re.compile(r"veiligheidsregio|veiligheids en gezondheidsregio"),
    "omgevingsdienst": re.compile(
        r"omgevingsdienst|uitvoeringsdienst|\brud\b|milieudienst|\bfumo\b"
    ),
    "jeugdregio": re.compile(r"jeugd"),
    "arbeidsmarktregio": re.compile(r"arbeidsmarkt"),
    "rmc": re.compile(r"\brmc\b|leerplicht|schoolverla"),
    "wmo": re.compile(r"\bwmo\b"),
    "beschermd_wonen": re.compile(r"beschermd wonen|maatschappelijke opvang"),
    "vrouwenopvang": re.compile(r"vrouwenopvang"),
    "veilig_thuis": re.compile(r"veilig thuis"),
    "sociale_werkvoorziening": re.compile(r"werkvoorzien|sociale werk|\bsw\b|werkbedrijf"),
    "isd": re.compile(r"sociale dienst|sociale zaken|werk (en|&)? ?inkomen|\bisd\b"),
    "veiligheidshuis": re.compile(r"veiligheidshuis"),
    "riec": re.compile(r"\briec\b|informatie en expertise"),
}


def _tokens(naam: str) -> set[str]:
    return {t for t in fold(naam).split() if len(t) > 1}


def name_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the folded name tokens (one-letter tokens ignored)."""
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass(frozen=True)
class Koppeling:
    opengr_id: str
    regio_id: str
    jaccard: float
    naam_gelijkenis: float


def link_duplicates(
    opengr: dict[str, tuple[str, frozenset[str]]],
    regios: dict[str, tuple[str, str, frozenset[str]]],
    families: dict[str, re.Pattern[str]] | None = None,
) -> list[Koppeling]:
    """Pair OpenGR arrangements with RegioAtlas regions that are the same body.

    ``opengr``: id → (naam, gemeentecodes); ``regios``: id → (indeling, naam, gemeentecodes).
    ``families`` (default :data:`FAMILIE`): indeling → pattern an arrangement's folded name
    must match. Also used to link today's register regelingen to CBS 2025 regions.
    Returns the accepted pairs sorted by OpenGR id.
    """
    families = FAMILIE if families is None else families
    cands = []
    for rid, (indeling, rnaam, rset) in regios.items():
        fam = families.get(indeling)
        if fam is None:
            continue
        for oid, (onaam, oset) in opengr.items():
            if not fam.search(fold(onaam)):
                continue
            j = jaccard(oset, rset)
            if j < MIN_JACCARD:
                continue
            n = name_similarity(onaam, rnaam)
            if n < MIN_NAAM:
                continue
            cands.append((-(j + n), oid, rid, j, n))
    cands.sort()
    used_o: set[str] = set()
    used_r: set[str] = set()
    out = []
    for _score, oid, rid, j, n in cands:
        if oid in used_o or rid in used_r:
            continue
        used_o.add(oid)
        used_r.add(rid)
        out.append(Koppeling(oid, rid, round(j, 3), round(n, 3)))
    return sorted(out, key=lambda k: k.opengr_id)
