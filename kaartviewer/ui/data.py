"""Cached access to the registry and the analyses: the only place with ``st.cache_*``.

Every cached function is a thin wrapper around a pure function of the package, keyed by a
:class:`Source` (which data version, which laag, on which gemeente-indeling, at which
peildatum) and the hashable ``Filters``. The heavy work runs once per data version; a
rerun after a filter change only recomputes what the filter changes.

Today's registry is loaded once per data version with all its versions
(:func:`register_data`, ``load_register``); a peildatum is then a cheap selection
(:func:`registry`, ``registry_at``, a few ms on the shipped data). Caches that depend only
on the gemeenten and regio-indelingen (map layer, borders, congruence of indelingen) key on
the peildatum-free :meth:`Source.zonder_peildatum`, so a new peildatum does not redo them.

Caches follow the files: :func:`current` stats the data files (today's and those of the
2016 layer in ``2016/``) on every rerun (cheap) and the result is part of the key, so a
changed file is picked up by the next rerun, and every laag and gemeente-indeling of a
server keys on the same fingerprint (they never mix versions). A file that changes *while*
it is being loaded is detected (:class:`DataChanged`) and the load is retried, so a key
never holds a mix of two versions. Old versions fall out of the caches (``max_entries``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from kaartviewer import analysis, config, geo, maps, network, wijzigingen
from kaartviewer.load import HISTORIE_MAP, load, load_register
from kaartviewer.register import RegisterData, parse_peildatum, registry_at
from kaartviewer.ui import beheer_store
from kaartviewer.ui.state import Filters
from kaartviewer.validation import LoadError

#: Files that make up a data version: what the loader reads (and may read later).
DATA_SUFFIXES = (".csv", ".geojson", ".json")
#: Sub-folders of the data directory that belong to the version (the 2016 layer).
DATA_SUBDIRS = (HISTORIE_MAP,)
#: The earliest peildatum the page offers: the register's oldest version is of 1986.
MIN_PEILDATUM = dt.date(1986, 1, 1)
#: Versions kept per cache: a replaced file leaves the old version to be evicted.
_VERSIONS = 2
#: Peildata kept per data version (each a registry of some MB).
_PEILDATA = 12
_RETRIES = 3


@dataclass(frozen=True)
class FileStamp:
    """One data file as seen by ``os.stat``: a changed file changes at least one field
    (``ctime_ns`` also changes when a copy keeps the old modification time). ``name`` is
    relative to the data directory (``2016/samenwerkingen.csv``)."""

    name: str
    size: int
    mtime_ns: int
    ctime_ns: int


@dataclass(frozen=True)
class Source:
    """The cache key of a view of the data: directory, laag, gemeente-indeling, peildatum
    and the file fingerprint.

    ``laag`` is ``actueel`` (today's registry, always on the gemeenten of 2025, at
    ``peildatum``: an ISO date, ``None`` = the register's snapshot) or ``2016`` (the
    historic layer, on ``gemeente_indeling`` 2016 or 2025; no peildatum). ``fingerprint``
    is ``()`` for a directory without data files (the loader then reports what is missing).
    """

    data_dir: str
    laag: str = "actueel"
    gemeente_indeling: str = "2025"
    peildatum: str | None = None
    fingerprint: tuple[FileStamp, ...] = ()
    #: Today's layer: the beheer store's revision (``""`` = sources only); the registry
    #: of such a source includes the approved aanvullingen (see :func:`met_aanvullingen`).
    aanvullingen: str = ""

    def on(self, laag: str, gemeente_indeling: str | None = None) -> Source:
        """The same data version in another laag (and gemeente-indeling); today's layer at
        its snapshot, the 2016 layer on ``gemeente_indeling`` (default 2016); the sources
        only (no aanvullingen)."""
        if laag == "actueel":
            return replace(
                self, laag=laag, gemeente_indeling="2025", peildatum=None, aanvullingen=""
            )
        return replace(
            self,
            laag=laag,
            gemeente_indeling=gemeente_indeling or "2016",
            peildatum=None,
            aanvullingen="",
        )

    def zonder_peildatum(self) -> Source:
        """The key for what depends only on the gemeenten and regio-indelingen (the map
        layer, borders, congruence of indelingen): the same for every peildatum and every
        revision of the aanvullingen."""
        return replace(self, peildatum=None, aanvullingen="")

    @property
    def historisch(self) -> bool:
        return self.laag != "actueel"


#: Cache keys are hashed by their ``repr`` (every field, in order): Streamlit's default for a
#: dataclass copies it field by field (``dataclasses.asdict``), which costs milliseconds per
#: call with a fingerprint of a dozen files; the repr is the same information, at once.
_HASH_FUNCS = {Source: repr, Filters: repr}


def _cache(**kwargs):
    """``st.cache_resource`` with the page's cache keys hashed cheaply."""
    return st.cache_resource(hash_funcs=_HASH_FUNCS, **kwargs)


class DataChanged(Exception):
    """The data files changed while they were being loaded; load again."""


def _stamps(folder: str, prefix: str = "") -> list[FileStamp]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    stamps = []
    for e in entries:
        if prefix == "" and e.name in DATA_SUBDIRS and e.is_dir():
            stamps += _stamps(e.path, f"{e.name}/")
            continue
        if not e.name.endswith(DATA_SUFFIXES):
            continue
        try:
            st_ = e.stat()
        except OSError:  # removed between listing and stat: it is simply not there
            continue
        if e.is_file():
            stamps.append(FileStamp(prefix + e.name, st_.st_size, st_.st_mtime_ns, st_.st_ctime_ns))
    return stamps


def fingerprint(data_dir: str | os.PathLike) -> tuple[FileStamp, ...]:
    """Name, size and times of every data file in ``data_dir`` and its ``2016/`` folder
    (sorted by name; ``()`` if the directory is absent)."""
    return tuple(sorted(_stamps(str(data_dir)), key=lambda s: s.name))


def source(
    laag: str = "actueel",
    gemeente_indeling: str | None = None,
    peildatum: str | None = None,
    data_dir: str | os.PathLike | None = None,
) -> Source:
    """The current data version (``config.data_dir()`` unless given) as a :class:`Source`."""
    d = str(config.data_dir(data_dir))
    src = Source(d, fingerprint=fingerprint(d)).on(laag, gemeente_indeling)
    if laag != "actueel":
        return src
    return replace(src, peildatum=peildatum, aanvullingen=beheer_store.revisie_sleutel())


def snapshot(src: Source) -> str:
    """The snapshot date of today's register in this data version (ISO)."""
    return register_data(src.on("actueel"))[0].snapshot


def clamp_peildatum(peildatum: str | None, snapshot_: str) -> tuple[str, str | None]:
    """``peildatum`` (``None`` = the snapshot) within ``MIN_PEILDATUM`` … ``snapshot_``;
    returns the date and a Dutch message when it had to be moved."""
    if not peildatum:
        return snapshot_, None
    p = parse_peildatum(peildatum)
    if p > snapshot_:
        return snapshot_, (
            f"Peildatum {p} ligt na de stand van het register ({snapshot_}); "
            f"de stand van {snapshot_} wordt getoond."
        )
    if p < MIN_PEILDATUM.isoformat():
        first = MIN_PEILDATUM.isoformat()
        return first, (
            f"Peildatum {p} ligt voor {first}: het register kent geen eerdere regelingen; "
            f"{first} wordt getoond."
        )
    return p, None


def current(laag: str = "actueel", gemeente_indeling: str | None = None, peildatum=None):
    """``(Source, Registry, ValidationReport)`` of the files as they are now.

    For today's layer the peildatum is resolved (``None`` = the snapshot) and kept within
    the register's range, so ``Source.peildatum`` is always a date there. Raises
    :class:`LoadError` when the data cannot be used, also when it keeps changing during
    every attempt to load it.
    """
    for _ in range(_RETRIES):
        src = source(laag, gemeente_indeling)
        try:
            if laag == "actueel":
                p, _msg = clamp_peildatum(peildatum, snapshot(src))
                src = replace(src, peildatum=p)
            reg, report = registry(src)
        except DataChanged:
            continue
        return src, reg, report
    raise LoadError(
        "De gegevens veranderden tijdens het laden. Probeer het over een paar tellen opnieuw."
    )


def _check_unchanged(src: Source) -> None:
    if fingerprint(src.data_dir) != src.fingerprint:
        raise DataChanged(src.data_dir)


@_cache(max_entries=2 * _VERSIONS, show_spinner="Gegevens laden en controleren…")
def register_data(src: Source) -> tuple[RegisterData, object]:
    """Today's registry with every version (``load_register``) of one data version, and its
    ValidationReport; keyed on the peildatum-free source."""
    result = load_register(Path(src.data_dir))
    _check_unchanged(src)
    return result


@_cache(max_entries=_PEILDATA * _VERSIONS, show_spinner="Gegevens laden en controleren…")
def registry(src: Source):
    """(Registry, ValidationReport) of one view; raises LoadError on structural failure and
    DataChanged if the files changed while loading (nothing is cached then).

    Today's layer: the cached :func:`register_data` at ``src.peildatum`` (cheap); the 2016
    layer: ``load(laag="2016")``.
    """
    if src.laag == "actueel":
        data_, report = register_data(src.on("actueel"))
        if src.aanvullingen:
            data_ = met_aanvullingen(replace(src, peildatum=None))
        return registry_at(data_, src.peildatum), report
    result = load(Path(src.data_dir), src.gemeente_indeling, laag=src.laag)
    _check_unchanged(src)
    return result


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def met_aanvullingen(src: Source) -> RegisterData:
    """Today's registry data with the approved aanvullingen of the store revision
    ``src.aanvullingen`` (each value with its herkomst), merged once per data version and
    revision, before any peildatum: a new peildatum is then one ``registry_at``, as
    without a store. The revision is read on every rerun (:func:`source`), so a change
    approved through another app process is part of the next rerun's key."""
    from kaartviewer.beheer import publiceren

    data_ = register_data(src.on("actueel"))[0]
    return publiceren.register_met_aanvullingen(data_, beheer_store.publicatie(src.aanvullingen))


@_cache(max_entries=64, show_spinner=False)
def filtered(src: Source, f: Filters):
    return f.apply(registry(src)[0])


def web_layer(src: Source):
    """The simplified gemeente layer (the same for every peildatum)."""
    return _web_layer(src.zonder_peildatum())


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def _web_layer(src: Source):
    return geo.web_layer(registry(src)[0].gemeenten)


def layer_features(src: Source) -> dict:
    """The gemeente layer as GeoJSON for the choropleth (the same for every peildatum)."""
    return _layer_features(src.zonder_peildatum())


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def _layer_features(src: Source) -> dict:
    return maps.layer_features(web_layer(src))


def kaart_laag(src: Source) -> str:
    """File name (see ``assets.write_layer``) of the kaart view's base layer: the gemeenten
    (code, naam, provincie; plain text, the page shows them as text nodes) and the
    provinciegrenzen, as JSON. The same for every peildatum, filter and selection."""
    return _kaart_laag(src.zonder_peildatum())


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def _kaart_laag(src: Source) -> str:
    from kaartviewer.ui import assets

    layer = web_layer(src)
    gem = gpd.GeoDataFrame(
        {
            "c": layer.index.astype(str),
            "naam": layer["gemeentenaam"].astype(str).values,
            "provincie": layer["provincienaam"].astype(str).values,
        },
        geometry=layer.geometry.values,
        crs=layer.crs,
    )
    prov = provincie_polygons(src)[["geometry"]]
    doc = (
        '{"gemeenten":'
        + gem.to_json(drop_id=True)
        + ',"provincies":'
        + prov.to_json(drop_id=True)
        + "}"
    )
    return assets.write_layer(doc.encode("utf-8"))


@_cache(max_entries=8, show_spinner=False)
def kaart_basis(laag_url: str, asset_base: str, basemap: bool, height: int) -> dict:
    """The kaart view's base map rendered once, as streamlit-folium's ``st_folium`` would
    send it (script, header, html, links and the component key derived from the script).

    The script does not depend on filters or selection, so every rerun sends the same
    arguments plus a small state: rendering the folium tree again per run (some 40 ms of
    Jinja) is saved, and the stable key keeps the map's iframe.
    """
    import streamlit_folium as sf

    m = maps.live_map(laag_url, asset_base, basemap=basemap, height=height)
    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = [], []
    for el in [m, *m._children.values()]:
        css += [href for _, href in getattr(el, "default_css", [])]
        js += [src for _, src in getattr(el, "default_js", [])]
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(m),
        "css_links": list(dict.fromkeys(css)),
        "js_links": [maps.layer_prefetch(laag_url), *dict.fromkeys(js)],
        "hash": sf.generate_js_hash(script, "kaart", False),
    }


def grenzen_laag(src: Source, regio_indeling: str) -> str:
    """File name of the outlines of one regio-indeling (for the kaart view to fetch)."""
    return _grenzen_laag(src.zonder_peildatum(), regio_indeling)


@_cache(max_entries=16 * _VERSIONS, show_spinner=False)
def _grenzen_laag(src: Source, regio_indeling: str) -> str:
    from kaartviewer.ui import assets

    polys = region_polygons(src, regio_indeling)
    return assets.write_layer(polys[["geometry"]].to_json(drop_id=True).encode("utf-8"))


def centroids(src: Source) -> pd.DataFrame:
    """A point inside each gemeente (``lat``, ``lon``), for the partner lines."""
    return _centroids(src.zonder_peildatum())


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def _centroids(src: Source) -> pd.DataFrame:
    pts = geo.centroids(registry(src)[0].gemeenten)
    return pd.DataFrame({"lat": pts.y.values, "lon": pts.x.values}, index=pts.index)


def gemeente_bounds(src: Source) -> pd.DataFrame:
    """Bounds of each gemeente of the web layer (minx, miny, maxx, maxy), to fit the map."""
    return _gemeente_bounds(src.zonder_peildatum())


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def _gemeente_bounds(src: Source) -> pd.DataFrame:
    return web_layer(src).geometry.bounds


@_cache(max_entries=64, show_spinner=False)
def partner_lines(src: Source, f: Filters, gemeentecode: str) -> tuple[dict[str, int], list]:
    """Partners of one gemeente (code → shared samenwerkingen) and the lines to them,
    ``[lat1, lon1, lat2, lon2, weight, "A – B: n"]``, lightest first (heaviest on top)."""
    mine = analysis.edges_of(edges(src, f), gemeentecode).sort_values("weight")
    pts = centroids(src)
    names = registry(src)[0].gemeenten["gemeentenaam"]
    partners, lines = {}, []
    for a, b, w in mine[["a", "b", "weight"]].itertuples(index=False):
        other = b if a == gemeentecode else a
        partners[other] = int(w)
        if a in pts.index and b in pts.index:
            lines.append(
                [
                    round(float(pts.at[a, "lat"]), 5),
                    round(float(pts.at[a, "lon"]), 5),
                    round(float(pts.at[b, "lat"]), 5),
                    round(float(pts.at[b, "lon"]), 5),
                    int(w),
                    f"{names.get(a, a)} – {names.get(b, b)}: {int(w)}",
                ]
            )
    return partners, lines


@_cache(max_entries=64, show_spinner=False)
def samenwerkingen_van(src: Source, f: Filters, gemeentecode: str) -> pd.DataFrame:
    """The samenwerkingen of one gemeente under the filters (``Registry.samenwerkingen_van``)."""
    return filtered(src, f).samenwerkingen_van(gemeentecode)


@_cache(max_entries=32, show_spinner=False)
def gemeente_opties(src: Source, f: Filters) -> tuple[list[str], dict[str, str]]:
    """The gemeenten for the list next to the map: codes by name, and labels with the count
    the map colours (``Amsterdam (23)``)."""
    g = registry(src)[0].gemeenten
    c = counts(src, f)
    names = dict(zip(g.index, g["gemeentenaam"].astype(str), strict=True))
    order = sorted(names, key=lambda k: names[k].casefold())
    return order, {k: f"{names[k]} ({int(c.get(k, 0))})" for k in order}


@_cache(max_entries=64, show_spinner=False)
def deelnemers_van(src: Source, samenwerking: str) -> pd.DataFrame:
    """``Registry.deelnemers_van`` (the member gemeenten of one samenwerking), cached: the
    kaart view needs it for the map, the panel, the outline and the area."""
    return registry(src)[0].deelnemers_van(samenwerking)


def footprint_geojson(src: Source, samenwerking: str) -> dict | None:
    """The outline of one samenwerking as GeoJSON for the map (``None`` without members):
    the union of the web layer's shapes, which share their borders, so no projection and
    no full-resolution geometry is needed."""
    codes = tuple(deelnemers_van(src, samenwerking).index)
    return _footprint_geojson(src.zonder_peildatum(), codes)


@_cache(max_entries=64, show_spinner=False)
def _footprint_geojson(src: Source, codes: tuple[str, ...]) -> dict | None:
    import shapely

    layer = web_layer(src)
    geoms = layer.geometry[layer.index.isin(set(codes))].values
    if not len(geoms):
        return None
    return {
        "type": "Feature",
        "properties": {},
        "geometry": shapely.geometry.mapping(shapely.union_all(geoms)),
    }


def region_polygons(src: Source, regio_indeling: str):
    """Outlines of the regions of one regio-indeling (the same for every peildatum)."""
    return _region_polygons(src.zonder_peildatum(), regio_indeling)


@_cache(max_entries=16 * _VERSIONS, show_spinner=False)
def _region_polygons(src: Source, regio_indeling: str):
    reg = registry(src)[0]
    return geo.region_polygons(web_layer(src), network.regio_labels(reg, regio_indeling))


def provincie_polygons(src: Source):
    return _provincie_polygons(src.zonder_peildatum())


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def _provincie_polygons(src: Source):
    layer = web_layer(src)
    return geo.region_polygons(layer, layer["provincienaam"])


def indelingen(src: Source) -> pd.DataFrame:
    """The regio-indelingen of the data (the same for every peildatum)."""
    return _indelingen(src.zonder_peildatum())


@_cache(max_entries=4 * _VERSIONS, show_spinner=False)
def _indelingen(src: Source) -> pd.DataFrame:
    return network.regio_indelingen_overview(registry(src)[0])


@_cache(max_entries=32, show_spinner="Kengetallen berekenen…")
def metrics(src: Source, f: Filters) -> pd.DataFrame:
    return network.gemeente_metrics(filtered(src, f))


def footprint(src: Source, samenwerking: str):
    """Dissolved outline (and area) of one samenwerking's members; keyed on the members,
    so another peildatum with the same members reuses it."""
    codes = tuple(deelnemers_van(src, samenwerking).index)
    return _footprint(src.zonder_peildatum(), codes)


@_cache(max_entries=64, show_spinner=False)
def _footprint(src: Source, codes: tuple[str, ...]):
    return geo.footprint(_gemeenten_rd(src), codes)


@_cache(max_entries=2 * _VERSIONS, show_spinner=False)
def _gemeenten_rd(src: Source):
    """The gemeenten in RD New, projected once (a footprint then projects only its union)."""
    return registry(src)[0].gemeenten.to_crs(geo.RD_NEW)


@_cache(max_entries=32, show_spinner=False)
def counts(src: Source, f: Filters) -> pd.Series:
    return filtered(src, f).memberships_per_gemeente()


@_cache(max_entries=32, show_spinner="Overlap zoeken…")
def overlap(src: Source, f: Filters, min_jaccard: float) -> pd.DataFrame:
    return network.overlap_pairs(filtered(src, f), min_jaccard=min_jaccard)


@_cache(max_entries=32, show_spinner=False)
def edges(src: Source, f: Filters) -> pd.DataFrame:
    """Co-membership edges (a, b, weight) with a before b."""
    return analysis.comembership_edges(filtered(src, f))


def congruence(src: Source):
    """ARI and NMI between all regio-indelingen (the same for every peildatum)."""
    return _congruence(src.zonder_peildatum())


@_cache(max_entries=2 * _VERSIONS, show_spinner="Congruentie berekenen…")
def _congruence(src: Source):
    return network.congruence_matrix(registry(src)[0])


@_cache(max_entries=64, show_spinner=False)
def region_congruence(src: Source, regio_indeling: str) -> pd.DataFrame:
    return network.region_congruence(registry(src)[0], regio_indeling)


def fits(src: Source, samenwerking: str) -> dict[str, pd.DataFrame]:
    """How one samenwerking fits every regio-indeling. The fit depends only on its members
    (and the indelingen), so it is keyed on them: another peildatum with the same members
    reuses it."""
    codes = tuple(registry(src)[0].deelnemers_van(samenwerking).index)
    return _fits(src.zonder_peildatum(), samenwerking, codes)


@_cache(max_entries=64, show_spinner=False)
def _fits(src: Source, samenwerking: str, codes: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """``network.arrangement_fit`` of a registry holding only this samenwerking with
    ``codes`` as its members, for every regio-indeling."""
    reg = registry(src)[0]
    lid = pd.DataFrame({"samenwerking": samenwerking, "gemeentecode": list(codes)})
    sw = pd.DataFrame({"naam": [samenwerking]}, index=[samenwerking])
    one = dataclasses.replace(
        reg, samenwerkingen=sw, lidmaatschappen=lid, overige=reg.overige.iloc[0:0]
    )
    return {i: network.arrangement_fit(one, i) for i in indelingen(src)["regio_indeling"]}


@_cache(max_entries=_VERSIONS, show_spinner="Congruentie 2016 en 2025 berekenen…")
def then_and_now(src: Source) -> dict:
    """ARI/NMI of the regio-indelingen of 2016 (the 2016 layer on the gemeenten of 2016)
    and of 2025 (today's regio-indelingen), from one data version."""
    return network.then_and_now(
        registry(src.on("2016", "2016"))[0], registry(src.on("2016", "2025"))[0]
    )


def natural_gemeenten(src: Source, f: Filters) -> tuple[str, ...]:
    """The gemeenten the natural regions are sought among: those of the provincie filter
    (all without one) that take part in at least one samenwerking under the filters."""
    reg = filtered(src, f)
    gem = reg.gemeenten
    if f.provincie:
        gem = gem[gem["provinciecode"].isin(set(f.provincie))]
    active = set(reg.lidmaatschappen["gemeentecode"])
    return tuple(c for c in gem.index if c in active)


@_cache(max_entries=16, show_spinner="Natuurlijke regio's zoeken…")
def natural_regions(src: Source, f: Filters, resolution: float):
    """Louvain regions among :func:`natural_gemeenten` only (a provincie filter gives that
    provincie's regions, not one per gemeente elsewhere); the frame on the web layer."""
    codes = natural_gemeenten(src, f)
    reg = network.on_gemeenten(filtered(src, f), codes)
    labels = network.natural_regions(reg, resolution=resolution)
    web = dataclasses.replace(reg, gemeenten=web_layer(src).loc[list(codes)])
    return (
        labels,
        network.natural_regions_agreement(reg, labels),
        network.natural_regions_frame(web, labels),
    )


@_cache(max_entries=32, show_spinner=False)
def region_polygons_on(src: Source, regio_indeling: str, codes: tuple[str, ...]):
    """Outlines of the regions of one regio-indeling drawn over ``codes`` only (the
    gemeenten of a natural-regions map), on the web layer."""
    reg = registry(src)[0]
    layer = web_layer(src)
    return geo.region_polygons(
        layer.loc[layer.index.isin(set(codes))], network.regio_labels(reg, regio_indeling)
    )


# --- changes over time (the Wijzigingen view) -------------------------------------------------


@_cache(max_entries=16, show_spinner="Wijzigingen berekenen…")
def wijzigingen_peildata(src: Source, van: str, tot: str) -> wijzigingen.Wijzigingen:
    """What changed in today's registry between two peildata (ISO dates)."""
    base = src.on("actueel")
    reg_van = registry(replace(base, peildatum=van))[0]
    reg_tot = registry(replace(base, peildatum=tot))[0]
    return wijzigingen.vergelijk(reg_van, reg_tot, van, tot)


@_cache(max_entries=_VERSIONS, show_spinner="De laag 2016 met vandaag vergelijken…")
def wijzigingen_lagen(src: Source) -> wijzigingen.Wijzigingen:
    """What changed from the 2016 layer (on today's gemeenten) to today's registry at its
    snapshot; samenwerkingen of both are matched by ``koppel_lagen``."""
    reg_2016 = registry(src.on("2016", "2025"))[0]
    today = src.on("actueel")
    reg_nu = registry(replace(today, peildatum=snapshot(today)))[0]
    koppeling = wijzigingen.koppel_lagen(reg_2016, reg_nu)
    return wijzigingen.vergelijk(
        reg_2016, reg_nu, "2016", reg_nu.meta.get("peildatum", ""), koppeling
    )
