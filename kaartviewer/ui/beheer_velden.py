"""Shared pieces of the beheer forms: one widget per field, reading the typed values back,
one-shot messages, and how dates, revisions and aanvullingen read in Dutch.

Form widgets keep their values in session state under ``keys.beheer_veld(form, veld)``;
they are seeded once (so a rerun, a refused save or a conflict never loses what was typed)
and dropped after a successful save. Values are read in the submit callbacks, before the
script reruns.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from kaartviewer import provenance
from kaartviewer.beheer.service import Conflict, Geweigerd, NietGevonden, OngeldigeInvoer
from kaartviewer.schema import (
    AANVULLING_DEELNEMER_TYPES,
    AANVULLING_SOORTEN,
    AANVULLING_STATUSSEN,
    AANVULLING_VORMEN,
    BESTUURDER_FUNCTIES,
    CORRECTIE_VELDEN,
    FASEN,
    JURIDISCHE_VORMEN,
    ONDERWERPEN,
    ORGANEN,
)
from kaartviewer.text import fold
from kaartviewer.ui import keys
from kaartviewer.ui.safe import md, plain

#: Dates are stored in UTC and shown as the reader's clock in the Netherlands.
TIJDZONE = ZoneInfo("Europe/Amsterdam")
#: Closed vocabularies of the fields, code → Dutch label.
KEUZES: dict[str, dict[str, str]] = {
    "onderwerp": ONDERWERPEN,
    "vorm": AANVULLING_VORMEN,
    "juridische_vorm": JURIDISCHE_VORMEN,
    "fase": FASEN,
    "functie": BESTUURDER_FUNCTIES,
    "orgaan": ORGANEN,
}
DATUMS = ("start", "einde", "vanaf", "tot")
LABELS: dict[str, str] = {
    **CORRECTIE_VELDEN,
    "naam": "Naam",
    "vorm": "Vorm",
    "functie": "Functie",
    "orgaan": "Orgaan",
    "portefeuille": "Portefeuille",
    "vanaf": "Vanaf",
    "tot": "Tot",
    "partij": "Namens (andere partij)",
    "gemeentecode": "Namens gemeente",
    "waarde": "Nieuwe waarde",
    "bron": "Bron (link of documentverwijzing)",
    "reden": "Reden / toelichting",
    "deelnemers": "Deelnemers",
    "bestuurders": "Bestuurders",
    "status": "Status",
}
#: Fields a form must have (marked with * in the label; the service checks them).
VERPLICHT = frozenset({"naam", "onderwerp", "vorm", "fase", "bron"})
#: Bookkeeping in a revision's before/after that is not a field of the aanvulling.
INTERN = frozenset({"gepubliceerd", "versie"})
#: Limits of free text fields (the service has its own, the form stops typing early).
MAX_KORT = 300
MAX_LANG = 2000
#: Errors of the service that a form shows (in Dutch) instead of failing.
FOUTEN = (Geweigerd, OngeldigeInvoer, NietGevonden, Conflict, ValueError)


def label(veld: str) -> str:
    text = LABELS.get(veld, veld.replace("_", " ").capitalize())
    return text + (" *" if veld in VERPLICHT else "")


# --- widgets ------------------------------------------------------------------------------------


def _seed(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def veld(form: str, naam: str, waarde=None, ident: object = "", container=st) -> None:
    """The widget of field ``naam`` in ``form``, seeded with ``waarde`` the first time."""
    key = keys.beheer_veld(form, naam, ident)
    if naam in KEUZES:
        opties = KEUZES[naam]
        _seed(key, waarde if waarde in opties else None)
        container.selectbox(
            md(label(naam)),
            list(opties),
            key=key,
            format_func=lambda c, o=opties: o.get(c, c),
            placeholder="kies …",
        )
    elif naam in DATUMS:
        _seed(key, _as_date(waarde))
        container.date_input(
            md(label(naam)),
            key=key,
            format="DD-MM-YYYY",
            min_value=dt.date(1900, 1, 1),
            max_value=dt.date(2100, 12, 31),
        )
    elif naam in ("reden", "doel", "waarde_lang"):
        _seed(key, "" if waarde is None else str(waarde))
        container.text_area(md(label(naam)), key=key, max_chars=MAX_LANG, height=80)
    else:
        _seed(key, "" if waarde is None else str(waarde))
        container.text_input(md(label(naam)), key=key, max_chars=MAX_KORT)


def lees(form: str, naam: str, ident: object = ""):
    """The typed value of a field: ISO text for dates, stripped text, a code, or ``""``."""
    value = st.session_state.get(keys.beheer_veld(form, naam, ident))
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def vergeet(form: str) -> None:
    """Drop every widget value of ``form`` (after a successful save: fresh values next)."""
    prefix = keys.beheer_veld(form, "")
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


# --- other deelnemers as lines "soort: naam" ---------------------------------------------------


def andere_deelnemers(tekst: str) -> list[dict]:
    """``provincie: Noordland`` per line → ``{"type": "provincie", "naam": "Noordland"}``;
    a line without a known soort is a maatschappelijke partner by that name."""
    soorten = {fold(k): k for k in AANVULLING_DEELNEMER_TYPES if k != "gemeente"}
    soorten |= {fold(v): k for k, v in AANVULLING_DEELNEMER_TYPES.items() if k != "gemeente"}
    out = []
    for line in str(tekst or "").splitlines():
        line = line.strip()
        if not line:
            continue
        soort, sep, naam = line.partition(":")
        if sep and fold(soort.strip()) in soorten and naam.strip():
            out.append({"type": soorten[fold(soort.strip())], "naam": naam.strip()})
        else:
            out.append({"type": "maatschappelijk", "naam": line})
    return out


def deelnemers_regels(deelnemers: list[dict]) -> str:
    """The inverse of :func:`andere_deelnemers` for the non-gemeente deelnemers."""
    return "\n".join(
        f"{d.get('type', 'overig')}: {d.get('naam', '')}"
        for d in deelnemers
        if d.get("type") != "gemeente"
    )


# --- one-shot messages ------------------------------------------------------------------------


def meld(kind: str, tekst: str, details: list[str] | None = None) -> None:
    """Remember a message for the next run of the view (a callback cannot draw)."""
    st.session_state[keys.BEHEER_MELDING] = (kind, tekst, details or [])


def meld_fout(exc: Exception) -> None:
    """A refused save, in Dutch, with the service's reason per field."""
    fouten = getattr(exc, "fouten", None) or {}
    if fouten:
        regels = [f"{LABELS.get(k, k)}: {v}" for k, v in fouten.items() if v]
        meld("error", "Het voorstel is niet opgeslagen; uw invoer staat er nog:", regels)
    else:
        meld("error", str(exc))


def toon_melding() -> None:
    found = st.session_state.pop(keys.BEHEER_MELDING, None)
    if not found:
        return
    kind, tekst, details = found
    body = md(tekst) + "".join(f"\n- {md(d)}" for d in details)
    {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(body)


# --- how things read --------------------------------------------------------------------------


def wanneer(t: dt.datetime | None) -> str:
    """``16 mei 2026 14:05`` in Dutch time."""
    if t is None:
        return "—"
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    local = t.astimezone(TIJDZONE)
    return f"{provenance.datum(local.date().isoformat())} {local:%H:%M}"


def waarde_tekst(veld_: str, value) -> str:
    """A stored value as plain text: labels for codes, Dutch dates, lists joined."""
    if value is None or value == "":
        return "—"
    if veld_ in KEUZES:
        return KEUZES[veld_].get(str(value), str(value))
    if veld_ in DATUMS and _as_date(value):
        return provenance.datum(_as_date(value).isoformat())
    if isinstance(value, list):
        return "; ".join(_item_tekst(v) for v in value) or "—"
    if isinstance(value, dict):
        return _item_tekst(value)
    return plain(value)


def _item_tekst(item) -> str:
    if not isinstance(item, dict):
        return plain(item)
    if "gemeentecode" in item and not item.get("naam"):
        return plain(item["gemeentecode"])
    bits = [item.get("naam") or item.get("partij") or item.get("gemeentecode") or ""]
    if item.get("functie"):
        bits.append(BESTUURDER_FUNCTIES.get(item["functie"], item["functie"]))
    if item.get("type") and item["type"] != "gemeente":
        bits.append(AANVULLING_DEELNEMER_TYPES.get(item["type"], item["type"]))
    return plain(" · ".join(str(b) for b in bits if b))


def plat(inhoud: dict | None) -> dict[str, object]:
    """An aanvulling's inhoud as one level of fields (``velden`` unpacked)."""
    if not inhoud:
        return {}
    out = dict(inhoud.get("velden") or {})
    out.update({k: v for k, v in inhoud.items() if k != "velden"})
    return out


def wijzigingen_tabel(voor: dict | None, na: dict | None) -> pd.DataFrame:
    """``veld, voor, na`` for every field that differs (plain text cells)."""
    a, b = plat(voor), plat(na)
    rows = [
        {
            "veld": LABELS.get(k, k),
            "voor": waarde_tekst(k, a.get(k)),
            "na": waarde_tekst(k, b.get(k)),
        }
        for k in dict.fromkeys([*a, *b])
        if a.get(k) != b.get(k) and k not in INTERN
    ]
    return pd.DataFrame(rows, columns=["veld", "voor", "na"])


def soort_tekst(soort: str) -> str:
    return AANVULLING_SOORTEN.get(soort, soort)


def status_tekst(status: str) -> str:
    return AANVULLING_STATUSSEN.get(status, status)
