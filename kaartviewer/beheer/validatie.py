"""Input checks of the beheer service: one place that turns what people typed into the
stored shape, or raises :class:`~kaartviewer.beheer.service.OngeldigeInvoer` in Dutch.

Text is stored *as typed* (HTML, script and formula-like names included: they are shown as
text and neutralised on export); only NUL characters, which no database keeps, are removed,
and surrounding white space is trimmed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kaartviewer.schema import (
    AANVULLING_DEELNEMER_TYPES,
    AANVULLING_VORMEN,
    BESTUURDER_FUNCTIES,
    CORRECTIE_VELDEN,
    FASEN,
    JURIDISCHE_VORMEN,
    ONDERWERPEN,
    ORGANEN,
)

MAX_TEKST = 2000
MAX_NAAM = 300
MAX_DEELNEMERS = 500
MAX_BESTUURDERS = 500
GEMEENTECODE = re.compile(r"^GM\d{4}$")
PROVINCIECODE = re.compile(r"^PV\d{2}$")
SAMENWERKING_VELDEN = ("naam", "onderwerp", "vorm", "fase", "start", "einde", "website")
BESTUURDER_VELDEN = (
    "gemeentecode",
    "partij",
    "naam",
    "functie",
    "orgaan",
    "portefeuille",
    "vanaf",
    "tot",
)


class Fouten(dict):
    """Field → Dutch message, collected so a form can show every problem at once."""

    def check(self) -> None:
        if self:
            from kaartviewer.beheer.service import OngeldigeInvoer

            eerste = next(iter(self.values()))
            extra = f" (en nog {len(self) - 1} andere)" if len(self) > 1 else ""
            raise OngeldigeInvoer(eerste + extra, dict(self))


def tekst(waarde: Any) -> str:
    """Trimmed text; None → ''; NUL removed."""
    if waarde is None:
        return ""
    if isinstance(waarde, date):
        return waarde.isoformat()
    return str(waarde).replace("\x00", "").strip()


def verplicht(fouten: Fouten, veld: str, waarde: Any, label: str, maximum: int) -> str:
    t = tekst(waarde)
    if not t:
        fouten[veld] = f"{label} is verplicht."
    elif len(t) > maximum:
        fouten[veld] = f"{label} is te lang ({len(t)} tekens; maximaal {maximum})."
    return t


def optioneel(fouten: Fouten, veld: str, waarde: Any, label: str, maximum: int) -> str:
    t = tekst(waarde)
    if len(t) > maximum:
        fouten[veld] = f"{label} is te lang ({len(t)} tekens; maximaal {maximum})."
    return t


def keuze(fouten: Fouten, veld: str, waarde: Any, label: str, opties: dict[str, str]) -> str:
    t = tekst(waarde)
    if t not in opties:
        # A label instead of the code is accepted too (forms, imports).
        by_label = {v.casefold(): k for k, v in opties.items()}
        if t.casefold() in by_label:
            return by_label[t.casefold()]
        fouten[veld] = f"{label} '{t}' is onbekend; kies uit: {', '.join(opties.values())}."
    return t


def datum(fouten: Fouten, veld: str, waarde: Any, label: str) -> str:
    t = tekst(waarde)
    if not t:
        return ""
    try:
        return date.fromisoformat(t).isoformat()
    except ValueError:
        fouten[veld] = f"{label} '{t}' is geen datum (JJJJ-MM-DD)."
        return t


def website(fouten: Fouten, veld: str, waarde: Any) -> str:
    t = optioneel(fouten, veld, waarde, "Website", MAX_NAAM)
    if t and not re.match(r"^https?://[^\s/$.?#][^\s]*$", t, re.IGNORECASE):
        fouten[veld] = "Website moet een adres zijn dat met http:// of https:// begint."
    return t


def periode(fouten: Fouten, van_veld: str, van: str, tot_veld: str, tot: str) -> None:
    if van and tot and van_veld not in fouten and tot_veld not in fouten and tot < van:
        fouten[tot_veld] = f"De einddatum ({tot}) ligt vóór de startdatum ({van})."


def gemeentecode(text: Any) -> str:
    """``GM0363`` from ``GM0363``, ``gm363`` or ``363``; '' when it is no code at all."""
    t = tekst(text).upper().removeprefix("GM")
    return f"GM{t.zfill(4)}" if t.isdigit() and len(t) <= 4 else ""


def deelnemer(fouten: Fouten, veld: str, d: Any, gemeenten: set[str] | None) -> dict:
    """``{"type": "gemeente", "gemeentecode": …}`` or ``{"type": …, "naam": …}``."""
    if isinstance(d, str):
        d = {"type": "gemeente", "gemeentecode": d}
    if not isinstance(d, dict):
        fouten[veld] = "Een deelnemer is een gemeentecode of een type met een naam."
        return {}
    typ = keuze(
        fouten, veld, d.get("type") or "gemeente", "Soort deelnemer", AANVULLING_DEELNEMER_TYPES
    )
    if typ == "gemeente":
        code = gemeentecode(d.get("gemeentecode") or d.get("code"))
        if not code:
            fouten[veld] = f"'{tekst(d.get('gemeentecode'))}' is geen gemeentecode (GM0363)."
        elif gemeenten is not None and code not in gemeenten:
            fouten[veld] = f"Geen gemeente met code {code}."
        return {"type": "gemeente", "gemeentecode": code}
    naam = verplicht(fouten, veld, d.get("naam"), "De naam van de deelnemer", MAX_NAAM)
    return {"type": typ, "naam": naam}


def bestuurder(fouten: Fouten, d: dict, prefix: str = "") -> dict:
    """One bestuurder at a table: public role only (no private data is asked or kept)."""
    code = tekst(d.get("gemeentecode"))
    partij = optioneel(fouten, prefix + "partij", d.get("partij"), "Partij", MAX_NAAM)
    if code:
        code = gemeentecode(code)
        if not code:
            fouten[prefix + "gemeentecode"] = "Geen geldige gemeentecode (GM0363)."
    if bool(code) == bool(partij):
        fouten[prefix + "gemeentecode"] = (
            "Geef óf de gemeente óf de naam van de andere partij die de bestuurder vertegenwoordigt."
        )
    uit = {
        "gemeentecode": code or None,
        "partij": partij or None,
        "naam": verplicht(fouten, prefix + "naam", d.get("naam"), "Naam", MAX_NAAM),
        "functie": keuze(
            fouten, prefix + "functie", d.get("functie"), "Functie", BESTUURDER_FUNCTIES
        ),
        "orgaan": keuze(fouten, prefix + "orgaan", d.get("orgaan"), "Orgaan", ORGANEN),
        "portefeuille": optioneel(
            fouten, prefix + "portefeuille", d.get("portefeuille"), "Portefeuille", MAX_NAAM
        ),
        "vanaf": datum(fouten, prefix + "vanaf", d.get("vanaf"), "Vanaf"),
        "tot": datum(fouten, prefix + "tot", d.get("tot"), "Tot"),
    }
    periode(fouten, prefix + "vanaf", uit["vanaf"], prefix + "tot", uit["tot"])
    return uit


def samenwerking(
    velden: dict,
    deelnemers: list,
    bestuurders: list,
    gemeenten: set[str] | None,
) -> dict:
    """The inhoud of a new samenwerking, checked; raises OngeldigeInvoer."""
    f = Fouten()
    onbekend = set(velden) - set(SAMENWERKING_VELDEN)
    if onbekend:
        f["velden"] = f"Onbekende velden: {', '.join(sorted(onbekend))}."
    v = {
        "naam": verplicht(f, "naam", velden.get("naam"), "Naam", MAX_NAAM),
        "onderwerp": keuze(f, "onderwerp", velden.get("onderwerp"), "Onderwerp", ONDERWERPEN),
        "vorm": keuze(f, "vorm", velden.get("vorm"), "Vorm", AANVULLING_VORMEN),
        "fase": keuze(f, "fase", velden.get("fase"), "Fase", FASEN),
        "start": datum(f, "start", velden.get("start"), "Start"),
        "einde": datum(f, "einde", velden.get("einde"), "Einde"),
        "website": website(f, "website", velden.get("website")),
    }
    periode(f, "start", v["start"], "einde", v["einde"])
    if not isinstance(deelnemers, list | tuple) or len(deelnemers) > MAX_DEELNEMERS:
        f["deelnemers"] = f"Geef de deelnemers als lijst (hoogstens {MAX_DEELNEMERS})."
        deelnemers = []
    dl = [deelnemer(f, f"deelnemers.{i}", d, gemeenten) for i, d in enumerate(deelnemers)]
    dl = _uniek(dl)
    if not any(d.get("type") == "gemeente" for d in dl):
        f["deelnemers"] = "Noem minstens één deelnemende gemeente."
    if not isinstance(bestuurders, list | tuple) or len(bestuurders) > MAX_BESTUURDERS:
        f["bestuurders"] = f"Geef de bestuurders als lijst (hoogstens {MAX_BESTUURDERS})."
        bestuurders = []
    bl = []
    codes = {d.get("gemeentecode") for d in dl if d.get("type") == "gemeente"}
    for i, b in enumerate(bestuurders):
        if not isinstance(b, dict):
            f[f"bestuurders.{i}"] = "Een bestuurder heeft naam, functie en orgaan."
            continue
        bb = bestuurder(f, b, f"bestuurders.{i}.")
        if bb["gemeentecode"] and bb["gemeentecode"] not in codes:
            f[f"bestuurders.{i}.gemeentecode"] = (
                f"{bb['gemeentecode']} is geen deelnemer van deze samenwerking."
            )
        bl.append(bb)
    f.check()
    return {"velden": v, "deelnemers": dl, "bestuurders": bl}


def _uniek(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for d in items:
        key = (d.get("type"), d.get("gemeentecode"), tekst(d.get("naam")).casefold())
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def correctie(veld: str, waarde: Any, gemeenten: set[str] | None) -> tuple[str, Any]:
    """A field and its new value, checked."""
    f = Fouten()
    if veld not in CORRECTIE_VELDEN:
        f["veld"] = f"Het veld '{tekst(veld)}' kan niet worden gecorrigeerd; kies uit: " + (
            ", ".join(CORRECTIE_VELDEN.values())
        )
        f.check()
    label = CORRECTIE_VELDEN[veld]
    checks = {
        "naam": lambda: verplicht(f, "waarde", waarde, label, MAX_NAAM),
        "afkorting": lambda: optioneel(f, "waarde", waarde, label, MAX_NAAM),
        "doel": lambda: optioneel(f, "waarde", waarde, label, MAX_TEKST),
        "onderwerp": lambda: keuze(f, "waarde", waarde, label, ONDERWERPEN),
        "juridische_vorm": lambda: keuze(f, "waarde", waarde, label, JURIDISCHE_VORMEN),
        "fase": lambda: keuze(f, "waarde", waarde, label, FASEN),
        "start": lambda: datum(f, "waarde", waarde, label),
        "einde": lambda: datum(f, "waarde", waarde, label),
        "website": lambda: website(f, "waarde", waarde),
        "deelnemer_toevoegen": lambda: deelnemer(f, "waarde", waarde, gemeenten),
        "deelnemer_verwijderen": lambda: deelnemer(f, "waarde", waarde, None),
    }
    uit = checks[veld]()
    f.check()
    return veld, uit


def bron_en_reden(bron: Any, reden: Any, reden_verplicht: bool) -> tuple[str, str]:
    f = Fouten()
    b = verplicht(f, "bron", bron, "Bron (link of documentverwijzing)", MAX_TEKST)
    if reden_verplicht:
        r = verplicht(f, "reden", reden, "Reden", MAX_TEKST)
    else:
        r = optioneel(f, "reden", reden, "Reden", MAX_TEKST)
    f.check()
    return b, r


def codes(items, patroon: re.Pattern, soort: str) -> tuple[str, ...]:
    f = Fouten()
    out = []
    for raw in items or ():
        t = tekst(raw).upper()
        if soort == "gemeente" and t.removeprefix("GM").isdigit():
            t = gemeentecode(t)
        if not patroon.match(t):
            f[soort] = f"'{tekst(raw)}' is geen geldige {soort}code."
        out.append(t)
    f.check()
    return tuple(sorted(set(out)))
