"""Municipal boundaries from the CBS/Kadaster files: the shipped gemeente layer and the
history of gemeente names that disappeared before 2016.

All overlays and areas are computed in EPSG:28992 (RD New); what is shipped is WGS84.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from kaartviewer.schema import RD_NEW, WGS84
from kaartviewer.text import fold

#: Names in the CBS files that differ from the official spelling, with the reason.
NAAM_CORRECTIES: dict[str, tuple[str, str]] = {
    "GM0820": (
        "Nuenen, Gerwen en Nederwetten",
        "CBS-bestand 2016 schrijft 'Nuenen. Gerwen…' (punt i.p.v. komma)",
    ),
    "PV21": (
        "Fryslân",
        "officiële naam van de provincie sinds 1997; CBS-bestand 2016 zegt 'Friesland'",
    ),
}

#: A predecessor piece smaller than this share of the old gemeente's area is a
#: generalisation sliver (the yearly files were simplified separately), not a successor.
#: Seen in the real data: 13 % of Muiden (2015) falls in Weesp (2016), all water and
#: simplification; the smallest real split share is Maasdonk → Oss (28 %).
SLIVER_SHARE = 0.20


def read_boundaries(path: Path) -> gpd.GeoDataFrame:
    """Read a CBS boundary file (GeoJSON or TopoJSON) as WGS84 with repaired geometry.

    TopoJSON carries no CRS; the CBS ``wgs84``/unsuffixed files are WGS84, so it is set
    here. Geometries invalid after generalisation are repaired with ``make_valid``,
    never dropped.
    """
    gdf = gpd.read_file(path)
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(WGS84)
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        gdf.loc[invalid, "geometry"] = shapely.make_valid(gdf.geometry[invalid].values)
    gdf["geometry"] = gdf.geometry.apply(_polygonal)
    return gdf[["statcode", "statnaam", "geometry"]].copy()


def _polygonal(geom):
    """Keep only the polygon parts (``make_valid`` can return stray lines/points)."""
    if geom is None or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [
        g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(polys) if polys else geom


def build_gemeenten(gemeente_file: Path, provincie_file: Path) -> gpd.GeoDataFrame:
    """One row per gemeente with ``gemeentecode, gemeentenaam, provinciecode, provincienaam``.

    The provincie is the one containing the gemeente's representative point (in RD New),
    so every gemeente gets exactly one. Sorted by gemeentecode for deterministic output.
    """
    gem = read_boundaries(gemeente_file).rename(
        columns={"statcode": "gemeentecode", "statnaam": "gemeentenaam"}
    )
    prov = read_boundaries(provincie_file).rename(
        columns={"statcode": "provinciecode", "statnaam": "provincienaam"}
    )
    for frame, code_col, name_col in (
        (gem, "gemeentecode", "gemeentenaam"),
        (prov, "provinciecode", "provincienaam"),
    ):
        for code, (naam, _reason) in NAAM_CORRECTIES.items():
            frame.loc[frame[code_col] == code, name_col] = naam

    points = gpd.GeoDataFrame(
        gem[["gemeentecode"]], geometry=gem.to_crs(RD_NEW).representative_point(), crs=RD_NEW
    )
    joined = gpd.sjoin(points, prov.to_crs(RD_NEW), how="left", predicate="within")
    joined = joined.drop_duplicates("gemeentecode").set_index("gemeentecode")
    gem["provinciecode"] = gem["gemeentecode"].map(joined["provinciecode"])
    gem["provincienaam"] = gem["gemeentecode"].map(joined["provincienaam"])
    missing = gem["provinciecode"].isna()
    if missing.any():
        # A coastal gemeente whose point falls just outside the generalised provincie:
        # take the provincie it overlaps most.
        prov_rd = prov.to_crs(RD_NEW)
        for idx in gem.index[missing]:
            geom = gem.loc[[idx]].to_crs(RD_NEW).geometry.iloc[0]
            best = prov_rd.geometry.intersection(geom).area.idxmax()
            gem.loc[idx, ["provinciecode", "provincienaam"]] = prov_rd.loc[
                best, ["provinciecode", "provincienaam"]
            ].values
    gem = gem.sort_values("gemeentecode").reset_index(drop=True)
    return gpd.GeoDataFrame(
        gem[["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam", "geometry"]],
        geometry="geometry",
        crs=WGS84,
    )


@dataclass(frozen=True)
class Opvolging:
    """A gemeente name that disappeared before the reference year, and where it went."""

    naam: str
    laatst_in: int
    opvolgers: tuple[tuple[str, float], ...]  # (gemeentecode, share of the old area)


def name_history(
    history_files: dict[int, Path], gemeenten: gpd.GeoDataFrame, sliver: float = SLIVER_SHARE
) -> dict[str, Opvolging]:
    """Map folded names of vanished gemeenten to their successors by area overlay.

    For each name absent from ``gemeenten`` the most recent year file that still has it
    supplies its polygon; the successors are the current gemeenten covering at least
    ``sliver`` of that polygon's area (EPSG:28992), with their share of it.
    """
    current = {fold(n) for n in gemeenten["gemeentenaam"]}
    cur_rd = gemeenten.to_crs(RD_NEW)
    sindex = cur_rd.sindex
    result: dict[str, Opvolging] = {}
    for year in sorted(history_files, reverse=True):
        old = read_boundaries(history_files[year]).to_crs(RD_NEW)
        for naam, geom in zip(old["statnaam"], old.geometry, strict=True):
            key = fold(naam)
            if key in current or key in result or geom is None or geom.is_empty:
                continue
            idx = sindex.query(geom, predicate="intersects")
            shares = []
            for i in idx:
                share = cur_rd.geometry.iloc[i].intersection(geom).area / geom.area
                if share >= sliver:
                    shares.append((cur_rd["gemeentecode"].iloc[i], round(float(share), 3)))
            shares.sort(key=lambda s: (-s[1], s[0]))
            result[key] = Opvolging(naam=naam, laatst_in=year, opvolgers=tuple(shares))
    return result


def write_geojson(gdf: gpd.GeoDataFrame, path: Path, precision: int = 5) -> None:
    """Write a deterministic, compact GeoJSON (fixed key order, rounded coordinates).

    5 decimals in WGS84 is about 1 m: far below the generalisation of the source.
    """
    import json

    def rnd(coords):
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            return [round(c, precision) for c in coords]
        return [rnd(c) for c in coords]

    props = [c for c in gdf.columns if c != gdf.geometry.name]
    features = []
    for row in gdf.itertuples(index=False):
        # Snapping to the grid (not plain rounding) keeps every polygon valid.
        snapped = shapely.set_precision(getattr(row, gdf.geometry.name), 10**-precision)
        geom = shapely.geometry.mapping(snapped)
        features.append(
            {
                "type": "Feature",
                "properties": {p: _json_value(getattr(row, p)) for p in props},
                "geometry": {"type": geom["type"], "coordinates": rnd(geom["coordinates"])},
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    path.write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def _json_value(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v
