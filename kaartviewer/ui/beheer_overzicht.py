"""The reading and reviewing parts of the beheer view: the review queue (approve, reject,
edit), the meldingen, each samenwerking's history, bestuurders per gemeente and the tables
per bestuurder, and the anonymous "Meld een correctie".

All text from the store (names, reasons, a visitor's melding) is shown as text: through
``md()`` in Markdown, raw in table cells.
"""

from __future__ import annotations

import hashlib
import ipaddress
import uuid

import pandas as pd
import streamlit as st

from kaartviewer.beheer.service import (
    MELDING_MAX_CONTACT,
    MELDING_MAX_TEKENS,
    Aanvulling,
    Actor,
    Melding,
)
from kaartviewer.ui import beheer_formulieren, keys, login
from kaartviewer.ui.beheer_velden import (
    FOUTEN,
    meld,
    meld_fout,
    plat,
    waarde_tekst,
    wanneer,
    wijzigingen_tabel,
)
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md, plain

#: Revisions shown per samenwerking (newest); older ones are in the export.
MAX_REVISIES = 50
ACTIES = {
    "voorgesteld": "voorgesteld",
    "gewijzigd": "gewijzigd",
    "goedgekeurd": "goedgekeurd",
    "afgewezen": "afgewezen",
    "ingetrokken": "ingetrokken",
    "ongedaan": "ongedaan gemaakt",
}


def _samenwerking_naam(ctx: Context, sid: str | None) -> str:
    if sid and sid in ctx.reg.samenwerkingen.index:
        return str(ctx.reg.samenwerkingen.at[sid, "naam"])
    return sid or "—"


# --- the review queue -----------------------------------------------------------------------


def voorstellen(ctx: Context, store, actor: Actor) -> None:
    """Open aanvullingen: a beheerder approves, rejects or edits any; a redacteur edits
    those in scope."""
    open_ = store.wachtrij(actor)
    if actor.is_beheerder:
        st.markdown(
            f"**Wachtrij: {len(open_)} voorstel(len) wachten op een besluit.** Goedgekeurde "
            "aanvullingen staan bij de volgende keer laden op de kaart, met hun herkomst."
        )
    else:
        st.markdown(
            f"**{len(open_)} open voorstel(len)** voor uw gemeente(n). Een beheerder keurt "
            "ze goed of af; tot dan kunt u ze bewerken."
        )
    for a in open_:
        with st.container(border=True):
            _voorstel(ctx, store, actor, a)


def _voorstel(ctx: Context, store, actor: Actor, a: Aanvulling) -> None:
    st.markdown(f"**{md(beheer_formulieren.kop(a, ctx))}**")
    st.caption(md(beheer_formulieren.herkomst_regel(a)))
    tabel = _inhoud_tabel(a, dict(ctx.reg.gemeenten["gemeentenaam"]))
    if len(tabel):
        st.dataframe(tabel, hide_index=True, width="stretch")
    st.caption(f"Bron: {md(a.bron)} · Reden: {md(a.reden or '—')}")
    if actor.is_beheerder:
        c = st.columns([1, 2, 1])
        c[0].button(
            "Goedkeuren",
            key=f"beheer-goedkeuren-{int(a.id)}",
            type="primary",
            on_click=_goedkeuren,
            args=(store, a.id, a.versie),
        )
        c[1].text_input(
            "Reden van afwijzen",
            key=f"beheer-afwijsreden-{int(a.id)}",
            max_chars=500,
            label_visibility="collapsed",
            placeholder="reden van afwijzen",
        )
        c[2].button(
            "Afwijzen",
            key=f"beheer-afwijzen-{int(a.id)}",
            on_click=_afwijzen,
            args=(store, a.id, a.versie),
        )
    conflict = a.id in st.session_state.get(keys.BEHEER_CONFLICT, {})
    with st.expander("Bewerken", expanded=conflict):
        beheer_formulieren.bewerken(ctx, store, a)


def _met_naam(item, namen: dict) -> object:
    """A deelnemer or bestuurder with the gemeente's name next to its code."""
    if isinstance(item, dict) and item.get("gemeentecode") in namen:
        code = item["gemeentecode"]
        if item.get("naam"):
            return {**item, "naam": f"{item['naam']} ({namen[code]})"}
        return {**item, "naam": f"{namen[code]} ({code})"}
    return item


def _inhoud_tabel(a: Aanvulling, namen: dict | None = None) -> pd.DataFrame:
    """What the aanvulling says (for a correction: the source value and the new one)."""
    inhoud = plat(a.inhoud)
    namen = namen or {}
    if a.soort == "correctie":
        veld = str(inhoud.get("veld", ""))
        return pd.DataFrame(
            [
                {
                    "veld": beheer_formulieren.CORRECTIE_VELDEN.get(veld, veld),
                    "nu in de bron": waarde_tekst(veld, inhoud.get("oud")),
                    "voorgesteld": waarde_tekst(veld, inhoud.get("waarde")),
                }
            ]
        )
    if isinstance(inhoud.get("deelnemers"), list):
        inhoud["deelnemers"] = [_met_naam(d, namen) for d in inhoud["deelnemers"]]
    if isinstance(inhoud.get("bestuurders"), list):
        inhoud["bestuurders"] = [_met_naam(d, namen) for d in inhoud["bestuurders"]]
    rows = [
        {"veld": beheer_formulieren.label(k).rstrip(" *"), "waarde": waarde_tekst(k, v)}
        for k, v in inhoud.items()
        if v not in (None, "", [])
    ]
    return pd.DataFrame(rows, columns=["veld", "waarde"])


def _goedkeuren(store, aanvulling_id: int, versie: int) -> None:
    try:
        store.goedkeuren(login.actor(store), aanvulling_id, verwachte_versie=versie)
    except FOUTEN as exc:
        meld_fout(exc)
        return
    meld("success", f"Voorstel {aanvulling_id} is goedgekeurd en gepubliceerd.")


def _afwijzen(store, aanvulling_id: int, versie: int) -> None:
    reden = str(st.session_state.get(f"beheer-afwijsreden-{int(aanvulling_id)}") or "").strip()
    try:
        store.afwijzen(login.actor(store), aanvulling_id, reden=reden, verwachte_versie=versie)
    except FOUTEN as exc:
        meld_fout(exc)
        return
    meld("success", f"Voorstel {aanvulling_id} is afgewezen.")


# --- meldingen ------------------------------------------------------------------------------


def meldingen(ctx: Context, store, actor: Actor) -> None:
    lijst: list[Melding] = store.meldingen(actor)
    st.markdown(
        f"**{len(lijst)} nieuwe melding(en)** van bezoekers. Een melding is tekst: neem een "
        "terechte correctie over als voorstel (met bron) en markeer de melding als afgehandeld."
    )
    for m in lijst:
        with st.container(border=True):
            st.caption(
                f"Melding {int(m.id)} · {md(wanneer(m.tijd))} · over "
                f"{md(_samenwerking_naam(ctx, m.samenwerking_id))}"
                + (f" · contact: {md(m.contact)}" if m.contact else "")
            )
            st.markdown(md(m.tekst))
            c = st.columns([3, 1])
            c[0].text_input(
                "Notitie",
                key=f"beheer-notitie-{int(m.id)}",
                max_chars=500,
                label_visibility="collapsed",
                placeholder="notitie (optioneel)",
            )
            c[1].button(
                "Afgehandeld",
                key=f"beheer-afgehandeld-{int(m.id)}",
                on_click=_afhandelen,
                args=(store, m.id),
            )


def _afhandelen(store, melding_id: int) -> None:
    notitie = str(st.session_state.get(f"beheer-notitie-{int(melding_id)}") or "")
    try:
        store.melding_afhandelen(login.actor(store), melding_id, notitie)
    except FOUTEN as exc:
        meld_fout(exc)
        return
    meld("success", f"Melding {melding_id} is afgehandeld.")


# --- history --------------------------------------------------------------------------------


def geschiedenis(ctx: Context, store, actor: Actor) -> None:
    sw = ctx.reg.samenwerkingen
    namen = dict(zip(sw.index, sw["naam"], strict=True))
    ss = st.session_state
    if keys.GESCHIEDENIS_SAMENWERKING not in ss and ss.get(keys.SAMENWERKING) in namen:
        ss[keys.GESCHIEDENIS_SAMENWERKING] = ss[keys.SAMENWERKING]
    sid = st.selectbox(
        "Samenwerking",
        list(namen),
        key=keys.GESCHIEDENIS_SAMENWERKING,
        index=None,
        format_func=lambda i: plain(namen.get(i, i)),
        placeholder="zoek een samenwerking op naam …",
    )
    if not sid:
        st.caption(
            "Elke wijziging is een vaste revisie: wie, wanneer, wat ervoor en erna stond, "
            "waarom en op welke bron. Ongedaan maken is een nieuwe revisie."
        )
        return
    revisies = store.geschiedenis(sid)
    if not revisies:
        st.info(f"Geen aanvullingen op {md(namen[sid])}: alles komt uit de bron.")
        return
    st.markdown(f"**{len(revisies)} revisie(s) van {md(namen[sid])}**")
    for r in list(reversed(revisies))[:MAX_REVISIES]:
        with st.container(border=True):
            st.markdown(
                f"**{md(wanneer(r.tijd))}** — aanvulling {int(r.aanvulling_id)} "
                f"{md(ACTIES.get(r.actie, r.actie))} door {md(r.actor)}"
                + (f" ({md(r.rol)})" if r.rol else "")
            )
            st.caption(f"Reden: {md(r.reden or '—')} · Bron: {md(r.bron or '—')}")
            tabel = wijzigingen_tabel(r.voor, r.na)
            if len(tabel):
                st.dataframe(tabel, hide_index=True, width="stretch")
            if actor.is_beheerder:
                st.button(
                    "Deze revisie ongedaan maken",
                    key=f"beheer-ongedaan-{int(r.id)}",
                    on_click=_ongedaan,
                    args=(store, r.id),
                )


def _ongedaan(store, revisie_id: int) -> None:
    try:
        store.ongedaan_maken(login.actor(store), revisie_id)
    except FOUTEN as exc:
        meld_fout(exc)
        return
    meld("success", "De revisie is ongedaan gemaakt (als nieuwe revisie).")


# --- bestuurders ----------------------------------------------------------------------------


def bestuurders(ctx: Context, store) -> None:
    g = ctx.reg.gemeenten
    namen = dict(zip(g.index, g["gemeentenaam"], strict=True))
    ss = st.session_state
    if keys.BESTUURDERS_GEMEENTE not in ss and ss.get(keys.GEMEENTE) in namen:
        ss[keys.BESTUURDERS_GEMEENTE] = ss[keys.GEMEENTE]
    st.markdown("**Bestuurders per gemeente**")
    code = st.selectbox(
        "Gemeente",
        sorted(namen, key=lambda c: str(namen[c])),
        key=keys.BESTUURDERS_GEMEENTE,
        index=None,
        format_func=lambda c: plain(namen.get(c, c)),
        placeholder="kies een gemeente …",
    )
    per_gemeente = store.bestuurders_per_gemeente()
    if code:
        rows = per_gemeente[per_gemeente["gemeentecode"] == code]
        if len(rows):
            st.dataframe(_leesbaar(rows.drop(columns=["gemeentecode"])), hide_index=True)
        else:
            st.caption(f"Nog geen bestuurders van {md(namen[code])} vastgelegd.")
    st.markdown("**Tafels per bestuurder** — het overleg-spaghetti op persoonsniveau")
    tafels = store.tafels_per_bestuurder()
    if not len(tafels):
        st.caption("Nog geen (goedgekeurde) bestuurders vastgelegd.")
        return
    sw = ctx.reg.samenwerkingen
    out = tafels.copy()
    out["gemeente"] = [namen.get(c, "") if c else "" for c in out.get("gemeentecode", "")]
    out["samenwerkingen"] = [
        "; ".join(str(sw.at[i, "naam"]) if i in sw.index else i for i in str(ids).split(";") if i)
        for ids in out["samenwerkingen"]
    ]
    cols = [
        c for c in ("naam", "functie", "gemeente", "partij", "tafels", "samenwerkingen") if c in out
    ]
    st.dataframe(_leesbaar(out[cols]), hide_index=True, width="stretch")


def _leesbaar(df: pd.DataFrame) -> pd.DataFrame:
    """Codes as labels, empty values as '—' (plain text cells)."""
    out = df.copy()
    for col in out.columns:
        if col != "tafels":
            out[col] = [waarde_tekst(col, v) for v in out[col]]
    return out


# --- Meld een correctie (everyone) ---------------------------------------------------------


def _afzender() -> str:
    """Who sends a melding, for the rate limit: a hash of the visitor's address (behind a
    local load balancer the last address it added to ``X-Forwarded-For``)."""
    ip = st.context.ip_address
    ip = ip if isinstance(ip, str) else ""
    try:
        lokaal = ipaddress.ip_address(ip).is_loopback or ipaddress.ip_address(ip).is_private
    except ValueError:
        lokaal = True
    forwarded = (st.context.headers or {}).get("X-Forwarded-For", "")
    if lokaal and isinstance(forwarded, str) and forwarded:
        ip = forwarded.split(",")[-1].strip()
    if not ip:  # no address known (tests): one sender per browser session
        ss = st.session_state
        ip = ss.setdefault(keys.BEHEER_AFZENDER, uuid.uuid4().hex)
    return hashlib.sha256(ip.encode()).hexdigest()[:32]


def melden(ctx: Context, store) -> None:
    st.markdown(
        "**Meld een correctie.** Klopt er iets niet, of ontbreekt een samenwerking of "
        "bestuurder? Beschrijf het hieronder; een redacteur of beheerder bekijkt uw "
        "melding. U hoeft niet in te loggen."
    )
    sw = ctx.reg.samenwerkingen
    namen = dict(zip(sw.index, sw["naam"], strict=True))
    ss = st.session_state
    sleutel_key = keys.beheer_veld("melding", "sleutel")
    ss.setdefault(sleutel_key, uuid.uuid4().hex)
    sid_key = keys.beheer_veld("melding", "samenwerking")
    if sid_key not in ss:
        ss[sid_key] = ss.get(keys.SAMENWERKING) if ss.get(keys.SAMENWERKING) in namen else None
    with st.form("beheer-melding", enter_to_submit=False):
        st.selectbox(
            "Over welke samenwerking? (optioneel)",
            list(namen),
            key=sid_key,
            format_func=lambda i: plain(namen.get(i, i)),
            placeholder="zoek een samenwerking op naam …",
        )
        st.text_area(
            "Uw melding",
            key=keys.beheer_veld("melding", "tekst"),
            max_chars=MELDING_MAX_TEKENS,
            height=140,
        )
        st.text_input(
            "Uw e-mailadres (optioneel, alleen voor de beheerders)",
            key=keys.beheer_veld("melding", "contact"),
            max_chars=MELDING_MAX_CONTACT,
        )
        st.form_submit_button(
            "Melding versturen",
            key=keys.beheer_veld("melding", "versturen"),
            type="primary",
            on_click=_versturen,
            args=(store,),
        )


def _versturen(store) -> None:
    ss = st.session_state
    tekst = str(ss.get(keys.beheer_veld("melding", "tekst")) or "")
    contact = str(ss.get(keys.beheer_veld("melding", "contact")) or "").strip() or None
    try:
        m = store.melding_versturen(
            tekst,
            ss.get(keys.beheer_veld("melding", "samenwerking")),
            contact,
            afzender=_afzender(),
            sleutel=ss.get(keys.beheer_veld("melding", "sleutel")),
        )
    except FOUTEN as exc:
        meld_fout(exc)
        return
    for veld in ("tekst", "contact", "samenwerking", "sleutel"):
        ss.pop(keys.beheer_veld("melding", veld), None)
    meld(
        "success",
        f"Dank u. Uw melding (nummer {m.id}) staat in de wachtrij van de beheerders.",
    )
