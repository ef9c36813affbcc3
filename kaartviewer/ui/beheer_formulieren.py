"""The write forms of the beheer view: a new samenwerking (with deelnemers and bestuurders), a
correction of a source field, a bestuurder at an existing table, and editing a proposal.

Every save goes through a submit callback that calls :mod:`kaartviewer.beheer.service` with
the logged-in Actor (``login.actor``, read again inside the callback); the service checks
the role and the scope. A refused save shows the service's Dutch reason and leaves the
typed input in the form; a conflicting edit says who changed the record and when, shows
both versions and keeps the input.
"""

from __future__ import annotations

import streamlit as st

from kaartviewer.beheer.service import Aanvulling, Conflict
from kaartviewer.schema import CORRECTIE_VELDEN
from kaartviewer.ui import keys, login
from kaartviewer.ui.beheer_velden import (
    FOUTEN,
    MAX_LANG,
    andere_deelnemers,
    deelnemers_regels,
    label,
    lees,
    meld,
    meld_fout,
    plat,
    soort_tekst,
    status_tekst,
    veld,
    vergeet,
    waarde_tekst,
    wanneer,
)
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md, plain

#: The fields of a new samenwerking, in form order.
SAMENWERKING_VELDEN = ("naam", "onderwerp", "vorm", "fase", "start", "einde", "website")
BESTUURDER_VELDEN = ("naam", "functie", "orgaan", "portefeuille", "vanaf", "tot")
MAX_BESTUURDERS = 12
NIEUW = "nieuw"
CORRECTIE = "correctie"
BESTUURDER = "bestuurder"


def _gemeente_namen(ctx: Context) -> dict[str, str]:
    g = ctx.reg.gemeenten
    return dict(sorted(zip(g.index, g["gemeentenaam"], strict=True), key=lambda kv: str(kv[1])))


def _gemeente_keuze(ctx: Context, form: str, naam: str, ident: object = "", container=st):
    """A selectbox of every gemeente (type to search), seeded empty."""
    namen = _gemeente_namen(ctx)
    key = keys.beheer_veld(form, naam, ident)
    if key not in st.session_state:
        st.session_state[key] = None
    container.selectbox(
        md(label(naam)),
        list(namen),
        key=key,
        format_func=lambda c: f"{namen.get(c, c)} ({c})",
        placeholder="kies een gemeente …",
    )


# --- a new samenwerking -------------------------------------------------------------------------


def nieuw(ctx: Context, store) -> None:
    st.markdown(
        "**Een samenwerking die geen register kent** — een netwerk, convenant, regio deal, "
        "overlegtafel, stichting of coöperatie. Velden met * zijn verplicht; een beheerder "
        "keurt het voorstel goed voordat het op de kaart staat."
    )
    if keys.NIEUW_BESTUURDERS not in st.session_state:
        st.session_state[keys.NIEUW_BESTUURDERS] = 1
    n = st.number_input(
        "Aantal bestuurders aan tafel",
        min_value=0,
        max_value=MAX_BESTUURDERS,
        key=keys.NIEUW_BESTUURDERS,
        help="Per deelnemer: wie zit er aan tafel (publieke rol: naam, functie, orgaan).",
    )
    namen = _gemeente_namen(ctx)
    with st.form(f"beheer-{NIEUW}", enter_to_submit=False):
        c = st.columns(2)
        for i, naam in enumerate(SAMENWERKING_VELDEN):
            veld(NIEUW, naam, container=c[i % 2])
        key = keys.beheer_veld(NIEUW, "gemeenten")
        if key not in st.session_state:
            st.session_state[key] = []
        st.multiselect(
            "Deelnemende gemeenten",
            list(namen),
            key=key,
            format_func=lambda code: f"{namen.get(code, code)} ({code})",
            placeholder="kies gemeenten …",
        )
        st.text_area(
            "Andere deelnemers (één per regel, als soort: naam)",
            key=keys.beheer_veld(NIEUW, "andere"),
            max_chars=MAX_LANG,
            height=80,
            placeholder="provincie: Noord-Holland\nmaatschappelijk: Woningcorporatie Ons Huis",
            help="Soorten: provincie, waterschap, rijk, maatschappelijk, bedrijf, overig. Een "
            "regel zonder soort telt als maatschappelijke partner.",
        )
        for i in range(int(n)):
            _bestuurder_rij(ctx, i)
        veld(NIEUW, "bron")
        veld(NIEUW, "reden")
        st.form_submit_button(
            "Voorstel opslaan",
            key=keys.beheer_veld(NIEUW, "opslaan"),
            type="primary",
            on_click=_nieuw_opslaan,
            args=(store, int(n)),
        )


def _bestuurder_rij(ctx: Context, i: int) -> None:
    st.markdown(f"**Bestuurder {int(i) + 1}**")
    c = st.columns(4)
    _gemeente_keuze(ctx, NIEUW, "gemeentecode", i, container=c[0])
    veld(NIEUW, "partij", ident=i, container=c[1])
    veld(NIEUW, "naam", ident=f"b{i}", container=c[2])
    veld(NIEUW, "functie", ident=i, container=c[3])
    c = st.columns(4)
    veld(NIEUW, "orgaan", ident=i, container=c[0])
    veld(NIEUW, "portefeuille", ident=i, container=c[1])
    veld(NIEUW, "vanaf", ident=i, container=c[2])
    veld(NIEUW, "tot", ident=i, container=c[3])


def _bestuurder_uit(form: str, i: int) -> dict | None:
    b = {
        "gemeentecode": lees(form, "gemeentecode", i) or None,
        "partij": lees(form, "partij", i) or None,
        "naam": lees(form, "naam", f"b{i}"),
        **{v: lees(form, v, i) for v in BESTUURDER_VELDEN if v != "naam"},
    }
    # A row left empty is no bestuurder; a half-filled one goes to the service, which says
    # what is missing.
    return b if any(v for k, v in b.items() if k != "orgaan") else None


def _nieuw_opslaan(store, n: int) -> None:
    actor = login.actor(store)
    velden = {naam: lees(NIEUW, naam) for naam in SAMENWERKING_VELDEN}
    gemeenten = st.session_state.get(keys.beheer_veld(NIEUW, "gemeenten")) or []
    deelnemers = [{"type": "gemeente", "gemeentecode": c} for c in gemeenten]
    deelnemers += andere_deelnemers(lees(NIEUW, "andere"))
    bestuurders = [b for b in (_bestuurder_uit(NIEUW, i) for i in range(n)) if b]
    try:
        a = store.samenwerking_voorstellen(
            actor,
            velden,
            deelnemers,
            bestuurders,
            bron=lees(NIEUW, "bron"),
            reden=lees(NIEUW, "reden"),
        )
    except FOUTEN as exc:
        meld_fout(exc)
        return
    vergeet(NIEUW)
    meld(
        "success",
        f"Voorstel '{velden['naam']}' is opgeslagen (nummer {a.id}, {status_tekst(a.status).lower()}). "
        "Een beheerder keurt het goed of af; daarna staat het op de kaart.",
    )


# --- a correction of a source samenwerking -------------------------------------------------------


def correctie(ctx: Context, store) -> None:
    st.markdown(
        "**Een correctie op de bron**, veld voor veld, met reden en bron. De bron zelf "
        "blijft ongewijzigd; de kaart toont de correctie met haar herkomst zodra een "
        "beheerder haar goedkeurt."
    )
    sw = ctx.reg.samenwerkingen
    namen = dict(zip(sw.index, sw["naam"], strict=True))
    gekozen = st.session_state.get(keys.SAMENWERKING)
    if keys.CORRECTIE_SAMENWERKING not in st.session_state and gekozen in namen:
        st.session_state[keys.CORRECTIE_SAMENWERKING] = gekozen
    sid = st.selectbox(
        "Samenwerking",
        list(namen),
        key=keys.CORRECTIE_SAMENWERKING,
        index=None,
        format_func=lambda i: plain(namen.get(i, i)),
        placeholder="zoek een samenwerking op naam …",
    )
    veldnaam = st.selectbox(
        "Veld",
        list(CORRECTIE_VELDEN),
        key=keys.CORRECTIE_VELD,
        format_func=CORRECTIE_VELDEN.get,
    )
    if not sid:
        return
    huidig = _bronwaarde(ctx, sid, veldnaam)
    st.caption(f"Nu in de gegevens: {md(huidig)}")
    with st.form(f"beheer-{CORRECTIE}", enter_to_submit=False):
        if veldnaam in ("deelnemer_toevoegen", "deelnemer_verwijderen"):
            _gemeente_keuze(ctx, CORRECTIE, "gemeentecode")
            veld(CORRECTIE, "partij")
        elif veldnaam == "juridische_vorm" or veldnaam in ("onderwerp", "fase"):
            veld(CORRECTIE, veldnaam)
        elif veldnaam in ("start", "einde"):
            veld(CORRECTIE, veldnaam)
        else:
            veld(CORRECTIE, "waarde")
        veld(CORRECTIE, "reden")
        veld(CORRECTIE, "bron")
        st.form_submit_button(
            "Correctie voorstellen",
            key=keys.beheer_veld(CORRECTIE, "opslaan"),
            type="primary",
            on_click=_correctie_opslaan,
            args=(store, sid, veldnaam),
        )


def _bronwaarde(ctx: Context, sid: str, veldnaam: str) -> str:
    s = ctx.reg.samenwerkingen.loc[sid]
    if veldnaam in ("deelnemer_toevoegen", "deelnemer_verwijderen"):
        leden = ctx.reg.deelnemers_van(sid)
        return ", ".join(str(n) for n in leden["gemeentenaam"]) or "—"
    kolom = {"start": "geldig_van", "einde": "geldig_tot"}.get(veldnaam, veldnaam)
    return waarde_tekst(veldnaam, s.get(kolom))


def _correctie_opslaan(store, sid: str, veldnaam: str) -> None:
    actor = login.actor(store)
    if veldnaam in ("deelnemer_toevoegen", "deelnemer_verwijderen"):
        code, partij = lees(CORRECTIE, "gemeentecode"), lees(CORRECTIE, "partij")
        waarde = code or ({"type": "maatschappelijk", "naam": partij} if partij else "")
    elif veldnaam in ("juridische_vorm", "onderwerp", "fase", "start", "einde"):
        waarde = lees(CORRECTIE, veldnaam)
    else:
        waarde = lees(CORRECTIE, "waarde")
    try:
        a = store.correctie_voorstellen(
            actor,
            sid,
            veldnaam,
            waarde,
            reden=lees(CORRECTIE, "reden"),
            bron=lees(CORRECTIE, "bron"),
        )
    except FOUTEN as exc:
        meld_fout(exc)
        return
    vergeet(CORRECTIE)
    meld("success", f"Correctie opgeslagen (nummer {a.id}); een beheerder keurt haar goed of af.")


# --- a bestuurder at an existing table ----------------------------------------------------------


def bestuurder(ctx: Context, store) -> None:
    st.markdown(
        "**Wie zit er aan tafel?** Per samenwerking en deelnemer: naam, functie, orgaan (AB/DB), "
        "portefeuille en periode. Alleen de publieke rol; niets privés."
    )
    sw = ctx.reg.samenwerkingen
    namen = dict(zip(sw.index, sw["naam"], strict=True))
    key = keys.beheer_veld(BESTUURDER, "samenwerking")
    gekozen = st.session_state.get(keys.SAMENWERKING)
    if key not in st.session_state:
        st.session_state[key] = gekozen if gekozen in namen else None
    with st.form(f"beheer-{BESTUURDER}", enter_to_submit=False):
        st.selectbox(
            "Samenwerking *",
            list(namen),
            key=key,
            format_func=lambda i: plain(namen.get(i, i)),
            placeholder="zoek een samenwerking op naam …",
        )
        c = st.columns(2)
        _gemeente_keuze(ctx, BESTUURDER, "gemeentecode", container=c[0])
        veld(BESTUURDER, "partij", container=c[1])
        c = st.columns(2)
        for i, naam in enumerate(BESTUURDER_VELDEN):
            veld(BESTUURDER, naam, container=c[i % 2])
        veld(BESTUURDER, "bron")
        veld(BESTUURDER, "reden")
        st.form_submit_button(
            "Bestuurder voorstellen",
            key=keys.beheer_veld(BESTUURDER, "opslaan"),
            type="primary",
            on_click=_bestuurder_opslaan,
            args=(store,),
        )


def _bestuurder_opslaan(store) -> None:
    actor = login.actor(store)
    f = BESTUURDER
    try:
        a = store.bestuurder_voorstellen(
            actor,
            lees(f, "samenwerking"),
            lees(f, "gemeentecode") or None,
            lees(f, "partij") or None,
            lees(f, "naam"),
            lees(f, "functie"),
            lees(f, "orgaan"),
            lees(f, "portefeuille"),
            lees(f, "vanaf") or None,
            lees(f, "tot") or None,
            bron=lees(f, "bron"),
            reden=lees(f, "reden"),
        )
    except FOUTEN as exc:
        meld_fout(exc)
        return
    vergeet(f)
    meld("success", f"Bestuurder opgeslagen (nummer {a.id}); een beheerder keurt het goed of af.")


# --- editing a proposal (optimistic locking) ---------------------------------------------------


def _form(a: Aanvulling) -> str:
    return f"wijzig-{a.id}"


def _bewerkbare_velden(a: Aanvulling) -> tuple[str, ...]:
    if a.soort == "samenwerking":
        return SAMENWERKING_VELDEN
    if a.soort == "bestuurder":
        return BESTUURDER_VELDEN
    return ("waarde",)


def bewerken(ctx: Context, store, a: Aanvulling) -> None:
    """The edit form of one aanvulling. The version it was opened at is kept with the typed
    values, so a save after someone else's change is a :class:`Conflict`, not an overwrite."""
    form = _form(a)
    versie_key = keys.beheer_veld(form, "versie")
    if versie_key not in st.session_state:
        st.session_state[versie_key] = a.versie
    conflict = st.session_state.get(keys.BEHEER_CONFLICT, {}).get(a.id)
    if conflict:
        _conflict(store, a, conflict)
    inhoud = plat(a.inhoud)
    with st.form(f"beheer-{form}", enter_to_submit=False):
        c = st.columns(2)
        for i, naam in enumerate(_bewerkbare_velden(a)):
            veld(form, naam, inhoud.get(naam), container=c[i % 2])
        if a.soort == "samenwerking":
            namen = _gemeente_namen(ctx)
            key = keys.beheer_veld(form, "gemeenten")
            if key not in st.session_state:
                st.session_state[key] = [
                    d.get("gemeentecode")
                    for d in a.inhoud.get("deelnemers", [])
                    if d.get("type") == "gemeente" and d.get("gemeentecode") in namen
                ]
            st.multiselect(
                "Deelnemende gemeenten",
                list(namen),
                key=key,
                format_func=lambda code: f"{namen.get(code, code)} ({code})",
            )
            akey = keys.beheer_veld(form, "andere")
            if akey not in st.session_state:
                st.session_state[akey] = deelnemers_regels(a.inhoud.get("deelnemers", []))
            st.text_area(
                "Andere deelnemers (één per regel, als soort: naam)",
                key=akey,
                max_chars=MAX_LANG,
                height=80,
            )
        veld(form, "bron", a.bron)
        veld(form, "reden")
        st.form_submit_button(
            "Wijziging opslaan",
            key=keys.beheer_veld(form, "opslaan"),
            on_click=_bewerken_opslaan,
            args=(store, a.id, a.soort),
        )


def _invoer(form: str, soort: str, inhoud_deelnemers: list[dict] | None = None) -> dict:
    """The typed values of an edit form as ``velden`` for ``Store.wijzigen``."""
    velden: dict = {}
    for naam in {"samenwerking": SAMENWERKING_VELDEN, "bestuurder": BESTUURDER_VELDEN}.get(
        soort, ("waarde",)
    ):
        velden[naam] = lees(form, naam)
    if soort == "samenwerking":
        gemeenten = st.session_state.get(keys.beheer_veld(form, "gemeenten")) or []
        velden["deelnemers"] = [{"type": "gemeente", "gemeentecode": c} for c in gemeenten]
        velden["deelnemers"] += andere_deelnemers(lees(form, "andere"))
    return velden


def _bewerken_opslaan(store, aanvulling_id: int, soort: str, versie: int | None = None) -> None:
    form = f"wijzig-{aanvulling_id}"
    ss = st.session_state
    verwacht = versie if versie is not None else ss.get(keys.beheer_veld(form, "versie"))
    try:
        store.wijzigen(
            login.actor(store),
            aanvulling_id,
            _invoer(form, soort),
            verwachte_versie=int(verwacht),
            reden=lees(form, "reden"),
            bron=lees(form, "bron"),
        )
    except Conflict as exc:
        ss.setdefault(keys.BEHEER_CONFLICT, {})[aanvulling_id] = {
            "melding": str(exc),
            "versie": exc.huidige.versie,
            "huidige": plat(exc.huidige.inhoud),
        }
        return
    except FOUTEN as exc:
        meld_fout(exc)
        return
    ss.get(keys.BEHEER_CONFLICT, {}).pop(aanvulling_id, None)
    vergeet(form)
    meld("success", f"Wijziging van voorstel {aanvulling_id} opgeslagen.")


def _conflict(store, a: Aanvulling, conflict: dict) -> None:
    """Who changed it meanwhile, both versions side by side, and the two ways on."""
    st.error(md(conflict["melding"]))
    form = _form(a)
    rows = []
    for naam in _bewerkbare_velden(a):
        rows.append(
            {
                "veld": label(naam).rstrip(" *"),
                "uw invoer": waarde_tekst(naam, lees(form, naam)),
                "nu opgeslagen": waarde_tekst(naam, conflict["huidige"].get(naam)),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    c = st.columns(2)
    c[0].button(
        "Mijn invoer toch opslaan",
        key=keys.beheer_veld(form, "toch"),
        on_click=_bewerken_opslaan,
        args=(store, a.id, a.soort, conflict["versie"]),
        help="Slaat uw invoer op over de versie die intussen is opgeslagen.",
    )
    c[1].button(
        "De opgeslagen versie laden (mijn invoer vervalt)",
        key=keys.beheer_veld(form, "laden"),
        on_click=_conflict_vergeten,
        args=(a.id,),
    )


def _conflict_vergeten(aanvulling_id: int) -> None:
    st.session_state.get(keys.BEHEER_CONFLICT, {}).pop(aanvulling_id, None)
    vergeet(f"wijzig-{aanvulling_id}")


def kop(a: Aanvulling, ctx: Context) -> str:
    """``#12 · Nieuwe samenwerking · Regio deal X`` (plain text)."""
    inhoud = plat(a.inhoud)
    naam = inhoud.get("naam") if a.soort == "samenwerking" else None
    if naam is None and a.samenwerking_id in ctx.reg.samenwerkingen.index:
        naam = ctx.reg.samenwerkingen.at[a.samenwerking_id, "naam"]
    if a.soort == "correctie":
        naam = f"{naam or a.samenwerking_id} — {CORRECTIE_VELDEN.get(inhoud.get('veld'), inhoud.get('veld'))}"
    elif a.soort == "bestuurder":
        naam = f"{inhoud.get('naam', '')} aan tafel bij {naam or a.samenwerking_id}"
    return f"#{a.id} · {soort_tekst(a.soort)} · {naam or a.samenwerking_id}"


def herkomst_regel(a: Aanvulling) -> str:
    """Who proposed it and when, its status (plain text)."""
    return (
        f"{status_tekst(a.status)} · voorgesteld door {a.auteur} op {wanneer(a.aangemaakt)}"
        f" · laatst gewijzigd door {a.gewijzigd_door} op {wanneer(a.gewijzigd)}"
        f" · versie {a.versie}"
    )
