"""The Registry: tidy, read-only tables plus the queries the CLI and the app share.

Tables (pandas/GeoPandas, one row per thing):

* ``gemeenten``       GeoDataFrame, WGS84: gemeentecode, gemeentenaam, provinciecode,
                      provincienaam, geometry
* ``samenwerkingen``  one row per arrangement (columns of ``schema.SAMENWERKING_COLUMNS``
                      plus ``samenwerking_soort`` and ``n_deelnemers``), index ``id``
* ``lidmaatschappen`` long table ``samenwerking × gemeentecode``
* ``overige``         non-municipal participants ``samenwerking, type, naam``
* ``indelingen``      ``regio_indeling, regio_indeling_naam, indeling_soort, gemeentecode, regio``

Filtering returns a new Registry (same gemeenten, fewer arrangements), so every metric
and count downstream follows the filters without knowing about them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from kaartviewer.text import close_matches, fold


class NotFound(LookupError):
    """A name or code matched nothing; ``suggestions`` holds close matches (may be empty)."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


@dataclass(frozen=True)
class Registry:
    gemeenten: gpd.GeoDataFrame
    samenwerkingen: pd.DataFrame
    lidmaatschappen: pd.DataFrame
    overige: pd.DataFrame
    indelingen: pd.DataFrame
    meta: dict = field(default_factory=dict)

    @classmethod
    def from_tables(
        cls, gemeenten, samenwerkingen, lidmaatschappen, overige, indelingen, meta=None
    ):
        sw = samenwerkingen.set_index("id", drop=False).sort_index()
        sw.index.name = None
        gem = gemeenten.set_index("gemeentecode", drop=False).sort_index()
        gem.index.name = None
        return cls(
            gem,
            sw,
            lidmaatschappen.reset_index(drop=True),
            overige.reset_index(drop=True),
            indelingen.reset_index(drop=True),
            meta or {},
        )

    # --- filters ------------------------------------------------------------------------

    def filter(
        self,
        onderwerp: Iterable[str] | None = None,
        vorm: Iterable[str] | None = None,
        samenwerking_soort: Iterable[str] | None = None,
        provincie: Iterable[str] | None = None,
    ) -> Registry:
        """Keep arrangements matching every given criterion (each a set of allowed codes).

        ``provincie`` (PV codes) keeps arrangements with at least one member in one of them.
        ``None`` or an empty collection means "no filter on this field".
        """
        sw = self.samenwerkingen
        mask = pd.Series(True, index=sw.index)
        if onderwerp:
            mask &= sw["onderwerp"].isin(set(onderwerp))
        if vorm:
            mask &= sw["juridische_vorm"].isin(set(vorm))
        if samenwerking_soort:
            mask &= sw["samenwerking_soort"].isin(set(samenwerking_soort))
        if provincie:
            in_prov = set(
                self.gemeenten.index[self.gemeenten["provinciecode"].isin(set(provincie))]
            )
            hit = set(
                self.lidmaatschappen.loc[
                    self.lidmaatschappen["gemeentecode"].isin(in_prov), "samenwerking"
                ]
            )
            mask &= sw.index.isin(hit)
        return self.subset(sw.index[mask])

    def subset(self, ids: Iterable[str]) -> Registry:
        keep = set(ids)
        return Registry(
            self.gemeenten,
            self.samenwerkingen[self.samenwerkingen.index.isin(keep)],
            self.lidmaatschappen[self.lidmaatschappen["samenwerking"].isin(keep)],
            self.overige[self.overige["samenwerking"].isin(keep)],
            self.indelingen,
            self.meta,
        )

    # --- lookups ------------------------------------------------------------------------

    def find_gemeente(self, text: str) -> str:
        """Gemeentecode for a code (``GM0363``, ``363``) or a name (accent/case-insensitive)."""
        t = text.strip()
        digits = t.upper().removeprefix("GM")
        if digits.isdigit():
            code = f"GM{digits.zfill(4)}"
            if code in self.gemeenten.index:
                return code
            raise NotFound(f"Geen gemeente met code {code}.")
        key = fold(t)
        hits = [c for c, n in self.gemeenten["gemeentenaam"].items() if fold(n) == key]
        if not hits:
            # "Bergen" → both Bergen (NH.) and Bergen (L.)
            hits = [
                c
                for c, n in self.gemeenten["gemeentenaam"].items()
                if fold(n).startswith(key + " ")
            ]
            if len(hits) == 1:
                return hits[0]
            if hits:
                names = [self.gemeenten.at[c, "gemeentenaam"] for c in hits]
                raise NotFound(f"'{t}' is niet eenduidig.", names)
            raise NotFound(
                f"Geen gemeente '{t}'.", close_matches(t, self.gemeenten["gemeentenaam"], n=5)
            )
        return hits[0]

    def find_samenwerking(self, text: str) -> str:
        """Id of an arrangement by id or by (folded) name; close names as suggestions."""
        t = text.strip()
        if t in self.samenwerkingen.index:
            return t
        key = fold(t)
        names = self.samenwerkingen["naam"]
        exact = [i for i, n in names.items() if fold(n) == key]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise NotFound(f"'{t}' is niet eenduidig; gebruik het id.", exact)
        part = [i for i, n in names.items() if key and key in fold(n)]
        if len(part) == 1:
            return part[0]
        sugg = close_matches(t, names, n=5, cutoff=0.5)
        if len(part) > 1:
            sugg = [names[i] for i in part[:8]]
        raise NotFound(f"Geen samenwerking '{t}'.", sugg)

    def search(self, text: str, limit: int = 10, crosswalk=None) -> list[dict]:
        """Gemeenten and arrangements matching ``text`` by name, code, common name or (with
        the 2016 → 2025 ``crosswalk``) former name; dicts ``{type, id, naam}``, best first.

        The ranking is :func:`kaartviewer.zoeken.zoek` (exact, prefix, word, substring, then
        close matches; gemeenten before samenwerkingen, shorter names first).
        """
        from kaartviewer.zoeken import zoek

        return [t.als_dict() for t in zoek(self, text, limit, crosswalk=crosswalk)]

    # --- queries ------------------------------------------------------------------------

    def samenwerkingen_van(self, gemeentecode: str) -> pd.DataFrame:
        """Arrangements of one gemeente, sorted by onderwerp then naam, with ``partners``
        (number of *other* member gemeenten) and, on a projected registry, the provenance
        columns ``via``, ``via_codes``, ``deels`` and ``aandeel``."""
        mine = self.lidmaatschappen[self.lidmaatschappen["gemeentecode"] == gemeentecode]
        df = self.samenwerkingen.loc[
            self.samenwerkingen.index.isin(set(mine["samenwerking"]))
        ].copy()
        df["partners"] = df["n_deelnemers"] - 1
        # Provenance columns of a projected registry (via, deels, aandeel) come along.
        extra = [c for c in mine.columns if c not in ("samenwerking", "gemeentecode")]
        if extra:
            df = df.join(mine.set_index("samenwerking")[extra])
        return df.sort_values(["onderwerp", "naam"])

    def deelnemers_van(self, samenwerking_id: str) -> pd.DataFrame:
        """Member gemeenten of one arrangement: gemeentecode, gemeentenaam, provincienaam."""
        codes = self.lidmaatschappen.loc[
            self.lidmaatschappen["samenwerking"] == samenwerking_id, "gemeentecode"
        ]
        return self.gemeenten.loc[
            sorted(codes), ["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam"]
        ]

    def overige_van(self, samenwerking_id: str) -> pd.DataFrame:
        return self.overige.loc[self.overige["samenwerking"] == samenwerking_id, ["type", "naam"]]

    def memberships_per_gemeente(self) -> pd.Series:
        """Number of arrangements per gemeente (all gemeenten, zeros included)."""
        counts = self.lidmaatschappen.groupby("gemeentecode").size()
        return counts.reindex(self.gemeenten.index, fill_value=0).astype(int)

    def stats(self) -> dict:
        """Counts for the CLI ``stats`` command and the app's coverage panel."""
        per = self.memberships_per_gemeente()
        sw = self.samenwerkingen
        bron = sw["bron"].fillna("")
        return {
            "gemeenten": int(len(self.gemeenten)),
            "gemeenten_met_geometrie": int((~self.gemeenten.geometry.is_empty).sum()),
            "samenwerkingen": int(len(sw)),
            "lidmaatschappen": int(len(self.lidmaatschappen)),
            "lidmaatschappen_per_gemeente": {
                "gemiddeld": round(float(per.mean()), 2) if len(per) else 0.0,
                "mediaan": float(per.median()) if len(per) else 0.0,
                "maximum": int(per.max()) if len(per) else 0,
                "maximum_gemeente": (
                    self.gemeenten.at[per.idxmax(), "gemeentenaam"] if len(per) else None
                ),
            },
            "per_onderwerp": {
                k: int(v) for k, v in sw["onderwerp"].value_counts().sort_index().items()
            },
            "per_juridische_vorm": {
                k: int(v) for k, v in sw["juridische_vorm"].value_counts().sort_index().items()
            },
            "per_samenwerking_soort": {
                k: int(v) for k, v in sw["samenwerking_soort"].value_counts().sort_index().items()
            },
            "indelingen": int(self.indelingen["regio_indeling"].nunique())
            if len(self.indelingen)
            else 0,
            "laag": self.meta.get("laag"),
            "per_bron": _per_bron(bron),
            **self._layer_2016_stats(bron),
            "register": self._register_stats(),
            "dekking": {
                "peildatum": self.meta.get("peildatum"),
                "bronnen": self.meta.get("bronnen", []),
                "opgelost_aandeel_gemeentelijke_rijen": self.meta.get(
                    "opgelost_aandeel_gemeentelijke_rijen"
                ),
                "overig_aandeel": self.meta.get("overig_aandeel"),
            },
        }

    def _layer_2016_stats(self, bron: pd.Series) -> dict:
        """The 2016 layer's source split (OpenGR, RegioAtlas); nothing for today's layer."""
        if self.meta.get("laag") == "actueel":
            return {}
        return {
            "samenwerkingen_opengr": int(bron.str.contains("OpenGR").sum()),
            "samenwerkingen_regioatlas": int(bron.str.contains("RegioAtlas").sum()),
            "samenwerkingen_alleen_regioatlas": int((bron == "RegioAtlas 2016").sum()),
        }

    def _register_stats(self) -> dict | None:
        """Today's layer only: the register's snapshot, the peildatum shown and the forms of
        the register's samenwerkingen (never 'onbekend': the register states the form)."""
        if self.meta.get("laag") != "actueel":
            return None
        sw = self.samenwerkingen
        reg = sw[sw["roo_id"].fillna("") != ""] if "roo_id" in sw.columns else sw.iloc[0:0]
        return {
            "snapshot": self.meta.get("snapshot"),
            "peildatum": self.meta.get("peildatum"),
            "onvolledig_voor_1_juli_2021": bool(self.meta.get("register_onvolledig")),
            "samenwerkingen": int(len(reg)),
            "per_juridische_vorm": {
                k: int(v) for k, v in reg["juridische_vorm"].value_counts().sort_index().items()
            },
            "zonder_gemeente_weggelaten": int(self.meta.get("zonder_gemeente", 0)),
        }


def _per_bron(bron: pd.Series) -> dict[str, int]:
    """Samenwerkingen per source; one with two sources counts for both."""
    parts = bron.str.split("; ").explode()
    parts = parts[parts.fillna("") != ""]
    return {k: int(v) for k, v in parts.value_counts().sort_index().items()}
