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

import pandas as pd

from kaartviewer.pipeline import link
from kaartviewer.schema import LIST_SEP, TYPE_SEP
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
