"""View state ⇄ URL query parameters, so a pasted link reopens the same view.

Parameters: ``gemeente=GM####``, ``samenwerking=<id>``, ``onderwerp=a,b``, ``vorm=a,b``,
``samenwerking_soort=wgr,netwerk,privaat``, ``provincie=PV##[,PV##]``,
``weergave=kaart|verbanden|analyse|data``, ``gemeente_indeling=2016|2025`` and
``grenzen=<regio-indeling>`` (the regio-indeling drawn over the map). Unknown parameters and
values are dropped with a friendly Dutch message, never a crash; the messages quote the
value as plain text (the page shows them through ``safe.md``). Links made before the
vocabulary was settled still open: ``soort=`` is read as ``samenwerking_soort=`` and
``indeling=`` as ``gemeente_indeling=``, and the page rewrites the URL to the new names.
Pure functions (no Streamlit) so they are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaartviewer.registry import Registry
from kaartviewer.schema import (
    GEMEENTE_INDELINGEN,
    JURIDISCHE_VORMEN,
    ONDERWERPEN,
    SAMENWERKING_SOORTEN,
)
from kaartviewer.ui.safe import shorten

WEERGAVEN: dict[str, str] = {
    "kaart": "Kaart",
    "verbanden": "Verbanden",
    "analyse": "Congruentie & overlap",
    "data": "Over de data",
}


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
    gemeente_indeling: str = "2016"


#: Every parameter the page reads (and writes); anything else in a link is reported.
PARAMETERS: tuple[str, ...] = (
    "gemeente",
    "samenwerking",
    "onderwerp",
    "vorm",
    "samenwerking_soort",
    "provincie",
    "weergave",
    "gemeente_indeling",
    "grenzen",
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


def parse_gemeente_indeling(params) -> tuple[str, list[str]]:
    """The gemeente-indeling asked for (``gemeente_indeling=2016|2025``), read first because the
    other parameters are checked against that gemeente-indeling's gemeenten."""
    vals = _values(normalise(params)[0], "gemeente_indeling")
    if not vals:
        return "2016", []
    if vals[0] in GEMEENTE_INDELINGEN:
        return vals[0], []
    return "2016", [
        f"Onbekende gemeente-indeling '{shorten(vals[0])}'; 2016 wordt getoond "
        f"(kies {' of '.join(GEMEENTE_INDELINGEN)})."
    ]


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
    gemeente_indeling, more = parse_gemeente_indeling(params)
    state.gemeente = single(
        "gemeente",
        set(reg.gemeenten.index),
        "Gemeente '{v}' bestaat niet in de gemeente-indeling van " + gemeente_indeling + ". "
        "Gebruik een CBS-code zoals GM0363 of zoek de gemeente op naam.",
    )
    state.samenwerking = single(
        "samenwerking",
        set(reg.samenwerkingen.index),
        "Samenwerking '{v}' staat niet in het register. Zoek haar op naam.",
    )
    state.grenzen = single("grenzen", set(indelingen), "Onbekende regio-indeling '{v}' genegeerd.")
    state.gemeente_indeling = gemeente_indeling
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
    if state.gemeente_indeling != "2016":
        out["gemeente_indeling"] = state.gemeente_indeling
    return out
