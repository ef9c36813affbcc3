"""Herindeling: the crosswalk between two gemeente-indelingen and the projection of the
registry onto the newer one.

The crosswalk is computed by overlaying the two boundary sets in EPSG:28992. The 2016 and
2025 CBS files were generalised separately, so even unchanged borders overlap in thin
strips (up to 16 % of a small gemeente's area). Area share alone cannot tell those from a
real piece (Haaren → Boxtel is under 10 %), so the rule is about *shape*:

    a piece of an old gemeente counts as going to a new gemeente when, after shrinking it
    by ``ERODE_M`` (500 m), at least ``MIN_CORE_KM2`` (1 km²) is left; the largest piece of
    every old gemeente always counts.

Shape cannot tell everything: the files also draw some areas (water, a coast) differently,
in pieces of several km² (13 % of Nissewaard falls in Voorne aan Zee in the 2025 file, and
the areas even balance, while no part of Nissewaard went there). So a second rule is about
*identity*:

    an old gemeente whose CBS code still exists in the new indeling continues: a herindeling
    that splits a gemeente dissolves it (its code ends), so a continuing gemeente goes
    wholly to itself. Its pieces elsewhere are reported (``crosswalk_pieces``), not used.

A continuing gemeente can still *take in* others or parts of them (Groningen: Haren, Ten
Boer and Meerstad from Slochteren). What the rule gives up is a grenscorrectie that moves
land out of a continuing gemeente; at these file resolutions it cannot be told from a
drawing difference anyway, and the report lists every such piece for review.

Shares are renormalised over the pieces that count, so each old gemeente's shares sum to 1.
No hand-made list of mergers: the next herindeling only needs the next boundary file.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from kaartviewer.registry import Registry
from kaartviewer.schema import RD_NEW

ERODE_M = 500.0
MIN_CORE_KM2 = 1.0
#: ``reden`` of a piece set aside because its gemeente continues (see module docstring).
REDEN_VOORTBESTAAND = (
    "gemeente bestaat voort (zelfde code): geen herindeling maar een verschil in tekening "
    "tussen de twee grensbestanden"
)

CROSSWALK_COLUMNS = [
    "gemeentecode_oud",
    "gemeentenaam_oud",
    "gemeentecode_nieuw",
    "gemeentenaam_nieuw",
    "aandeel",
    "mutatie",
]
MUTATIES = {
    "ongewijzigd": "ongewijzigd",
    "samengevoegd": "samengevoegd (n → 1)",
    "gesplitst": "gesplitst (1 → n)",
}


PIECE_COLUMNS = [
    "gemeentecode_oud",
    "gemeentenaam_oud",
    "gemeentecode_nieuw",
    "gemeentenaam_nieuw",
    "aandeel_ruw",
    "km2",
    "kern_km2",
    "telt",
    "reden",
]


def crosswalk_pieces(
    old: gpd.GeoDataFrame,
    new: gpd.GeoDataFrame,
    erode_m: float = ERODE_M,
    min_core_km2: float = MIN_CORE_KM2,
) -> pd.DataFrame:
    """Every piece of the overlay old × new, and whether it counts (see module docstring).

    Columns ``PIECE_COLUMNS``: ``aandeel_ruw`` = the piece's share of the old gemeente's area,
    ``km2`` its area, ``kern_km2`` its area after shrinking by ``erode_m``, ``telt`` and the
    ``reden`` (Dutch). Sorted by old code, then descending share.
    """
    a = old[["gemeentecode", "gemeentenaam", "geometry"]].to_crs(RD_NEW)
    b = new[["gemeentecode", "gemeentenaam", "geometry"]].to_crs(RD_NEW)
    area_old = dict(zip(a["gemeentecode"], a.area, strict=True))
    ov = gpd.overlay(
        a.rename(columns={"gemeentecode": "gemeentecode_oud", "gemeentenaam": "gemeentenaam_oud"}),
        b.rename(
            columns={"gemeentecode": "gemeentecode_nieuw", "gemeentenaam": "gemeentenaam_nieuw"}
        ),
        how="intersection",
        keep_geom_type=True,
    )
    ov["km2"] = ov.area / 1e6
    ov["aandeel_ruw"] = ov.area / ov["gemeentecode_oud"].map(area_old)
    ov["kern_km2"] = shapely.area(shapely.buffer(ov.geometry.values, -erode_m)) / 1e6
    ov = ov.sort_values(["gemeentecode_oud", "aandeel_ruw"], ascending=[True, False])
    largest = ~ov["gemeentecode_oud"].duplicated()
    core = ov["kern_km2"] >= min_core_km2
    ov["telt"] = largest | core
    shrink = f"na {erode_m:g} m krimpen blijft"
    ov["reden"] = f"smalle strook: {shrink} minder dan {min_core_km2:g} km² (generalisatie)"
    ov.loc[core, "reden"] = f"stuk: {shrink} minstens {min_core_km2:g} km²"
    ov.loc[largest, "reden"] = "grootste stuk"
    # Identity: a gemeente whose code continues goes wholly to itself (if it overlaps itself).
    continuing = ov["gemeentecode_oud"].isin(set(b["gemeentecode"]))
    self_piece = ov["gemeentecode_oud"] == ov["gemeentecode_nieuw"]
    has_self = ov["gemeentecode_oud"].isin(set(ov.loc[self_piece, "gemeentecode_oud"]))
    rule = continuing & has_self
    ov.loc[rule & self_piece, ["telt", "reden"]] = [True, "gemeente bestaat voort (zelfde code)"]
    elsewhere = rule & ~self_piece & ov["telt"]
    ov.loc[elsewhere, "reden"] = REDEN_VOORTBESTAAND
    ov.loc[rule & ~self_piece, "telt"] = False
    return pd.DataFrame(ov[PIECE_COLUMNS]).reset_index(drop=True)


def crosswalk(
    old: gpd.GeoDataFrame,
    new: gpd.GeoDataFrame,
    erode_m: float = ERODE_M,
    min_core_km2: float = MIN_CORE_KM2,
    pieces: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Crosswalk old → new gemeenten (both frames: gemeentecode, gemeentenaam, geometry).

    Returns one row per (old, new) pair that counts (see module docstring), with
    ``aandeel`` = share of the old gemeente's area going to the new one (renormalised,
    sums to 1 per old gemeente) and ``mutatie``: ``ongewijzigd`` (1 → 1, and the new
    gemeente has no other predecessor), ``samengevoegd`` (the new gemeente has several
    predecessors) or ``gesplitst`` (the old gemeente goes to several new ones).
    Sorted by old code, then descending share. ``pieces``: the result of
    :func:`crosswalk_pieces` for the same frames, when already computed.
    """
    ov = crosswalk_pieces(old, new, erode_m, min_core_km2) if pieces is None else pieces
    cw = pd.DataFrame(
        ov.loc[
            ov["telt"],
            [
                "gemeentecode_oud",
                "gemeentenaam_oud",
                "gemeentecode_nieuw",
                "gemeentenaam_nieuw",
                "aandeel_ruw",
            ],
        ]
    )
    cw["aandeel"] = (
        cw["aandeel_ruw"] / cw.groupby("gemeentecode_oud")["aandeel_ruw"].transform("sum")
    ).round(4)
    n_new = cw.groupby("gemeentecode_oud")["gemeentecode_nieuw"].transform("size")
    n_old = cw.groupby("gemeentecode_nieuw")["gemeentecode_oud"].transform("size")
    cw["mutatie"] = "ongewijzigd"
    cw.loc[n_old > 1, "mutatie"] = "samengevoegd"
    cw.loc[n_new > 1, "mutatie"] = "gesplitst"
    missing = set(old["gemeentecode"]) - set(cw["gemeentecode_oud"])
    if missing:
        raise ValueError(f"oude gemeenten zonder overlap met de nieuwe indeling: {sorted(missing)}")
    return cw[CROSSWALK_COLUMNS].reset_index(drop=True)


def predecessors(cw: pd.DataFrame) -> pd.DataFrame:
    """Per new gemeente: ``voorgangers`` (old names joined) and ``n`` (count)."""
    g = cw.groupby("gemeentecode_nieuw")
    return pd.DataFrame(
        {
            "gemeentenaam": g["gemeentenaam_nieuw"].first(),
            "voorgangers": g["gemeentenaam_oud"].agg(lambda s: ", ".join(sorted(s))),
            "n": g.size(),
        }
    )


def project(
    reg: Registry,
    gemeenten_new: gpd.GeoDataFrame,
    cw: pd.DataFrame,
    indelingen_new: pd.DataFrame | None = None,
    peildatum: str = "2025",
) -> Registry:
    """The registry on the new gemeente-indeling.

    A new gemeente's memberships are the union of its predecessors' memberships. Each
    membership row keeps its provenance: ``via`` (predecessor names), ``via_codes``,
    and ``deels`` / ``aandeel`` when a predecessor was split (the share of that
    predecessor's area that lies in this new gemeente; the smallest such share if
    several predecessors contribute). Arrangements are unchanged: as registered in 2016.
    """
    links = cw[["gemeentecode_oud", "gemeentenaam_oud", "gemeentecode_nieuw", "aandeel", "mutatie"]]
    m = reg.lidmaatschappen.merge(links, left_on="gemeentecode", right_on="gemeentecode_oud")
    m["deels"] = m["mutatie"] == "gesplitst"
    grouped = m.groupby(["samenwerking", "gemeentecode_nieuw"], sort=True)
    lid = (
        pd.DataFrame(
            {
                "via": grouped["gemeentenaam_oud"].agg(lambda s: ", ".join(sorted(set(s)))),
                "via_codes": grouped["gemeentecode_oud"].agg(lambda s: ";".join(sorted(set(s)))),
                "deels": grouped["deels"].all(),
                "aandeel": grouped["aandeel"].min(),
            }
        )
        .reset_index()
        .rename(columns={"gemeentecode_nieuw": "gemeentecode"})
    )
    lid.loc[~lid["deels"], "aandeel"] = 1.0
    sw = reg.samenwerkingen.copy()
    sw["n_deelnemers"] = lid.groupby("samenwerking").size().reindex(sw.index).fillna(0).astype(int)
    gem = gemeenten_new.reset_index(drop=True)
    ind = indelingen_new if indelingen_new is not None else reg.indelingen.iloc[0:0]
    meta = dict(reg.meta, gemeente_indeling=peildatum)
    return Registry.from_tables(gem, sw.reset_index(drop=True), lid, reg.overige, ind, meta)


def region_membership(gemeenten: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> pd.Series:
    """gemeentecode → name of the region (``statnaam``) holding most of its area (RD New).

    Used for the 2025 regio-indelingen, which CBS publishes as region polygons."""
    g = gemeenten[["gemeentecode", "geometry"]].to_crs(RD_NEW)
    r = regions[["statnaam", "geometry"]].to_crs(RD_NEW)
    ov = gpd.overlay(g, r, how="intersection", keep_geom_type=True)
    ov["a"] = ov.area
    best = ov.sort_values(["gemeentecode", "a"], ascending=[True, False]).drop_duplicates(
        "gemeentecode"
    )
    return best.set_index("gemeentecode")["statnaam"]
