"""The national GR-register (ROO snapshot) → tidy tables, with a melding for every record,
link or participant that is not used as it stands.

Source: ``bronnen/roo/`` (Register van Overheidsorganisaties, CC0), one YAML file per
record. A record with ``gr_meta`` is one **versie** of a gemeenschappelijke regeling; an
amended regeling is a new record linked by ``gr_meta.previous_version`` /
``next_version``, so one **samenwerking** is one chain of versions. A record without
``gr_meta`` is an organisation belonging to a regeling
(``hoort_bij_gemeenschappelijke_regeling.roo_id``). ``gemeenten/``, ``provincies/`` and
``waterschappen/`` describe the participants themselves, including ended ones.

Decisions, each also stated where it is made:

* **Validity is half-open**: a version is valid on day ``d`` when
  ``geldig_van <= d < geldig_tot`` (``geldig_tot == ''``: still in force). The register
  says so itself: in 624 of its 637 links the old version's ``valid_until`` is the new
  version's ``valid_from``; read inclusively, all those pairs would overlap by a day.
* **Chain id** ``"roo-" + <roo_id of the first version>``: a later snapshot that appends
  versions keeps the id (one that prepends an older version would change it).
* **Version shown for a samenwerking**: the one in force on the peildatum (the latest in
  chain order if several are), else the last version of the chain.
* **Gemeenten are brought to the gemeente_indeling of 2025** (today's 342): a code of a
  merged gemeente goes via the 2016→2025 crosswalk (and, for gemeenten that ended before
  2016, via the ``successor_id`` links in ``gemeenten/``) to its successor(s); the row
  keeps where it came from (``via_code``, ``via_naam``, ``aandeel``).
* **Nothing is dropped silently**: ``RegisterTabellen.meldingen`` lists every record not
  used (``gevolg == "record_overgeslagen"``), every participant not used
  (``"deelnemer_overgeslagen"``), and every decision worth a reviewer's eye on data that
  *was* used (``"gebruikt"``: fallbacks, broken links, overlapping versions, merged codes).

The module is pure: it reads files and returns DataFrames; writing ``data/`` is the
caller's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from kaartviewer import schema
from kaartviewer.pipeline.classify import TABELLEN, Trefwoord, classify_vorm, read_keywords
from kaartviewer.schema import LIST_SEP, ONDERWERPEN, WGR_VORMEN
from kaartviewer.text import clean, fold

# The C loader parses a snapshot about nine times faster (1.0 s against 9.5 s for the
# 1,639 regeling records of 2026-05-16).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REGELINGEN_MAP = "gemeenschappelijke-regelingen"
OVERHEDEN_MAPPEN = {
    "gemeenten": "gemeente",
    "provincies": "provincie",
    "waterschappen": "waterschap",
}
BRON_ID = "roo"

#: ``Melding.gevolg``: what happened to the thing the melding is about.
RECORD_OVERGESLAGEN = "record_overgeslagen"
DEELNEMER_OVERGESLAGEN = "deelnemer_overgeslagen"
GEBRUIKT = "gebruikt"

#: ``*_herkomst`` values (``bron``/``regel`` as in ``schema.HERKOMST``).
HERKOMST_BRON = "bron"
HERKOMST_BELEIDSTERREIN = "beleidsterrein"
HERKOMST_REGEL = "regel"

#: The shipped ``versies.csv`` columns plus ``in_werking`` (in force on the snapshot date).
VERSIE_COLUMNS: tuple[str, ...] = schema.VERSIE_COLUMNS + ("in_werking",)
#: The register's descriptive columns (those of the shipped file's ``REGISTER_COLUMNS`` that
#: the register itself fills) around the core ones, plus ``in_werking``.
SAMENWERKING_COLUMNS: tuple[str, ...] = (
    "id",
    "naam",
    "afkorting",
    "juridische_vorm",
    "juridische_vorm_herkomst",
    "centrumgemeente",
    "onderwerp",
    "onderwerp_herkomst",
    *(c for c in schema.REGISTER_COLUMNS[2:] if c != "toelichting"),
    "in_werking",
)
DEELNEMER_COLUMNS: tuple[str, ...] = schema.DEELNEMER_COLUMNS
ORGANISATIE_COLUMNS: tuple[str, ...] = ("samenwerking", "roo_id", "naam", "website", "register_url")


@dataclass(frozen=True)
class Melding:
    """One thing from the register that was not used as it stands, and why.

    ``bestand`` is the path relative to the ``roo`` folder (``gemeenschappelijke-regelingen/
    x.yaml``), or '' for a melding about several files; ``plaats`` narrows it down
    (``"roo_id 123"``, ``"gemeente GM0756"``, ``"beleidsterrein 'x'"``) or is ''.
    ``gevolg`` says what became of it: ``record_overgeslagen``, ``deelnemer_overgeslagen``
    or ``gebruikt`` (used, with a fallback or a warning worth a reviewer's eye).
    """

    bestand: str
    plaats: str
    reden: str
    gevolg: str = GEBRUIKT


@dataclass
class RegisterTabellen:
    """The register as tidy tables (columns: the ``*_COLUMNS`` tuples of this module)."""

    samenwerkingen: pd.DataFrame  # one row per samenwerking (= one chain of versions)
    versies: pd.DataFrame  # one row per version, in chain order
    deelnemers: pd.DataFrame  # one row per version × deelnemer, gemeenten of 2025
    organisaties: pd.DataFrame  # records without gr_meta, attached to their samenwerking
    meldingen: list[Melding]
    peildatum: str  # snapshot date, 'YYYY-MM-DD'
    #: counts that balance: records = versies + organisaties + records_overgeslagen, and
    #: deelnemers_in_register = deelnemers_gebruikt + deelnemers_overgeslagen.
    tellingen: dict[str, int] = field(default_factory=dict)


# --- reading -----------------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    """Parse one YAML file with the C loader (SafeLoader when libyaml is missing)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=LOADER)


def read_records(folder: Path, prefix: str = "") -> tuple[list[tuple[str, dict]], list[Melding]]:
    """Read every ``*.yaml`` in ``folder`` (sorted by name) as ``(bestand, record)`` pairs.

    ``bestand`` is ``prefix + "/" + file name`` (or the file name without a prefix). A file
    that cannot be read, is not valid YAML or is not a mapping is a melding
    (``record_overgeslagen``) instead of a pair, so ``len(pairs) + len(meldingen)`` is the
    number of files.
    """
    pairs: list[tuple[str, dict]] = []
    meldingen: list[Melding] = []
    for path in sorted(folder.glob("*.yaml")):
        bestand = f"{prefix}/{path.name}" if prefix else path.name
        try:
            record = load_yaml(path)
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
            reden = f"geen geldige YAML: {type(exc).__name__}: {str(exc).splitlines()[0]}"
            meldingen.append(Melding(bestand, "", reden, RECORD_OVERGESLAGEN))
            continue
        if not isinstance(record, dict):
            reden = f"geen mapping maar {type(record).__name__}"
            meldingen.append(Melding(bestand, "", reden, RECORD_OVERGESLAGEN))
            continue
        pairs.append((bestand, record))
    return pairs, meldingen


# --- small value helpers -------------------------------------------------------------------


def _map(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one (fields may be null or malformed)."""
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    """A cleaned string for a scalar (numbers too: YAML reads some ids as ints), else ''."""
    if isinstance(value, bool) or value is None or isinstance(value, Mapping | list):
        return ""
    return clean(str(value))


def iso_datum(value: Any) -> str | None:
    """``'YYYY-MM-DD'`` for a date, '' for absent (None or ''), ``None`` when invalid.

    YAML turns an unquoted ``2020-01-01`` into a ``date``; the register quotes its dates,
    but a hand-edited record may not.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def _bron_url(record: Mapping[str, Any]) -> str:
    """The ``sources[] id: roo`` url of a record, or ''."""
    for src in _list(record.get("sources")):
        if _map(src).get("id") == BRON_ID:
            return _text(src.get("url"))
    return ""


def _website(record: Mapping[str, Any]) -> str:
    """``contact.website`` with a scheme (the register sometimes writes ``www.x.nl``)."""
    url = _text(_map(record.get("contact")).get("website"))
    if url and not re.match(r"^[a-z]+://", url, re.I):
        url = "https://" + url
    return url


def _roo_id(record: Mapping[str, Any]) -> str:
    return _text(_map(record.get("identifiers")).get("roo_id"))


def peildatum_van(records: Iterable[Mapping[str, Any]]) -> str:
    """The snapshot date: the latest ``sources[].retrieved`` of ``id: roo``; without one
    the latest ``last_mutation`` (the snapshot is at least that recent); else ''."""
    retrieved, mutated = "", ""
    for record in records:
        mutated = max(mutated, iso_datum(record.get("last_mutation")) or "")
        for src in _list(record.get("sources")):
            src = _map(src)
            if src.get("id") == BRON_ID:
                retrieved = max(retrieved, iso_datum(src.get("retrieved")) or "")
    return retrieved or mutated


# --- versions and chains -------------------------------------------------------------------


@dataclass(frozen=True)
class Versie:
    """One version of a regeling: the fields every table needs, plus the raw record."""

    roo_id: str
    bestand: str
    titel: str
    citeertitel: str
    geldig_van: str
    geldig_tot: str
    vorige_roo_id: str
    volgende_roo_id: str
    record: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def meta(self) -> Mapping[str, Any]:
        return _map(self.record.get("gr_meta"))


def parse_versie(bestand: str, record: Mapping[str, Any]) -> Versie | str:
    """A :class:`Versie` from a record with ``gr_meta``, or the reason it cannot be used.

    Needed: ``identifiers.roo_id``, a title (``names[0].value``, else
    ``gr_meta.citeertitel``) and a valid start date (``valid_from``, else
    ``gr_meta.datum_inwerkingtreding``); an end date, when present, must be a date too.
    """
    meta = _map(record.get("gr_meta"))
    roo_id = _roo_id(record)
    names = [_map(n) for n in _list(record.get("names"))]
    # The register lists the regeling's own title first (a few records add the
    # organisation's name as a second entry).
    titel = next((_text(n.get("value")) for n in names if _text(n.get("value"))), "")
    citeertitel = _text(meta.get("citeertitel"))
    van = iso_datum(record.get("valid_from") or meta.get("datum_inwerkingtreding"))
    tot = iso_datum(record.get("valid_until") or meta.get("datum_uitwerkingtreding"))
    missing = [
        name
        for name, ok in (
            ("identifiers.roo_id", bool(roo_id)),
            ("names[].value of gr_meta.citeertitel", bool(titel or citeertitel)),
            ("valid_from", bool(van)),
            ("valid_until (geen datum)", tot is not None),
        )
        if not ok
    ]
    if missing:
        return "ontbrekend of ongeldig: " + ", ".join(missing)
    return Versie(
        roo_id=roo_id,
        bestand=bestand,
        titel=titel or citeertitel,
        citeertitel=citeertitel,
        geldig_van=van or "",
        geldig_tot=tot or "",
        vorige_roo_id=_text(_map(meta.get("previous_version")).get("roo_id")),
        volgende_roo_id=_text(_map(meta.get("next_version")).get("roo_id")),
        record=record,
    )


@dataclass(frozen=True)
class Schakel:
    """What :func:`build_chains` needs of one version: its links and its start date."""

    vorige: str = ""
    volgende: str = ""
    geldig_van: str = ""


def _link_edges(
    schakels: Mapping[str, Schakel], bestanden: Mapping[str, str]
) -> tuple[set[tuple[str, str]], list[Melding]]:
    """Directed edges old → new from both link directions; broken links are meldingen."""
    edges: set[tuple[str, str]] = set()
    meldingen: list[Melding] = []
    for rid in sorted(schakels):
        s = schakels[rid]
        for veld, other, edge in (
            ("previous_version", s.vorige, (s.vorige, rid)),
            ("next_version", s.volgende, (rid, s.volgende)),
        ):
            if not other:
                continue
            if other == rid or other not in schakels:
                waarom = "naar zichzelf" if other == rid else "naar een roo_id die er niet is"
                reden = f"{veld} {other} wijst {waarom}; link genegeerd"
                meldingen.append(Melding(bestanden.get(rid, ""), f"roo_id {rid}", reden))
                continue
            edges.add(edge)
    return edges, meldingen


def _components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Weakly connected components (union-find), each a set of ids."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = defaultdict(set)
    for n in parent:
        groups[root(n)].add(n)
    return list(groups.values())


def _order_chain(
    nodes: set[str], edges: set[tuple[str, str]], key: Mapping[str, tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Topological order of one chain, earliest ``key`` first among free versions.

    Returns ``(order, unordered)``: versions on a cycle (and after one) cannot be ordered
    by their links and are appended in ``key`` order. For a well-formed chain (a simple path) the order is
    exactly the links' order, whatever the dates say.
    """
    succ: dict[str, list[str]] = defaultdict(list)
    indeg = dict.fromkeys(nodes, 0)
    for a, b in edges:
        if a in nodes:
            succ[a].append(b)
            indeg[b] += 1
    heap = [(key[n], n) for n in nodes if indeg[n] == 0]
    heapq.heapify(heap)
    order: list[str] = []
    while heap:
        _, n = heapq.heappop(heap)
        order.append(n)
        for m in succ[n]:
            indeg[m] -= 1
            if indeg[m] == 0:
                heapq.heappush(heap, (key[m], m))
    done = set(order)
    rest = sorted((n for n in nodes if n not in done), key=lambda n: key[n])
    return order + rest, rest


def build_chains(
    schakels: Mapping[str, Schakel], bestanden: Mapping[str, str] | None = None
) -> tuple[list[tuple[str, ...]], list[Melding]]:
    """Group versions into chains by their previous/next links, each oldest first.

    ``schakels`` maps roo_id → :class:`Schakel`; ``bestanden`` (roo_id → file) only
    improves the meldingen. A link to a roo_id that is not present is reported and
    ignored (the chain breaks there). Either direction of a link suffices. A chain whose
    links do not form a simple path is still one samenwerking, but reported: a version
    with two predecessors or successors (ordered by links, then by start date and
    roo_id), or a cycle (its versions ordered by start date and roo_id).

    Returns the chains sorted by their first roo_id, and the meldingen.
    """
    bestanden = bestanden or {}
    edges, meldingen = _link_edges(schakels, bestanden)
    key = {rid: (s.geldig_van, rid) for rid, s in schakels.items()}
    chains: list[tuple[str, ...]] = []
    for nodes in _components(schakels, edges):
        order, unordered = _order_chain(nodes, edges, key)
        chains.append(tuple(order))
        if unordered:
            ids = ", ".join(unordered)
            reden = f"de versielinks vormen een kring ({ids}); volgorde op geldig_van"
            meldingen.append(
                Melding(bestanden.get(unordered[0], ""), f"roo_id {unordered[0]}", reden)
            )
        outdeg = Counter(a for a, _ in edges if a in nodes)
        indeg = Counter(b for _, b in edges if b in nodes)
        for rid in order:
            if outdeg[rid] > 1 or indeg[rid] > 1:
                reden = "versie met meer dan één vorige of volgende versie: keten vertakt"
                meldingen.append(Melding(bestanden.get(rid, ""), f"roo_id {rid}", reden))
    chains.sort(key=lambda c: c[0])
    return chains, meldingen


def chain_id(chain: Sequence[str]) -> str:
    """``roo-<roo_id of the first version>``: stable when later versions are appended."""
    return f"roo-{chain[0]}"


def geldig_op(geldig_van: str, geldig_tot: str, dag: str) -> bool:
    """Whether a version is valid on ``dag``: ``geldig_van <= dag < geldig_tot``.

    ``geldig_tot == ''`` means open-ended. ISO dates compare correctly as strings.
    """
    return geldig_van <= dag and (not geldig_tot or dag < geldig_tot)


def overlappen(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two half-open validity periods ``(van, tot)`` share at least one day."""
    (a_van, a_tot), (b_van, b_tot) = a, b
    if (a_tot and a_tot <= a_van) or (b_tot and b_tot <= b_van):
        return False  # an empty period shares no day with anything
    return (not b_tot or a_van < b_tot) and (not a_tot or b_van < a_tot)


def versie_in_werking(versies: Sequence[Versie], peildatum: str) -> Versie | None:
    """The version valid on ``peildatum`` (the latest in chain order if several), or None."""
    in_werking = [v for v in versies if geldig_op(v.geldig_van, v.geldig_tot, peildatum)]
    return in_werking[-1] if in_werking else None


def _check_periods(versies: Sequence[Versie]) -> list[Melding]:
    """Meldingen for versions valid on no day and for pairs valid on the same day."""
    out: list[Melding] = []
    for v in versies:
        if v.geldig_tot and v.geldig_tot <= v.geldig_van:
            reden = (
                f"geldig_tot {v.geldig_tot} niet na geldig_van {v.geldig_van}: op geen dag geldig"
            )
            out.append(Melding(v.bestand, f"roo_id {v.roo_id}", reden))
    for i, a in enumerate(versies):
        for b in versies[i + 1 :]:
            if overlappen((a.geldig_van, a.geldig_tot), (b.geldig_van, b.geldig_tot)):
                reden = (
                    f"twee versies van één samenwerking op dezelfde dag geldig: {a.roo_id} "
                    f"({a.geldig_van}–{a.geldig_tot or 'open'}) en {b.roo_id} "
                    f"({b.geldig_van}–{b.geldig_tot or 'open'}); de latere in de keten telt"
                )
                out.append(Melding(b.bestand, f"roo_id {a.roo_id} en {b.roo_id}", reden))
    return out


# --- participants --------------------------------------------------------------------------

_TOOI = re.compile(r"/tooi/id/([a-z_]+)/([a-z]+[0-9]+)/?$", re.I)
_TOOI_TYPES = {
    "gemeente": "gemeente",
    "provincie": "provincie",
    "waterschap": "waterschap",
    "ministerie": "rijk",
}


def deelnemer_type(tooi_uri: str) -> tuple[str, str]:
    """``(deelnemer_type, code)`` from a TOOI URI.

    ``…/tooi/id/gemeente/gm0150`` → ``('gemeente', 'GM0150')``; likewise ``provincie``
    (``PV21``), ``waterschap`` (``WS0652``) and ``ministerie`` (→ ``rijk``). Anything else
    (a samenwerkingsorgaan ``/so/``, no URI) is ``('overig', '')``.
    """
    m = _TOOI.search(tooi_uri or "")
    if not m or m.group(1).lower() not in _TOOI_TYPES:
        return "overig", ""
    return _TOOI_TYPES[m.group(1).lower()], m.group(2).upper()


def gemeente_code(tooi_uri: str) -> str:
    """``…/tooi/id/gemeente/gm0150`` → ``GM0150``; '' for any other URI."""
    kind, code = deelnemer_type(tooi_uri)
    return code if kind == "gemeente" else ""


@dataclass(frozen=True)
class Overheid:
    """A gemeente, provincie or waterschap record from ``gemeenten/`` etc."""

    id: str  # 'org:gemeente-aalburg'
    bestand: str
    roo_id: str
    deelnemer_type: str
    code: str  # 'GM0738' / 'PV21' / 'WS0652', or '' (some ended gemeenten have none)
    naam: str  # short name: 'Aalburg'
    geldig_tot: str
    opvolger_id: str  # successor_id, '' if none


@dataclass(frozen=True)
class Overheden:
    """The participant records, indexed three ways."""

    by_id: Mapping[str, Overheid]
    by_roo_id: Mapping[str, Overheid]
    by_code: Mapping[str, Overheid]


def _parse_overheid(bestand: str, record: Mapping[str, Any], kind: str) -> Overheid:
    ids = _map(record.get("identifiers"))
    code = _text(ids.get("organisatiecode")).upper()
    tooi_kind, tooi_code = deelnemer_type(_text(ids.get("tooi")))
    code = code or (tooi_code if tooi_kind == kind else "")
    first = _map(next(iter(_list(record.get("names"))), {}))
    naam = _text(first.get("abbr")) or _kale_naam(_text(first.get("value")))
    return Overheid(
        id=_text(record.get("id")),
        bestand=bestand,
        roo_id=_text(ids.get("roo_id")),
        deelnemer_type=kind,
        code=code,
        naam=naam,
        geldig_tot=iso_datum(record.get("valid_until")) or "",
        opvolger_id=_text(record.get("successor_id")),
    )


def read_overheden(roo_dir: Path) -> tuple[Overheden, list[Melding]]:
    """Index ``gemeenten/``, ``provincies/`` and ``waterschappen/`` (missing folders: empty).

    When two records share a roo_id or code, the one still in force (or ended last) wins.
    """
    alle: list[Overheid] = []
    meldingen: list[Melding] = []
    for folder, kind in OVERHEDEN_MAPPEN.items():
        if not (roo_dir / folder).is_dir():
            continue
        pairs, bad = read_records(roo_dir / folder, folder)
        meldingen += bad
        alle += [_parse_overheid(b, r, kind) for b, r in pairs]
    # Open-ended records sort last, so they win the dict assignments below.
    alle.sort(key=lambda o: (o.geldig_tot or "9999", o.bestand))
    by_id = {o.id: o for o in alle if o.id}
    by_roo = {o.roo_id: o for o in alle if o.roo_id}
    by_code = {o.code: o for o in alle if o.code}
    return Overheden(by_id, by_roo, by_code), meldingen


def crosswalk_index(crosswalk: pd.DataFrame) -> dict[str, tuple[tuple[str, float], ...]]:
    """Old code → ``((new code, aandeel), …)`` from the herindeling crosswalk, largest first."""
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for oud, nieuw, aandeel in zip(
        crosswalk["gemeentecode_oud"],
        crosswalk["gemeentecode_nieuw"],
        crosswalk["aandeel"],
        strict=True,
    ):
        out[str(oud)].append((str(nieuw), float(aandeel)))
    return {k: tuple(sorted(v, key=lambda p: (-p[1], p[0]))) for k, v in out.items()}


@dataclass(frozen=True)
class Herindeling:
    """Brings a gemeente of any date to the gemeente_indeling of 2025.

    Steps, first that applies: the code is one of today's gemeenten → itself; the
    2016→2025 crosswalk knows it → its successors with their area shares; else follow the
    ``successor_id`` of its record in ``gemeenten/`` (for gemeenten that ended before 2016,
    and for records without a code) and try again. Nothing found → empty.
    """

    gemeenten_2025: Mapping[str, str]
    crosswalk: Mapping[str, tuple[tuple[str, float], ...]]
    overheden: Overheden

    def opvolgers(self, code: str, overheid_id: str = "") -> tuple[tuple[str, float], ...]:
        """``((gemeentecode 2025, aandeel), …)`` for a gemeente code and/or record id."""
        seen: set[str] = set()
        record = self.overheden.by_id.get(overheid_id) or self.overheden.by_code.get(code)
        for _ in range(20):  # successor chains are short; the bound guards against loops
            if code in self.gemeenten_2025:
                return ((code, 1.0),)
            if code in self.crosswalk:
                return tuple((c, a) for c, a in self.crosswalk[code] if c in self.gemeenten_2025)
            if record is None or not record.opvolger_id or record.opvolger_id in seen:
                return ()
            seen.add(record.opvolger_id)
            record = self.overheden.by_id.get(record.opvolger_id)
            code = record.code if record else ""
        return ()


@dataclass(frozen=True)
class Deelnemer:
    """One entry of ``gr_meta.deelnemende_organisaties``, identified."""

    naam: str
    deelnemer_type: str
    code: str  # as the register (or the participant's own record) gives it; '' if none
    overheid_id: str  # its record in gemeenten/ etc., '' if none
    toetredingsdatum: str
    bestuursorganen: str


def lees_deelnemer(raw: Mapping[str, Any], overheden: Overheden) -> Deelnemer:
    """Identify a participant: by its TOOI URI, else by its roo_id in ``gemeenten/`` etc.

    The register leaves the TOOI URI out for many gemeenten that have since merged (and
    for foreign participants); their roo_id still points at their own record.
    """
    kind, code = deelnemer_type(_text(raw.get("tooi")))
    record = overheden.by_roo_id.get(_text(raw.get("roo_id")))
    if kind == "overig" and record is not None:
        kind, code = record.deelnemer_type, record.code
    organen = [_text(_map(b).get("naam")) for b in _list(raw.get("bestuursorganen"))]
    return Deelnemer(
        naam=_text(raw.get("naam")),
        deelnemer_type=kind,
        code=code,
        overheid_id=record.id if record is not None else "",
        toetredingsdatum=iso_datum(raw.get("toetredings_datum")) or "",
        bestuursorganen=LIST_SEP.join(o for o in organen if o),
    )


def _kale_naam(naam: str) -> str:
    """``Gemeente Boxmeer`` → ``Boxmeer`` (the name as people use it)."""
    return re.sub(r"^(gemeente|provincie|waterschap)\s+", "", naam, flags=re.I).strip()


def _rij(sid: str, rid: str, d: Deelnemer, code: str, via: tuple[str, str], aandeel: float):
    return {
        "samenwerking": sid,
        "roo_id": rid,
        "deelnemer_type": d.deelnemer_type,
        "gemeentecode": code,
        "naam": d.naam,
        "via_code": via[0],
        "via_naam": via[1],
        "aandeel": aandeel,
        "toetredingsdatum": d.toetredingsdatum,
        "bestuursorganen": d.bestuursorganen,
    }


def _voeg_samen(rows: list[dict]) -> tuple[list[dict], int]:
    """One row per 2025 gemeente within a version; returns ``(rows, rows absorbed)``.

    A version that lists both a merged gemeente and its successor (Boxmeer and Land van
    Cuijk) must not count the successor twice. The direct row wins (its name, date and
    bestuursorganen); the absorbed rows' old codes and names are added to ``via_code`` /
    ``via_naam`` (``;``-joined) so the provenance survives; ``aandeel`` is the largest.
    """
    by_code: dict[str, dict] = {}
    out: list[dict] = []
    absorbed = 0
    for row in sorted(rows, key=lambda r: (r["via_naam"] != "", -r["aandeel"])):
        code = row["gemeentecode"]
        if row["deelnemer_type"] != "gemeente" or code not in by_code:
            out.append(row)
            if row["deelnemer_type"] == "gemeente":
                by_code[code] = row
            continue
        kept = by_code[code]
        absorbed += 1
        pairs = (
            list(
                zip(kept["via_code"].split(LIST_SEP), kept["via_naam"].split(LIST_SEP), strict=True)
            )
            if kept["via_naam"]
            else []
        )
        if row["via_naam"] and (row["via_code"], row["via_naam"]) not in pairs:
            pairs.append((row["via_code"], row["via_naam"]))
        kept["via_code"] = LIST_SEP.join(c for c, _ in pairs)
        kept["via_naam"] = LIST_SEP.join(n for _, n in pairs)
        kept["aandeel"] = max(kept["aandeel"], row["aandeel"])
    return out, absorbed


def deelnemer_rijen(
    sid: str, versie: Versie, herindeling: Herindeling
) -> tuple[list[dict], list[Melding], Counter]:
    """The deelnemers rows of one version, the meldingen, and counts for the balance.

    A gemeente becomes one row per 2025 successor (``aandeel`` < 1 when split); one that
    cannot be brought to 2025 is a melding (``deelnemer_overgeslagen``). Other
    participants keep ``gemeentecode == ''``. The counter has ``in`` (entries in the
    register), ``gebruikt`` and ``samengevoegd`` (absorbed duplicates, also counted as
    gebruikt) so that ``in == gebruikt + overgeslagen``.
    """
    rows: list[dict] = []
    meldingen: list[Melding] = []
    telling: Counter = Counter()
    plaats = f"roo_id {versie.roo_id}"
    for raw in _list(versie.meta.get("deelnemende_organisaties")):
        telling["in"] += 1
        if not isinstance(raw, Mapping) or not _text(raw.get("naam")):
            reden = "deelnemer zonder naam of geen mapping"
            meldingen.append(Melding(versie.bestand, plaats, reden, DEELNEMER_OVERGESLAGEN))
            continue
        d = lees_deelnemer(raw, herindeling.overheden)
        if d.deelnemer_type != "gemeente":
            rows.append(_rij(sid, versie.roo_id, d, "", ("", ""), 1.0))
            telling["gebruikt"] += 1
            if d.deelnemer_type == "overig" and re.match(r"gemeente\s", d.naam, re.I):
                reden = (
                    f"'{d.naam}' heeft geen TOOI-code en staat niet in gemeenten/: "
                    "als overig opgenomen (een buitenlandse gemeente?)"
                )
                meldingen.append(Melding(versie.bestand, plaats, reden))
            continue
        opvolgers = herindeling.opvolgers(d.code, d.overheid_id)
        if not opvolgers:
            reden = (
                f"gemeente {d.code or '(zonder code)'} '{d.naam}' niet naar de gemeenten "
                "van 2025 te brengen (niet in de herindelingstabel, geen opvolger in gemeenten/)"
            )
            meldingen.append(Melding(versie.bestand, plaats, reden, DEELNEMER_OVERGESLAGEN))
            continue
        telling["gebruikt"] += 1
        direct = len(opvolgers) == 1 and opvolgers[0][0] == d.code
        via = ("", "") if direct else (d.code, _kale_naam(d.naam))
        rows += [_rij(sid, versie.roo_id, d, c, via, a) for c, a in opvolgers]
    rows, absorbed = _voeg_samen(rows)
    telling["samengevoegd"] += absorbed
    return rows, meldingen, telling


# --- juridische vorm -------------------------------------------------------------------------

#: ``gr_meta.samenwerkingsvorm.afkorting`` → juridische vorm.
VORMEN: dict[str, str] = {
    "OL": "openbaar_lichaam",
    "GO": "gemeenschappelijk_orgaan",
    "BVO": "bedrijfsvoeringsorganisatie",
    "RZM": "regeling_zonder_meer",
}
_VORM_NAMEN = {
    "openbaar lichaam": "OL",
    "gemeenschappelijk orgaan": "GO",
    "bedrijfsvoeringsorganisatie": "BVO",
    "regeling zonder meer": "RZM",
}
_CENTRUM = re.compile(r"centrum ?(gemeente ?)?regeling|centrumgemeente")


def bron_vorm(samenwerkingsvorm: Any) -> str:
    """The register's form as ``OL``/``GO``/``BVO``/``RZM``, or '' when absent or unknown.

    From ``afkorting``, else from ``value`` (written ``'Regeling zonder meer'``, quotes
    included, in the register).
    """
    sv = _map(samenwerkingsvorm)
    afkorting = _text(sv.get("afkorting")).upper()
    if afkorting in VORMEN:
        return afkorting
    return _VORM_NAMEN.get(fold(_text(sv.get("value") if sv else samenwerkingsvorm)), "")


def vorm_van(samenwerkingsvorm: Any, titel: str) -> tuple[str, str, str]:
    """``(juridische_vorm, herkomst, reden)`` of a version; ``reden`` is '' when the source
    says it plainly.

    The form comes from :func:`bron_vorm` (herkomst ``bron``). A titel that
    names a centrum(gemeente)regeling makes it a ``centrumgemeenteregeling`` whatever the
    form (in this snapshot all of them are registered as RZM). Without a usable form the
    name rules of :func:`classify.classify_vorm` are tried (Wgr forms only), and failing
    those ``regeling_zonder_meer``: a Wgr regeling that sets up no body is by definition
    a regeling zonder meer, so it is the residual form, never ``wgr_onbekend``.
    """
    afkorting = bron_vorm(samenwerkingsvorm)
    if _CENTRUM.search(fold(titel)):
        bron = afkorting or "geen"
        return (
            "centrumgemeenteregeling",
            HERKOMST_REGEL,
            f"de titel noemt een centrumregeling (vorm in de bron: {bron})",
        )
    if afkorting:
        return VORMEN[afkorting], HERKOMST_BRON, ""
    vorm, _, reden = classify_vorm(titel)
    if vorm in WGR_VORMEN and vorm != "wgr_onbekend":
        return vorm, HERKOMST_REGEL, f"geen samenwerkingsvorm in de bron; {reden}"
    return (
        "regeling_zonder_meer",
        HERKOMST_REGEL,
        "geen samenwerkingsvorm in de bron en geen vorm in de titel: restvorm regeling zonder meer",
    )


def centrumgemeente(
    bronhouder_codes: Sequence[str], gemeenten: Mapping[str, str], titel: str
) -> tuple[str, str]:
    """``(gemeentecode, reden)`` of the centrumgemeente of a centrumgemeenteregeling.

    ``bronhouder_codes``: the bronhouder's 2025 code(s); ``gemeenten``: the version's
    deelnemer gemeenten (2025 code → name). The bronhouder when it is one of them (the
    centrumgemeente registers the regeling); else the only deelnemer named in the titel;
    else '' with the reason.
    """
    for code in bronhouder_codes:
        if code in gemeenten:
            return code, ""
    key = f" {fold(titel)} "
    named = sorted(c for c, n in gemeenten.items() if n and f" {fold(n)} " in key)
    if len(named) == 1:
        return named[0], "bronhouder is geen deelnemende gemeente; centrumgemeente uit de titel"
    waarom = "meerdere" if named else "geen"
    return "", f"bronhouder is geen deelnemende gemeente en de titel noemt {waarom} deelnemers"


# --- naam ---------------------------------------------------------------------------------

_NAAM_PREFIX = re.compile(
    r"^(?:de\s+)?(?:gewijzigde\s+)?(?:(?:eerste|tweede|derde|vierde|vijfde)\s+wijziging\s+)?"
    r"(?:gemeenschappelijke?\s+regeling|gr|regeling)\s+(?:zonder\s+meer\s+(?=\S))?"
    r"(?:(?:van|voor|betreffende|inzake)\s+(?:(?:de|het)\s+)?)?",
    re.I,
)
_WIJZIGING_SUFFIX = re.compile(
    r"[,\s]+(?:\d+(?:ste|de|e)|eerste|tweede|derde|vierde|vijfde)\s+wijziging$", re.I
)
_JAAR_SUFFIX = re.compile(
    r"\s*[-–]?\s*\(?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\)?(?:\s+e\.?\s?v\.?)?$"
)
#: "'GR Hoefweg' of 'Bedrijvenschap Hoefweg'": the register sometimes gives alternatives.
_ALTERNATIEF = re.compile(r"['’]\s+of\s+['‘].*$")
_AFKORTING_SUFFIX = re.compile(r"\(([^()]{2,15})\)\s*$")
_QUOTES = "\"'“”‘’„"
#: What may not be left over as a name: a function word that starts a phrase, or a
#: generic word that names no body ("Gemeenschappelijke regeling Gezondheid").
_GEEN_NAAM_BEGIN = {"ter", "tot", "tussen", "op", "met", "in", "houdende", "ten", "zonder"}
_GENERIEK = {
    "gezondheid",
    "sociaal",
    "samenwerking",
    "samenwerkingsverband",
    "regio",
    "werk",
    "onderwijs",
    "jeugd",
    "afval",
    "archief",
}


def _is_afkorting(text: str) -> bool:
    """``GRWRE``, ``RegIT``: one short word, mostly capitals."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return (
        bool(text)
        and " " not in text
        and len(text) <= 12
        and upper >= 2
        and upper * 2 >= len(letters)
    )


def afkorting_in(naam: str) -> str:
    """The trailing abbreviation in parentheses: ``… Zeeland (OLAZ)`` → ``OLAZ``; else ''.

    Only when it looks like one (at most two words, at least two capitals), so
    ``GRWRE (Ergon)`` has none.
    """
    m = _AFKORTING_SUFFIX.search(naam)
    if not m:
        return ""
    inner = m.group(1).strip()
    if len(inner.split()) > 2 or sum(c.isupper() for c in inner) < 2:
        return ""
    return inner


def kale_regelingnaam(titel: str) -> str:
    """The name of the body a regeling title is about, or the title itself.

    Strips a leading "(De) (gewijzigde) Gemeenschappelijke regeling" (also "GR",
    "Regeling", "Derde wijziging …", "… zonder meer") with a following
    "van/voor/betreffende/inzake (de/het)", quotes around the rest, and what names the
    version rather than the body: a trailing year ("… Haaglanden 2025", "(2004)",
    "2026-2030") or amendment (", 4de wijziging"); of two alternatives ("'A' of 'B'") the first. The
    strip is kept only when a meaningful name is left: not empty, not starting with a
    function word ("ter bevordering …") and not one generic word ("Gemeenschappelijke
    regeling Gezondheid" stays whole). A lower-case first letter is capitalised
    ("ombudsman metropool Amsterdam" → "Ombudsman metropool Amsterdam").
    """
    titel = clean(titel)
    if _ALTERNATIEF.search(titel):
        titel = _ALTERNATIEF.sub("", titel).lstrip(_QUOTES)
    rest = _NAAM_PREFIX.sub("", titel, count=1)
    if len(rest) > 2 and rest[0] in _QUOTES and rest[-1] in _QUOTES:
        rest = rest[1:-1].strip()
    rest = _zonder_versie(rest)
    words = fold(rest).split()
    if not words or words[0] in _GEEN_NAAM_BEGIN or (len(words) == 1 and words[0] in _GENERIEK):
        return _zonder_versie(titel)
    return rest[0].upper() + rest[1:] if rest[0].islower() else rest


def _zonder_versie(naam: str) -> str:
    """``naam`` without a trailing amendment and year, when something is left."""
    kort = _JAAR_SUFFIX.sub("", _WIJZIGING_SUFFIX.sub("", naam)).strip()
    return kort if len(kort) >= 2 else naam


def naam_van(titel: str, citeertitel: str) -> tuple[str, str]:
    """``(naam, afkorting)`` of a samenwerking from its version's titles.

    The citeertitel when present, else the titel, made bare by :func:`kale_regelingnaam`.
    A citeertitel that is only an abbreviation (``GRWRE``) is not a name: then the titel
    gives the name and the citeertitel the afkorting.
    """
    if citeertitel and _is_afkorting(citeertitel) and len(titel) > len(citeertitel):
        return kale_regelingnaam(titel), citeertitel
    naam = kale_regelingnaam(citeertitel or titel)
    return naam, afkorting_in(naam)


# --- onderwerp ------------------------------------------------------------------------------

BELEIDSTERREIN_TABEL = TABELLEN / "beleidsterrein_onderwerp.csv"
#: At least this many different onderwerpen among the beleidsterreinen: a general regional
#: body (Regio Rivierenland lists 12), unless the titel names one of them.
BREED = 5


def _terrein_sleutel(naam: str) -> str:
    """``'Verkeer |  openbaar vervoer'`` → ``'verkeer | openbaar vervoer'``."""
    return " | ".join(" ".join(p.split()).casefold() for p in clean(naam).split("|"))


def read_beleidsterrein_tabel(path: Path | None = None) -> dict[str, str]:
    """Read ``beleidsterrein,onderwerp,reden`` → ``{beleidsterrein: onderwerp}`` in file order.

    The order is the tie-break order of :func:`classify_onderwerp_register`. Unknown
    onderwerp codes and duplicate beleidsterreinen are programming errors.
    """
    path = path or BELEIDSTERREIN_TABEL
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = _terrein_sleutel(row["beleidsterrein"])
            if row["onderwerp"] not in ONDERWERPEN:
                raise ValueError(f"{path}: onbekend onderwerp {row['onderwerp']!r}")
            if key in out:
                raise ValueError(f"{path}: beleidsterrein {key!r} staat er twee keer in")
            out[key] = row["onderwerp"]
    return out


@lru_cache(maxsize=1)
def _default_tabel() -> dict[str, str]:
    return read_beleidsterrein_tabel()


@lru_cache(maxsize=1)
def _default_keywords() -> list[Trefwoord]:
    return read_keywords()


def onderwerp_van_beleidsterrein(naam: str, tabel: Mapping[str, str]) -> str | None:
    """The onderwerp of one TOOI beleidsterrein: its own row, else its top level's; or None.

    ``'verkeer | openbaar vervoer'`` has no row of its own, so ``'verkeer'`` decides.
    """
    key = _terrein_sleutel(naam)
    return tabel.get(key) or tabel.get(key.split(" | ")[0])


def trefwoord_onderwerpen(tekst: str, keywords: Sequence[Trefwoord]) -> list[str]:
    """Every onderwerp whose keyword pattern matches ``tekst`` (folded), in table order."""
    key = fold(tekst)
    out: list[str] = []
    for kw in keywords:
        if kw.onderwerp not in out and kw.patroon.search(key):
            out.append(kw.onderwerp)
    return out


def _trefwoord_hits(
    tekst: str, keywords: Sequence[Trefwoord], onderwerpen: Collection[str] | None = None
) -> Counter:
    """Keyword hits per specific onderwerp in ``tekst`` (optionally only ``onderwerpen``),
    in keyword-table order; ``regionaal`` is left out (its words occur everywhere)."""
    key = fold(tekst)
    hits: Counter = Counter()
    for kw in keywords:
        if kw.onderwerp == "regionaal" or (
            onderwerpen is not None and kw.onderwerp not in onderwerpen
        ):
            continue
        n = sum(1 for _ in kw.patroon.finditer(key))
        if n:
            hits[kw.onderwerp] += n
    return hits


def _meeste(hits: Counter) -> str | None:
    """The key with the most hits, the first one on a tie; None when there are none."""
    best = max(hits.values(), default=0)
    return next((o for o in hits if hits[o] == best), None) if best else None


def _kies_uit_terreinen(
    terreinen: Counter,
    in_titel: list[str],
    doel: str,
    volgorde: Sequence[str],
    keywords: Sequence[Trefwoord],
) -> tuple[str, str]:
    """Rules 1–4 of :func:`classify_onderwerp_register` (there are beleidsterreinen)."""
    specifiek = [o for o in in_titel if o != "regionaal"]
    for o in specifiek + [o for o in in_titel if o == "regionaal"]:
        if o in terreinen:
            return o, HERKOMST_BELEIDSTERREIN
    if specifiek:
        return specifiek[0], HERKOMST_REGEL
    if len(terreinen) >= BREED or ("regionaal" in in_titel and len(terreinen) >= 3):
        return "regionaal", HERKOMST_BELEIDSTERREIN
    best = max(terreinen.values())
    tied = [o for o in volgorde if terreinen.get(o) == best]
    in_doel = _trefwoord_hits(doel, keywords, tied) if len(tied) > 1 else Counter()
    if in_doel:
        tied = [o for o in tied if in_doel[o] == max(in_doel.values())]
    return tied[0], HERKOMST_BELEIDSTERREIN


def classify_onderwerp_register(
    beleidsterreinen: Sequence[str],
    titel: str,
    doel: str,
    tabel: Mapping[str, str] | None = None,
    keywords: Sequence[Trefwoord] | None = None,
) -> tuple[str, str]:
    """``(onderwerp, onderwerp_herkomst)`` of a register regeling.

    ``beleidsterreinen`` → onderwerpen via ``beleidsterrein_onderwerp.csv`` (a sub-area's
    own row, else its top level's); *titel onderwerpen* = the onderwerpen whose keywords
    (``onderwerp_trefwoorden.csv``) match the titel, ``regionaal`` set apart because
    "samenwerking"/"regio" occur in almost every titel. Then, first rule that applies:

    1. a titel onderwerp that is also an onderwerp of the beleidsterreinen → it (specific ones
       first, in keyword order, then ``regionaal``); herkomst ``beleidsterrein``. The titel
       only picks among the registrant's areas: Mobiliteitsbureau Noordoost Fryslân lists
       four onderwijs areas and one verkeer area, the titel says mobiliteit.
    2. beleidsterreinen present, but the titel names another specific onderwerp → the
       titel's; herkomst ``regel``. The areas are chosen freely and often generic or off
       (ICT-samenwerking West-Brabant West: only "economie | kenniseconomie").
    3. beleidsterreinen spread over ≥ ``BREED`` onderwerpen, or ≥ 3 with a titel such as
       "Regio …" → ``regionaal``; herkomst ``beleidsterrein``.
    4. beleidsterreinen present → the most frequent onderwerp among them; a tie goes to the
       tied onderwerp with the most keyword hits in the doel, then to the order of
       ``beleidsterrein_onderwerp.csv``; herkomst ``beleidsterrein``.
    5. no beleidsterreinen (about half the versions): the titel's first specific
       onderwerp, else ``regionaal`` when the titel says so, else the specific onderwerp
       with the most keyword hits in the doel, else ``overig``; herkomst ``regel``.
    """
    tabel = _default_tabel() if tabel is None else tabel
    keywords = _default_keywords() if keywords is None else keywords
    terreinen: Counter = Counter()
    for b in beleidsterreinen:
        o = onderwerp_van_beleidsterrein(b, tabel)
        if o:
            terreinen[o] += 1
    in_titel = trefwoord_onderwerpen(titel, keywords)
    if terreinen:
        volgorde = list(dict.fromkeys(tabel.values()))
        return _kies_uit_terreinen(terreinen, in_titel, doel, volgorde, keywords)
    specifiek = [o for o in in_titel if o != "regionaal"]
    if specifiek:
        return specifiek[0], HERKOMST_REGEL
    if "regionaal" in in_titel:
        return "regionaal", HERKOMST_REGEL
    return _meeste(_trefwoord_hits(doel, keywords)) or "overig", HERKOMST_REGEL


# --- descriptive fields ------------------------------------------------------------------------


def beleidsterreinen_van(versie: Versie) -> list[str]:
    """The version's ``policy_areas[].naam`` (cleaned, in register order)."""
    names = (_text(_map(p).get("naam")) for p in _list(versie.record.get("policy_areas")))
    return [n for n in names if n]


def _bevoegdheden(meta: Mapping[str, Any]) -> str:
    """``;``-joined ``kop_artikel``s; an entry without one gives its text, cut to 120 chars."""
    out = []
    for b in _list(meta.get("bevoegdheden")):
        b = _map(b)
        kop = _text(b.get("kop_artikel"))
        if not kop:
            inhoud = _text(b.get("inhoud_artikel"))
            kop = inhoud if len(inhoud) <= 120 else inhoud[:119].rstrip() + "…"
        if kop:
            out.append(kop.replace(LIST_SEP, ","))
    return LIST_SEP.join(out)


def _joined(values: Iterable[Any]) -> str:
    return LIST_SEP.join(t.replace(LIST_SEP, ",") for t in (_text(v) for v in values) if t)


# --- assembly ---------------------------------------------------------------------------------


@dataclass
class _Invoer:
    """The snapshot split into its parts (internal to :func:`read_register`)."""

    versies: dict[str, Versie]
    organisaties: list[tuple[str, Mapping[str, Any]]]
    peildatum: str
    meldingen: list[Melding]
    records: int


def _split_records(roo_dir: Path) -> _Invoer:
    folder = roo_dir / REGELINGEN_MAP
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} bestaat niet: geen GR-register-snapshot")
    pairs, meldingen = read_records(folder, REGELINGEN_MAP)
    records = len(pairs) + len(meldingen)  # every file: read, or reported as unreadable
    versies: dict[str, Versie] = {}
    organisaties: list[tuple[str, Mapping[str, Any]]] = []
    for bestand, record in pairs:
        if "gr_meta" not in record:
            organisaties.append((bestand, record))
            continue
        v = parse_versie(bestand, record) if isinstance(record["gr_meta"], Mapping) else None
        if not isinstance(v, Versie):
            reden = v if isinstance(v, str) else "gr_meta is geen mapping"
            meldingen.append(Melding(bestand, "", reden, RECORD_OVERGESLAGEN))
        elif v.roo_id in versies:
            reden = f"roo_id {v.roo_id} ook in {versies[v.roo_id].bestand}; eerste telt"
            meldingen.append(Melding(bestand, f"roo_id {v.roo_id}", reden, RECORD_OVERGESLAGEN))
        else:
            versies[v.roo_id] = v
    peildatum = peildatum_van(r for _, r in pairs)
    return _Invoer(versies, organisaties, peildatum, meldingen, records)


def _attach_organisaties(
    organisaties: list[tuple[str, Mapping[str, Any]]], keten_van: Mapping[str, str]
) -> tuple[list[dict], list[Melding]]:
    """Rows for organisation records that belong to a version in a chain; the rest reported."""
    rows: list[dict] = []
    meldingen: list[Melding] = []
    for bestand, record in organisaties:
        hoort_bij = _text(_map(record.get("hoort_bij_gemeenschappelijke_regeling")).get("roo_id"))
        naam = _text(_map(next(iter(_list(record.get("names"))), {})).get("value"))
        if hoort_bij not in keten_van:
            waarom = f"roo_id {hoort_bij} is geen versie" if hoort_bij else "geen"
            reden = f"organisatie zonder gr_meta die bij geen regeling hoort ({waarom})"
            meldingen.append(
                Melding(bestand, f"roo_id {_roo_id(record)}", reden, RECORD_OVERGESLAGEN)
            )
            continue
        rows.append(
            {
                "samenwerking": keten_van[hoort_bij],
                "roo_id": _roo_id(record),
                "naam": naam,
                "website": _website(record),
                "register_url": _bron_url(record),
                "_hoort_bij": hoort_bij,
                "_afkorting": _abbr(record),
            }
        )
    return rows, meldingen


def _abbr(record: Mapping[str, Any]) -> str:
    """The first ``names[].abbr`` of a record, or ''."""
    return next(
        (_text(n.get("abbr")) for n in map(_map, _list(record.get("names"))) if n.get("abbr")), ""
    )


def _org_for(rows: list[dict], versie: Versie) -> tuple[str, str]:
    """``(website, afkorting)`` from the chain's organisation records, the one attached to
    the shown version first."""
    ranked = sorted(rows, key=lambda r: (r["_hoort_bij"] != versie.roo_id, r["roo_id"]))
    website = next((r["website"] for r in ranked if r["website"]), "")
    afkorting = next((r["_afkorting"] for r in ranked if r["_afkorting"]), "")
    return website, afkorting


@dataclass
class _Keten:
    """One chain while it is assembled."""

    id: str
    versies: list[Versie]
    getoond: Versie
    in_werking: bool
    vormen: dict[str, tuple[str, str, str]]  # roo_id → vorm_van(...)


def _centrum(versie: Versie, deelnemers: list[dict], herindeling: Herindeling) -> tuple[str, str]:
    """:func:`centrumgemeente` for one version: its bronhouder and deelnemer gemeenten."""
    gemeenten = {
        r["gemeentecode"]: herindeling.gemeenten_2025.get(r["gemeentecode"], "")
        for r in deelnemers
        if r["roo_id"] == versie.roo_id and r["deelnemer_type"] == "gemeente"
    }
    d = lees_deelnemer(_map(versie.meta.get("bronhouder")), herindeling.overheden)
    codes = (
        [c for c, _ in herindeling.opvolgers(d.code, d.overheid_id)]
        if d.deelnemer_type == "gemeente"
        else []
    )
    return centrumgemeente(codes, gemeenten, f"{versie.titel} {versie.citeertitel}")


def _samenwerking_row(
    keten: _Keten, orgs: list[dict], deelnemers: list[dict], herindeling: Herindeling
) -> tuple[dict, list[Melding]]:
    """The samenwerkingen row of one chain (descriptive values from the shown version),
    and a melding when a centrumgemeente cannot be found."""
    v = keten.getoond
    meta = v.meta
    vorm, vorm_herkomst, _ = keten.vormen[v.roo_id]
    naam, afkorting = naam_van(v.titel, v.citeertitel)
    org_website, org_afkorting = _org_for(orgs, v)
    # Keywords are matched on the name shown; the full titles only when it has none, since
    # they may name participants ("…, Ministerie van Onderwijs, Cultuur en Wetenschap").
    titel = (
        naam if trefwoord_onderwerpen(naam, _default_keywords()) else f"{v.titel} {v.citeertitel}"
    )
    terreinen = beleidsterreinen_van(v)
    # Areas are registered on about half the versions; an older version's areas say more
    # about the body than none at all.
    if not terreinen:
        terreinen = next((t for t in map(beleidsterreinen_van, reversed(keten.versies)) if t), [])
    doel = _text(meta.get("doel"))
    onderwerp, onderwerp_herkomst = classify_onderwerp_register(terreinen, titel, doel)
    centrum, reden = ("", "")
    if vorm == "centrumgemeenteregeling":
        centrum, reden = _centrum(v, deelnemers, herindeling)
    meldingen = (
        [Melding(v.bestand, f"roo_id {v.roo_id}", f"centrumgemeente: {reden}")] if reden else []
    )
    row = {
        "id": keten.id,
        "naam": naam,
        "afkorting": afkorting or org_afkorting or _abbr(v.record),
        "juridische_vorm": vorm,
        "juridische_vorm_herkomst": vorm_herkomst,
        "centrumgemeente": centrum,
        "onderwerp": onderwerp,
        "onderwerp_herkomst": onderwerp_herkomst,
        "beleidsterreinen": _joined(terreinen),
        "doel": doel,
        "bevoegdheden": _bevoegdheden(meta),
        "bevoegdheidsverkrijgingen": _joined(_list(meta.get("bevoegdheidsverkrijgingen"))),
        "bronhouder": _text(_map(meta.get("bronhouder")).get("naam")),
        "website": _website(v.record) or org_website,
        "instellingsbesluiten": _joined(_list(meta.get("instellingsbesluiten"))),
        "register_url": _bron_url(v.record),
        "roo_id": v.roo_id,
        "roo_ids": LIST_SEP.join(x.roo_id for x in keten.versies),
        "geldig_van": keten.versies[0].geldig_van,
        "geldig_tot": keten.versies[-1].geldig_tot,
        "in_werking": keten.in_werking,
        "regionaal_samenwerkingsorgaan": _text(
            _map(meta.get("regionaal_samenwerkingsorgaan")).get("naam")
        ),
    }
    return row, meldingen


def _versie_row(keten: _Keten, v: Versie, peildatum: str) -> dict:
    return {
        "samenwerking": keten.id,
        "roo_id": v.roo_id,
        "titel": v.titel,
        "citeertitel": v.citeertitel,
        "geldig_van": v.geldig_van,
        "geldig_tot": v.geldig_tot,
        "juridische_vorm": keten.vormen[v.roo_id][0],
        "vorige_roo_id": v.vorige_roo_id,
        "volgende_roo_id": v.volgende_roo_id,
        "in_werking": geldig_op(v.geldig_van, v.geldig_tot, peildatum),
    }


def _build_keten(chain: Sequence[str], versies: Mapping[str, Versie], peildatum: str) -> _Keten:
    vs = [versies[r] for r in chain]
    in_werking = versie_in_werking(vs, peildatum)
    vormen = {
        v.roo_id: vorm_van(v.meta.get("samenwerkingsvorm"), f"{v.titel} {v.citeertitel}")
        for v in vs
    }
    return _Keten(chain_id(chain), vs, in_werking or vs[-1], in_werking is not None, vormen)


def _vorm_meldingen(keten: _Keten) -> list[Melding]:
    """A melding for each version whose form the register does not give (how it fell back)."""
    out = []
    for v in keten.versies:
        if not bron_vorm(v.meta.get("samenwerkingsvorm")):
            reden = f"juridische vorm: {keten.vormen[v.roo_id][2]}"
            out.append(Melding(v.bestand, f"roo_id {v.roo_id}", reden))
    return out


def _via_meldingen(deelnemers: pd.DataFrame, herindeling: Herindeling) -> list[Melding]:
    """One melding per old gemeente met in the register: where it went, and since when."""
    counts: Counter = Counter()
    via = deelnemers[deelnemers["via_naam"] != ""]
    for codes, namen in zip(via["via_code"], via["via_naam"], strict=True):
        counts.update(zip(codes.split(LIST_SEP), namen.split(LIST_SEP), strict=True))
    gemeenten = [o for o in herindeling.overheden.by_id.values() if o.deelnemer_type == "gemeente"]
    out = []
    for (code, naam), n in sorted(counts.items()):
        o = herindeling.overheden.by_code.get(code) if code else None
        o = o or next((g for g in gemeenten if not g.code and g.naam == naam), None)
        einde = (
            f"opgeheven per {o.geldig_tot} ({o.bestand})"
            if o and o.geldig_tot
            else "einddatum onbekend"
        )
        naar = ", ".join(
            f"{c} {herindeling.gemeenten_2025.get(c, '')} (aandeel {a:.2f})"
            for c, a in herindeling.opvolgers(code, o.id if o else "")
        )
        reden = f"gemeente {code or '(zonder code)'} {naam}, {einde}: telt als {naar} ({n} rij(en))"
        out.append(Melding("", f"gemeente {code or naam}", reden))
    return out


def _unieke_namen(rows: list[dict]) -> list[Melding]:
    """Make ``naam`` unique among samenwerkingen, in place; a melding per renamed row.

    Two bodies can share a bare name once the version years are gone ("Samenwerking
    Sociale Zaken" 2008 of Huizen c.s. and 2016 of Heemstede c.s.); a name must identify
    one samenwerking on screen and in the CLI. The bronhouder is added in parentheses, or
    the id when that does not tell them apart either.
    """
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[fold(row["naam"])].append(row)
    meldingen = []
    for group in groups.values():
        if len(group) < 2:
            continue
        bronhouders = [_kale_naam(r["bronhouder"]) for r in group]
        distinct = len(set(bronhouders)) == len(group) and all(bronhouders)
        for row, bron in zip(group, bronhouders, strict=True):
            oud = row["naam"]
            row["naam"] = f"{oud} ({bron if distinct else row['id']})"
            reden = f"naam '{oud}' komt {len(group)}× voor: '{row['naam']}'"
            meldingen.append(Melding("", f"samenwerking {row['id']}", reden))
    return meldingen


def _frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)).reset_index(drop=True)


def read_register(
    roo_dir: Path,
    crosswalk: pd.DataFrame,
    gemeenten_2025: Mapping[str, str],
    peildatum: str | None = None,
) -> RegisterTabellen:
    """Read a GR-register snapshot (the ``roo`` folder) into :class:`RegisterTabellen`.

    ``crosswalk``: the 2016→2025 herindeling table (``gemeentecode_oud``,
    ``gemeentecode_nieuw``, ``aandeel``); ``gemeenten_2025``: today's gemeenten, code →
    name. ``peildatum`` defaults to the snapshot date (latest ``sources[].retrieved``).
    Raises ``FileNotFoundError`` when ``roo_dir`` holds no ``gemeenschappelijke-regelingen``
    folder; anything wrong *inside* the snapshot becomes a :class:`Melding`.
    """
    invoer = _split_records(roo_dir)
    meldingen = list(invoer.meldingen)
    peildatum = peildatum or invoer.peildatum
    if not peildatum:
        reden = "geen sources[].retrieved of last_mutation: geen versie geldt als in werking"
        meldingen.append(Melding("", "", reden))
    overheden, bad = read_overheden(roo_dir)
    meldingen += bad
    herindeling = Herindeling(dict(gemeenten_2025), crosswalk_index(crosswalk), overheden)

    schakels = {
        r: Schakel(v.vorige_roo_id, v.volgende_roo_id, v.geldig_van)
        for r, v in invoer.versies.items()
    }
    chains, bad = build_chains(schakels, {r: v.bestand for r, v in invoer.versies.items()})
    meldingen += bad
    ketens = [_build_keten(c, invoer.versies, peildatum) for c in chains]
    keten_van = {v.roo_id: k.id for k in ketens for v in k.versies}
    org_rows, bad = _attach_organisaties(invoer.organisaties, keten_van)
    meldingen += bad
    orgs_by_keten: dict[str, list[dict]] = defaultdict(list)
    for row in org_rows:
        orgs_by_keten[row["samenwerking"]].append(row)

    versie_rows, deelnemer_rows, samenwerking_rows = [], [], []
    telling: Counter = Counter()
    for keten in ketens:
        meldingen += _check_periods(keten.versies) + _vorm_meldingen(keten)
        rows: list[dict] = []
        for v in keten.versies:
            versie_rows.append(_versie_row(keten, v, peildatum))
            r, m, t = deelnemer_rijen(keten.id, v, herindeling)
            rows += r
            meldingen += m
            telling += t
        deelnemer_rows += rows
        row, m = _samenwerking_row(keten, orgs_by_keten[keten.id], rows, herindeling)
        samenwerking_rows.append(row)
        meldingen += m

    meldingen += _unieke_namen(samenwerking_rows)
    deelnemers = _frame(deelnemer_rows, DEELNEMER_COLUMNS)
    meldingen += _via_meldingen(deelnemers, herindeling)
    meldingen += _unknown_terrein_meldingen(invoer.versies.values())
    # Only the regeling folder counts for the record balance (gemeenten/ etc. are lookups).
    skipped = Counter(
        m.gevolg
        for m in meldingen
        if m.gevolg != RECORD_OVERGESLAGEN or m.bestand.startswith(REGELINGEN_MAP + "/")
    )
    tellingen = {
        "records": invoer.records,
        "versies": len(versie_rows),
        "organisaties": len(org_rows),
        "records_overgeslagen": skipped[RECORD_OVERGESLAGEN],
        "samenwerkingen": len(samenwerking_rows),
        "samenwerkingen_in_werking": sum(k.in_werking for k in ketens),
        "deelnemers_in_register": telling["in"],
        "deelnemers_gebruikt": telling["gebruikt"],
        "deelnemers_samengevoegd": telling["samengevoegd"],
        "deelnemers_overgeslagen": skipped[DEELNEMER_OVERGESLAGEN],
        "deelnemer_rijen": len(deelnemers),
    }
    return RegisterTabellen(
        samenwerkingen=_frame(samenwerking_rows, SAMENWERKING_COLUMNS),
        versies=_frame(versie_rows, VERSIE_COLUMNS),
        deelnemers=deelnemers,
        organisaties=_frame(
            sorted(org_rows, key=lambda r: (r["samenwerking"], r["roo_id"])), ORGANISATIE_COLUMNS
        ),
        meldingen=meldingen,
        peildatum=peildatum,
        tellingen=tellingen,
    )


def _unknown_terrein_meldingen(versies: Iterable[Versie]) -> list[Melding]:
    """One melding per beleidsterrein that ``beleidsterrein_onderwerp.csv`` cannot place."""
    tabel = _default_tabel()
    unknown: Counter = Counter()
    for v in versies:
        for b in beleidsterreinen_van(v):
            if onderwerp_van_beleidsterrein(b, tabel) is None:
                unknown[b] += 1
    return [
        Melding(
            "", f"beleidsterrein '{b}'", f"niet in beleidsterrein_onderwerp.csv; genegeerd ({n}×)"
        )
        for b, n in sorted(unknown.items())
    ]
