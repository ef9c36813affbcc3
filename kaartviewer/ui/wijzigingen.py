"""The Wijzigingen view: what changed between two peildata of the GR-register, or between
the 2016 layer and today; nationally and, with a gemeente chosen, for that gemeente.

The comparison itself is :func:`kaartviewer.wijzigingen.vergelijk` (cached in
:mod:`kaartviewer.ui.data`); it runs only when this view is open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from kaartviewer import analysis, provenance
from kaartviewer.register import REGISTER_VERPLICHT_SINDS
from kaartviewer.ui import data, keys
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md
from kaartviewer.ui.selection import select
from kaartviewer.ui.state import VERGELIJKINGEN, Filters
from kaartviewer.ui.widgets import downloads, num
from kaartviewer.wijzigingen import LIDMAATSCHAP_MUTATIES, SAMENWERKING_MUTATIES, Wijzigingen


def standaard_data(src: data.Source) -> tuple[str, str]:
    """The default peildata of the comparison: from the day registration became compulsory
    to the peildatum shown (on the 2016 layer: to the register's snapshot)."""
    tot = src.peildatum if not src.historisch and src.peildatum else data.snapshot(src)
    first = data.MIN_PEILDATUM.isoformat()
    return (REGISTER_VERPLICHT_SINDS if REGISTER_VERPLICHT_SINDS < tot else first), tot


def render(ctx: Context) -> None:
    st.header("Wijzigingen")
    vergelijking = st.radio(
        "Vergelijk",
        list(VERGELIJKINGEN),
        format_func=VERGELIJKINGEN.get,
        key=keys.VERGELIJKING,
        horizontal=True,
        help="Twee peildata: wat er in het GR-register tussen die dagen veranderde. 2016 met "
        "vandaag: de historische laag (OpenGR en RegioAtlas, op de gemeenten van nu) naast "
        "het register van vandaag.",
    )
    if vergelijking == "lagen":
        w, van, tot = _lagen(ctx)
    else:
        w, van, tot = _peildata(ctx)
    w = _gefilterd(ctx, w, vergelijking)
    code = _gemeente_keuze(ctx)
    if code:
        w = w.voor_gemeente(code)
    via = _via(ctx, w, vergelijking)
    _aantallen(w)
    if code:
        _zin(ctx, w, via, code, van, tot)
    _tabellen(ctx, w, via, code)


def _sources(ctx: Context, w: Wijzigingen, vergelijking: str) -> list[data.Source]:
    """The two sides of the comparison: (van, tot)."""
    if vergelijking == "lagen":
        return [ctx.src.on("2016", "2025"), _today(ctx)]
    base = ctx.src.on("actueel")
    return [replace(base, peildatum=p) for p in (w.van, w.tot)]


def _via(ctx: Context, w: Wijzigingen, vergelijking: str) -> list[str]:
    """The predecessor each changed membership came through (a merged gemeente's)."""
    reg_van, reg_tot = (data.registry(src)[0] for src in _sources(ctx, w, vergelijking))
    return analysis.lidmaatschap_via(w.lidmaatschappen, reg_van, reg_tot)


def _dates(ctx: Context) -> tuple[str, str]:
    """The two date inputs (seeded with the defaults, kept in the register's range)."""
    ss = st.session_state
    snapshot = data.snapshot(ctx.src)
    van_std, tot_std = standaard_data(ctx.src)
    for key, std in ((keys.WIJZIGING_VAN, van_std), (keys.WIJZIGING_TOT, tot_std)):
        value = ss.get(key)
        iso = value.isoformat() if isinstance(value, dt.date) else std
        ss[key] = dt.date.fromisoformat(data.clamp_peildatum(iso, snapshot)[0])
    c1, c2 = st.columns(2)
    bounds = {
        "min_value": data.MIN_PEILDATUM,
        "max_value": dt.date.fromisoformat(snapshot),
        "format": "DD-MM-YYYY",
    }
    van = c1.date_input("Van (peildatum)", key=keys.WIJZIGING_VAN, **bounds)
    tot = c2.date_input("Tot (peildatum)", key=keys.WIJZIGING_TOT, **bounds)
    van, tot = van.isoformat(), tot.isoformat()
    if van > tot:
        st.info("De begindatum ligt na de einddatum: de twee zijn omgedraaid.")
        van, tot = tot, van
    return van, tot


def _peildata(ctx: Context) -> tuple[Wijzigingen, str, str]:
    van, tot = _dates(ctx)
    if provenance.register_onvolledig(van):
        st.warning(md(provenance.onvolledig_zin(van)), icon="⚠️")
    w = data.wijzigingen_peildata(ctx.src, van, tot)
    st.caption(
        f"Wat er in het GR-register veranderde tussen {md(provenance.datum(van))} en "
        f"{md(provenance.datum(tot))}: nieuwe en beëindigde regelingen, gewijzigde (naam, "
        "vorm, onderwerp, een nieuwe versie of andere deelnemers) en lidmaatschappen die "
        "erbij kwamen of afgingen. De netwerkregio's van het CBS hebben geen geschiedenis."
    )
    return w, provenance.datum(van), provenance.datum(tot)


def _lagen(ctx: Context) -> tuple[Wijzigingen, str, str]:
    w = data.wijzigingen_lagen(ctx.src)
    st.caption(
        "De historische laag 2016 (OpenGR en RegioAtlas, op de gemeenten van nu) naast het "
        f"GR-register van {md(provenance.datum(w.tot))}. Let op: dit vergelijkt twee "
        "verschillende bronnen. OpenGR was onvolledig en RegioAtlas telde ook regio's mee; "
        "niet elk verschil is dus een echte wijziging. Samenwerkingen zijn op naam en "
        "deelnemers aan elkaar gekoppeld."
    )
    return w, "2016", provenance.datum(w.tot)


def _gefilterd(ctx: Context, w: Wijzigingen, vergelijking: str) -> Wijzigingen:
    """Only the samenwerkingen that pass the sidebar filters on either side."""
    f = ctx.filters
    if f == Filters():
        return w
    ids: set[str] = set()
    for src in _sources(ctx, w, vergelijking):
        ids |= set(data.filtered(src, f).samenwerkingen.index)
    st.caption(f"Alleen samenwerkingen onder de filters: {md(f.describe(ctx.provincies))}.")
    return analysis.binnen(w, ids)


def _today(ctx: Context) -> data.Source:
    base = ctx.src.on("actueel")
    return replace(base, peildatum=data.snapshot(base))


def _aantallen(w: Wijzigingen) -> None:
    a = w.aantallen()
    c = st.columns(5)
    c[0].metric("Nieuw", num(a["nieuw"], 0))
    c[1].metric("Beëindigd", num(a["beeindigd"], 0))
    c[2].metric("Gewijzigd", num(a["gewijzigd"], 0))
    c[3].metric("Toetredingen", num(a["lidmaatschappen_bij"], 0))
    c[4].metric("Uittredingen", num(a["lidmaatschappen_af"], 0))


def _gemeenten(ctx: Context) -> dict[str, str]:
    """Today's gemeenten (the comparisons are on the gemeente-indeling of 2025)."""
    g = data.register_data(ctx.src.on("actueel"))[0].gemeenten
    pairs = sorted(zip(g["gemeentenaam"], g["gemeentecode"], strict=True), key=lambda p: str(p[0]))
    return {code: naam for naam, code in pairs}


def _gemeente_keuze(ctx: Context) -> str | None:
    """A gemeente to narrow the changes to; it is the page's selected gemeente."""
    names = _gemeenten(ctx)
    ss = st.session_state
    chosen = ss.get(keys.GEMEENTE)
    ss[keys.WIJZIGING_GEMEENTE] = chosen if chosen in names else None
    return st.selectbox(
        "Gemeente",
        [None, *names],
        format_func=lambda c: "heel Nederland" if c is None else str(names.get(c, c)),
        key=keys.WIJZIGING_GEMEENTE,
        on_change=_gemeente_gekozen,
        placeholder="heel Nederland",
        help="Kies een gemeente voor haar toe- en uittredingen.",
    )


def _gemeente_gekozen() -> None:
    select("gemeente", st.session_state.get(keys.WIJZIGING_GEMEENTE), switch_view=False)


def _zin(ctx: Context, w: Wijzigingen, via: list[str], code: str, van: str, tot: str) -> None:
    """The raadslid sentence; a membership through a predecessor says so ('via Weesp')."""
    lid = w.lidmaatschappen
    naam = _gemeenten(ctx).get(code, code)
    names = {"bij": [], "af": []}
    for n, m, v in zip(lid["naam"].astype(str), lid["mutatie"], via, strict=True):
        names[m].append(f"{n} (via {v})" if v else n)
    zin = analysis.wijzigingen_zin(naam, van, tot, names["bij"], names["af"])
    st.markdown(f"**{md(zin)}**")


def _tabellen(ctx: Context, w: Wijzigingen, via: list[str], code: str | None) -> None:
    naam = f"wijzigingen-{w.van}-{w.tot}" + (f"-{code}" if code else "")
    herkomst = dict(ctx.herkomst(), vergelijking=f"{w.van} → {w.tot}")
    sw = w.samenwerkingen
    st.markdown(f"**Samenwerkingen** ({len(sw)})")
    table = pd.DataFrame(
        {
            "mutatie": sw["mutatie"].map(SAMENWERKING_MUTATIES),
            "samenwerking": sw["naam"],
            "wat": sw["wat"],
            "deelnemers": sw["n_deelnemers"],
            "id": sw["id"],
        }
    )
    if sw.empty:
        st.caption("Geen nieuwe, beëindigde of gewijzigde samenwerkingen.")
    else:
        st.dataframe(table, hide_index=True, width="stretch", height=min(420, 35 * len(sw) + 38))
        downloads(table, f"{naam}-samenwerkingen", key="wz-sw", herkomst=herkomst)
    lid = w.lidmaatschappen
    st.markdown(f"**Lidmaatschappen** ({num(len(lid), 0)})")
    leden = pd.DataFrame(
        {
            "mutatie": lid["mutatie"].map(LIDMAATSCHAP_MUTATIES),
            "gemeente": lid["gemeentenaam"],
            "samenwerking": lid["naam"],
            "via": via,
            "gemeentecode": lid["gemeentecode"],
            "id": lid["samenwerking"],
        }
    )
    if lid.empty:
        st.caption("Geen toe- of uittredingen.")
    else:
        st.dataframe(leden, hide_index=True, width="stretch", height=min(420, 35 * len(lid) + 38))
        downloads(leden, f"{naam}-lidmaatschappen", key="wz-lid", herkomst=herkomst)
