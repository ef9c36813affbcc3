"""Find the OpenGR arrangements that are the same body as a RegioAtlas region.

Both 2016 sources describe some bodies twice under different names: OpenGR registers the
Wgr-regeling ("Werkvoorzieningschap Kust-Duin en Bollenstreek (Maregroep)"), RegioAtlas the
organisation of the region ("MareGroep"). A pair is one body when the *members agree* and the
*name agrees*; every decision, and every candidate passed over, is listed in the build report.

Name agreement, strongest first (``Koppeling.bewijs``):

* ``naam_gelijk`` — the names are the same (folded, a trailing bracket ignored);
* ``familie_naam`` — the OpenGR name belongs to the indeling's family (``FAMILIE``: "sociale
  dienst" for ISD's, "werkvoorziening" for SW-bedrijven, …) and the name-token Jaccard is at
  least ``MIN_NAAM``;
* ``naamwoord`` — the names share a *distinctive word*: one of at least three letters that
  occurs in no other name of the sources (OpenGR names, all region names, gemeente- and
  provincienamen), is no place name (a word of a gemeente, a provincie or a region of an
  indeling of areas) and names no family: a brand such as "Promen" or "Baanbrekers" counts,
  "Rivierenland", "Drechtsteden", "groep" or "jeugd" do not;
* ``familie`` — the OpenGR name belongs to the family, nothing more.

The first two and the last apply only to the indelingen in ``ORGANISATIES``, whose regions
are each one named organisation (a GGD, a veiligheidsregio, an omgevingsdienst, an SW-bedrijf,
an ISD); the regions of the other indelingen are areas named after places, where only
``familie_naam`` can link. Member agreement required: member-set Jaccard ≥ ``MIN_JACCARD``;
≥ ``MIN_JACCARD_FAMILIE`` when only the family speaks for the pair; for the same name it is
enough that the smaller member set lies for ≥ ``MIN_OMVAT`` in the larger (OpenGR often
lists only part of the gemeenten a region's body works for).

A name that belongs to an organisation family never links to a region of another
organisation family by a shared word or the same name: a GGD and a veiligheidsregio with the
same gemeenten stay two bodies unless the name says it is both ("Veiligheids- en
Gezondheidsregio", which belongs to both families and may link to one region of each).

Choice: candidates are taken strongest first (evidence, then a name of one family before a
name of several, then Jaccard + name similarity). A region links to one OpenGR arrangement;
an OpenGR arrangement to at most one region per indeling. A second OpenGR arrangement that
passes the test for a region already taken joins the first only when it has exactly the same
gemeenten, the same status, and a name of that family only (``naam_gelijk``, ``familie_naam``
or ``familie``): two names of one body, such as a renamed omgevingsdienst. A body and its
successor ("… (in 2016 opgegaan in …)") differ in status and stay two. Anything else is
passed over and reported.

:func:`wettelijke_leden` applies the Wet veiligheidsregio's: an OpenGR veiligheidsregio has
by law the gemeenten of its region in the indeling, whatever the source lists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kaartviewer.text import fold

MIN_JACCARD = 0.6
MIN_JACCARD_FAMILIE = 0.8
MIN_OMVAT = 0.8
MIN_NAAM = 0.25
#: A distinctive word occurs in at most this many distinct names of the sources (the pair).
MAX_NAMEN_MET_WOORD = 2

FAMILIE: dict[str, re.Pattern[str]] = {
    "ggd": re.compile(
        r"\bggd|gezondheidsdienst|publieke gezondheid|\brdog\b|gezondheidszorg|gezondheidsregio"
    ),
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
    "sociale_werkvoorziening": re.compile(
        r"werkvoorzien|sociale werk|\bsw\b|werkbedrijf|gesubsidieerde arbeid"
    ),
    "isd": re.compile(r"sociale dienst|sociale zaken|werk (en|&)? ?inkomen|\bisd\b"),
    "veiligheidshuis": re.compile(r"veiligheidshuis"),
    "riec": re.compile(r"\briec\b|informatie en expertise"),
    "res": re.compile(r"energie ?strategie|\bres\b"),
}

#: Indelingen whose regions are each one organisation with its own name.
ORGANISATIES: frozenset[str] = frozenset(
    {"ggd", "veiligheidsregio", "omgevingsdienst", "sociale_werkvoorziening", "isd"}
)

#: Evidence codes, strongest first, with the Dutch wording of the build report.
BEWIJS: dict[str, str] = {
    "naam_gelijk": "zelfde naam",
    "familie_naam": "naam hoort bij de familie en lijkt op de regionaam",
    "naamwoord": "onderscheidend woord in beide namen",
    "familie": "naam hoort bij de familie, (bijna) dezelfde gemeenten",
}
_RANG = {code: len(BEWIJS) - i for i, code in enumerate(BEWIJS)}
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


def _tokens(naam: str) -> set[str]:
    return {t for t in fold(naam).split() if len(t) > 1}


def name_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the folded name tokens (one-letter tokens ignored)."""
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set that lies in the larger."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def families(naam: str) -> set[str]:
    """The organisation families (``ORGANISATIES``) a name belongs to."""
    key = fold(naam)
    return {f for f in ORGANISATIES if FAMILIE[f].search(key)}


def _words(naam: str) -> set[str]:
    """Words of at least three letters; a dotted abbreviation counts as one ("S.W.B." → swb)."""
    out: list[str] = []
    letters = ""
    for t in [*fold(naam).split(), ""]:
        if len(t) == 1:
            letters += t
            continue
        out += [letters, t]
        letters = ""
    return {t for t in out if len(t) >= 3 and not t.isdigit()}


def _same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b) or fold(_TRAILING_BRACKET.sub("", a)) == fold(
        _TRAILING_BRACKET.sub("", b)
    )


def word_counts(namen: Iterable[str]) -> Counter:
    """In how many distinct (folded) names each word of at least three letters occurs."""
    counts: Counter = Counter()
    for naam in {fold(n) for n in namen}:
        counts.update(_words(naam))
    return counts


def distinctive_words(
    opengr_namen: Iterable[str], regio_namen: Iterable[str], plaatsnamen: Iterable[str]
) -> set[str]:
    """Words that can identify one body: in at most ``MAX_NAMEN_MET_WOORD`` distinct names of
    all three lists, in no place name, and naming no family."""
    plaatsnamen = list(plaatsnamen)
    counts = word_counts([*opengr_namen, *regio_namen, *plaatsnamen])
    places = set().union(*(_words(n) for n in plaatsnamen)) if plaatsnamen else set()
    return {
        w
        for w, n in counts.items()
        if n <= MAX_NAMEN_MET_WOORD
        and w not in places
        and not any(rx.search(w) for rx in FAMILIE.values())
    }


@dataclass(frozen=True)
class Koppeling:
    """One OpenGR arrangement ↔ one region, with the evidence."""

    opengr_id: str
    regio_id: str
    jaccard: float
    naam_gelijkenis: float
    bewijs: str = "familie_naam"
    toelichting: str = ""
    #: For an OpenGR arrangement that joins another one already linked to this region: the
    #: id of that arrangement (they are two names of one body).
    samen_met: str = ""
    specifiek: bool = True  # the OpenGR name belongs to at most one organisation family

    @property
    def sleutel(self) -> tuple:
        return (
            -_RANG[self.bewijs],
            not self.specifiek,
            -(self.jaccard + self.naam_gelijkenis),
            self.opengr_id,
            self.regio_id,
        )


@dataclass
class Koppelresultaat:
    koppelingen: list[Koppeling] = field(default_factory=list)
    #: Candidates that passed the test but were not taken: (candidate, reason).
    overgeslagen: list[tuple[Koppeling, str]] = field(default_factory=list)


def candidates(
    opengr: dict[str, tuple[str, frozenset[str]]],
    regios: dict[str, tuple[str, str, frozenset[str]]],
    plaatsnamen: Iterable[str] = (),
) -> list[Koppeling]:
    """Every (OpenGR arrangement, region) pair that passes the test (see module docstring).

    ``opengr``: id → (naam, gemeentecodes); ``regios``: id → (indeling, naam, gemeentecodes);
    ``plaatsnamen``: names of places in the sources (gemeenten, provincies, regions of the
    indelingen of areas); the names of the regions outside ``ORGANISATIES`` count as places
    too.
    """
    distinctive = distinctive_words(
        [n for n, _ in opengr.values()],
        [n for ind, n, _ in regios.values() if ind in ORGANISATIES],
        [*plaatsnamen, *(n for ind, n, _ in regios.values() if ind not in ORGANISATIES)],
    )
    fams = {oid: families(naam) for oid, (naam, _) in opengr.items()}
    out = []
    for rid, (indeling, rnaam, rset) in regios.items():
        fam = FAMILIE.get(indeling)
        organisatie = indeling in ORGANISATIES
        if fam is None and not organisatie:
            continue
        for oid, (onaam, oset) in opengr.items():
            j = jaccard(oset, rset)
            if not (oset & rset):
                continue
            in_family = fam is not None and bool(fam.search(fold(onaam)))
            other_family = bool(fams[oid] - {indeling})
            n = name_similarity(onaam, rnaam)
            bewijs = toelichting = ""
            may_name = organisatie and (in_family or not other_family)
            shared = sorted(_words(onaam) & _words(rnaam) & distinctive)
            if may_name and _same_name(onaam, rnaam) and containment(oset, rset) >= MIN_OMVAT:
                bewijs = "naam_gelijk"
            elif in_family and j >= MIN_JACCARD and n >= MIN_NAAM:
                bewijs = "familie_naam"
            elif may_name and shared and j >= MIN_JACCARD:
                bewijs, toelichting = "naamwoord", ", ".join(shared)
            if not bewijs and organisatie and in_family and j >= MIN_JACCARD_FAMILIE:
                bewijs = "familie"
            if bewijs:
                out.append(
                    Koppeling(
                        oid,
                        rid,
                        round(j, 3),
                        round(n, 3),
                        bewijs,
                        toelichting,
                        specifiek=len(fams[oid]) <= 1,
                    )
                )
    return sorted(out, key=lambda k: k.sleutel)


def choose(
    cands: list[Koppeling],
    opengr: dict[str, tuple[str, frozenset[str]]],
    regios: dict[str, tuple[str, str, frozenset[str]]],
    statussen: dict[str, str] | None = None,
) -> Koppelresultaat:
    """Take candidates strongest first under the rules of the module docstring.

    ``statussen``: OpenGR id → status (``actief`` when absent)."""
    status = statussen or {}
    owner: dict[str, str] = {}  # region → OpenGR arrangement
    per_indeling: set[tuple[str, str]] = set()
    linked: set[str] = set()
    joined: dict[str, str] = {}  # OpenGR arrangement → the one it joined
    res = Koppelresultaat()
    for k in sorted(cands, key=lambda k: k.sleutel):
        indeling = regios[k.regio_id][0]
        first = owner.get(k.regio_id)
        if k.opengr_id in joined:
            res.overgeslagen.append((k, f"al samengevoegd met {joined[k.opengr_id]}"))
        elif (k.opengr_id, indeling) in per_indeling:
            res.overgeslagen.append((k, f"heeft al een regio in de indeling {indeling}"))
        elif first is None:
            owner[k.regio_id] = k.opengr_id
            per_indeling.add((k.opengr_id, indeling))
            linked.add(k.opengr_id)
            res.koppelingen.append(k)
        elif (
            k.opengr_id not in linked
            and k.specifiek
            and k.bewijs != "naamwoord"
            and opengr[k.opengr_id][1] == opengr[first][1]
            and status.get(k.opengr_id, "actief") == status.get(first, "actief")
        ):
            joined[k.opengr_id] = first
            res.koppelingen.append(
                Koppeling(
                    k.opengr_id,
                    k.regio_id,
                    k.jaccard,
                    k.naam_gelijkenis,
                    k.bewijs,
                    k.toelichting,
                    samen_met=first,
                    specifiek=k.specifiek,
                )
            )
        else:
            res.overgeslagen.append((k, f"regio al gekoppeld aan {first}"))
    res.koppelingen.sort(key=lambda k: (k.samen_met or k.opengr_id, k.samen_met, k.regio_id))
    return res


def link(
    opengr: dict[str, tuple[str, frozenset[str]]],
    regios: dict[str, tuple[str, str, frozenset[str]]],
    plaatsnamen: Iterable[str] = (),
    statussen: dict[str, str] | None = None,
) -> Koppelresultaat:
    """Candidates and choice in one step (see module docstring)."""
    return choose(candidates(opengr, regios, plaatsnamen), opengr, regios, statussen)


def link_duplicates(
    opengr: dict[str, tuple[str, frozenset[str]]],
    regios: dict[str, tuple[str, str, frozenset[str]]],
    plaatsnamen: Iterable[str] = (),
    statussen: dict[str, str] | None = None,
) -> list[Koppeling]:
    """The accepted pairs of :func:`link`."""
    return link(opengr, regios, plaatsnamen, statussen).koppelingen


# --- Wet veiligheidsregio's ----------------------------------------------------------------


@dataclass(frozen=True)
class WettelijkeLeden:
    """The members an OpenGR veiligheidsregio has by law, and what changed."""

    opengr_id: str
    regio_id: str
    leden: frozenset[str]
    weggelaten: tuple[str, ...]  # listed by the source, but of another veiligheidsregio
    toegevoegd: tuple[str, ...]  # of the region by law, missing in the source


def wettelijke_leden(
    opengr: dict[str, tuple[str, frozenset[str]]],
    regios: dict[str, tuple[str, str, frozenset[str]]],
) -> list[WettelijkeLeden]:
    """Members of OpenGR veiligheidsregio's fixed by the Wet veiligheidsregio's (art. 8 and the
    bijlage: the division of the country into veiligheidsregio's is law).

    An OpenGR arrangement whose name belongs to the veiligheidsregio family and names a
    region of the ``veiligheidsregio`` indeling (all words of the region's name occur in
    it; the region with the most words wins, then the one sharing most members) gets the
    region's gemeenten. Returned only where that changes something, sorted by OpenGR id.
    """
    vr = {
        rid: (naam, leden)
        for rid, (ind, naam, leden) in regios.items()
        if ind == "veiligheidsregio"
    }
    out = []
    for oid, (naam, leden) in sorted(opengr.items()):
        if not FAMILIE["veiligheidsregio"].search(fold(naam)):
            continue
        words = set(fold(naam).split())
        named = sorted(
            (
                (-len(set(fold(rnaam).split())), -len(leden & rleden), rid)
                for rid, (rnaam, rleden) in vr.items()
                if set(fold(rnaam).split()) <= words and leden & rleden
            ),
        )
        if not named or (len(named) > 1 and named[0][:2] == named[1][:2]):
            continue
        rid = named[0][2]
        rleden = vr[rid][1]
        if rleden != leden:
            out.append(
                WettelijkeLeden(
                    oid, rid, rleden, tuple(sorted(leden - rleden)), tuple(sorted(rleden - leden))
                )
            )
    return out
