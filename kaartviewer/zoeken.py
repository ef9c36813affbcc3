"""Search: gemeenten and samenwerkingen by name, code, common name and former name.

One ranking for the sidebar (which answers while typing) and the CLI. A query is folded
(case, accents and punctuation do not matter, :func:`kaartviewer.text.fold`) and compared
with every *key* of every entry:

* a gemeente's name and CBS code (``GM0363``, ``0363`` and ``363`` are the same code);
* its common names from the reviewable table ``pipeline/tabellen/zoek_aliassen.csv``
  ('Den Bosch' → 's-Hertogenbosch, 'Den Haag' → 's-Gravenhage);
* names across herindelingen, from the 2016 → 2025 crosswalk: on today's gemeenten a
  merged gemeente's name finds its successor (``voorheen Appingedam`` on Eemsdelta), on the
  2016 gemeenten today's name finds the gemeenten that merged into it (``nu Eemsdelta``);
* a samenwerking's name, afkorting, former spellings (``bron_namen``) and id.

Ranking, best first: tier of the match (exact, prefix, a word starts with it, every query
word starts a word, substring, close match), then a key from history after a direct one,
gemeenten before samenwerkingen, shorter names first, then alphabetical. At most ``limit``
hits (the page shows 20).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kaartviewer.text import fold

#: The sidebar's number of hits.
MAX_TREFFERS = 20
ALIAS_TABEL = Path(__file__).parent / "pipeline" / "tabellen" / "zoek_aliassen.csv"
CROSSWALK = Path("2016") / "herindeling_2016_2025.csv"

_CODE = re.compile(r"^(gm)?\s*(\d{1,4})$")
# Match tiers (lower is better) and the extra for a key that comes from history.
EXACT, PREFIX, WOORD, WOORDEN, DEEL, LIJKT = range(6)
_HISTORIE = 0.5
# Close matches only for queries of some length: short ones match too much by chance.
_FUZZY_CUTOFF = 0.75
_FUZZY_MIN_LEN = 4
#: Words a samenwerking's name spells out that people type as an abbreviation.
AFKORTINGEN = {
    "gemeentelijke gezondheidsdienst": "GGD",
    "gemeenschappelijke gezondheidsdienst": "GGD",
    "veiligheidsregio": "VR",
    "regionale uitvoeringsdienst": "RUD",
    "omgevingsdienst": "OD",
    "intergemeentelijke sociale dienst": "ISD",
}
_AFK_FOLDED = {fold(k): v for k, v in AFKORTINGEN.items()}


@dataclass(frozen=True)
class Treffer:
    """One hit: ``type`` gemeente|samenwerking, ``id``, ``naam`` and ``reden`` (why it
    matched when it is not the name itself: ``ook: Den Bosch``, ``voorheen Appingedam``)."""

    type: str
    id: str
    naam: str
    reden: str = ""
    #: The whole query is one of the entry's keys (name, code, alias or former name).
    exact: bool = False

    def als_dict(self) -> dict:
        return {"type": self.type, "id": self.id, "naam": self.naam}


@dataclass(frozen=True)
class _Sleutel:
    key: str  # folded
    soort: str  # naam, code, ook, voorheen, nu, afkorting, id
    tekst: str  # as shown in the reason


@dataclass(frozen=True)
class _Item:
    type: str
    id: str
    naam: str
    sleutels: tuple[_Sleutel, ...]


_REDEN = {
    "naam": "",
    "code": "code {}",
    "ook": "ook: {}",
    "voorheen": "voorheen {}",
    "nu": "nu {}",
    "afkorting": "afkorting {}",
    "id": "id {}",
}


@lru_cache(maxsize=4)
def aliassen(pad: Path = ALIAS_TABEL) -> tuple[tuple[str, str], ...]:
    """``(alias, gemeentecode)`` pairs of the alias table (empty when it is missing)."""
    try:
        with pad.open(encoding="utf-8", newline="") as fh:
            return tuple(
                (r["alias"].strip(), r["gemeentecode"].strip().upper())
                for r in csv.DictReader(fh)
                if r.get("alias") and r.get("gemeentecode")
            )
    except FileNotFoundError:
        return ()


def herindelingen(data_dir: str | Path) -> pd.DataFrame:
    """The 2016 → 2025 crosswalk of a data folder (empty when it has none or it cannot be
    read: search then simply has no former names)."""
    pad = Path(data_dir) / CROSSWALK
    try:
        stamp = pad.stat().st_mtime_ns
    except OSError:
        return _LEEG
    return _lees_crosswalk(str(pad), stamp)


_CW_COLS = ["gemeentecode_oud", "gemeentenaam_oud", "gemeentecode_nieuw", "gemeentenaam_nieuw"]
_LEEG = pd.DataFrame(columns=_CW_COLS)


@lru_cache(maxsize=4)
def _lees_crosswalk(pad: str, _stamp: int) -> pd.DataFrame:
    try:
        df = pd.read_csv(pad, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError):
        return _LEEG
    if not set(_CW_COLS) <= set(df.columns):
        return _LEEG
    return df[_CW_COLS]


def _gemeente_items(
    gemeenten: pd.DataFrame, crosswalk: pd.DataFrame, alias: tuple[tuple[str, str], ...]
) -> list[_Item]:
    extra: dict[str, list[_Sleutel]] = {c: [] for c in gemeenten.index}
    for naam, code in alias:
        if code in extra:
            extra[code].append(_Sleutel(fold(naam), "ook", naam))
    for r in crosswalk.itertuples(index=False):
        oud, nieuw = r.gemeentecode_oud, r.gemeentecode_nieuw
        if oud == nieuw:
            continue
        if nieuw in extra:  # today's gemeente: its predecessors' names and codes
            extra[nieuw].append(_Sleutel(fold(r.gemeentenaam_oud), "voorheen", r.gemeentenaam_oud))
            if oud not in extra:
                extra[nieuw].append(_Sleutel(oud.lower(), "voorheen", oud))
        if oud in extra:  # a 2016 gemeente: the name it has merged into
            extra[oud].append(_Sleutel(fold(r.gemeentenaam_nieuw), "nu", r.gemeentenaam_nieuw))
            if nieuw not in extra:
                extra[oud].append(_Sleutel(nieuw.lower(), "nu", nieuw))
    items = []
    for code, naam in gemeenten["gemeentenaam"].items():
        eigen = fold(naam)
        sl = [_Sleutel(eigen, "naam", naam), _Sleutel(str(code).lower(), "code", str(code))]
        seen = {eigen}
        for s in extra[code]:
            if s.key and s.key not in seen:
                seen.add(s.key)
                sl.append(s)
        items.append(_Item("gemeente", str(code), str(naam), tuple(sl)))
    return items


def _samenwerking_items(sw: pd.DataFrame) -> list[_Item]:
    items = []
    afk = sw["afkorting"] if "afkorting" in sw else pd.Series("", index=sw.index)
    bron = sw["bron_namen"] if "bron_namen" in sw else pd.Series("", index=sw.index)
    for i, naam, a, b in zip(sw.index, sw["naam"], afk, bron, strict=True):
        naam = str(naam)
        sl = [_Sleutel(fold(naam), "naam", naam), _Sleutel(str(i).lower(), "id", str(i))]
        if isinstance(a, str) and a.strip():
            sl.append(_Sleutel(fold(a), "afkorting", a.strip()))
        for lang, kort in _AFK_FOLDED.items():
            if lang in sl[0].key:
                ander = naam_afgekort(naam, lang, kort)
                sl.append(_Sleutel(fold(ander), "ook", ander))
        if isinstance(b, str) and b.strip():
            for andere in b.split(";"):
                if andere.strip() and fold(andere) != sl[0].key:
                    sl.append(_Sleutel(fold(andere), "ook", andere.strip()))
        items.append(_Item("samenwerking", str(i), naam, tuple(sl)))
    return items


def naam_afgekort(naam: str, lang_folded: str, kort: str) -> str:
    """``Gemeentelijke Gezondheidsdienst Amsterdam-Amstelland`` → ``GGD Amsterdam-Amstelland``
    (the words are found on the folded name; the rest of the name keeps its spelling)."""
    woorden = naam.split()
    n = len(lang_folded.split())
    for i in range(len(woorden) - n + 1):
        if fold(" ".join(woorden[i : i + n])) == lang_folded:
            return " ".join([*woorden[:i], kort, *woorden[i + n :]])
    return f"{kort} {naam}"


# Index per (gemeenten, samenwerkingen, crosswalk, alias) object: the registry of a view is
# cached by the page, so the index is built once per registry. The entry holds the objects,
# so their ids cannot be reused while it lives.
_INDEX: OrderedDict[tuple[int, ...], tuple[object, list[_Item]]] = OrderedDict()
_INDEX_MAX = 8


def _index(reg, crosswalk: pd.DataFrame, alias: tuple[tuple[str, str], ...]) -> list[_Item]:
    key = (id(reg.gemeenten), id(reg.samenwerkingen), id(crosswalk), id(alias))
    hit = _INDEX.get(key)
    if hit is not None:
        _INDEX.move_to_end(key)
        return hit[1]
    items = _gemeente_items(reg.gemeenten, crosswalk, alias) + _samenwerking_items(
        reg.samenwerkingen
    )
    _INDEX[key] = ((reg.gemeenten, reg.samenwerkingen, crosswalk, alias), items)
    while len(_INDEX) > _INDEX_MAX:
        _INDEX.popitem(last=False)
    return items


def _tier(q: str, woorden: list[str], key: str) -> int | None:
    """How well folded query ``q`` matches folded ``key`` (None: not at all)."""
    if key == q:
        return EXACT
    if key.startswith(q):
        return PREFIX
    if f" {q}" in f" {key}":
        return WOORD
    if len(woorden) > 1:
        kw = key.split()
        if all(any(k.startswith(w) for k in kw) for w in woorden):
            return WOORDEN
    if q in key:
        return DEEL
    return None


def _code_query(q: str) -> tuple[str, str] | None:
    """``('gm0363', prefix)`` for a query that is a gemeentecode (with or without GM)."""
    m = _CODE.match(q.replace(" ", ""))
    if not m:
        return None
    digits = m.group(2)
    return f"gm{digits.zfill(4)}", (f"gm{digits}" if m.group(1) else "")


def _match(item: _Item, q: str, woorden: list[str], code) -> tuple[float, _Sleutel] | None:
    best: tuple[float, _Sleutel] | None = None
    for s in item.sleutels:
        if s.soort == "code" or (s.soort == "voorheen" and s.key.startswith("gm")):
            if code is None:
                continue
            t = (
                EXACT
                if s.key == code[0]
                else (PREFIX if code[1] and s.key.startswith(code[1]) else None)
            )
        elif s.soort == "id":  # an id is typed whole (from a link), never in part
            t = EXACT if s.key == q else None
        else:
            t = _tier(q, woorden, s.key)
        if t is None:
            continue
        score = t + (_HISTORIE if s.soort in ("voorheen", "nu") else 0)
        if best is None or score < best[0]:
            best = (score, s)
    return best


def zoek(
    reg,
    text: str,
    limit: int = MAX_TREFFERS,
    crosswalk: pd.DataFrame | None = None,
    alias: tuple[tuple[str, str], ...] | None = None,
) -> list[Treffer]:
    """The ``limit`` best hits for ``text`` among the gemeenten and samenwerkingen of
    ``reg`` (a :class:`kaartviewer.registry.Registry`), best first; see the module doc."""
    q = fold(text or "")
    if not q or limit <= 0:
        return []
    crosswalk = _LEEG if crosswalk is None else crosswalk
    alias = aliassen() if alias is None else alias
    items = _index(reg, crosswalk, alias)
    woorden = q.split()
    code = _code_query(q)
    scored: list[tuple[tuple, _Item, _Sleutel]] = []
    for item in items:
        m = _match(item, q, woorden, code)
        if m is not None:
            scored.append((_rank(m[0], item), item, m[1]))
    if len(scored) < limit and code is None and len(q) >= _FUZZY_MIN_LEN:
        scored += _close(items, q, {id(i) for _, i, _ in scored})
    scored.sort(key=lambda t: t[0])
    return [
        Treffer(
            i.type,
            i.id,
            i.naam,
            _REDEN[s.soort].format(s.tekst) if s.soort != "naam" else "",
            exact=r[0] < PREFIX,
        )
        for r, i, s in scored[:limit]
    ]


def gemeente_bij_naam(reg, text: str, crosswalk: pd.DataFrame | None = None) -> Treffer | None:
    """The one gemeente that ``text`` names exactly by a common or former name ('Den Bosch',
    'Appingedam' → Eemsdelta), else ``None`` (none, or several: a split gemeente)."""
    hits = [t for t in zoek(reg, text, MAX_TREFFERS, crosswalk) if t.exact and t.type == "gemeente"]
    return hits[0] if len(hits) == 1 else None


def _rank(score: float, item: _Item) -> tuple:
    return (score, item.type != "gemeente", len(item.naam), fold(item.naam), item.id)


def _close(items: list[_Item], q: str, taken: set[int]) -> list[tuple[tuple, _Item, _Sleutel]]:
    """Close matches (difflib ratio ≥ 0.6) on names and aliases, for typos ('Amsterdm')."""
    out = []
    for item in items:
        if id(item) in taken:
            continue
        best = None
        for s in item.sleutels:
            if s.soort in ("code", "id"):
                continue
            sm = difflib.SequenceMatcher(None, q, s.key)
            if sm.real_quick_ratio() < _FUZZY_CUTOFF or sm.quick_ratio() < _FUZZY_CUTOFF:
                continue
            r = sm.ratio()
            if r >= _FUZZY_CUTOFF and (best is None or r > best[0]):
                best = (r, s)
        if best is not None:
            extra = _HISTORIE if best[1].soort in ("voorheen", "nu") else 0
            out.append((_rank(LIJKT + (1 - best[0]) + extra, item), item, best[1]))
    return out
