"""Look-ups in the registry: ``gemeente`` and ``stats`` (``samenwerking`` has its own
module, :mod:`.samenwerking`)."""

from __future__ import annotations

import argparse

import pandas as pd

from kaartviewer.cli.common import EXIT_OK
from kaartviewer.cli.fmt import aantal, getal, json_getal, procent
from kaartviewer.cli.laag import ACTUEEL, Weergave, load_layer, toon
from kaartviewer.cli.tekst import lijst, organen_kort, raad_neemt_deel, tekst
from kaartviewer.registry import Registry
from kaartviewer.schema import JURIDISCHE_VORMEN, LIST_SEP, ONDERWERPEN

# --- gemeente ----------------------------------------------------------------------------

UITLEG_GEMEENTE = (
    "raad: ja = de gemeenteraad neemt zelf deel (volgens het GR-register), nee = alleen "
    "college en/of burgemeester; via = het register noemt een voorganger van deze gemeente"
)
UITLEG_GEMEENTE_2016 = (
    "via = het lidmaatschap komt van een voorganger van deze gemeente (laag 2016 op de "
    "gemeenten van 2025)"
)


def gemeente_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("naam", help="gemeentenaam of -code (GM0363)")


def _herkomst(r) -> dict:
    """Where the membership comes from: the gemeente itself, or its predecessor(s)."""
    return {
        "via": lijst(r.via, ","),
        "via_codes": lijst(r.via_codes),
        "deels": bool(r.deels),
        "aandeel": json_getal(r.aandeel),
    }


def _samenwerking_item(i: str, r, has_via: bool) -> dict:
    item = {
        "id": i,
        "naam": r.naam,
        "onderwerp": r.onderwerp,
        "onderwerp_herkomst": r.onderwerp_herkomst,
        "juridische_vorm": r.juridische_vorm,
        "partners": int(r.partners),
        "bron": r.bron,
    }
    roo_id = tekst(getattr(r, "roo_id", ""))
    if roo_id:
        item |= {
            "roo_id": roo_id,
            "roo_ids": lijst(r.roo_ids),
            "register_url": tekst(r.register_url),
        }
    if "bestuursorganen" in r.index:
        item["bestuursorganen"] = lijst(r.bestuursorganen)
        item["gemeenteraad_neemt_deel"] = raad_neemt_deel(r.bestuursorganen)
    if has_via:
        item["herkomst"] = _herkomst(r)
    if tekst(r.get("aanvulling_herkomst")):  # from the beheer store
        item["aanvulling_herkomst"] = r["aanvulling_herkomst"]
    return item


def _samenwerking_line(it: dict) -> str:
    kenmerken = [
        ONDERWERPEN.get(it["onderwerp"], it["onderwerp"]),
        JURIDISCHE_VORMEN.get(it["juridische_vorm"], it["juridische_vorm"]),
        aantal(it["partners"], "partner", "partners"),
    ]
    raad = it.get("gemeenteraad_neemt_deel")
    if raad is not None:
        kenmerken.append(f"raad: {'ja' if raad else 'nee'} ({organen_kort(it['bestuursorganen'])})")
    via = ""
    h = it.get("herkomst")
    if h and h["via"]:
        via = f"  via {', '.join(h['via'])}"
        if h["deels"]:
            via += f" (deels: {procent(h['aandeel'])} van het gebied)"
    extra = f"  ({it['aanvulling_herkomst']})" if it.get("aanvulling_herkomst") else ""
    return f"  {it['naam']}  [{'; '.join(kenmerken)}]{via}  {it['id']}{extra}"


def gemeente(args: argparse.Namespace) -> int:
    """The samenwerkingen of one gemeente (name or code): vorm, onderwerp, partners, whether
    the gemeenteraad takes part, and where the membership comes from (``via``)."""
    reg = load_layer(args)
    weergave = Weergave.van(reg)
    code = reg.find_gemeente(args.naam)
    g = reg.gemeenten.loc[code]
    df = reg.samenwerkingen_van(code)
    has_via = "via" in df.columns
    items = [_samenwerking_item(i, r, has_via) for i, r in df.iterrows()]
    data = {
        "gemeentecode": code,
        "gemeentenaam": g.gemeentenaam,
        "provincie": g.provincienaam,
        "aantal": len(items),
        "samenwerkingen": items,
    }

    def human():
        print(
            f"{g.gemeentenaam} ({code}, {g.provincienaam}): "
            f"{aantal(len(items), 'samenwerking', 'samenwerkingen')}"
        )
        if items and has_via:
            uitleg = UITLEG_GEMEENTE if weergave.laag == ACTUEEL else UITLEG_GEMEENTE_2016
            print(f"  ({uitleg})")
        for it in items:
            print(_samenwerking_line(it))

    toon(args, weergave, data, human)
    return EXIT_OK


# --- stats -------------------------------------------------------------------------------

#: What each source of the registry is, by the start of its name in the ``bron`` column.
BRON_UITLEG: dict[str, str] = {
    "GR-register": (
        "Wgr-regelingen uit het landelijke GR-register (Register van Overheidsorganisaties, "
        "KOOP voor BZK, CC0 1.0): de versie die op de peildatum in werking is"
    ),
    "CBS": (
        "netwerksamenwerkingen en wettelijke regio's die het CBS als regio-indeling "
        "publiceert (GGD-regio's, veiligheidsregio's, arbeidsmarktregio's, …; Bron: CBS, "
        "Kadaster, CC-BY 4.0); zonder versies, dus op elke peildatum gelijk"
    ),
    "OpenGR": (
        "Wgr-regelingen met deelnemers, in 2016 opgevraagd bij alle provincies (Open State "
        "Foundation, ODC-PDDL-1.0); onvolledig volgens de bron zelf"
    ),
    "RegioAtlas": (
        "regio-indelingen van 2016 (Ministerie van BZK via Open State Foundation, "
        "ODC-PDDL-1.0); regio's die samenwerkingen van gemeenten zijn"
    ),
}
UITLEG_LAAG = {
    "actueel": (
        "Deze laag toont het register van vandaag op de peildatum, op de gemeenten van "
        "vandaag; een regeling telt mee als er op die dag een versie in werking is."
    ),
    "2016": (
        "Deze laag is historisch: samenwerkingen zoals OpenGR en RegioAtlas ze in 2016 "
        "registreerden; ze kunnen sindsdien zijn veranderd."
    ),
}


def bron_uitleg(bron: str) -> str:
    return next((v for k, v in BRON_UITLEG.items() if bron.startswith(k)), "")


def per_bron(reg: Registry) -> tuple[dict[str, int], int]:
    """Samenwerkingen per source, and how many have more than one source.

    A samenwerking found in two sources (one body, merged by the pipeline: an OpenGR
    regeling and a RegioAtlas region, a register regeling and a CBS region) counts under
    each, so the counts per source add up to more than the total.
    """
    bronnen = (
        reg.samenwerkingen["bron"]
        .fillna("")
        .map(lambda b: [x.strip() for x in b.split(LIST_SEP) if x.strip()])
    )
    counts = pd.Series([b for bs in bronnen for b in bs], dtype=object).value_counts()
    return {k: int(v) for k, v in counts.sort_index().items()}, int((bronnen.map(len) > 1).sum())


def _bronnen_zin(data: dict) -> str:
    """``833; 436 met bron OpenGR 2016, 502 met bron RegioAtlas 2016 — 105 hebben beide
    bronnen …``: why the counts per source do not add up to the total."""
    per = data["samenwerkingen_per_bron"]
    zin = f"{data['samenwerkingen']}"
    if per:
        zin += "; " + ", ".join(f"{n} met bron {b}" for b, n in per.items())
    meer = data["samenwerkingen_meerdere_bronnen"]
    if meer:
        beide = "beide bronnen" if len(per) == 2 else "meer dan één bron"
        zin += (
            f" — {meer} {'heeft' if meer == 1 else 'hebben'} {beide} (samengevoegd) en "
            f"{'telt' if meer == 1 else 'tellen'} bij elke bron mee"
        )
    return zin


def register_dekking(reg: Registry) -> dict:
    """How much of the country today's register covers on the peildatum."""
    sw = reg.samenwerkingen
    ids = set(sw.index[sw["roo_id"].fillna("") != ""]) if "roo_id" in sw.columns else set()
    lid = reg.lidmaatschappen[reg.lidmaatschappen["samenwerking"].isin(ids)]
    n = len(reg.gemeenten)
    met = int(lid["gemeentecode"].nunique())
    out = {
        "gemeenten": n,
        "gemeenten_met_regeling": met,
        "aandeel_gemeenten_met_regeling": json_getal(met / n if n else None),
        "regelingen_per_gemeente_gemiddeld": json_getal(len(lid) / n if n else None, 2),
    }
    actueel = reg.meta.get("actueel")
    tellingen = actueel.get("aantallen", {}) if isinstance(actueel, dict) else {}
    if "register_deelnemers_in_register" in tellingen:
        out["register_deelnemers"] = {
            k: tellingen.get(f"register_deelnemers_{k}")
            for k in ("in_register", "gebruikt", "overgeslagen")
        }
    return out


def _print_bronnen(data: dict) -> None:
    print(UITLEG_LAAG.get(data["laag"], ""))
    print("bronnen van deze laag:")
    for b, n in data["samenwerkingen_per_bron"].items():
        uitleg = bron_uitleg(b)
        print(
            f"  {b}: {aantal(n, 'samenwerking', 'samenwerkingen')}{' — ' + uitleg if uitleg else ''}"
        )


def _print_register(r: dict) -> None:
    d = r["dekking"]
    print(
        f"GR-register: {aantal(r['samenwerkingen'], 'regeling', 'regelingen')} in werking op "
        f"{r['peildatum']} (snapshot {r['snapshot']}); "
        f"{r['zonder_gemeente_weggelaten']} zonder gemeente weggelaten"
    )
    vormen = ", ".join(
        f"{JURIDISCHE_VORMEN.get(k, k)} {v}" for k, v in r["per_juridische_vorm"].items()
    )
    print(f"  per juridische vorm: {vormen or '—'}")
    print(
        f"  dekking: {d['gemeenten_met_regeling']} van de {d['gemeenten']} gemeenten nemen "
        f"deel aan ten minste één regeling ({procent(d['aandeel_gemeenten_met_regeling'])}); "
        f"gemiddeld {getal(d['regelingen_per_gemeente_gemiddeld'], 1)} regelingen per gemeente"
    )


def _print_stats(data: dict) -> None:
    m = data["lidmaatschappen_per_gemeente"]
    d = data["dekking"]
    _print_bronnen(data)
    print(f"gemeenten: {data['gemeenten']} (met geometrie: {data['gemeenten_met_geometrie']})")
    print(f"samenwerkingen: {_bronnen_zin(data)}")
    if data.get("register"):
        _print_register(data["register"])
    waar = f" ({m['maximum_gemeente']})" if m["maximum"] else ""
    print(
        f"lidmaatschappen: {data['lidmaatschappen']}; per gemeente gemiddeld "
        f"{getal(m['gemiddeld'], 1)}, mediaan {getal(m['mediaan'], 1)}, "
        f"maximum {m['maximum']}{waar}"
    )
    print("per onderwerp:")
    for k, v in data["per_onderwerp"].items():
        print(f"  {ONDERWERPEN.get(k, k)}: {v}")
    print("per juridische vorm (alle samenwerkingen):")
    for k, v in data["per_juridische_vorm"].items():
        print(f"  {JURIDISCHE_VORMEN.get(k, k)}: {v}")
    if data["laag"] != ACTUEEL:
        line = f"peildatum: {d.get('peildatum') or 'onbekend'}"
        share = d.get("opgelost_aandeel_gemeentelijke_rijen")
        if share is not None:
            line += f"; opgeloste gemeentelijke deelnemersrijen: {procent(share, 1)}"
        print(line)


def stats(args: argparse.Namespace) -> int:
    """Counts, memberships per gemeente, the layer's sources and its coverage."""
    reg = load_layer(args)
    weergave = Weergave.van(reg)
    data = reg.stats()
    data["samenwerkingen_per_bron"], data["samenwerkingen_meerdere_bronnen"] = per_bron(reg)
    if weergave.laag == ACTUEEL:
        data["dekking"] = {
            **data["dekking"],
            "bronnen": [
                {"naam": b, "samenwerkingen": n, "inhoud": bron_uitleg(b)}
                for b, n in data["samenwerkingen_per_bron"].items()
            ],
        }
        for k in ("opgelost_aandeel_gemeentelijke_rijen", "overig_aandeel"):
            data["dekking"].pop(k, None)  # figures of the 2016 build, not of this layer
        if data.get("register") is not None:
            data["register"]["dekking"] = register_dekking(reg)
    data |= weergave.json()
    toon(args, weergave, data, lambda: _print_stats(data))
    return EXIT_OK
