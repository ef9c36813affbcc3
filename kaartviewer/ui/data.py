"""Cached access to the registry and the analyses: the only place with ``st.cache_*``.

Every cached function is a thin wrapper around a pure function of the package, keyed by a
:class:`Source` (which data version, which laag, on which gemeente-indeling, at which
peildatum) and the hashable ``Filters``. The heavy work runs once per data version; a
rerun after a filter change only recomputes what the filter changes.

Today's registry is loaded once per data version with all its versions
(:func:`register_data`, ``load_register``); a peildatum is then a cheap selection
(:func:`registry`, ``registry_at``, some 50 ms on the shipped data). Caches that depend only
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
        return met_aanvullingen(src, registry_at(data_, src.peildatum)), report
    result = load(Path(src.data_dir), src.gemeente_indeling, laag=src.laag)
    _check_unchanged(src)
    return result


def met_aanvullingen(src: Source, reg):
    """``reg`` with the approved aanvullingen of the store revision ``src.aanvullingen``
    (each value with its herkomst); ``reg`` itself when no store is configured. The
    revision is read on every rerun (:func:`source`), so a change approved through another
    app process is part of the next rerun's key."""
    if not src.aanvullingen:
        return reg
    from kaartviewer.beheer import publiceren

    return publiceren.met_aanvullingen(reg, beheer_store.goedgekeurd(src.aanvullingen))


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
    codes = tuple(registry(src)[0].deelnemers_van(samenwerking).index)
    return _footprint(src.zonder_peildatum(), codes)


@_cache(max_entries=64, show_spinner=False)
def _footprint(src: Source, codes: tuple[str, ...]):
    return geo.footprint(registry(src)[0].gemeenten, codes)


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


@_cache(max_entries=16, show_spinner="Natuurlijke regio's zoeken…")
def natural_regions(src: Source, f: Filters, resolution: float):
    reg = filtered(src, f)
    labels = network.natural_regions(reg, resolution=resolution)
    return (
        labels,
        network.natural_regions_agreement(reg, labels),
        network.natural_regions_frame(reg, labels),
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
