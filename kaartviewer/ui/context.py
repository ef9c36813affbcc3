"""What every view gets: the data version, its registry and the sidebar's choices."""

from __future__ import annotations

from dataclasses import dataclass

from kaartviewer import provenance
from kaartviewer.registry import Registry
from kaartviewer.ui.data import Source
from kaartviewer.ui.state import Filters
from kaartviewer.validation import ValidationReport


@dataclass(frozen=True)
class Context:
    src: Source
    reg: Registry
    report: ValidationReport
    filters: Filters
    asset_base: str
    grenzen: str | None = None
    basemap: bool = False

    @property
    def provincies(self) -> dict[str, str]:
        """provinciecode → provincienaam of the gemeenten shown."""
        g = self.reg.gemeenten
        return dict(zip(g["provinciecode"], g["provincienaam"], strict=True))

    @property
    def bouwrapport(self) -> provenance.Bouwrapport:
        return provenance.bouwrapport(self.reg.meta)

    @property
    def peildatum(self) -> str:
        """The registry's peildatum: from the build report, else from the rows, else '?'."""
        pd_ = self.bouwrapport.peildatum
        if pd_:
            return pd_
        values = self.reg.samenwerkingen.get("peildatum")
        if values is not None and len(values.dropna()):
            return str(values.dropna().astype(str).mode().iloc[0])
        return "onbekend"

    def herkomst(self) -> dict:
        """Provenance that travels with every export of this view."""
        return provenance.metadata(
            self.src.gemeente_indeling, self.peildatum, self.filters.describe(self.provincies)
        )
