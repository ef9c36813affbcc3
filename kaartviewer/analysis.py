"""Analysis tables the page (and anyone else) shows: pure functions of plain frames.

These used to be computed inside the Streamlit views. They take the outputs of
:mod:`kaartviewer.network` (and a Registry) and return DataFrames with stable column names;
the UI only renames columns for display and caches at its edge.
"""

from __future__ import annotations

import pandas as pd
from scipy import sparse

from kaartviewer import network
from kaartviewer.registry import Registry

#: The overlap finder's default: pairs with Jaccard ≥ this (or identical / nested) are listed.
OVERLAP_MIN_JACCARD = 0.5

EDGE_COLUMNS = ["a", "b", "weight"]


def comembership_edges(reg: Registry) -> pd.DataFrame:
    """Co-membership edges: one row per pair of gemeenten sharing ≥ 1 samenwerking.

    Columns ``a``, ``b`` (gemeentecodes, ``a`` before ``b`` in the registry's gemeente order)
    and ``weight`` = number of shared samenwerkingen (the off-diagonal of MᵀM).

    Example: samenwerkingen {A, B, C} and {A, B} give (A, B, 2), (A, C, 1), (B, C, 1).
    """
    w = network.comembership_matrix(reg)
    t = sparse.triu(w, k=1).tocoo()
    codes = reg.gemeenten.index.to_numpy()
    return pd.DataFrame(
        {"a": codes[t.row], "b": codes[t.col], "weight": t.data.astype(int)}, columns=EDGE_COLUMNS
    )


def edges_of(edges: pd.DataFrame, gemeentecode: str) -> pd.DataFrame:
    """The edges that touch one gemeente (same columns as :func:`comembership_edges`)."""
    return edges[(edges["a"] == gemeentecode) | (edges["b"] == gemeentecode)]


def partners(edges: pd.DataFrame, gemeentecode: str) -> dict[str, int]:
    """Partner gemeente → number of samenwerkingen shared with ``gemeentecode``."""
    mine = edges_of(edges, gemeentecode)
    return {
        (b if a == gemeentecode else a): int(w)
        for a, b, w in mine[EDGE_COLUMNS].itertuples(index=False)
    }


def overlaps_of(pairs: pd.DataFrame, samenwerking: str) -> pd.DataFrame:
    """The overlap finder's pairs seen from one samenwerking.

    ``pairs`` as returned by :func:`kaartviewer.network.overlap_pairs`. Returns one row per
    other samenwerking: ``id``, ``naam``, ``overlap_soort``, ``zelfde_onderwerp``,
    ``gedeeld``, ``jaccard`` (order of ``pairs``).
    """
    mine = pairs[(pairs["a"] == samenwerking) | (pairs["b"] == samenwerking)]
    is_a = mine["a"] == samenwerking
    return pd.DataFrame(
        {
            "id": mine["b"].where(is_a, mine["a"]),
            "naam": mine["naam_b"].where(is_a, mine["naam_a"]),
            "overlap_soort": mine["overlap_soort"],
            "zelfde_onderwerp": mine["zelfde_onderwerp"].astype(bool),
            "gedeeld": mine["gedeeld"],
            "jaccard": mine["jaccard"],
        }
    ).reset_index(drop=True)


def fit_per_indeling(
    fits: dict[str, pd.DataFrame], overview: pd.DataFrame, samenwerking: str
) -> pd.DataFrame:
    """How one samenwerking fits every regio-indeling, best fit first.

    ``fits``: regio-indeling → :func:`kaartviewer.network.arrangement_fit`; ``overview``:
    :func:`kaartviewer.network.regio_indelingen_overview`. Columns ``regio_indeling``,
    ``naam``, ``indeling_soort``, ``regio`` (the region holding most members) and ``fit``.
    """
    ov = overview.set_index("regio_indeling")
    rows = [
        {
            "regio_indeling": ind,
            "naam": ov.at[ind, "naam"] if ind in ov.index else ind,
            "indeling_soort": ov.at[ind, "indeling_soort"] if ind in ov.index else "",
            "regio": fit.at[samenwerking, "regio"],
            "fit": fit.at[samenwerking, "fit"],
        }
        for ind, fit in fits.items()
        if samenwerking in fit.index
    ]
    out = pd.DataFrame(rows, columns=["regio_indeling", "naam", "indeling_soort", "regio", "fit"])
    return out.sort_values(["fit", "naam"], ascending=[False, True]).reset_index(drop=True)


def names_list(ids, names: pd.Series, limit: int = 12) -> str:
    """``"A, B, C … (+n)"``: the names of ``ids``, at most ``limit`` of them."""
    ids = list(ids)
    shown = ", ".join(str(names.get(i, i)) for i in ids[:limit])
    return shown + (f" … (+{len(ids) - limit})" if len(ids) > limit else "")


def ari_differences(then_and_now: dict) -> pd.DataFrame:
    """Per pair of regio-indelingen: ARI then, now and the change (now − then).

    ``then_and_now`` as returned by :func:`kaartviewer.network.then_and_now`. Columns
    ``a``, ``b`` (ids, ``a`` before ``b``), ``ari_toen``, ``ari_nu``, ``verschil``; sorted by
    ``verschil`` ascending (largest loss of congruence first).
    """
    ids = list(then_and_now["indelingen"])
    toen, nu = then_and_now["ari_toen"], then_and_now["ari_nu"]
    rows = [
        {
            "a": a,
            "b": b,
            "ari_toen": float(toen.at[a, b]),
            "ari_nu": float(nu.at[a, b]),
            "verschil": float(nu.at[a, b] - toen.at[a, b]),
        }
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    ]
    out = pd.DataFrame(rows, columns=["a", "b", "ari_toen", "ari_nu", "verschil"])
    return out.sort_values(["verschil", "a", "b"]).reset_index(drop=True)


def ranking(reg: Registry, counts: pd.Series) -> pd.DataFrame:
    """Gemeenten by number of samenwerkingen (most first, then by name): ``gemeentecode``,
    ``gemeente``, ``provincie``, ``samenwerkingen``."""
    table = pd.DataFrame(
        {
            "gemeente": reg.gemeenten["gemeentenaam"],
            "provincie": reg.gemeenten["provincienaam"],
            "samenwerkingen": counts.reindex(reg.gemeenten.index).fillna(0).astype(int),
        }
    )
    table = table.sort_values(["samenwerkingen", "gemeente"], ascending=[False, True])
    return table.reset_index(names="gemeentecode")
