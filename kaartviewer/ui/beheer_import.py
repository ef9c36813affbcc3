"""Importeren: a gemeente's own list (its Wgr register, the verbonden partijen of its begroting)
as a reviewable diff against the registry, accepted row by row as proposals.

Reading, matching and the limits are :mod:`kaartviewer.beheer.importeren`'s (a file that is too
big, too long or unreadable is refused there, in Dutch); this module only draws the diff and
hands each accepted row to ``importeren.voorstellen`` with the logged-in Actor, so the service
checks role and scope and the proposal lands in the review queue. The view is drawn for a
redacteur (their own gemeenten) or a beheerder (any); an anonymous visitor never gets here.

The upload is the only Streamlit-specific input (:func:`geupload`): everything after it takes
the file's bytes, so the AppTests replace that one function (AppTest 1.67 cannot drive
``st.file_uploader``) and the browser tests upload for real.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from kaartviewer.beheer import importeren
from kaartviewer.beheer.importeren import ImportDiff, ImportFout, ImportRij
from kaartviewer.beheer.service import OngeldigeInvoer
from kaartviewer.schema import AANVULLING_VORMEN, JURIDISCHE_VORMEN
from kaartviewer.ui import keys, login
from kaartviewer.ui.beheer_velden import FOUTEN, lees, meld, meld_fout, veld
from kaartviewer.ui.context import Context
from kaartviewer.ui.safe import md, plain

FORM = "import"
#: The groups of the diff, in the order the issue names them: code → heading.
GROEPEN: dict[str, str] = {
    "gevonden": "Gevonden in het register",
    "nieuw": "Nieuw: niet in het register",
    "alleen_in_register": "In het register, maar niet op uw lijst",
    "andere_vorm": "Andere juridische vorm",
}
#: The same groups, short, for the counts above the tables.
TELLING: dict[str, str] = {
    "gevonden": "Gevonden",
    "nieuw": "Nieuw",
    "alleen_in_register": "Niet op uw lijst",
    "andere_vorm": "Andere vorm",
}
#: What accepting a row of a group proposes (the groups without an entry propose nothing).
ACTIE: dict[str, str] = {
    "gevonden": "Voorstellen: {gemeente} als deelnemer toevoegen",
    "nieuw": "Voorstellen als nieuwe samenwerking",
    "andere_vorm": "Voorstellen als correctie van de juridische vorm",
}


def gemeenten_voor(ctx: Context, actor) -> dict[str, str]:
    """code → naam of the gemeenten ``actor`` may import for: all for a beheerder, the own
    gemeenten (and those of the own provincies) for a redacteur, none otherwise. Only what
    the selectbox offers; the service checks the scope of every proposal again."""
    g = ctx.reg.gemeenten
    if actor.is_beheerder:
        codes = list(g.index)
    elif actor.kan_schrijven:
        eigen = set(actor.gemeenten)
        codes = [c for c in g.index if c in eigen or g.at[c, "provinciecode"] in actor.provincies]
    else:
        codes = []
    return dict(sorted(((c, str(g.at[c, "gemeentenaam"])) for c in codes), key=lambda kv: kv[1]))


def geupload(container=st) -> tuple[str, bytes] | None:
    """The uploaded file as (name, bytes), or None. Its size and rows are checked by
    ``importeren`` (one place for the limits)."""
    f = container.file_uploader(
        f"Lijst van de gemeente (CSV of Excel, hoogstens {importeren.MAX_BYTES // 1024 // 1024} MB)",
        type=["csv", "txt", "xlsx", "xls"],
        key=keys.beheer_veld(FORM, "bestand"),
        help=f"Het Wgr-register of de verbonden partijen uit de begroting, als CSV of .xlsx; "
        f"hoogstens {importeren.MAX_BYTES // 1024 // 1024} MB en {importeren.MAX_RIJEN} rijen. "
        "Een kolom 'Naam' is nodig, 'Juridische vorm' en 'Deelnemers' helpen.",
    )
    return None if f is None else (f.name, f.getvalue())


def render(ctx: Context, store, actor) -> None:
    st.markdown(
        "**Vergelijk de eigen lijst van een gemeente met het register** — het Wgr-register "
        "of de verbonden partijen uit de begroting. U ziet per rij wat het register ervan "
        "weet en stelt rij voor rij voor wat ontbreekt; een beheerder keurt elk voorstel goed."
    )
    namen = gemeenten_voor(ctx, actor)
    if not namen:
        st.info("Uw account hoort bij geen gemeente; vraag een beheerder om er een toe te wijzen.")
        return
    key = keys.beheer_veld(FORM, "gemeente")
    if st.session_state.get(key) not in namen:
        gekozen = st.session_state.get(keys.GEMEENTE)
        st.session_state[key] = (
            gekozen if gekozen in namen else next(iter(namen)) if len(namen) == 1 else None
        )
    c = st.columns(2)
    gemeente = c[0].selectbox(
        "Gemeente *",
        list(namen),
        key=key,
        format_func=lambda code: f"{namen.get(code, code)} ({code})",
        placeholder="kies een gemeente …",
    )
    with c[0]:
        veld(FORM, "bron")
    bestand = geupload(c[1])
    if not gemeente or bestand is None:
        st.caption("Kies de gemeente en upload de lijst; de vergelijking verschijnt hieronder.")
        return
    diff, sleutel = _vergelijking(ctx, gemeente, *bestand)
    if diff is not None:
        toon(ctx, store, diff, sleutel, namen[gemeente])


def _vergelijking(
    ctx: Context, gemeente: str, naam: str, data: bytes
) -> tuple[ImportDiff | None, tuple[str, str]]:
    """The diff of this file for this gemeente, computed once per upload (kept in session
    state: a rerun does not read the file again); a refusal is shown in Dutch."""
    sleutel = (hashlib.sha256(data).hexdigest(), gemeente)
    ss = st.session_state
    bewaard = ss.get(keys.IMPORT_VERGELIJKING)
    if not bewaard or bewaard[0] != sleutel:
        try:
            bewaard = (sleutel, importeren.vergelijk_lijst(data, gemeente, ctx.reg, naam), "")
        except ImportFout as exc:
            bewaard = (sleutel, None, str(exc))
        ss[keys.IMPORT_VERGELIJKING] = bewaard
    if bewaard[2]:
        st.error(f"{md(naam)} is niet ingelezen: {md(bewaard[2])}")
    return bewaard[1], sleutel


def toon(ctx: Context, store, diff: ImportDiff, sleutel: tuple[str, str], naam: str) -> None:
    """The diff grouped with counts, each group a plain-text table, and per group that can
    propose something the rows to accept."""
    t = diff.telling()
    st.markdown(
        f"**{md(diff.bestand)}** voor {md(naam)}: {len(diff.rijen)} rij(en) gelezen "
        f"(kolom naam: '{md(diff.kolommen.get('naam', ''))}')."
    )
    c = st.columns(len(GROEPEN))
    for i, (groep, kop) in enumerate(TELLING.items()):
        c[i].metric(md(kop), t[groep])
    voorgesteld = _voorgesteld(sleutel)
    for groep, kop in GROEPEN.items():
        st.markdown("### " + md(f"{kop} ({t[groep]})"))
        if groep == "alleen_in_register":
            _alleen_in_register(diff, naam)
            continue
        rijen = [r for r in diff.rijen if r.status == groep]
        if not rijen:
            st.caption("Geen.")
            continue
        st.dataframe(_tabel(groep, rijen, voorgesteld), hide_index=True, width="stretch")
        _accepteren(store, groep, rijen, voorgesteld, sleutel, naam)


def _voorgesteld(sleutel: tuple[str, str]) -> dict[int, int]:
    """Row number → aanvulling id of the rows of this file and gemeente proposed in this
    session."""
    alle = st.session_state.get(keys.IMPORT_VOORGESTELD, {})
    return {nr: a for (h, g, nr), a in alle.items() if (h, g) == sleutel}


def _vorm(code: str) -> str:
    return JURIDISCHE_VORMEN.get(code, code)


def _tabel(groep: str, rijen: list[ImportRij], voorgesteld: dict[int, int]) -> pd.DataFrame:
    """One group as plain text cells (a name with HTML or a formula stays that text)."""
    out = []
    for r in rijen:
        rij: dict[str, object] = {"rij": r.nr, "op uw lijst": plain(r.naam)}
        if groep == "nieuw":
            rij["vorm op uw lijst"] = plain(r.vorm_tekst)
            rij["deelnemers op uw lijst"] = plain(r.deelnemers_tekst)
        else:
            rij["in het register"] = plain(r.samenwerking_naam)
            rij["gelijkenis"] = f"{r.score:.0f}%"
        if groep == "gevonden":
            rij["gemeente doet mee"] = "ja" if r.gemeente_is_deelnemer else "nee"
        if groep == "andere_vorm":
            rij["vorm op uw lijst"] = plain(r.vorm_tekst)
            rij["vorm in het register"] = _vorm(r.register_vorm)
        if any(x.nr in voorgesteld for x in rijen):  # the column only once there is one
            rij["voorstel"] = f"#{voorgesteld[r.nr]}" if r.nr in voorgesteld else ""
        out.append(rij)
    return pd.DataFrame(out)


def _alleen_in_register(diff: ImportDiff, naam: str) -> None:
    if not diff.alleen_in_register:
        st.caption("Geen.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "in het register": [plain(s["naam"]) for s in diff.alleen_in_register],
                "juridische vorm": [_vorm(s["juridische_vorm"]) for s in diff.alleen_in_register],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        f"Doet {md(naam)} hier niet (meer) aan mee? Stel dan bij Correctie "
        "'deelnemer verwijderen' voor, met de bron."
    )


def _open(groep: str, r: ImportRij) -> bool:
    """Does accepting this row propose anything? (a found row only when the gemeente is not
    yet a deelnemer)"""
    return groep != "gevonden" or not r.gemeente_is_deelnemer


def _accepteren(
    store,
    groep: str,
    rijen: list[ImportRij],
    voorgesteld: dict[int, int],
    sleutel: tuple[str, str],
    naam: str,
) -> None:
    kandidaten = [r for r in rijen if _open(groep, r)]
    if not kandidaten:
        return
    open_ = {r.nr: r for r in kandidaten if r.nr not in voorgesteld}
    if not open_:
        st.caption("Alle rijen van deze groep zijn voorgesteld.")
        return
    if groep == "nieuw":
        st.caption(
            "Een nieuwe samenwerking krijgt de gemeente als deelnemer, de vorm van uw lijst "
            f"(anders {md(AANVULLING_VORMEN['netwerk'].lower())}), onderwerp 'overig' en fase "
            "'uitvoering'; verfijn het voorstel daarna bij Voorstellen."
        )
    key = keys.beheer_veld(FORM, "keuze", groep)
    c = st.columns([4, 1], vertical_alignment="bottom")
    c[0].multiselect(
        md(ACTIE[groep].format(gemeente=naam)),
        list(open_),
        key=key,
        format_func=lambda nr: f"rij {nr} · {plain(open_[nr].naam)}",
        placeholder="kies rijen …",
    )
    c[1].button(
        "Voorstellen",
        key=keys.beheer_veld(FORM, "voorstellen", groep),
        type="primary",
        on_click=_voorstellen,
        args=(store, groep, sleutel),
        width="stretch",
    )


def _voorstellen(store, groep: str, sleutel: tuple[str, str]) -> None:
    """Button callback: each chosen row through ``importeren.voorstellen`` with the Actor of
    this session; a row proposed before in this session is never proposed again."""
    ss = st.session_state
    bewaard = ss.get(keys.IMPORT_VERGELIJKING)
    if not bewaard or bewaard[0] != sleutel or bewaard[1] is None:
        meld("error", "De vergelijking is niet meer actueel; upload de lijst opnieuw.")
        return
    diff: ImportDiff = bewaard[1]
    key = keys.beheer_veld(FORM, "keuze", groep)
    gekozen = list(ss.get(key) or [])
    if not gekozen:
        meld("warning", "Kies eerst een of meer rijen om voor te stellen.")
        return
    alle = ss.setdefault(keys.IMPORT_VOORGESTELD, {})
    actor = login.actor(store)
    bron, reden = lees(FORM, "bron"), lees(FORM, "reden")
    namen = {r.nr: r.naam for r in diff.rijen}
    gelukt, mislukt = [], []
    for nr in gekozen:
        if (*sleutel, nr) in alle:
            continue
        try:
            a = importeren.voorstellen(store, actor, diff, nr, bron, reden)
        except OngeldigeInvoer as exc:
            if {"bron", "reden"} & set(exc.fouten or {}):  # the same for every row: stop
                meld_fout(exc)
                return
            mislukt.append(f"rij {nr} ({namen.get(nr, '')}): {exc}")
            continue
        except FOUTEN as exc:
            mislukt.append(f"rij {nr} ({namen.get(nr, '')}): {exc}")
            continue
        if a is not None:
            alle[(*sleutel, nr)] = a.id
            gelukt.append(f"rij {nr} ({namen.get(nr, '')}): voorstel nummer {a.id}")
    ss[key] = [nr for nr in gekozen if (*sleutel, nr) not in alle]
    if mislukt:
        meld(
            "error",
            f"{len(gelukt)} voorstel(len) opgeslagen, {len(mislukt)} niet:",
            gelukt + mislukt,
        )
    else:
        meld(
            "success",
            f"{len(gelukt)} voorstel(len) opgeslagen; een beheerder keurt ze goed of af.",
            gelukt,
        )
