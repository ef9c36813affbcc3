"""View state ⇄ URL query parameters, so a pasted link reopens the same view.

Parameters: ``laag=actueel|2016`` (default ``actueel``: today's register),
``peildatum=JJJJ-MM-DD`` (today's layer; default the register's snapshot),
``gemeente_indeling=2016|2025`` (the 2016 layer only: today's is always on 2025),
``gemeente=GM####``, ``samenwerking=<id>``, ``onderwerp=a,b``, ``vorm=a,b``,
``samenwerking_soort=wgr,netwerk,privaat``, ``provincie=PV##[,PV##]``,
``weergave=kaart|catalogus|verbanden|analyse|vergelijk|wijzigingen|data|beheer``,
``grenzen=<regio-indeling>`` (the regio-indeling drawn over the map), for the Wijzigingen view
``vergelijking=peildata|lagen`` with ``van=`` / ``tot=`` (two peildata), for the analyse view
``onderdeel=<part>`` (the one part shown, see :data:`ONDERDELEN`) and for the compare view
``indeling_a=`` / ``indeling_b=`` (two regio-indelingen) and ``gemeente_a=`` / ``gemeente_b=``. Unknown parameters and values are dropped with a
friendly Dutch message, never a crash; the messages quote the value as plain text (the page
shows them through ``safe.md``). Links made before the vocabulary was settled still open:
``soort=`` is read as ``samenwerking_soort=`` and ``indeling=`` as ``gemeente_indeling=``, and
the page rewrites the URL to the new names; a link with ``gemeente_indeling=2016`` and no
``laag`` (made when the 2016 registry was the only one) opens the 2016 layer.
Pure functions (no Streamlit) so they are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaartviewer.provenance import datum
from kaartviewer.register import PeildatumError, parse_peildatum
from kaartviewer.registry import Registry
from kaartviewer.schema import (
    GEMEENTE_INDELINGEN,
    JURIDISCHE_VORMEN,
    LAGEN,
    ONDERWERPEN,
    SAMENWERKING_SOORTEN,
)
from kaartviewer.ui.safe import shorten

WEERGAVEN: dict[str, str] = {
    "kaart": "Kaart",
    "catalogus": "Catalogus",
    "verbanden": "Verbanden",
    "analyse": "Congruentie & overlap",
    "vergelijk": "Vergelijken",
    "wijzigingen": "Wijzigingen",
    "data": "Over de data",
    "beheer": "Beheer",
}
#: What the Wijzigingen view compares.
VERGELIJKINGEN: dict[str, str] = {
    "peildata": "Twee peildata (GR-register)",
    "lagen": "2016 met vandaag",
}
#: The parts of the analyse view; only the chosen one is computed and drawn.
ONDERDELEN: dict[str, str] = {
    "congruentie": "Congruentie van indelingen",
    "overlap": "Overlapzoeker",
    "spaghetti": "Spaghetti-ranglijst",
    "natuurlijk": "Natuurlijke regio's",
    "toen-nu": "2016 ↔ 2025",
}
#: The layer a link opens without ``laag=``.
STANDAARD_LAAG = "actueel"


@dataclass(frozen=True)
class Filters:
    """The sidebar filters; hashable so it can key caches. Empty tuple = no filter."""

    onderwerp: tuple[str, ...] = ()
    vorm: tuple[str, ...] = ()
    samenwerking_soort: tuple[str, ...] = ()
    provincie: tuple[str, ...] = ()

    def apply(self, reg: Registry) -> Registry:
        return reg.filter(
            onderwerp=self.onderwerp,
            vorm=self.vorm,
            samenwerking_soort=self.samenwerking_soort,
            provincie=self.provincie,
        )

    def describe(self, provincies: dict[str, str]) -> str:
        parts = []
        if self.onderwerp:
            parts.append("onderwerp " + ", ".join(ONDERWERPEN[o] for o in self.onderwerp))
        if self.vorm:
            parts.append("vorm " + ", ".join(JURIDISCHE_VORMEN[v] for v in self.vorm))
        if self.samenwerking_soort:
            parts.append(
                "soort samenwerking "
                + ", ".join(SAMENWERKING_SOORTEN[s] for s in self.samenwerking_soort)
            )
        if self.provincie:
            parts.append("provincie " + ", ".join(provincies.get(p, p) for p in self.provincie))
        return "; ".join(parts) or "geen (alle samenwerkingen)"


@dataclass
class ViewState:
    filters: Filters = field(default_factory=Filters)
    weergave: str = "kaart"
    gemeente: str | None = None
    samenwerking: str | None = None
    grenzen: str | None = None
    laag: str = STANDAARD_LAAG
    #: The gemeente-indeling of the 2016 layer (today's layer is always on 2025).
    gemeente_indeling: str = "2016"
    #: Today's layer: the peildatum (ISO); ``None`` = the register's snapshot.
    peildatum: str | None = None
    #: The Wijzigingen view: what it compares and between which peildata (``None`` = default).
    vergelijking: str = "peildata"
    van: str | None = None
    tot: str | None = None
    #: The analyse view: the part shown.
    onderdeel: str = "congruentie"
    #: The compare view: two regio-indelingen and two gemeenten (``None`` = the default).
    indeling_a: str | None = None
    indeling_b: str | None = None
    gemeente_a: str | None = None
    gemeente_b: str | None = None


@dataclass(frozen=True)
class LaagKeuze:
    """What to load, read from a link before anything is loaded."""

    laag: str = STANDAARD_LAAG
    gemeente_indeling: str = "2016"
    peildatum: str | None = None


#: Every parameter the page reads (and writes); anything else in a link is reported.
PARAMETERS: tuple[str, ...] = (
    "gemeente",
    "samenwerking",
    "onderwerp",
    "vorm",
    "samenwerking_soort",
    "provincie",
    "weergave",
    "laag",
    "peildatum",
    "gemeente_indeling",
    "grenzen",
    "vergelijking",
    "van",
    "tot",
    "onderdeel",
    "indeling_a",
    "indeling_b",
    "gemeente_a",
    "gemeente_b",
)
#: Old parameter names (links shared before the vocabulary was settled) → current name.
LEGACY_PARAMETERS: dict[str, str] = {"soort": "samenwerking_soort", "indeling": "gemeente_indeling"}
#: Parameters Streamlit itself reads; they are not ours to report.
_STREAMLIT_PARAMETERS = frozenset({"embed", "embed_options"})


def normalise(params) -> tuple[dict, list[str]]:
    """Old names mapped to current ones; unknown parameters dropped with a message."""
    out: dict = {}
    msgs: list[str] = []
    for key, value in dict(params).items():
        name = LEGACY_PARAMETERS.get(key, key)
        if name in PARAMETERS:
            out.setdefault(name, value)
        elif key not in _STREAMLIT_PARAMETERS:
            msgs.append(f"Onbekende parameter '{shorten(key, 40)}' in de link genegeerd.")
    return out, msgs


def _datum(value: str, wat: str, msgs: list[str], gevolg: str) -> str | None:
    """``value`` as an ISO date, or ``None`` with a Dutch message (the value quoted)."""
    try:
        return parse_peildatum(value)
    except PeildatumError:
        msgs.append(
            f"{wat} '{shorten(value, 40)}' in de link is geen datum (schrijf JJJJ-MM-DD, "
            f"bijv. 2024-01-01); {gevolg}."
        )
        return None


def parse_laag(params) -> tuple[LaagKeuze, list[str]]:
    """The laag, gemeente-indeling and peildatum asked for, read first because what is
    loaded depends on them (the other parameters are checked against the loaded data).

    ``laag`` defaults to today's; a link with ``gemeente_indeling=2016`` and no ``laag``
    opens the 2016 layer (the only one that has it). ``peildatum`` is checked for its form
    here; whether it lies within the register's range is checked after loading.
    """
    params = normalise(params)[0]
    msgs: list[str] = []
    laag_vals = _values(params, "laag")
    gi_vals = _values(params, "gemeente_indeling")
    gi = gi_vals[0] if gi_vals else None
    if gi is not None and gi not in GEMEENTE_INDELINGEN:
        msgs.append(
            f"Onbekende gemeente-indeling '{shorten(gi)}' genegeerd "
            f"(kies {' of '.join(GEMEENTE_INDELINGEN)})."
        )
        gi = None
    if not laag_vals:
        laag = "2016" if gi == "2016" else STANDAARD_LAAG
    elif laag_vals[0] in LAGEN:
        laag = laag_vals[0]
    else:
        laag = STANDAARD_LAAG
        msgs.append(
            f"Onbekende laag '{shorten(laag_vals[0])}'; het register van vandaag wordt getoond "
            f"(kies {' of '.join(LAGEN)})."
        )
    if laag == STANDAARD_LAAG and gi == "2016":
        msgs.append(
            "De gemeente-indeling 2016 bestaat alleen voor de historische laag 2016; het "
            "register van vandaag staat op de gemeenten van 2025."
        )
    p_vals = _values(params, "peildatum")
    peildatum = None
    if p_vals and laag != STANDAARD_LAAG:
        msgs.append(
            f"De laag 2016 heeft geen peildatum; '{shorten(p_vals[0], 40)}' in de link genegeerd."
        )
    elif p_vals:
        peildatum = _datum(
            p_vals[0], "Peildatum", msgs, "de laatste stand van het register wordt getoond"
        )
    keuze = LaagKeuze(
        laag=laag,
        gemeente_indeling=(gi or "2016") if laag == "2016" else "2016",
        peildatum=peildatum,
    )
    return keuze, msgs


def _values(params, key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def parse(params, reg: Registry, indelingen: list[str]) -> tuple[ViewState, list[str]]:
    """Validate query parameters against the registry; return the state and Dutch messages
    for every value that was not understood (those values are ignored)."""
    params, msgs = normalise(params)
    provs = set(reg.gemeenten["provinciecode"])

    def closed(key: str, allowed, label: str) -> tuple[str, ...]:
        vals = _values(params, key)
        bad = [shorten(v, 40) for v in vals if v not in allowed]
        if bad:
            msgs.append(f"Onbekende {label} in de link genegeerd: {', '.join(bad[:5])}.")
        return tuple(dict.fromkeys(v for v in vals if v in allowed))

    filters = Filters(
        onderwerp=closed("onderwerp", ONDERWERPEN, "onderwerp(en)"),
        vorm=closed("vorm", JURIDISCHE_VORMEN, "juridische vorm(en)"),
        samenwerking_soort=closed(
            "samenwerking_soort", SAMENWERKING_SOORTEN, "soort(en) samenwerking"
        ),
        provincie=closed("provincie", provs, "provincie(s)"),
    )
    state = ViewState(filters=filters)

    def single(key: str, allowed, message: str) -> str | None:
        """The first value of ``key`` if allowed; else a message (``{v}`` = the value)."""
        vals = _values(params, key)
        if vals and vals[0] in allowed:
            return vals[0]
        if vals:
            msgs.append(message.format(v=shorten(vals[0])))
        return None

    state.weergave = (
        single("weergave", WEERGAVEN, "Onbekende weergave '{v}'; de kaart wordt getoond.")
        or "kaart"
    )
    keuze, more = parse_laag(params)
    shown_on = keuze.gemeente_indeling if keuze.laag == "2016" else "2025"
    state.gemeente = single(
        "gemeente",
        set(reg.gemeenten.index),
        "Gemeente '{v}' bestaat niet in de gemeente-indeling van " + shown_on + ". "
        "Gebruik een CBS-code zoals GM0363 of zoek de gemeente op naam.",
    )
    state.samenwerking = single(
        "samenwerking",
        set(reg.samenwerkingen.index),
        "Samenwerking '{v}' staat niet in het register"
        + (
            f" op peildatum {datum(reg.meta['peildatum'])}"
            if keuze.laag == STANDAARD_LAAG and reg.meta.get("peildatum")
            else " van de historische laag 2016"
            if keuze.laag != STANDAARD_LAAG
            else ""
        )
        + ". Zoek haar op naam.",
    )
    state.grenzen = single("grenzen", set(indelingen), "Onbekende regio-indeling '{v}' genegeerd.")
    state.laag, state.gemeente_indeling = keuze.laag, keuze.gemeente_indeling
    state.peildatum = keuze.peildatum
    state.vergelijking = (
        single("vergelijking", VERGELIJKINGEN, "Onbekende vergelijking '{v}' genegeerd.")
        or "peildata"
    )
    for key, wat in (("van", "Begindatum"), ("tot", "Einddatum")):
        vals = _values(params, key)
        if vals:
            setattr(state, key, _datum(vals[0], wat, msgs, "de standaarddatum wordt gebruikt"))
    state.onderdeel = (
        single("onderdeel", ONDERDELEN, "Onbekend onderdeel '{v}' genegeerd.") or "congruentie"
    )
    for key in ("indeling_a", "indeling_b"):
        setattr(
            state, key, single(key, set(indelingen), "Onbekende regio-indeling '{v}' genegeerd.")
        )
    for key in ("gemeente_a", "gemeente_b"):
        setattr(
            state,
            key,
            single(
                key,
                set(reg.gemeenten.index),
                "Gemeente '{v}' om te vergelijken bestaat niet in de gemeente-indeling van "
                + shown_on
                + "; kies er een in de lijst.",
            ),
        )
    return state, more + msgs


def to_params(state: ViewState) -> dict[str, str]:
    """Query parameters for a state (defaults omitted, lists comma-separated)."""
    out: dict[str, str] = {}
    f = state.filters
    for key, vals in (
        ("onderwerp", f.onderwerp),
        ("vorm", f.vorm),
        ("samenwerking_soort", f.samenwerking_soort),
        ("provincie", f.provincie),
    ):
        if vals:
            out[key] = ",".join(vals)
    if state.weergave != "kaart":
        out["weergave"] = state.weergave
    if state.gemeente:
        out["gemeente"] = state.gemeente
    if state.samenwerking:
        out["samenwerking"] = state.samenwerking
    if state.grenzen:
        out["grenzen"] = state.grenzen
    if state.laag != STANDAARD_LAAG:
        out["laag"] = state.laag
        if state.gemeente_indeling != "2016":
            out["gemeente_indeling"] = state.gemeente_indeling
    elif state.peildatum:
        out["peildatum"] = state.peildatum
    if state.weergave == "wijzigingen":
        if state.vergelijking != "peildata":
            out["vergelijking"] = state.vergelijking
        else:
            out.update({k: v for k, v in (("van", state.van), ("tot", state.tot)) if v})
    if state.weergave == "analyse" and state.onderdeel != "congruentie":
        out["onderdeel"] = state.onderdeel
    if state.weergave == "vergelijk":
        picks = ("indeling_a", "indeling_b", "gemeente_a", "gemeente_b")
        out.update({k: getattr(state, k) for k in picks if getattr(state, k)})
    return out
