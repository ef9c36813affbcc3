"""Synthetic registries for the benchmarks: same gemeenten, more arrangements.

Arrangements are spatially local like real ones: a random seed gemeente plus its
nearest neighbours (by centroid distance in EPSG:28992), with sizes drawn from the shipped
registry's size distribution. Synthetic data lives only here, never in data/.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kaartviewer.registry import Registry


def scaled_registry(reg: Registry, factor: int, seed: int = 7) -> Registry:
    rng = np.random.default_rng(seed)
    sizes = reg.samenwerkingen["n_deelnemers"].to_numpy()
    pts = reg.gemeenten.to_crs(28992).geometry.centroid
    xy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
    codes = reg.gemeenten.index.to_numpy()
    order = np.argsort(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1), axis=1)
    n = len(sizes) * factor
    topics = reg.samenwerkingen["onderwerp"].to_numpy()
    rows, leden = [], []
    for i in range(n):
        k = int(rng.choice(sizes))
        seed_g = rng.integers(len(codes))
        # nearest k of a slightly larger neighbourhood, so sets are local but not all nested
        pool = order[seed_g, : max(k, int(k * 1.5))]
        members = codes[rng.choice(pool, size=min(k, len(pool)), replace=False)]
        sid = f"syn-{i:06d}"
        rows.append(
            {
                "id": sid,
                "naam": f"Synthetisch {i}",
                "juridische_vorm": "wgr_onbekend",
                "juridische_vorm_herkomst": "bron",
                "onderwerp": rng.choice(topics),
                "onderwerp_herkomst": "regel",
                "deelnemers": ";".join(members),
                "overige_deelnemers": "",
                "bron": "synthetisch",
                "peildatum": "2016",
                "regio_indeling": "",
                "bron_namen": "",
                "samenwerking_soort": "wgr",
                "n_deelnemers": len(members),
            }
        )
        leden.extend((sid, m) for m in members)
    return Registry.from_tables(
        reg.gemeenten.reset_index(drop=True),
        pd.DataFrame(rows),
        pd.DataFrame(leden, columns=["samenwerking", "gemeentecode"]),
        pd.DataFrame(columns=["samenwerking", "type", "naam"]),
        reg.indelingen,
        reg.meta,
    )
