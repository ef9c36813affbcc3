"""Cached access to the registry and the analyses: the only place with ``st.cache_*``.

Every cached function is a thin wrapper around a pure function of the package, keyed by a
:class:`Source` (which data, on which gemeente-indeling, in which version) and the hashable
``Filters``. The heavy work runs once per data version; a rerun after a filter change only
recomputes what the filter changes.

Caches follow the files: :func:`current` stats the data files on every rerun (cheap) and
the result is part of the key, so a changed file is picked up by the next rerun, and both
gemeente-indelingen of a server key on the same fingerprint (they never mix versions). A
file that changes *while* it is being loaded is detected (:class:`DataChanged`) and the load
is retried, so a key never holds a mix of two versions. Old versions fall out of the
caches (``max_entries``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from kaartviewer import analysis, config, geo, network
from kaartviewer.load import load
from kaartviewer.ui.state import Filters
from kaartviewer.validation import LoadError

#: Files that make up a data version: what the loader reads (and may read later).
DATA_SUFFIXES = (".csv", ".geojson", ".json")
#: Versions kept per cache: a replaced file leaves the old version to be evicted.
_VERSIONS = 2
_RETRIES = 3


@dataclass(frozen=True)
class FileStamp:
    """One data file as seen by ``os.stat``: a changed file changes at least one field
    (``ctime_ns`` also changes when a copy keeps the old modification time)."""

    name: str
    size: int
    mtime_ns: int
    ctime_ns: int


@dataclass(frozen=True)
class Source:
    """The cache key of a data version: directory, gemeente-indeling and file fingerprint.

    ``fingerprint`` is ``()`` for a directory without data files (the loader then reports
    what is missing). A new dimension (e.g. a peildatum) is one more field here.
    """

    data_dir: str
    gemeente_indeling: str = "2016"
    fingerprint: tuple[FileStamp, ...] = ()

    def on(self, gemeente_indeling: str) -> Source:
        """The same data version on another gemeente-indeling."""
        return replace(self, gemeente_indeling=gemeente_indeling)


class DataChanged(Exception):
    """The data files changed while they were being loaded; load again."""


def fingerprint(data_dir: str | os.PathLike) -> tuple[FileStamp, ...]:
    """Name, size and times of every data file in ``data_dir`` (sorted; ``()`` if absent)."""
    try:
        entries = list(os.scandir(data_dir))
    except OSError:
        return ()
    stamps = []
    for e in entries:
        if not e.name.endswith(DATA_SUFFIXES):
            continue
        try:
            st_ = e.stat()
        except OSError:  # removed between listing and stat: it is simply not there
            continue
        if e.is_file():
            stamps.append(FileStamp(e.name, st_.st_size, st_.st_mtime_ns, st_.st_ctime_ns))
    return tuple(sorted(stamps, key=lambda s: s.name))


def source(gemeente_indeling: str, data_dir: str | os.PathLike | None = None) -> Source:
    """The current data version (``config.data_dir()`` unless given) on ``gemeente_indeling``."""
    d = str(config.data_dir(data_dir))
    return Source(d, gemeente_indeling, fingerprint(d))


def current(gemeente_indeling: str):
    """``(Source, Registry, ValidationReport)`` of the files as they are now.

    Raises :class:`LoadError` when the data cannot be used, also when it keeps changing
    during every attempt to load it.
    """
    for _ in range(_RETRIES):
        src = source(gemeente_indeling)
        try:
            reg, report = registry(src)
        except DataChanged:
            continue
        return src, reg, report
    raise LoadError(
        "De gegevens veranderden tijdens het laden. Probeer het over een paar tellen opnieuw."
    )


@st.cache_resource(max_entries=2 * _VERSIONS, show_spinner="Gegevens laden en controleren…")
def registry(src: Source):
    """(Registry, ValidationReport) of one data version; raises LoadError on structural
    failure and DataChanged if the files changed while loading (nothing is cached then)."""
    result = load(Path(src.data_dir), src.gemeente_indeling)
    if fingerprint(src.data_dir) != src.fingerprint:
        raise DataChanged(src.data_dir)
    return result


@st.cache_resource(max_entries=64, show_spinner=False)
def filtered(src: Source, f: Filters):
    return f.apply(registry(src)[0])


@st.cache_resource(max_entries=2 * _VERSIONS, show_spinner=False)
def web_layer(src: Source):
    return geo.web_layer(registry(src)[0].gemeenten)


@st.cache_resource(max_entries=16 * _VERSIONS, show_spinner=False)
def region_polygons(src: Source, regio_indeling: str):
    reg = registry(src)[0]
    return geo.region_polygons(web_layer(src), network.regio_labels(reg, regio_indeling))


@st.cache_resource(max_entries=2 * _VERSIONS, show_spinner=False)
def provincie_polygons(src: Source):
    layer = web_layer(src)
    return geo.region_polygons(layer, layer["provincienaam"])


@st.cache_resource(max_entries=2 * _VERSIONS, show_spinner=False)
def indelingen(src: Source) -> pd.DataFrame:
    return network.regio_indelingen_overview(registry(src)[0])


@st.cache_resource(max_entries=32, show_spinner="Kengetallen berekenen…")
def metrics(src: Source, f: Filters) -> pd.DataFrame:
    return network.gemeente_metrics(filtered(src, f))


@st.cache_resource(max_entries=64, show_spinner=False)
def footprint(src: Source, samenwerking: str):
    """Dissolved outline (and area) of one samenwerking's members."""
    reg = registry(src)[0]
    return geo.footprint(reg.gemeenten, reg.deelnemers_van(samenwerking).index)


@st.cache_resource(max_entries=32, show_spinner=False)
def counts(src: Source, f: Filters) -> pd.Series:
    return filtered(src, f).memberships_per_gemeente()


@st.cache_resource(max_entries=32, show_spinner="Overlap zoeken…")
def overlap(src: Source, f: Filters, min_jaccard: float) -> pd.DataFrame:
    return network.overlap_pairs(filtered(src, f), min_jaccard=min_jaccard)


@st.cache_resource(max_entries=32, show_spinner=False)
def edges(src: Source, f: Filters) -> pd.DataFrame:
    """Co-membership edges (a, b, weight) with a before b."""
    return analysis.comembership_edges(filtered(src, f))


@st.cache_resource(max_entries=2 * _VERSIONS, show_spinner="Congruentie berekenen…")
def congruence(src: Source):
    return network.congruence_matrix(registry(src)[0])


@st.cache_resource(max_entries=64, show_spinner=False)
def region_congruence(src: Source, regio_indeling: str) -> pd.DataFrame:
    return network.region_congruence(registry(src)[0], regio_indeling)


@st.cache_resource(max_entries=2 * _VERSIONS, show_spinner="Passing per indeling berekenen…")
def fits(src: Source) -> dict[str, pd.DataFrame]:
    reg = registry(src)[0]
    return {i: network.arrangement_fit(reg, i) for i in indelingen(src)["regio_indeling"]}


@st.cache_resource(max_entries=_VERSIONS, show_spinner="Congruentie 2016 en 2025 berekenen…")
def then_and_now(src: Source) -> dict:
    """ARI/NMI of the regio-indelingen on 2016 and on 2025, from one data version."""
    return network.then_and_now(registry(src.on("2016"))[0], registry(src.on("2025"))[0])


@st.cache_resource(max_entries=16, show_spinner="Natuurlijke regio's zoeken…")
def natural_regions(src: Source, f: Filters, resolution: float):
    reg = filtered(src, f)
    labels = network.natural_regions(reg, resolution=resolution)
    return (
        labels,
        network.natural_regions_agreement(reg, labels),
        network.natural_regions_frame(reg, labels),
    )
