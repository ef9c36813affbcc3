"""Memory of the pairwise metrics: `python benchmarks/memory.py [--schalen 1,10,100]`.

Measures the peak memory (tracemalloc: every numpy/scipy array and Python object allocated
during the call, above what existed before it) of the spaghetti index and the overlap
finder on synthetic registries 1×, 10× and 100× the shipped one (same 390 gemeenten, 10× or
100× as many samenwerkingen; see synthetic.py). Prints absolute figures and ratios, and
exits 1 when memory grows faster than linearly.

The rule, per pair of consecutive scales s1 < s2 (growth factor f = s2 / s1):

* spaghetti: peak(s2) ≤ SLACK · f · peak(s1), linear in the registry (memberships);
* overlap: the same, but per unit of input *plus output* (memberships + candidate pairs):
  in this synthetic scaling 10× the samenwerkingen in the same 390 gemeenten give ~100× the
  similar pairs, so the result itself grows quadratically and no algorithm can be linear
  in the input alone. What is guaranteed is that nothing else grows faster: the all-pairs
  product M·Mᵀ is never held at once.

SLACK = 1.5 allows for allocator granularity and a fixed per-call overhead; quadratic
growth (the old dense matrix: ×100 per ×10) fails it by far. ``--referentie`` also
measures the old dense spaghetti matrix at 1× and 10× for comparison (~2 GB at 10×).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from kaartviewer import network as nw  # noqa: E402
from kaartviewer.load import load  # noqa: E402

SLACK = 1.5
MB = 2**20


def peak_of(fn):
    """(result, peak bytes above the baseline, seconds) of ``fn()``."""
    gc.collect()
    tracemalloc.start()
    t = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, peak, seconds


def measure(reg, factor: int, reference: bool) -> dict:
    from synthetic import scaled_registry

    big = scaled_registry(reg, factor)
    row = {"schaal": factor, "samenwerkingen": len(big.samenwerkingen)}
    row["lidmaatschappen"] = len(big.lidmaatschappen)
    _s, row["spaghetti_piek"], row["spaghetti_s"] = peak_of(lambda: nw.spaghetti_index(big))
    pairs, row["overlap_piek"], row["overlap_s"] = peak_of(lambda: nw.overlap_pairs(big, 0.5))
    row["kandidaten"] = len(pairs)
    row["resultaat"] = int(pairs.memory_usage(index=True, deep=False).sum())
    del pairs
    if reference:
        _s, row["dicht_piek"], row["dicht_s"] = peak_of(lambda: nw.spaghetti_index_slow(big))
    return row


def print_row(r: dict) -> None:
    print(
        f"{r['schaal']:>5}× {r['samenwerkingen']:>8} sw {r['lidmaatschappen']:>9} lid | "
        f"spaghetti {r['spaghetti_piek'] / MB:8.1f} MB {r['spaghetti_s']:6.1f} s | "
        f"overlap {r['overlap_piek'] / MB:8.1f} MB {r['overlap_s']:6.1f} s "
        f"({r['kandidaten']:,} paren; resultaat {r['resultaat'] / MB:.0f} MB, "
        f"werkgeheugen {(r['overlap_piek'] - r['resultaat']) / MB:.0f} MB)"
        + (
            f" | oude dichte matrix {r['dicht_piek'] / MB:.0f} MB {r['dicht_s']:.1f} s"
            if "dicht_piek" in r
            else ""
        ),
        flush=True,
    )


def verdicts(rows: list[dict]) -> list[tuple[str, float, float, bool]]:
    """(what, measured growth, allowed growth, ok) per consecutive pair of scales."""
    out = []
    for a, b in zip(rows, rows[1:], strict=False):
        f = b["lidmaatschappen"] / a["lidmaatschappen"]
        grow = b["spaghetti_piek"] / a["spaghetti_piek"]
        out.append(
            (f"spaghetti {a['schaal']}× → {b['schaal']}×", grow, SLACK * f, grow <= SLACK * f)
        )
        units_a = a["lidmaatschappen"] + a["kandidaten"]
        units_b = b["lidmaatschappen"] + b["kandidaten"]
        f = units_b / units_a
        grow = b["overlap_piek"] / a["overlap_piek"]
        out.append(
            (
                f"overlap {a['schaal']}× → {b['schaal']}× (invoer + uitvoer ×{f:.0f})",
                grow,
                SLACK * f,
                grow <= SLACK * f,
            )
        )
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--schalen", default="1,10,100", help="schaalfactoren (standaard: %(default)s)")
    p.add_argument(
        "--referentie", action="store_true", help="meet ook de oude dichte matrix (1× en 10×)"
    )
    args = p.parse_args()
    scales = sorted({int(s) for s in args.schalen.split(",")})
    reg, _ = load(REPO / "data", laag="2016")  # the 390 gemeenten the docstring names
    print("Piekgeheugen (tracemalloc) van spaghetti-index en overlapzoeker (J ≥ 0,5)\n")
    rows = []
    for factor in scales:
        rows.append(measure(reg, factor, args.referentie and factor <= 10))
        print_row(rows[-1])
    print()
    failed = 0
    for what, grow, allowed, ok in verdicts(rows):
        failed += not ok
        mark = "OK" if ok else "NIET GEHAALD"
        print(f"{what:<52} groei ×{grow:7.1f}  toegestaan ≤ ×{allowed:7.1f}  {mark}")
    print(f"\n{failed} doel(en) niet gehaald" if failed else "\ngeheugen groeit hooguit lineair")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
