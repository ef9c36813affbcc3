"""What changed between two registries: new, ended and changed samenwerkingen, and the
memberships that came and went, nationally and per gemeente.

Both registries must be on the same gemeente-indeling (compare the 2016 layer on today's
gemeenten, not on those of 2016). Samenwerkingen are matched by id; across layers, whose
ids differ (OpenGR/RegioAtlas 2016 against today's register), pass a ``koppeling`` made by
:func:`koppel_lagen`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kaartviewer.registry import Registry
from kaartviewer.text import fold

#: ``mutatie`` of a samenwerking between two registries.
SAMENWERKING_MUTATIES: dict[str, str] = {
    "nieuw": "nieuw",
    "beeindigd": "beëindigd",
    "gewijzigd": "gewijzigd",
}
#: ``mutatie`` of a membership.
LIDMAATSCHAP_MUTATIES: dict[str, str] = {"bij": "toegetreden", "af": "uitgetreden"}
#: Which descriptive fields count as a change, with their Dutch label.
VELDEN: dict[str, str] = {
    "naam": "naam",
    "juridische_vorm": "juridische vorm",
    "onderwerp": "onderwerp",
    "roo_id": "versie (roo_id)",
}
#: Two samenwerkingen of different layers are one body above these similarities.
KOPPEL_MIN_NAAM = 0.5
KOPPEL_MIN_LEDEN = 0.8
KOPPEL_MIN_NAAM_BIJ_LEDEN = 0.25

SAMENWERKING_COLS = ["id", "naam", "mutatie", "wat", "n_deelnemers"]
LID_COLS = ["samenwerking", "naam", "gemeentecode", "gemeentenaam", "mutatie"]


@dataclass(frozen=True)
class Wijzigingen:
    """Changes from ``van`` to ``tot`` (labels such as a peildatum or ``2016``).

    ``samenwerkingen``: one row per new, ended or changed samenwerking (``id`` is the id in
    ``tot``, or in ``van`` for ended ones; ``wat`` lists the changed fields).
    ``lidmaatschappen``: one row per membership that came (``bij``) or went (``af``).
    """

    van: str
    tot: str
    samenwerkingen: pd.DataFrame
    lidmaatschappen: pd.DataFrame

    def voor_gemeente(self, gemeentecode: str) -> Wijzigingen:
        """Only the memberships of one gemeente, and the samenwerkingen they concern."""
        lid = self.lidmaatschappen[self.lidmaatschappen["gemeentecode"] == gemeentecode]
        ids = set(lid["samenwerking"])
        sw = self.samenwerkingen[self.samenwerkingen["id"].isin(ids)]
        return Wijzigingen(
            self.van, self.tot, sw.reset_index(drop=True), lid.reset_index(drop=True)
        )

    def aantallen(self) -> dict[str, int]:
        sw, lid = self.samenwerkingen["mutatie"], self.lidmaatschappen["mutatie"]
        return {
            "nieuw": int((sw == "nieuw").sum()),
            "beeindigd": int((sw == "beeindigd").sum()),
            "gewijzigd": int((sw == "gewijzigd").sum()),
            "lidmaatschappen_bij": int((lid == "bij").sum()),
            "lidmaatschappen_af": int((lid == "af").sum()),
        }

    def to_dict(self) -> dict:
        return {
            "van": self.van,
            "tot": self.tot,
            "aantallen": self.aantallen(),
            "samenwerkingen": self.samenwerkingen.to_dict(orient="records"),
            "lidmaatschappen": self.lidmaatschappen.to_dict(orient="records"),
        }


def vergelijk(
    reg_van: Registry,
    reg_tot: Registry,
    van: str,
    tot: str,
    koppeling: dict[str, str] | None = None,
) -> Wijzigingen:
    """Changes from ``reg_van`` to ``reg_tot``.

    ``koppeling`` maps ids of ``reg_van`` to ids of ``reg_tot`` for the same body (default:
    identical ids). A samenwerking present in both is ``gewijzigd`` when a field of
    :data:`VELDEN` differs (present in both) or its members differ.
    """
    koppeling = koppeling if koppeling is not None else _same_ids(reg_van, reg_tot)
    sw_van, sw_tot = reg_van.samenwerkingen, reg_tot.samenwerkingen
    leden_van = _leden(reg_van, koppeling)
    leden_tot = _leden(reg_tot, None)
    rows = []
    matched_tot = set(koppeling.values())
    for sid in sw_tot.index.difference(sorted(matched_tot)):
        rows.append(_sw_row(sw_tot, sid, "nieuw", ""))
    for sid in sw_van.index.difference(sorted(koppeling)):
        rows.append(_sw_row(sw_van, sid, "beeindigd", ""))
    for a, b in sorted(koppeling.items()):
        wat = [VELDEN[f] for f in VELDEN if _differs(sw_van, a, sw_tot, b, f)]
        if leden_van.get(b, set()) != leden_tot.get(b, set()):
            wat.append("deelnemers")
        if wat:
            rows.append(_sw_row(sw_tot, b, "gewijzigd", ", ".join(wat)))
    samenwerkingen = pd.DataFrame(rows, columns=SAMENWERKING_COLS).sort_values(
        ["mutatie", "naam", "id"], ignore_index=True
    )
    ended = {sid: sw_van.at[sid, "naam"] for sid in sw_van.index.difference(sorted(koppeling))}
    lid = _lid_rows(leden_van, leden_tot, sw_tot, ended, reg_tot)
    return Wijzigingen(van, tot, samenwerkingen, lid)


def koppel_lagen(reg_oud: Registry, reg_nu: Registry) -> dict[str, str]:
    """Match samenwerkingen of an older layer to today's: same body, other source.

    Pairs qualify on name-token Jaccard ≥ :data:`KOPPEL_MIN_NAAM`, or on member-set
    Jaccard ≥ :data:`KOPPEL_MIN_LEDEN` with name-token Jaccard ≥
    :data:`KOPPEL_MIN_NAAM_BIJ_LEDEN`; they are taken greedily, best first, one-to-one.
    Both registries must be on the same gemeente-indeling.
    """
    oud, nu = _leden(reg_oud, None), _leden(reg_nu, None)
    tok_oud = {i: _tokens(n) for i, n in reg_oud.samenwerkingen["naam"].items()}
    tok_nu = {i: _tokens(n) for i, n in reg_nu.samenwerkingen["naam"].items()}
    by_member: dict[str, set[str]] = {}
    for sid, codes in nu.items():
        for c in codes:
            by_member.setdefault(c, set()).add(sid)
    candidates = []
    for a, ta in tok_oud.items():
        ma = oud.get(a, set())
        near = set().union(*(by_member.get(c, set()) for c in ma)) if ma else set()
        for b in near:
            n = _jac(ta, tok_nu[b])
            m = _jac(ma, nu.get(b, set()))
            if n >= KOPPEL_MIN_NAAM or (m >= KOPPEL_MIN_LEDEN and n >= KOPPEL_MIN_NAAM_BIJ_LEDEN):
                candidates.append((-(n + m), a, b))
    out: dict[str, str] = {}
    used: set[str] = set()
    for _score, a, b in sorted(candidates):
        if a not in out and b not in used:
            out[a] = b
            used.add(b)
    return out


# --- helpers -----------------------------------------------------------------------------


def _same_ids(a: Registry, b: Registry) -> dict[str, str]:
    return {i: i for i in a.samenwerkingen.index.intersection(b.samenwerkingen.index)}


def _leden(reg: Registry, koppeling: dict[str, str] | None) -> dict[str, set[str]]:
    """samenwerking id (translated by ``koppeling`` where given) → member gemeentecodes."""
    out: dict[str, set[str]] = {}
    lid = reg.lidmaatschappen[["samenwerking", "gemeentecode"]]
    for sid, code in lid.itertuples(index=False):
        key = koppeling.get(sid, f"\0{sid}") if koppeling is not None else sid
        out.setdefault(key, set()).add(code)
    return out


def _differs(a: pd.DataFrame, ia: str, b: pd.DataFrame, ib: str, col: str) -> bool:
    if col not in a.columns or col not in b.columns:
        return False
    va, vb = a.at[ia, col], b.at[ib, col]
    va = "" if pd.isna(va) else str(va)
    vb = "" if pd.isna(vb) else str(vb)
    return bool(va and vb and va != vb)


def _sw_row(sw: pd.DataFrame, sid: str, mutatie: str, wat: str) -> dict:
    return {
        "id": sid,
        "naam": sw.at[sid, "naam"],
        "mutatie": mutatie,
        "wat": wat,
        "n_deelnemers": int(sw.at[sid, "n_deelnemers"]),
    }


def _lid_rows(
    leden_van: dict[str, set[str]],
    leden_tot: dict[str, set[str]],
    sw_tot: pd.DataFrame,
    ended: dict[str, str],
    reg_tot: Registry,
) -> pd.DataFrame:
    namen = reg_tot.gemeenten["gemeentenaam"]
    rows = []
    for key in sorted(set(leden_van) | set(leden_tot)):
        before, after = leden_van.get(key, set()), leden_tot.get(key, set())
        sid = key.lstrip("\0")
        naam = sw_tot.at[sid, "naam"] if sid in sw_tot.index else ended.get(sid, sid)
        for code, mutatie in [(c, "af") for c in before - after] + [
            (c, "bij") for c in after - before
        ]:
            rows.append(
                {
                    "samenwerking": sid,
                    "naam": naam,
                    "gemeentecode": code,
                    "gemeentenaam": namen.get(code, code),
                    "mutatie": mutatie,
                }
            )
    return pd.DataFrame(rows, columns=LID_COLS).sort_values(
        ["gemeentecode", "mutatie", "naam"], ignore_index=True
    )


#: Words every other regeling carries: they say nothing about which body it is.
_ALGEMEEN = frozenset(
    "gemeenschappelijke regeling gemeenten gemeente samenwerking samenwerkingsverband "
    "van de het en voor in der den op tot openbaar lichaam bedrijfsvoeringsorganisatie "
    "gemeenschappelijk orgaan regio".split()
    # Directions place a body, they do not name it ("Belasting Noord" is no "Sport Noord").
    + "noord oost zuid west midden noordoost noordwest zuidoost zuidwest centraal".split()
)


def _tokens(naam: str) -> set[str]:
    """Distinctive name words; a name made only of general words keeps them all."""
    words = {t for t in fold(naam).split() if len(t) > 1}
    return (words - _ALGEMEEN) or words


def _jac(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0
