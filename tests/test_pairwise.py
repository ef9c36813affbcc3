"""Pairwise metrics without an n×n matrix: the block-wise sparse computations give the same
answers as the dense / pure-Python references, and their memory does not grow with the
square of the registry.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from test_network import make_registry, member_sets

from kaartviewer import network as nw

blocks = st.sampled_from([1, 2, 5, 17, nw.PAIR_BLOCK])


def test_spaghetti_worked_example():
    # g0 in A = {0, 1}, B = {0, 1}, C = {0}: J(A,B) = 1, J(A,C) = J(B,C) = ½ → S = 1 − ⅔.
    # g1 in A and B only: J = 1 → S = 0. g2 in D alone: undefined.
    s = nw.spaghetti_index(make_registry([{0, 1}, {0, 1}, {0}, {2}]), block=1)
    assert np.isclose(s["GM0000"], 1 / 3) and s["GM0001"] == 0 and np.isnan(s["GM0002"])


@settings(max_examples=120, deadline=None)
@given(member_sets, blocks)
def test_sparse_spaghetti_equals_dense_reference(sets, block):
    reg = make_registry(sets)
    fast = nw.spaghetti_index(reg, block=block)
    slow = nw.spaghetti_index_slow(reg)
    assert fast.index.equals(slow.index)
    assert (fast.isna() == slow.isna()).all()
    assert np.allclose(fast.dropna(), slow.dropna(), atol=1e-12, rtol=0)


@settings(max_examples=80, deadline=None)
@given(member_sets, st.sampled_from([0.0, 0.5, 1.0]), blocks)
def test_blockwise_overlap_equals_slow_reference(sets, t, block):
    reg = make_registry(sets)
    fast = nw.overlap_pairs(reg, min_jaccard=t, block=block)
    whole = nw.overlap_pairs(reg, min_jaccard=t)
    pd.testing.assert_frame_equal(fast, whole)  # same rows, same order
    slow = nw.overlap_pairs_slow(reg, min_jaccard=t).set_index(["a", "b"]).sort_index()
    f = fast.set_index(["a", "b"]).sort_index()
    assert list(f.index) == list(slow.index)
    assert (f["gedeeld"] == slow["gedeeld"]).all()


@settings(max_examples=60, deadline=None)
@given(member_sets, st.integers(1, 40))
def test_row_blocks_cover_rows_within_budget(sets, block):
    m = nw.incidence(make_registry(sets)).matrix
    ranges = list(nw.row_blocks(m, block))
    assert [r[0] for r in ranges] == [0] + [r[1] for r in ranges[:-1]]
    assert ranges[-1][1] == m.shape[0]
    pairs_per_row = np.diff((m @ m.T).tocsr().indptr)
    for start, stop in ranges:
        assert stop - start == 1 or pairs_per_row[start:stop].sum() <= block


def crowded_registry(n: int, seed: int = 3):
    """n arrangements over 12 gemeenten, all holding gemeente 0: every pair shares it."""
    rng = np.random.default_rng(seed)
    sets = [
        {0, *rng.choice(np.arange(1, 12), size=rng.integers(0, 4), replace=False)} for _ in range(n)
    ]
    return make_registry(sets, n_gem=12)


def test_spaghetti_memory_does_not_grow_with_pairs():
    reg = crowded_registry(2_500)  # 6.25 M pairs share gemeente 0: dense J would be 50 MB
    tracemalloc.start()
    s = nw.spaghetti_index(reg, block=100_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MB"
    assert np.isclose(s["GM0000"], nw.spaghetti_index_slow(reg)["GM0000"])
