"""Cached access to the registry and the analyses: the only place with ``st.cache_*``.

Each function is a thin, cached wrapper around a pure function of the package, keyed by
the data directory (a string) and the hashable ``Filters``; the heavy work therefore runs
once per process and a rerun after a filter change only recomputes what the filter changes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kaartviewer import config, geo, network
from kaartviewer.load import load
from kaartviewer.ui.state import Filters


def data_dir() -> str:
    """``KAARTVIEWER_DATA`` if set (tests, other data sets), else the shipped ``data/``."""
    return str(config.data_dir())


def source(gemeente_indeling: str) -> str:
    """Cache key of a data source: the data directory plus the gemeente-indeling."""
    return f"{data_dir()}#{gemeente_indeling}"


@st.cache_resource(show_spinner="Gegevens laden en controleren…")
def registry(d: str):
    """(Registry, ValidationReport) for a source key ``<dir>#<indeling>``; raises LoadError
    on structural failure."""
    path, _, gemeente_indeling = d.rpartition("#")
    return load(path or d, gemeente_indeling or "2016")


@st.cache_resource(max_entries=64, show_spinner=False)
def filtered(d: str, f: Filters):
    return f.apply(registry(d)[0])


@st.cache_resource(show_spinner=False)
def web_layer(d: str):
    return geo.web_layer(registry(d)[0].gemeenten)


@st.cache_resource(show_spinner=False)
def region_polygons(d: str, regio_indeling: str):
    reg = registry(d)[0]
    return geo.region_polygons(web_layer(d), network.regio_labels(reg, regio_indeling))


@st.cache_resource(show_spinner=False)
def provincie_polygons(d: str):
    layer = web_layer(d)
    return geo.region_polygons(layer, layer["provincienaam"])


@st.cache_resource(show_spinner=False)
def indelingen(d: str) -> pd.DataFrame:
    return network.regio_indelingen_overview(registry(d)[0])


@st.cache_resource(max_entries=32, show_spinner="Kengetallen berekenen…")
def metrics(d: str, f: Filters) -> pd.DataFrame:
    return network.gemeente_metrics(filtered(d, f))


@st.cache_resource(max_entries=64, show_spinner=False)
def footprint(d: str, samenwerking: str):
    """Dissolved outline (and area) of one samenwerking's members."""
    reg = registry(d)[0]
    return geo.footprint(reg.gemeenten, reg.deelnemers_van(samenwerking).index)


@st.cache_resource(max_entries=32, show_spinner=False)
def counts(d: str, f: Filters) -> pd.Series:
    return filtered(d, f).memberships_per_gemeente()


@st.cache_resource(max_entries=32, show_spinner="Overlap zoeken…")
def overlap(d: str, f: Filters, min_jaccard: float) -> pd.DataFrame:
    return network.overlap_pairs(filtered(d, f), min_jaccard=min_jaccard)


@st.cache_resource(max_entries=32, show_spinner=False)
def edges(d: str, f: Filters) -> pd.DataFrame:
    """Co-membership edges (a, b, weight) with a < b."""
    reg = filtered(d, f)
    w = network.comembership_matrix(reg)
    from scipy import sparse

    t = sparse.triu(w, k=1).tocoo()
    codes = reg.gemeenten.index.to_numpy()
    return pd.DataFrame({"a": codes[t.row], "b": codes[t.col], "weight": t.data.astype(int)})


@st.cache_resource(show_spinner="Congruentie berekenen…")
def congruence(d: str):
    return network.congruence_matrix(registry(d)[0])


@st.cache_resource(max_entries=64, show_spinner=False)
def region_congruence(d: str, regio_indeling: str) -> pd.DataFrame:
    return network.region_congruence(registry(d)[0], regio_indeling)


@st.cache_resource(show_spinner="Passing per indeling berekenen…")
def fits(d: str) -> dict[str, pd.DataFrame]:
    reg = registry(d)[0]
    return {i: network.arrangement_fit(reg, i) for i in indelingen(d)["regio_indeling"]}


@st.cache_resource(show_spinner="Congruentie 2016 en 2025 berekenen…")
def then_and_now(path: str) -> dict:
    return network.then_and_now(registry(f"{path}#2016")[0], registry(f"{path}#2025")[0])


@st.cache_resource(max_entries=16, show_spinner="Natuurlijke regio's zoeken…")
def natural_regions(d: str, f: Filters, resolution: float):
    reg = filtered(d, f)
    labels = network.natural_regions(reg, resolution=resolution)
    return (
        labels,
        network.natural_regions_agreement(reg, labels),
        network.natural_regions_frame(reg, labels),
    )
