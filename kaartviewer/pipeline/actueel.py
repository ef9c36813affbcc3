"""Today's registry: the GR-register snapshot plus the CBS 2025 network regio-indelingen.

Every register chain (see :mod:`kaartviewer.pipeline.roo`) is one samenwerking with its
versions. Each region of a CBS 2025 regio-indeling that is a collaboration of gemeenten
(GGD, veiligheidsregio, jeugdregio, arbeidsmarktregio, RES, Veilig Thuis, RMC) is linked
one-to-one, per regio-indeling, to the register samenwerking of the same body when there
is one (:func:`kaartviewer.pipeline.link.link_duplicates`: name family, members, name):
then it is one samenwerking with two sources and the register's members. Otherwise the
region is a samenwerking of its own, without versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kaartviewer.pipeline import link
from kaartviewer.schema import (
    DEELNEMER_COLUMNS,
    LIST_SEP,
    REGISTER_COLUMNS,
    SAMENWERKING_COLUMNS,
    TYPE_SEP,
    VERSIE_COLUMNS,
)
from kaartviewer.text import fold, slug


@dataclass(frozen=True)
class NetwerkIndeling:
    """How the regions of one CBS 2025 regio-indeling become samenwerkingen."""

    naam: str  # display prefix, e.g. "GGD-regio"
    familie: str  # key of link.FAMILIE: names of register regelingen of this kind of body
    juridische_vorm: str
    onderwerp: str
    reden: str


#: regio-indeling id (as in ``indelingen.csv``) → treatment. The juridische vorm of a
#: region that is not linked to a register regeling is only claimed where a law fixes it.
NETWERK_INDELINGEN: dict[str, NetwerkIndeling] = {
    "ggd": NetwerkIndeling(
        "GGD-regio",
        "ggd",
        "wettelijke_regio",
        "gezondheid",
        "Wet publieke gezondheid art. 14: de gemeenten van een regio houden samen een GGD in stand",
    ),
    "veiligheidsregio": NetwerkIndeling(
        "Veiligheidsregio",
        "veiligheidsregio",
        "wettelijke_regio",
        "veiligheid",
        "Wet veiligheidsregio's: indeling en deelname liggen in de wet vast",
    ),
    "jeugdregio": NetwerkIndeling(
        "Jeugdregio",
        "jeugdregio",
        "onbekend",
        "sociaal_jeugd",
        "regio's voor de inkoop van jeugdhulp; de vorm verschilt per regio en staat niet in de bron",
    ),
    "arbeidsmarktregio": NetwerkIndeling(
        "Arbeidsmarktregio",
        "arbeidsmarktregio",
        "wettelijke_regio",
        "werk_inkomen",
        "Wet SUWI art. 10: de 35 arbeidsmarktregio's zijn bij besluit vastgesteld",
    ),
    "res": NetwerkIndeling(
        "RES-regio",
        "res",
        "netwerk",
        "milieu",
        "Klimaatakkoord 2019: samenwerking van gemeenten, provincie en waterschappen zonder "
        "eigen rechtspersoon",
    ),
    "veiligthuis": NetwerkIndeling(
        "Veilig Thuis-regio",
        "veilig_thuis",
        "onbekend",
        "sociaal_jeugd",
        "Wmo 2015 art. 4.1.1: elke gemeente heeft een Veilig Thuis-organisatie; die is een GR, "
        "een stichting of deel van de GGD: de vorm staat niet in de bron",
    ),
    "rmc": NetwerkIndeling(
        "RMC-regio",
        "rmc",
        "wettelijke_regio",
        "onderwijs",
        "RMC-wet (WVO art. 118h): de regio's zijn bij ministeriële regeling aangewezen",
    ),
}

BRON_CBS = "CBS 2025"
#: Words that place a region ("Noord", "West-Brabant"): never evidence that two names are
#: one body.
RICHTINGEN = (
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Midden",
    "Noordoost",
    "Noordwest",
    "Zuidoost",
    "Zuidwest",
    "Centraal",
)


def bron_register(snapshot: str) -> str:
    return f"GR-register {snapshot}"


@dataclass
class Actueel:
    """Today's registry as the tables that are written to ``data/``."""

    samenwerkingen: pd.DataFrame
    versies: pd.DataFrame
    deelnemers: pd.DataFrame
    koppelingen: list[dict]  # CBS region ↔ register samenwerking, for the build report
    verschillen: list[dict]  # linked pairs whose members differ


def build_actueel(
    register_samenwerkingen: pd.DataFrame,
    versies: pd.DataFrame,
    deelnemers: pd.DataFrame,
    snapshot: str,
    indelingen_2025: pd.DataFrame,
    plaatsnamen: list[str] | tuple[str, ...] = (),
) -> Actueel:
    """Join the register tables (of :func:`roo.read_register`) with the network regions.

    ``indelingen_2025``: ``regio_indeling, regio_indeling_naam, indeling_soort,
    gemeentecode, regio`` for today's gemeenten; ``plaatsnamen`` (gemeenten, provincies)
    keep place names from counting as distinctive words when linking. Returns the tables in the shipped
    schema; members of a linked region are the register's, the region's own membership is
    kept in the report where it differs.
    """
    bron = bron_register(snapshot)
    sw = register_samenwerkingen.set_index("id", drop=False)
    sw.index.name = None
    sw["bron"] = bron
    sw["regio_indeling"] = ""
    # A chain without a version in force on the snapshot date has ended.
    sw["status"] = sw["in_werking"].map({True: "actief", False: "opgeheven"}).fillna("actief")
    now = _members_now(sw, versies, deelnemers, snapshot)
    regions = _network_regions(indelingen_2025)
    result = link.link(
        {sid: (sw.at[sid, "naam"], frozenset(codes)) for sid, codes in now.items()},
        {k: (NETWERK_INDELINGEN[v[0]].familie, v[1], v[2]) for k, v in regions.items()},
        plaatsnamen=plaatsnamen,
    )
    linked = {p.regio_id: p for p in result.koppelingen if not p.samen_met}
    koppelingen, verschillen = [], []
    extra_rows, extra_deelnemers = [], []
    for rid, (ind_id, regio, codes) in sorted(regions.items()):
        p = linked.get(rid)
        if p is None:
            row, leden = _region_samenwerking(
                ind_id, NETWERK_INDELINGEN[ind_id], regio, codes, snapshot
            )
            extra_rows.append(row)
            extra_deelnemers += leden
            continue
        sid, tag = p.opengr_id, f"{ind_id}{TYPE_SEP}{regio}"
        sw.at[sid, "regio_indeling"] = _add(sw.at[sid, "regio_indeling"], tag)
        sw.at[sid, "bron"] = f"{bron}; {BRON_CBS}"
        koppelingen.append(
            {
                "samenwerking": sid,
                "naam": sw.at[sid, "naam"],
                "regio": tag,
                "bewijs": link.BEWIJS[p.bewijs],
                "jaccard": p.jaccard,
                "naam_gelijkenis": p.naam_gelijkenis,
            }
        )
        only_reg, only_cbs = sorted(now[sid] - codes), sorted(codes - now[sid])
        if only_reg or only_cbs:
            verschillen.append(
                {
                    "samenwerking": sid,
                    "regio": tag,
                    "alleen_register": only_reg,
                    "alleen_cbs": only_cbs,
                }
            )
    sw["peildatum"] = snapshot
    all_sw = pd.concat([sw.reset_index(drop=True), pd.DataFrame(extra_rows)], ignore_index=True)
    all_dn = pd.concat([deelnemers, pd.DataFrame(extra_deelnemers)], ignore_index=True)
    all_sw = _with_current_members(all_sw, versies, all_dn, snapshot)
    all_sw = all_sw.fillna("").sort_values("id", ignore_index=True)
    return Actueel(all_sw, versies, all_dn, koppelingen, verschillen)


# --- helpers -----------------------------------------------------------------------------


def _add(current: str, tag: str) -> str:
    parts = [p for p in str(current or "").split(LIST_SEP) if p]
    return LIST_SEP.join(sorted(set(parts) | {tag}))


def _network_regions(indelingen: pd.DataFrame) -> dict[str, tuple[str, str, frozenset[str]]]:
    """``cbs-<indeling>-<regio>`` → (indeling, regio, member codes) for the network ones."""
    t = indelingen[indelingen["regio_indeling"].isin(set(NETWERK_INDELINGEN))]
    out = {}
    for (ind, regio), rows in t.groupby(["regio_indeling", "regio"], sort=True):
        out[f"cbs-{ind}-{slug(regio, 48)}"] = (ind, regio, frozenset(rows["gemeentecode"]))
    return out


def _versions_at(versies: pd.DataFrame, day: str) -> pd.DataFrame:
    from kaartviewer.register import in_force

    return in_force(versies, day)


def _members_now(sw, versies, deelnemers, snapshot) -> dict[str, set[str]]:
    """Register samenwerking → member gemeenten of its version in force on ``snapshot``."""
    cur = _versions_at(versies, snapshot)[["samenwerking", "roo_id"]]
    d = deelnemers.merge(cur, on=["samenwerking", "roo_id"])
    d = d[(d["deelnemer_type"] == "gemeente") & (d["gemeentecode"] != "")]
    out: dict[str, set[str]] = {}
    for sid, code in d[["samenwerking", "gemeentecode"]].itertuples(index=False):
        out.setdefault(sid, set()).add(code)
    return {k: v for k, v in out.items() if k in set(sw["id"])}


def _region_name(info: NetwerkIndeling, regio: str) -> str:
    family = fold(info.naam).split()[0]
    return regio if family[:6] in fold(regio) else f"{info.naam} {regio}"


def _region_samenwerking(ind_id, info, regio, codes, snapshot):
    sid = f"cbs-{ind_id}-{slug(regio, 48)}"
    row = {
        "id": sid,
        "naam": _region_name(info, regio),
        "juridische_vorm": info.juridische_vorm,
        "juridische_vorm_herkomst": "regel",
        "onderwerp": info.onderwerp,
        "onderwerp_herkomst": "regel",
        "bron": BRON_CBS,
        "peildatum": snapshot,
        "regio_indeling": f"{ind_id}{TYPE_SEP}{regio}",
        "toelichting": info.reden,
        "status": "actief",
    }
    leden = [
        {
            "samenwerking": sid,
            "roo_id": "",
            "deelnemer_type": "gemeente",
            "gemeentecode": c,
            "naam": c,
            "via_code": "",
            "via_naam": "",
            "aandeel": 1.0,
            "toetredingsdatum": "",
            "bestuursorganen": "",
        }
        for c in sorted(codes)
    ]
    return row, leden


def _with_current_members(sw, versies, deelnemers, snapshot) -> pd.DataFrame:
    """``deelnemers`` / ``overige_deelnemers`` columns as on ``snapshot`` (for CSV readers;
    the loader takes memberships per version from ``deelnemers.csv``)."""
    cur = _versions_at(versies, snapshot)[["samenwerking", "roo_id"]]
    without = sorted(set(sw["id"]) - set(versies["samenwerking"]))
    cur = pd.concat([cur, pd.DataFrame({"samenwerking": without, "roo_id": ""})])
    d = deelnemers.merge(cur, on=["samenwerking", "roo_id"])
    gem = d[d["deelnemer_type"] == "gemeente"].groupby("samenwerking")["gemeentecode"]
    sw = sw.set_index("id", drop=False)
    sw["deelnemers"] = gem.agg(lambda s: LIST_SEP.join(sorted(set(s)))).reindex(sw.index)
    other = d[d["deelnemer_type"] != "gemeente"]
    sw["overige_deelnemers"] = (
        other.assign(item=other["deelnemer_type"] + TYPE_SEP + other["naam"])
        .groupby("samenwerking")["item"]
        .agg(lambda s: LIST_SEP.join(sorted(set(s))))
        .reindex(sw.index)
    )
    return sw.reset_index(drop=True)


# --- writing and the change report ---------------------------------------------------------

#: Files of today's registry, as written to ``data/``.
SAMENWERKINGEN_FILE = "samenwerkingen.csv"
VERSIES_FILE = "versies.csv"
DEELNEMERS_FILE = "deelnemers.csv"
#: How many names the change report lists per kind before it says "en N meer".
MAX_IN_RAPPORT = 200


def build(roo_dir: Path, out: Path, gemeenten_2025, crosswalk, indelingen_2025, report) -> None:
    """Read the register, join the network regions and write today's three CSV files.

    ``report`` (a :class:`~kaartviewer.pipeline.build.BuildReport`) gets ``actueel``:
    counts, the links with CBS regions, member differences and every register melding.
    """
    from kaartviewer.pipeline import roo

    names = dict(zip(gemeenten_2025["gemeentecode"], gemeenten_2025["gemeentenaam"], strict=True))
    rt = roo.read_register(roo_dir, crosswalk, names)
    plaatsnamen = sorted(
        set(names.values()) | set(gemeenten_2025["provincienaam"]) | set(RICHTINGEN)
    )
    a = build_actueel(
        rt.samenwerkingen, rt.versies, rt.deelnemers, rt.peildatum, indelingen_2025, plaatsnamen
    )
    _write(out / SAMENWERKINGEN_FILE, a.samenwerkingen, SAMENWERKING_COLUMNS + REGISTER_COLUMNS)
    _write(out / VERSIES_FILE, a.versies, VERSIE_COLUMNS)
    _write(out / DEELNEMERS_FILE, a.deelnemers, DEELNEMER_COLUMNS)
    report.actueel = _summary(rt, a)


def _one_line(value) -> str:
    """CSV cells stay on one physical line: the loader counts rows per line."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _write(path: Path, df: pd.DataFrame, columns) -> None:
    t = df.reindex(columns=list(columns)).map(_one_line)
    sort = [
        c
        for c in ("id", "samenwerking", "geldig_van", "roo_id", "gemeentecode", "naam")
        if c in t.columns
    ]
    t = t.sort_values(sort, kind="stable")
    path.write_text(t.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def _summary(rt, a: Actueel) -> dict:
    sw = a.samenwerkingen
    register = sw[sw["roo_id"] != ""]
    in_force = register[
        register["id"].isin(set(a.versies.loc[a.versies["in_werking"], "samenwerking"]))
    ]
    return {
        "snapshot": rt.peildatum,
        "aantallen": {
            "samenwerkingen": len(sw),
            "samenwerkingen_register": len(register),
            "samenwerkingen_register_in_werking": len(in_force),
            "samenwerkingen_alleen_cbs": int((sw["bron"] == BRON_CBS).sum()),
            "koppelingen_cbs_register": len(a.koppelingen),
            "versies": len(a.versies),
            "deelnemersrijen": len(a.deelnemers),
            **{f"register_{k}": v for k, v in sorted(rt.tellingen.items())},
        },
        "juridische_vormen_register_in_werking": {
            k: int(v) for k, v in in_force["juridische_vorm"].value_counts().sort_index().items()
        },
        "onderwerp_herkomst_register_in_werking": {
            k: int(v) for k, v in in_force["onderwerp_herkomst"].value_counts().sort_index().items()
        },
        "koppelingen": a.koppelingen,
        "verschillen": a.verschillen,
        "meldingen": [
            {"bestand": m.bestand, "plaats": m.plaats, "reden": m.reden, "gevolg": m.gevolg}
            for m in rt.meldingen
        ],
    }


def changes(previous, out: Path) -> dict | None:
    """What changed in today's registry against ``previous`` (a Registry, or ``None``):
    counts, then the lists, for the top of the build report."""
    if previous is None:
        return None
    from kaartviewer.load import load
    from kaartviewer.wijzigingen import vergelijk

    now, _ = load(out)
    van = str(previous.meta.get("peildatum", "vorige data"))
    w = vergelijk(previous, now, van, str(now.meta.get("peildatum", "")))
    lid = w.lidmaatschappen
    return {
        "van": w.van,
        "tot": w.tot,
        "aantallen": w.aantallen(),
        "samenwerkingen": w.samenwerkingen.head(MAX_IN_RAPPORT).to_dict(orient="records"),
        "lidmaatschappen": lid.head(MAX_IN_RAPPORT).to_dict(orient="records"),
        "ingekort": len(w.samenwerkingen) > MAX_IN_RAPPORT or len(lid) > MAX_IN_RAPPORT,
    }
