"""View state ⇄ URL query parameters, so a pasted link reopens the same view.

Parameters: ``gemeente=GM####``, ``samenwerking=<id>``, ``onderwerp=a,b``, ``vorm=a,b``,
``soort=wgr,netwerk``, ``provincie=PV##[,PV##]``, ``weergave=kaart|verbanden|analyse|data``,
``gemeente_indeling=2016|2025``, ``grenzen=<regio-indeling>`` (overlay). Unknown values are dropped with a friendly Dutch message, never a crash.
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
    soort: tuple[str, ...] = ()
    provincie: tuple[str, ...] = ()

    def apply(self, reg: Registry) -> Registry:
        return reg.filter(
            onderwerp=self.onderwerp,
            vorm=self.vorm,
            samenwerking_soort=self.soort,
            provincie=self.provincie,
        )

    def describe(self, provincies: dict[str, str]) -> str:
        parts = []
        if self.onderwerp:
            parts.append("onderwerp " + ", ".join(ONDERWERPEN[o] for o in self.onderwerp))
        if self.vorm:
            parts.append("vorm " + ", ".join(JURIDISCHE_VORMEN[v] for v in self.vorm))
        if self.soort:
            parts.append("soort " + ", ".join(SAMENWERKING_SOORTEN[s] for s in self.soort))
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


def parse_gemeente_indeling(params) -> tuple[str, list[str]]:
    """The gemeente-indeling asked for (``gemeente_indeling=2016|2025``), read first because the
    other parameters are checked against that gemeente-indeling's gemeenten."""
    vals = _values(params, "gemeente_indeling")
    if not vals:
        return "2016", []
    if vals[0] in GEMEENTE_INDELINGEN:
        return vals[0], []
    return "2016", [
        f"Onbekende gemeente-indeling '{vals[0]}'; 2016 wordt getoond (kies 2016 of 2025)."
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
    msgs: list[str] = []
    provs = set(reg.gemeenten["provinciecode"])

    def closed(key: str, allowed, label: str) -> tuple[str, ...]:
        vals = _values(params, key)
        bad = [v for v in vals if v not in allowed]
        if bad:
            msgs.append(f"Onbekende {label} in de link genegeerd: {', '.join(bad)}.")
        return tuple(dict.fromkeys(v for v in vals if v in allowed))

    filters = Filters(
        onderwerp=closed("onderwerp", ONDERWERPEN, "onderwerp(en)"),
        vorm=closed("vorm", JURIDISCHE_VORMEN, "juridische vorm(en)"),
        soort=closed("soort", SAMENWERKING_SOORTEN, "soort(en)"),
        provincie=closed("provincie", provs, "provincie(s)"),
    )
    state = ViewState(filters=filters)

    def single(key: str, allowed, message: str) -> str | None:
        """The first value of ``key`` if allowed; else a message (``{v}`` = the value)."""
        vals = _values(params, key)
        if vals and vals[0] in allowed:
            return vals[0]
        if vals:
            msgs.append(message.format(v=vals[0]))
        return None

    state.weergave = (
        single("weergave", WEERGAVEN, "Onbekende weergave '{v}'; de kaart wordt getoond.")
        or "kaart"
    )
    jaar = parse_gemeente_indeling(params)[0]
    state.gemeente = single(
        "gemeente",
        set(reg.gemeenten.index),
        "Gemeente '{v}' bestaat niet in de gemeente-indeling van " + jaar + ". "
        "Gebruik een CBS-code zoals GM0363 of zoek de gemeente op naam.",
    )
    state.samenwerking = single(
        "samenwerking",
        set(reg.samenwerkingen.index),
        "Samenwerking '{v}' staat niet in het register. Zoek haar op naam.",
    )
    state.grenzen = single("grenzen", set(indelingen), "Onbekende regio-indeling '{v}' genegeerd.")
    state.gemeente_indeling, more = parse_gemeente_indeling(params)
    return state, more + msgs


def to_params(state: ViewState) -> dict[str, str]:
    """Query parameters for a state (defaults omitted, lists comma-separated)."""
    out: dict[str, str] = {}
    f = state.filters
    for key, vals in (
        ("onderwerp", f.onderwerp),
        ("vorm", f.vorm),
        ("soort", f.soort),
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
