"""Geometry work: web layers, footprints, borders and co-membership lines.

Overlays, simplification and areas are computed in EPSG:28992 (RD New, metres); every
function returns WGS84 (EPSG:4326) GeoDataFrames for Leaflet unless it says otherwise.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString

from kaartviewer.schema import RD_NEW, WGS84


def web_layer(
    gemeenten: gpd.GeoDataFrame, tolerance_m: float = 120.0, precision: float = 1e-4
) -> gpd.GeoDataFrame:
    """The national gemeente layer simplified for the browser.

    Uses ``shapely.coverage_simplify`` in RD New, which simplifies shared borders once,
    so neighbouring gemeenten keep a common edge (no gaps or slivers). ``tolerance_m`` is
    the Visvalingam–Whyatt area tolerance expressed as a length (metres).
    Returns gemeentecode, gemeentenaam, provinciecode, provincienaam, geometry (WGS84).
    """
    rd = gemeenten.to_crs(RD_NEW)
    simple = shapely.coverage_simplify(rd.geometry.values, tolerance_m)
    simple = shapely.make_valid(simple)
    out = gpd.GeoDataFrame(
        rd.drop(columns="geometry").reset_index(drop=True), geometry=simple, crs=RD_NEW
    ).to_crs(WGS84)
    out["geometry"] = shapely.set_precision(out.geometry.values, precision)
    out.index = gemeenten.index
    return out


def centroids(gemeenten: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """A point inside each gemeente (representative point in RD, returned in WGS84)."""
    return gemeenten.to_crs(RD_NEW).representative_point().to_crs(WGS84)


def footprint(gemeenten: gpd.GeoDataFrame, codes) -> gpd.GeoDataFrame:
    """Dissolved outline of the given gemeenten with its area (``oppervlakte_km2``)."""
    sub = gemeenten.loc[gemeenten.index.isin(set(codes))]
    if sub.crs is None or not sub.crs.equals(RD_NEW):  # a caller may pass RD already
        sub = sub.to_crs(RD_NEW)
    if sub.empty:
        return gpd.GeoDataFrame({"oppervlakte_km2": []}, geometry=[], crs=WGS84)
    geom = shapely.union_all(sub.geometry.values)
    return gpd.GeoDataFrame(
        {"oppervlakte_km2": [round(geom.area / 1e6, 1)]}, geometry=[geom], crs=RD_NEW
    ).to_crs(WGS84)


def region_polygons(gemeenten: gpd.GeoDataFrame, labels: pd.Series) -> gpd.GeoDataFrame:
    """Dissolve gemeenten by ``labels`` (gemeentecode → region): one polygon per region,
    with ``regio`` and ``gemeenten`` (count). Unlabelled gemeenten are left out.

    The CBS boundaries form a clean coverage (neighbours share identical edges), so a plain
    union per region leaves no slivers; pass the web layer to get web-sized output.
    """
    gem = gemeenten[["geometry"]].copy()
    gem["regio"] = labels.reindex(gem.index).to_numpy()
    gem = gem.dropna(subset=["regio"])
    if gem.empty:
        return gpd.GeoDataFrame({"regio": [], "gemeenten": []}, geometry=[], crs=WGS84)
    rows = [
        (regio, len(grp), shapely.union_all(grp.geometry.values))
        for regio, grp in gem.groupby("regio", sort=True)
    ]
    return gpd.GeoDataFrame(
        {"regio": [r[0] for r in rows], "gemeenten": [r[1] for r in rows]},
        geometry=[r[2] for r in rows],
        crs=gemeenten.crs,
    ).to_crs(WGS84)


def comembership_lines(
    gemeenten: gpd.GeoDataFrame, edges: pd.DataFrame, min_weight: int = 1
) -> gpd.GeoDataFrame:
    """Straight lines between gemeente centroids for ``edges`` (columns a, b, weight),
    keeping those with weight ≥ ``min_weight``; heaviest last so they draw on top."""
    pts = centroids(gemeenten)
    e = edges[edges["weight"] >= min_weight].sort_values("weight")
    if e.empty:
        return gpd.GeoDataFrame({"a": [], "b": [], "weight": []}, geometry=[], crs=WGS84)
    xa, ya = pts.x[e["a"]].to_numpy(), pts.y[e["a"]].to_numpy()
    xb, yb = pts.x[e["b"]].to_numpy(), pts.y[e["b"]].to_numpy()
    lines = [
        LineString([(x1, y1), (x2, y2)]) for x1, y1, x2, y2 in zip(xa, ya, xb, yb, strict=True)
    ]
    return gpd.GeoDataFrame(e.reset_index(drop=True), geometry=lines, crs=WGS84)


def bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    """Leaflet bounds ``[[south, west], [north, east]]`` of a WGS84 frame."""
    minx, miny, maxx, maxy = gdf.total_bounds
    if not np.isfinite([minx, miny, maxx, maxy]).all():
        return [[50.75, 3.3], [53.6, 7.25]]
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]
