"""Analysis tables the page (and anyone else) shows: pure functions of plain frames.

These used to be computed inside the Streamlit views. They take the outputs of
:mod:`kaartviewer.network` (and a Registry) and return DataFrames with stable column names;
the UI only renames columns for display and caches at its edge.
"""

from __future__ import annotations

import pandas as pd
from scipy import sparse

from kaartviewer import network, opmaak
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


# --- today's register: bestuursorganen, versions, changes ---------------------------------------

#: ``raad neemt deel`` when the register does not say which bestuursorganen take part.
ONBEKEND = "—"


def raad_neemt_deel(bestuursorganen) -> str:
    """Does the gemeenteraad take part, according to the register's ``bestuursorganen``
    (``;``-separated, e.g. ``College van burgemeester en wethouders;Gemeenteraad``)?

    ``ja`` when the raad is among them, ``nee`` when only others are (the college, the
    burgemeester), :data:`ONBEKEND` when the register names none (CBS regions, 2016 data).
    """
    if bestuursorganen is None or bestuursorganen != bestuursorganen:  # missing or NaN
        return ONBEKEND
    organen = {o.strip().lower() for o in str(bestuursorganen).split(";") if o.strip()}
    if not organen:
        return ONBEKEND
    return "ja" if "gemeenteraad" in organen else "nee"


def organen_tekst(bestuursorganen) -> str:
    """``A;B`` → ``A, B`` for display ('' when missing)."""
    if bestuursorganen is None or bestuursorganen != bestuursorganen:
        return ""
    return ", ".join(o.strip() for o in str(bestuursorganen).split(";") if o.strip())


def deelnemers_tabel(reg: Registry, samenwerking: str) -> pd.DataFrame:
    """The member gemeenten of one samenwerking with what the register says about their
    membership: ``gemeentecode``, ``gemeente``, ``provincie`` and, where the registry has
    them, ``raad neemt deel``, ``bestuursorganen``, ``toegetreden`` and ``via`` (the
    predecessor the membership came through)."""
    leden = reg.deelnemers_van(samenwerking)
    out = pd.DataFrame(
        {
            "gemeentecode": leden["gemeentecode"].to_numpy(),
            "gemeente": leden["gemeentenaam"].to_numpy(),
            "provincie": leden["provincienaam"].to_numpy(),
        }
    )
    lid = reg.lidmaatschappen[reg.lidmaatschappen["samenwerking"] == samenwerking]
    lid = lid.set_index("gemeentecode").reindex(out["gemeentecode"])
    if "bestuursorganen" in lid.columns:
        out["raad neemt deel"] = [raad_neemt_deel(v) for v in lid["bestuursorganen"]]
        out["bestuursorganen"] = [organen_tekst(v) for v in lid["bestuursorganen"]]
    if "toetredingsdatum" in lid.columns:
        out["toegetreden"] = lid["toetredingsdatum"].fillna("").astype(str).to_numpy()
    if "via" in lid.columns:
        via = lid["via"].fillna("").astype(str)
        if "via_codes" in lid.columns:  # a gemeente 'via' itself is no predecessor
            via = via.where(lid["via_codes"].fillna("").astype(str) != lid.index, "")
        deels = lid["deels"].fillna(False).astype(bool) if "deels" in lid.columns else None
        aandeel = lid["aandeel"] if "aandeel" in lid.columns else None
        out["via"] = [
            f"{v} (deels, {opmaak.procent(a)})" if deels is not None and d and v else v
            for v, d, a in zip(
                via,
                deels if deels is not None else [False] * len(via),
                aandeel if aandeel is not None else [1.0] * len(via),
                strict=True,
            )
        ]
    return out


def versies_van(versies: pd.DataFrame, samenwerking: str, peildatum: str | None) -> pd.DataFrame:
    """The version history of one register samenwerking, oldest first: ``roo_id``,
    ``titel``, ``geldig_van``, ``geldig_tot`` ('' = still in force), ``juridische_vorm``
    and ``op_peildatum`` (the version in force on ``peildatum``; validity is half-open)."""
    v = versies[versies["samenwerking"] == samenwerking].sort_values(["geldig_van", "roo_id"])
    van, tot = v["geldig_van"].fillna(""), v["geldig_tot"].fillna("")
    p = peildatum or ""
    return pd.DataFrame(
        {
            "roo_id": v["roo_id"].astype(str).to_numpy(),
            "titel": v["titel"].to_numpy(),
            "geldig_van": van.to_numpy(),
            "geldig_tot": tot.to_numpy(),
            "juridische_vorm": v["juridische_vorm"].to_numpy(),
            "op_peildatum": ((van <= p) & ((tot == "") | (p < tot))).to_numpy() & bool(p),
        }
    )


def binnen(w, ids) -> object:
    """Changes (:class:`kaartviewer.wijzigingen.Wijzigingen`) restricted to the
    samenwerkingen ``ids`` (e.g. those that pass the sidebar filters on either date)."""
    from kaartviewer.wijzigingen import Wijzigingen

    keep = set(ids)
    return Wijzigingen(
        w.van,
        w.tot,
        w.samenwerkingen[w.samenwerkingen["id"].isin(keep)].reset_index(drop=True),
        w.lidmaatschappen[w.lidmaatschappen["samenwerking"].isin(keep)].reset_index(drop=True),
    )


def opsomming(items: list[str], limit: int = 8) -> str:
    """``A``, ``A en B``, ``A, B en C``; beyond ``limit`` items ``…, H en nog 3 andere``."""
    items = list(dict.fromkeys(items))
    if len(items) > limit:
        rest = len(items) - limit
        return ", ".join(items[:limit]) + f" en nog {rest} andere"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def wijzigingen_zin(gemeente: str, sinds: str, tot: str, bij: list[str], af: list[str]) -> str:
    """The raadslid sentence: ``Sinds 1 juli 2021 trad Gamma toe tot X en Y en trad uit Z.``

    ``sinds`` / ``tot`` are readable dates or layer names; ``bij`` / ``af`` the names of the
    samenwerkingen joined and left. Plain text (the page escapes it).
    """
    delen = []
    if bij:
        delen.append(f"trad {gemeente} toe tot {opsomming(bij)}")
    if af:
        delen.append(("trad uit " if bij else f"trad {gemeente} uit ") + opsomming(af))
    if not delen:
        return f"Tussen {sinds} en {tot} trad {gemeente} nergens toe en nergens uit."
    return f"Sinds {sinds} " + " en ".join(delen) + f" (tot {tot})."


def lidmaatschap_via(
    lidmaatschappen: pd.DataFrame, reg_van: Registry, reg_tot: Registry
) -> list[str]:
    """For each changed membership (``Wijzigingen.lidmaatschappen``): the predecessor it
    came through, when that is another gemeente (``af``: as it was in ``reg_van``; ``bij``:
    as it is in ``reg_tot``), else ''. A membership of today's Amsterdam that ended with
    Weesp's says ``Weesp``. Rows whose samenwerking id is not in that registry get ''."""

    def lookup(reg: Registry) -> dict[tuple[str, str], str]:
        lid = reg.lidmaatschappen
        if "via" not in lid.columns or "via_codes" not in lid.columns:
            return {}
        own = lid["via_codes"].fillna("").astype(str) == lid["gemeentecode"]
        other = lid[~own & lid["via"].fillna("").astype(str).ne("")]
        return {
            (s, c): str(v)
            for s, c, v in zip(
                other["samenwerking"], other["gemeentecode"], other["via"], strict=True
            )
        }

    van, tot = lookup(reg_van), lookup(reg_tot)
    return [
        (van if m == "af" else tot).get((s, c), "")
        for s, c, m in zip(
            lidmaatschappen["samenwerking"],
            lidmaatschappen["gemeentecode"],
            lidmaatschappen["mutatie"],
            strict=True,
        )
    ]
