"""Graphs and metrics of the registry: overlap, congruence, spaghetti and natural regions.

Pure functions of a :class:`~kaartviewer.registry.Registry`; no I/O, no UI. Notation:
an arrangement *A* is its set of member gemeenten; |A| its size. Heavy lifting is done on
the sparse incidence matrix M (arrangements × gemeenten, M[a, g] = 1 when g ∈ A), so the
pair metrics come from one sparse product M·Mᵀ instead of a Python loop over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import comb

from kaartviewer.registry import Registry

# --- incidence and graphs -----------------------------------------------------------------


@dataclass(frozen=True)
class Incidence:
    """Sparse incidence matrix (CSR, int32) with its row and column labels."""

    matrix: sparse.csr_matrix  # arrangements × gemeenten
    samenwerkingen: np.ndarray  # row labels (ids)
    gemeenten: np.ndarray  # column labels (gemeentecodes)


def incidence(reg: Registry) -> Incidence:
    """Build M from ``reg.lidmaatschappen``; rows follow ``reg.samenwerkingen`` order and
    columns ``reg.gemeenten`` order (gemeenten without memberships give empty columns)."""
    sw = np.asarray(reg.samenwerkingen.index)
    gm = np.asarray(reg.gemeenten.index)
    row = pd.Index(sw).get_indexer(reg.lidmaatschappen["samenwerking"])
    col = pd.Index(gm).get_indexer(reg.lidmaatschappen["gemeentecode"])
    keep = (row >= 0) & (col >= 0)
    data = np.ones(int(keep.sum()), dtype=np.int32)
    m = sparse.csr_matrix((data, (row[keep], col[keep])), shape=(len(sw), len(gm)), dtype=np.int32)
    m.data[:] = 1  # duplicates (if any) count once
    return Incidence(m, sw, gm)


def bipartite_graph(reg: Registry, include_overige: bool = False) -> nx.Graph:
    """Bipartite graph gemeente ↔ samenwerking.

    Nodes carry ``kind`` (``gemeente``, ``samenwerking`` or ``overig``), ``bipartite``
    (0 for gemeenten and other participants, 1 for arrangements) and ``naam``. With
    ``include_overige`` the non-municipal participants are added as typed nodes
    (``overig:<type>:<naam>``, attribute ``type``); gemeente metrics never use them.
    """
    g = nx.Graph()
    for code, naam in reg.gemeenten["gemeentenaam"].items():
        g.add_node(code, kind="gemeente", bipartite=0, naam=naam)
    for sid, naam in reg.samenwerkingen["naam"].items():
        g.add_node(sid, kind="samenwerking", bipartite=1, naam=naam)
    g.add_edges_from(
        zip(reg.lidmaatschappen["gemeentecode"], reg.lidmaatschappen["samenwerking"], strict=True)
    )
    if include_overige:
        for sid, typ, naam in reg.overige[["samenwerking", "type", "naam"]].itertuples(index=False):
            node = f"overig:{typ}:{naam}"
            g.add_node(node, kind="overig", bipartite=0, naam=naam, type=typ)
            g.add_edge(node, sid)
    return g


def comembership_matrix(reg: Registry) -> sparse.csr_matrix:
    """W = Mᵀ·M with a zero diagonal: W[g, h] = number of arrangements g and h share."""
    m = incidence(reg).matrix
    w = (m.T @ m).tocsr()
    w.setdiag(0)
    w.eliminate_zeros()
    return w


def comembership_graph(reg: Registry, onderwerp=None, vorm=None) -> nx.Graph:
    """Weighted graph gemeente — gemeente, ``weight`` = number of shared arrangements.

    ``onderwerp`` / ``vorm`` (collections of codes) restrict the arrangements counted.
    Every gemeente is a node, also one without partners.
    """
    sub = reg.filter(onderwerp=onderwerp, vorm=vorm)
    w = sparse.triu(comembership_matrix(sub), k=1).tocoo()
    codes = np.asarray(sub.gemeenten.index)
    g = nx.Graph()
    g.add_nodes_from(codes)
    g.add_weighted_edges_from(
        (codes[i], codes[j], int(v)) for i, j, v in zip(w.row, w.col, w.data, strict=True)
    )
    return g


# --- per gemeente ---------------------------------------------------------------------------


def memberships_by(reg: Registry, column: str) -> pd.DataFrame:
    """Counts per gemeente of memberships split by an arrangement column (``onderwerp``,
    ``juridische_vorm`` or ``samenwerking_soort``): rows gemeentecode, one column per value."""
    df = reg.lidmaatschappen.merge(
        reg.samenwerkingen[[column]], left_on="samenwerking", right_index=True
    )
    t = pd.crosstab(df["gemeentecode"], df[column])
    return t.reindex(reg.gemeenten.index, fill_value=0)


#: Entries per block of a pairwise computation. Pair metrics are computed block by block,
#: so their working memory is O(memberships + PAIR_BLOCK) (plus their output) instead of
#: O(arrangements²): about 1M entries ≈ 8–40 MB per block, whatever the registry size.
PAIR_BLOCK = 1_000_000


def jaccard_matrix(inc: Incidence) -> np.ndarray:
    """Dense J[a, b] = |A∩B| / |A∪B| for all arrangement pairs (J[a, a] = 1).

    O(arrangements²) memory: for tests and small registries only (the slow reference of
    :func:`spaghetti_index`); the metrics themselves never build it.
    """
    m = inc.matrix
    inter = (m @ m.T).toarray().astype(np.float64)
    size = np.asarray(m.sum(axis=1)).ravel().astype(np.float64)
    union = size[:, None] + size[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        j = np.where(union > 0, inter / union, 0.0)
    return j


def spaghetti_index(reg: Registry, *, block: int = PAIR_BLOCK) -> pd.Series:
    """S(g) = 1 − mean over all pairs {A, B} of g's arrangements of J(A, B).

    J is the Jaccard similarity of the two member sets. S = 0 when all of g's
    arrangements have exactly the same members; S → 1 when each is a different
    constellation. Undefined (NaN) for a gemeente with fewer than two arrangements.
    Worked example: g in A = {g, h}, B = {g, h}, C = {g}: J = 1, ½, ½ → S = 1 − ⅔ = ⅓.

    Only the pairs that share g are ever formed: for each gemeente the arrangements
    holding it are multiplied with each other (a sparse product gives |A∩B| for all of
    them), in slices of at most ``block`` entries. Arrangements with identical member sets
    are counted once with their multiplicity w (pairs inside such a group have J = 1):
    Σ_{A≠B} J = Σ_{u,v} w_u·w_v·J(u, v) − Σ_u w_u over the distinct sets u, v. Memory is
    O(memberships + block), linear in the registry; the time is Σ_g k_g² over the k_g
    distinct sets holding g, the pairs the index is defined over.
    """
    inc = incidence(reg)
    sets, weight = distinct_rows(inc.matrix)
    size = np.diff(sets.indptr).astype(np.float64)
    by_gemeente = sets.T.tocsr()  # gemeenten × distinct member sets
    out = np.full(len(inc.gemeenten), np.nan)
    for gi in range(len(inc.gemeenten)):
        idx = by_gemeente.indices[by_gemeente.indptr[gi] : by_gemeente.indptr[gi + 1]]
        w = weight[idx]
        k = w.sum()
        if k >= 2:
            total = _jaccard_sum(sets[idx], size[idx], w, block)
            out[gi] = 1.0 - (total - k) / (k * (k - 1))  # off-diagonal mean; J[a, a] = 1
    return pd.Series(out, index=inc.gemeenten, name="spaghetti")


def distinct_rows(m: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The distinct rows of a 0/1 CSR matrix and how often each occurs."""
    m = m.copy()
    m.sort_indices()
    keys = [m.indices[m.indptr[i] : m.indptr[i + 1]].tobytes() for i in range(m.shape[0])]
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    first = np.full(len(uniques), -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # first row of each distinct set
    return m[first], np.bincount(codes, minlength=len(uniques)).astype(np.float64)


def _jaccard_sum(sub: sparse.csr_matrix, size: np.ndarray, w: np.ndarray, block: int) -> float:
    """Σ w_a·w_b·J(a, b) over all ordered pairs of the rows of ``sub`` (diagonal
    included), in row slices of at most ``block`` entries."""
    k = sub.shape[0]
    sub_t = sub.T.tocsr()
    step = max(1, block // k)
    total = 0.0
    for start in range(0, k, step):
        stop = start + step
        inter = (sub[start:stop] @ sub_t).toarray().astype(np.float64)
        jac = inter / (size[start:stop, None] + size[None, :] - inter)  # union ≥ 1
        total += float(w[start:stop] @ jac @ w)
    return total


def spaghetti_index_slow(reg: Registry) -> pd.Series:
    """Reference for :func:`spaghetti_index` over the dense all-pairs Jaccard matrix
    (O(arrangements²) memory: tests and benchmarks only)."""
    inc = incidence(reg)
    j = jaccard_matrix(inc)
    mt = inc.matrix.T.tocsr()  # gemeenten × arrangements
    out = np.full(len(inc.gemeenten), np.nan)
    for gi in range(len(inc.gemeenten)):
        idx = mt.indices[mt.indptr[gi] : mt.indptr[gi + 1]]
        k = len(idx)
        if k < 2:
            continue
        sub = j[np.ix_(idx, idx)]
        mean = (sub.sum() - k) / (k * (k - 1))  # off-diagonal mean; J is symmetric
        out[gi] = 1.0 - mean
    return pd.Series(out, index=inc.gemeenten, name="spaghetti")


def gemeente_metrics(reg: Registry) -> pd.DataFrame:
    """One row per gemeente.

    Columns: ``gemeentenaam``, ``provinciecode``, ``lidmaatschappen`` (number of
    arrangements), ``partners`` (distinct other gemeenten sharing ≥ 1 arrangement),
    ``aandeel_buiten_provincie`` (share of those partners in another provincie; NaN without
    partners), ``spaghetti`` (see :func:`spaghetti_index`) and ``rang`` (1 = highest
    spaghetti index; gemeenten with NaN get no rank).
    """
    gem = reg.gemeenten
    w = comembership_matrix(reg)
    prov = gem["provinciecode"].to_numpy()
    partners = np.diff(w.indptr)
    outside = np.zeros(len(gem))
    for gi in range(len(gem)):
        nb = w.indices[w.indptr[gi] : w.indptr[gi + 1]]
        if len(nb):
            outside[gi] = np.mean(prov[nb] != prov[gi])
    df = pd.DataFrame(
        {
            "gemeentenaam": gem["gemeentenaam"],
            "provinciecode": gem["provinciecode"],
            "lidmaatschappen": reg.memberships_per_gemeente(),
            "partners": partners,
            "aandeel_buiten_provincie": np.where(partners > 0, outside, np.nan),
        },
        index=gem.index,
    )
    df["spaghetti"] = spaghetti_index(reg)
    df["rang"] = df["spaghetti"].rank(ascending=False, method="min").astype("Int64")
    return df


# --- overlap between arrangements -----------------------------------------------------------

_OVERLAP_SOORTEN = np.array(["identiek", "genest", "vergelijkbaar"], dtype=object)
OVERLAP_COLUMNS = [
    "a",
    "b",
    "naam_a",
    "naam_b",
    "n_a",
    "n_b",
    "gedeeld",
    "jaccard",
    "containment",
    "overlap_soort",
    "zelfde_onderwerp",
]


def overlap_pairs(
    reg: Registry, min_jaccard: float = 0.5, onderwerp=None, *, block: int = PAIR_BLOCK
) -> pd.DataFrame:
    """Candidate pairs of overlapping arrangements, vectorised.

    For a pair (A, B) sharing ≥ 1 gemeente: gedeeld = |A∩B|, jaccard = |A∩B| / |A∪B|,
    containment = |A∩B| / min(|A|, |B|) (so containment ≥ jaccard). A pair is a candidate
    when it is ``identiek`` (A = B), ``genest`` (containment = 1, A ≠ B) or
    ``vergelijkbaar`` (jaccard ≥ ``min_jaccard``). ``zelfde_onderwerp`` flags possible
    duplication; ``onderwerp`` restricts both sides to those topics. Sorted by jaccard,
    then containment (descending), then ids.

    All |A∩B| come from the sparse product M·Mᵀ, computed in row blocks of at most
    ``block`` entries; the candidate test runs in integer arithmetic on each block's upper
    triangle (jaccard ≥ t ⇔ |A∩B|·(1+t) ≥ t·(|A|+|B|)) before any float or string work, so
    only candidates are kept. Memory is O(memberships + block + candidates): the product
    of all pairs is never held at once.
    """
    sub = reg.filter(onderwerp=onderwerp) if onderwerp else reg
    inc = incidence(sub)
    m = inc.matrix
    size = np.diff(m.indptr).astype(np.int64)
    a, b, n = _candidate_pairs(m, size, float(min_jaccard), block)
    sa, sb = size[a], size[b]
    jac = n / (sa + sb - n)
    cont = n / np.minimum(sa, sb)
    order = np.lexsort((b, a, -cont, -jac))
    a, b, n, jac, cont = (x[order] for x in (a, b, n, jac, cont))
    sa, sb = size[a], size[b]
    identical = (n == sa) & (n == sb)
    nested = (n == np.minimum(sa, sb)) & ~identical
    kind = np.where(identical, 0, np.where(nested, 1, 2)).astype(np.int8)
    overlap_soort = _OVERLAP_SOORTEN[kind]
    ids = inc.samenwerkingen.astype(object)
    names = sub.samenwerkingen["naam"].to_numpy(dtype=object)
    topic = sub.samenwerkingen["onderwerp"].to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "a": ids[a],
            "b": ids[b],
            "naam_a": names[a],
            "naam_b": names[b],
            "n_a": sa,
            "n_b": sb,
            "gedeeld": n,
            "jaccard": jac,
            "containment": cont,
            "overlap_soort": overlap_soort,
            "zelfde_onderwerp": topic[a] == topic[b],
        },
        columns=OVERLAP_COLUMNS,
    )


def _candidate_pairs(
    m: sparse.csr_matrix, size: np.ndarray, t: float, block: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, |A∩B|) of the candidate pairs a < b (see :func:`overlap_pairs`), from M·Mᵀ
    computed in row blocks of at most ``block`` entries."""
    mt = m.T.tocsr()
    found = []
    for start, stop in row_blocks(m, block):
        prod = (m[start:stop] @ mt).tocsr()
        rows = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(prod.indptr))
        upper = prod.indices > rows
        a, b = rows[upper], prod.indices[upper].astype(np.int64)
        n = prod.data[upper].astype(np.int64)
        sa, sb = size[a], size[b]
        keep = (n == np.minimum(sa, sb)) | (n * (1.0 + t) >= t * (sa + sb) - 1e-9)
        found.append((a[keep], b[keep], n[keep]))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return tuple(np.concatenate(x) for x in zip(*found, strict=True))


def row_blocks(m: sparse.csr_matrix, block: int):
    """Consecutive row ranges ``(start, stop)`` of M whose rows of M·Mᵀ hold at most
    ``block`` entries together (bounded by Σ_{g∈A} k_g per row A, k_g = arrangements
    holding g); a single heavier row forms its own range."""
    k = np.bincount(m.indices, minlength=m.shape[1]).astype(np.int64)
    cost = np.cumsum(m @ k)
    start, n = 0, m.shape[0]
    while start < n:
        base = cost[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cost, base + block, side="right")))
        yield start, min(stop, n)
        start = stop


def overlap_pairs_slow(reg: Registry, min_jaccard: float = 0.5) -> pd.DataFrame:
    """Reference implementation with a Python loop over all pairs (tests, benchmark)."""
    members: dict[str, set[str]] = {}
    for sid, code in reg.lidmaatschappen[["samenwerking", "gemeentecode"]].itertuples(index=False):
        members.setdefault(sid, set()).add(code)
    order = [s for s in reg.samenwerkingen.index if s in members]
    rows = []
    for x, y in combinations(order, 2):
        sa, sb = members[x], members[y]
        n = len(sa & sb)
        if not n:
            continue
        jac = n / len(sa | sb)
        cont = n / min(len(sa), len(sb))
        kind = "identiek" if sa == sb else "genest" if cont == 1 else "vergelijkbaar"
        if kind != "vergelijkbaar" or jac >= min_jaccard:
            rows.append((x, y, len(sa), len(sb), n, jac, cont, kind))
    return pd.DataFrame(
        rows,
        columns=["a", "b", "n_a", "n_b", "gedeeld", "jaccard", "containment", "overlap_soort"],
    )


# --- congruence -----------------------------------------------------------------------------

MULTI_SEP = " + "


def regio_labels(reg: Registry, regio_indeling: str) -> pd.Series:
    """gemeentecode → region label for one regio-indeling.

    A gemeente listed in several regions of one indeling (RegioAtlas has a few, e.g. De
    Fryske Marren in COROP) gets the combined label ``"A + B"``: its own cell, so it is
    neither dropped nor forced into one region. ``provincie`` falls back to the gemeente
    layer when the indeling table lacks it.
    """
    t = reg.indelingen
    rows = t[t["regio_indeling"] == regio_indeling]
    if rows.empty:
        if regio_indeling == "provincie":
            return reg.gemeenten["provincienaam"].rename("regio")
        raise KeyError(regio_indeling)
    rows = rows.drop_duplicates(["gemeentecode", "regio"])
    dup = rows["gemeentecode"].duplicated(keep=False)
    single = rows.loc[~dup].set_index("gemeentecode")["regio"]
    if not dup.any():
        return single
    multi = rows.loc[dup].groupby("gemeentecode")["regio"].agg(lambda r: MULTI_SEP.join(sorted(r)))
    return pd.concat([single, multi]).sort_index()


def regio_members(reg: Registry, regio_indeling: str) -> pd.DataFrame:
    """Long table gemeentecode × regio (multi-region gemeenten appear once per region)."""
    t = reg.indelingen
    rows = t[t["regio_indeling"] == regio_indeling]
    if rows.empty and regio_indeling == "provincie":
        return pd.DataFrame(
            {
                "gemeentecode": reg.gemeenten.index,
                "regio": reg.gemeenten["provincienaam"].to_numpy(),
            }
        )
    if rows.empty:
        raise KeyError(regio_indeling)
    return rows[["gemeentecode", "regio"]].drop_duplicates()


def regio_indelingen_overview(reg: Registry) -> pd.DataFrame:
    """One row per regio-indeling: ``regio_indeling``, ``naam``, ``indeling_soort``,
    ``regios``, ``gemeenten``."""
    cols = ["regio_indeling", "naam", "indeling_soort", "regios", "gemeenten"]
    t = reg.indelingen
    if t.empty:
        return pd.DataFrame(columns=cols)
    g = t.groupby("regio_indeling")
    return (
        pd.DataFrame(
            {
                "regio_indeling": list(g.groups),
                "naam": g["regio_indeling_naam"].first().to_numpy(),
                "indeling_soort": g["indeling_soort"].first().to_numpy(),
                "regios": g["regio"].nunique().to_numpy(),
                "gemeenten": g["gemeentecode"].nunique().to_numpy(),
            }
        )
        .sort_values(["indeling_soort", "regio_indeling"])
        .reset_index(drop=True)
    )


def _contingency(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    return _contingency_codes(
        xi.ravel(), yi.ravel(), int(xi.max(initial=-1)) + 1, int(yi.max(initial=-1)) + 1
    )


def _contingency_codes(xi: np.ndarray, yi: np.ndarray, kx: int, ky: int) -> np.ndarray:
    """Contingency table of two integer labelings (codes 0..k-1) via one bincount."""
    if kx == 0 or ky == 0:
        return np.zeros((max(kx, 1), max(ky, 1)), dtype=np.int64)
    return np.bincount(xi * ky + yi, minlength=kx * ky).reshape(kx, ky)


def adjusted_rand(x, y) -> float:
    """Adjusted Rand index (Hubert & Arabie) of two labelings of the same items.

    ARI = (Σ_ij C(n_ij,2) − E) / (½(Σ_i C(a_i,2) + Σ_j C(b_j,2)) − E),
    E = Σ_i C(a_i,2)·Σ_j C(b_j,2) / C(n,2), with n_ij the contingency table and a, b its
    margins. 1 for identical partitions (up to renaming), ≈ 0 for independent ones; 1.0
    when both are the trivial one-cluster partition.
    """
    return _ari(_contingency(np.asarray(x), np.asarray(y)))


def _ari(c: np.ndarray) -> float:
    n = c.sum()
    if n < 2:
        return 1.0
    sum_ij = comb(c, 2).sum()
    sum_a = comb(c.sum(axis=1), 2).sum()
    sum_b = comb(c.sum(axis=0), 2).sum()
    expected = sum_a * sum_b / comb(n, 2)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:
        return 1.0
    return float((sum_ij - expected) / (maximum - expected))


def normalized_mutual_info(x, y) -> float:
    """NMI = I(X;Y) / ((H(X) + H(Y)) / 2) (arithmetic normalisation), in [0, 1].

    1.0 when both labelings are trivial (H = 0 on both sides).
    """
    return _nmi(_contingency(np.asarray(x), np.asarray(y)))


def _nmi(c: np.ndarray) -> float:
    c = c.astype(np.float64)
    n = c.sum()
    if n == 0:
        return 1.0
    p = c / n
    px, py = p.sum(axis=1), p.sum(axis=0)
    hx = -np.sum(px[px > 0] * np.log(px[px > 0]))
    hy = -np.sum(py[py > 0] * np.log(py[py > 0]))
    if hx == 0 and hy == 0:
        return 1.0
    nz = p > 0
    mi = np.sum(p[nz] * np.log(p[nz] / np.outer(px, py)[nz]))
    return float(max(0.0, min(1.0, mi / ((hx + hy) / 2))))


def compare_regio_indelingen(reg: Registry, a: str, b: str) -> dict:
    """ARI and NMI between two indelingen over the gemeenten both cover, plus per-region
    detail: for every region of ``a``, the regions of ``b`` its gemeenten fall in."""
    la, lb = regio_labels(reg, a), regio_labels(reg, b)
    common = la.index.intersection(lb.index)
    x, y = la[common].to_numpy(), lb[common].to_numpy()
    per_region = []
    for regio, grp in pd.DataFrame({"a": x, "b": y}).groupby("a"):
        counts = grp["b"].value_counts()
        per_region.append(
            {
                "regio": regio,
                "gemeenten": int(len(grp)),
                "grootste_deel": str(counts.index[0]),
                "aandeel": float(counts.iloc[0] / len(grp)),
                "regios_in_b": {str(k): int(v) for k, v in counts.items()},
            }
        )
    return {
        "a": a,
        "b": b,
        "gemeenten": int(len(common)),
        "ari": adjusted_rand(x, y),
        "nmi": normalized_mutual_info(x, y),
        "per_regio": per_region,
    }


def congruence_matrix(
    reg: Registry, indelingen: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ARI, NMI) matrices over all pairs of indelingen (symmetric, diagonal 1).

    Each pair is compared over the gemeenten both indelingen cover. Labels are coded to
    integers once, so a pair costs one masked ``bincount``.
    """
    ids = indelingen or list(regio_indelingen_overview(reg)["regio_indeling"])
    index = reg.gemeenten.index
    codes, sizes = {}, {}
    by_indeling = (
        dict(tuple(reg.indelingen.groupby("regio_indeling"))) if len(reg.indelingen) else {}
    )
    for i in ids:
        rows = by_indeling.get(i)
        if rows is not None and not rows["gemeentecode"].duplicated().any():
            lab = rows.set_index("gemeentecode")["regio"]  # the common, single-region case
        else:
            lab = regio_labels(reg, i)
        c, uniques = pd.factorize(lab.reindex(index))  # NaN (not covered) → -1
        codes[i], sizes[i] = c, len(uniques)
    ari = np.eye(len(ids))
    nmi = np.eye(len(ids))
    for i, j in combinations(range(len(ids)), 2):
        ca, cb = codes[ids[i]], codes[ids[j]]
        mask = (ca >= 0) & (cb >= 0)
        c = _contingency_codes(ca[mask], cb[mask], sizes[ids[i]], sizes[ids[j]])
        ari[i, j] = ari[j, i] = _ari(c)
        nmi[i, j] = nmi[j, i] = _nmi(c)
    return (pd.DataFrame(ari, index=ids, columns=ids), pd.DataFrame(nmi, index=ids, columns=ids))


def arrangement_fit(reg: Registry, regio_indeling: str) -> pd.DataFrame:
    """Per arrangement: fit = largest share of its members inside one region.

    Only members the regio-indeling covers count (``gedekt``); a member listed in two regions
    counts for both. ``fit`` = 1.0 means the arrangement lies wholly in ``regio``.
    NaN when no member is covered.
    """
    regions = regio_members(reg, regio_indeling)
    m = reg.lidmaatschappen.merge(regions, on="gemeentecode", how="inner")
    covered = reg.lidmaatschappen[
        reg.lidmaatschappen["gemeentecode"].isin(set(regions["gemeentecode"]))
    ]
    n_cov = covered.groupby("samenwerking")["gemeentecode"].nunique()
    per = m.groupby(["samenwerking", "regio"])["gemeentecode"].nunique().reset_index(name="n")
    per = per.sort_values(["samenwerking", "n", "regio"], ascending=[True, False, True])
    best = per.drop_duplicates("samenwerking").set_index("samenwerking")
    out = pd.DataFrame(index=reg.samenwerkingen.index)
    out["naam"] = reg.samenwerkingen["naam"]
    out["gedekt"] = n_cov.reindex(out.index).fillna(0).astype(int)
    out["regio"] = best["regio"].reindex(out.index)
    out["fit"] = (best["n"].reindex(out.index) / out["gedekt"].replace(0, np.nan)).astype(float)
    return out


def region_congruence(reg: Registry, regio_indeling: str) -> pd.DataFrame:
    """Per region: of the arrangements touching it (≥ 1 member inside), the share that
    lies wholly inside it, and the names of those that cross its border.

    Columns ``regio``, ``gemeenten``, ``raakt`` (touching), ``binnen`` (wholly inside),
    ``congruentie`` = binnen / raakt, ``grensoverschrijdend`` (list of ids).
    Arrangements with a member outside the regio-indeling's coverage count as crossing.
    """
    regions = regio_members(reg, regio_indeling)
    members = reg.lidmaatschappen.groupby("samenwerking")["gemeentecode"].apply(frozenset)
    region_sets = regions.groupby("regio")["gemeentecode"].apply(frozenset)
    rows = []
    for regio, gset in region_sets.items():
        touching = [s for s, mem in members.items() if mem & gset]
        inside = [s for s in touching if members[s] <= gset]
        crossing = sorted(set(touching) - set(inside))
        rows.append(
            {
                "regio": regio,
                "gemeenten": len(gset),
                "raakt": len(touching),
                "binnen": len(inside),
                "congruentie": len(inside) / len(touching) if touching else np.nan,
                "grensoverschrijdend": crossing,
            }
        )
    return pd.DataFrame(rows).sort_values("regio").reset_index(drop=True)


# --- natural regions ------------------------------------------------------------------------


def natural_regions(reg: Registry, resolution: float = 1.0, seed: int = 42) -> pd.Series:
    """Louvain communities of the co-membership graph (weights = shared arrangements).

    Returns gemeentecode → community number (1 = largest community). Deterministic for a
    given ``seed``; a higher ``resolution`` gives more, smaller communities. Gemeenten
    without partners form singleton communities.
    """
    g = comembership_graph(reg)
    comms = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    labels = {code: i + 1 for i, c in enumerate(comms) for code in c}
    return pd.Series(labels, name="regio").reindex(reg.gemeenten.index)


def natural_regions_agreement(reg: Registry, labels: pd.Series) -> pd.DataFrame:
    """ARI and NMI of the communities with every regio-indeling (over the gemeenten it covers)."""
    rows = []
    ids = list(regio_indelingen_overview(reg)["regio_indeling"]) or ["provincie"]
    if "provincie" not in ids:
        ids.insert(0, "provincie")
    for ind in ids:
        other = regio_labels(reg, ind)
        common = other.index.intersection(labels.dropna().index)
        rows.append(
            {
                "regio_indeling": ind,
                "ari": adjusted_rand(labels[common].to_numpy(), other[common].to_numpy()),
                "nmi": normalized_mutual_info(labels[common].to_numpy(), other[common].to_numpy()),
            }
        )
    return pd.DataFrame(rows).sort_values("ari", ascending=False).reset_index(drop=True)


def natural_regions_frame(reg: Registry, labels: pd.Series) -> gpd.GeoDataFrame:
    """GeoDataFrame (WGS84) with one dissolved polygon per community: ``regio``,
    ``gemeenten`` (count), ``namen`` (comma-separated gemeentenamen)."""
    from kaartviewer.geo import region_polygons

    out = region_polygons(reg.gemeenten, labels)
    names = (
        reg.gemeenten["gemeentenaam"]
        .groupby(labels.reindex(reg.gemeenten.index))
        .agg(lambda s: ", ".join(sorted(s)))
    )
    out["namen"] = out["regio"].map(names)
    return out[["regio", "gemeenten", "namen", "geometry"]]


def then_and_now(reg_then: Registry, reg_now: Registry) -> dict:
    """ARI/NMI matrices of the indelingen both registries hold, side by side.

    Returns ``{"indelingen": ids, "ari_toen", "ari_nu", "nmi_toen", "nmi_nu"}`` (DataFrames
    indexed by id). Each matrix is computed on its own gemeente-indeling (e.g. 2016 and
    2025), so the figures say how well the regions fitted together then and now.
    """
    ids_then = set(regio_indelingen_overview(reg_then)["regio_indeling"])
    ids_now = set(regio_indelingen_overview(reg_now)["regio_indeling"])
    ids = sorted(ids_then & ids_now)
    ari_t, nmi_t = congruence_matrix(reg_then, ids)
    ari_n, nmi_n = congruence_matrix(reg_now, ids)
    return {
        "indelingen": ids,
        "ari_toen": ari_t,
        "ari_nu": ari_n,
        "nmi_toen": nmi_t,
        "nmi_nu": nmi_n,
    }


# --- comparing two indelingen, two gemeenten; restricting to gemeenten ---------------------


def region_correspondence(la: pd.Series, lb: pd.Series, min_jaccard: float = 0.5) -> pd.DataFrame:
    """Which regions of two labelings (gemeentecode → region) correspond.

    Over the gemeenten both label, every region of ``a`` is paired with the region of ``b``
    that shares most of its gemeenten; a pair *corresponds* when their Jaccard similarity is
    at least ``min_jaccard`` (with partitions and a threshold above ½ each region has at most
    one such partner; greedy by Jaccard keeps it one-to-one at ½ too). A region of ``b`` that
    is nobody's best match gets a row of its own, with the region of ``a`` it overlaps most.

    Columns: ``regio_a``, ``regio_b``, ``gemeenten_a``, ``gemeenten_b``, ``gedeeld``,
    ``jaccard``, ``overeenkomst`` (bool), ``identiek`` (bool), ``alleen_a`` and ``alleen_b``
    (sorted gemeentecodes in one region but not the other). Sorted: differing regions first
    (lowest Jaccard), then by name.
    """
    common = la.dropna().index.intersection(lb.dropna().index)
    x, y = la[common].astype(str), lb[common].astype(str)
    sets_a = {r: frozenset(g.index) for r, g in x.groupby(x)}
    sets_b = {r: frozenset(g.index) for r, g in y.groupby(y)}
    cand = []
    for ra, ga in sets_a.items():
        for rb in set(y[list(ga)]):
            gb = sets_b[rb]
            n = len(ga & gb)
            cand.append((n / len(ga | gb), n, ra, rb))
    cand.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    matched_a: dict[str, str] = {}
    matched_b: set[str] = set()
    for jac, _n, ra, rb in cand:
        if jac >= min_jaccard and ra not in matched_a and rb not in matched_b:
            matched_a[ra] = rb
            matched_b.add(rb)
    best_a: dict[str, str] = {}
    best_b: dict[str, str] = {}
    for _jac, _n, ra, rb in cand:  # sorted best first
        best_a.setdefault(ra, rb)
        best_b.setdefault(rb, ra)
    rows = []
    for ra, ga in sets_a.items():
        rb = matched_a.get(ra, best_a.get(ra))
        rows.append(_correspondence_row(ra, ga, rb, sets_b.get(rb, frozenset()), ra in matched_a))
    shown_b = {r["regio_b"] for r in rows}
    for rb, gb in sets_b.items():
        if rb not in shown_b:  # nobody's best match: paired with the region of a it overlaps most
            ra = best_b.get(rb)
            rows.append(_correspondence_row(ra, sets_a.get(ra, frozenset()), rb, gb, False))
    out = pd.DataFrame(
        rows,
        columns=[
            "regio_a",
            "regio_b",
            "gemeenten_a",
            "gemeenten_b",
            "gedeeld",
            "jaccard",
            "overeenkomst",
            "identiek",
            "alleen_a",
            "alleen_b",
        ],
    )
    out = out.astype({"overeenkomst": bool, "identiek": bool})  # also when empty
    order = out["regio_a"].fillna("").astype(str) + "\x00" + out["regio_b"].fillna("").astype(str)
    out = out.assign(_o=order).sort_values(["jaccard", "_o"]).drop(columns="_o")
    return out.reset_index(drop=True)


def _correspondence_row(ra, ga: frozenset, rb, gb: frozenset, overeenkomst: bool) -> dict:
    n = len(ga & gb)
    union = len(ga | gb)
    return {
        "regio_a": ra,
        "regio_b": rb,
        "gemeenten_a": len(ga),
        "gemeenten_b": len(gb),
        "gedeeld": n,
        "jaccard": n / union if union else 0.0,
        "overeenkomst": overeenkomst,
        "identiek": bool(ga) and ga == gb,
        "alleen_a": sorted(ga - gb),
        "alleen_b": sorted(gb - ga),
    }


def shared_samenwerkingen(reg: Registry, a: str, b: str) -> pd.DataFrame:
    """The samenwerkingen both gemeenten ``a`` and ``b`` take part in (rows of
    ``reg.samenwerkingen``, sorted by onderwerp and naam)."""
    lid = reg.lidmaatschappen
    in_a = set(lid.loc[lid["gemeentecode"] == a, "samenwerking"])
    in_b = set(lid.loc[lid["gemeentecode"] == b, "samenwerking"])
    sw = reg.samenwerkingen
    return sw.loc[sw.index.isin(in_a & in_b)].sort_values(["onderwerp", "naam"])


def on_gemeenten(reg: Registry, codes) -> Registry:
    """The registry on the given gemeenten only: other gemeenten and their memberships are
    dropped (the samenwerkingen stay, with fewer members); for analyses of one area, such as
    the natural regions of a provincie."""
    keep = set(codes)
    gem = reg.gemeenten.loc[reg.gemeenten.index.isin(keep)]
    lid = reg.lidmaatschappen[reg.lidmaatschappen["gemeentecode"].isin(keep)]
    ind = reg.indelingen
    if len(ind):
        ind = ind[ind["gemeentecode"].isin(keep)]
    return Registry(gem, reg.samenwerkingen, lid, reg.overige, ind, reg.meta)


def trivially_identical(pairs: pd.DataFrame, samenwerkingen: pd.DataFrame) -> pd.Series:
    """For overlap pairs (:func:`overlap_pairs`): is the pair two regions of regio-indelingen
    with exactly the same gemeenten (e.g. a GGD-regio and the veiligheidsregio the law makes
    congruent with it)? Such pairs are expected, not a sign of duplicated work."""
    col = samenwerkingen.get("regio_indeling")
    if col is None or pairs.empty:
        return pd.Series(False, index=pairs.index)
    is_regio = col.fillna("").astype(str).str.strip().ne("")
    in_a = pairs["a"].map(is_regio).fillna(False).astype(bool)
    in_b = pairs["b"].map(is_regio).fillna(False).astype(bool)
    return (pairs["overlap_soort"] == "identiek") & in_a & in_b
