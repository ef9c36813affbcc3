"""What every view gets: the data version, its registry and the sidebar's choices."""

from __future__ import annotations

from dataclasses import dataclass

from kaartviewer import provenance
from kaartviewer.registry import Registry
from kaartviewer.schema import LAGEN
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
    def actueel(self) -> bool:
        """Today's register (not the historic 2016 layer)."""
        return not self.src.historisch

    @property
    def gemeente_indeling(self) -> str:
        return self.src.gemeente_indeling

    @property
    def snapshot(self) -> str | None:
        """The date of the register snapshot (today's layer), else ``None``."""
        snap = self.reg.meta.get("snapshot") if self.actueel else None
        return str(snap) if snap else None

    @property
    def peildatum(self) -> str:
        """The date the registry is shown for: today's layer's peildatum (ISO), else the
        2016 layer's (from the build report, else from the rows, else 'onbekend')."""
        if self.actueel and self.src.peildatum:
            return self.src.peildatum
        pd_ = self.bouwrapport.peildatum
        if pd_:
            return pd_
        values = self.reg.samenwerkingen.get("peildatum")
        if values is not None and len(values.dropna()):
            return str(values.dropna().astype(str).mode().iloc[0])
        return "onbekend"

    @property
    def laag_naam(self) -> str:
        return LAGEN.get(self.src.laag, self.src.laag)

    def bronnen(self) -> tuple[provenance.Bron, ...]:
        return provenance.bronnen_voor(self.src.laag, self.gemeente_indeling, self.snapshot)

    def voorbehoud(self) -> str:
        return provenance.voorbehoud(self.src.laag, self.peildatum, self.snapshot)

    def herkomst(self) -> dict:
        """Provenance that travels with every export of this view."""
        return provenance.metadata(
            self.src.laag,
            self.gemeente_indeling,
            self.peildatum,
            self.filters.describe(self.provincies),
            self.snapshot,
        )

    def bestandsnaam(self, naam: str) -> str:
        """An export's file name (without extension) that says which stand it holds:
        ``samenwerkingen-GM0363-peildatum-2026-05-16`` or ``…-2016-historisch``."""
        if self.actueel:
            return f"{naam}-peildatum-{self.peildatum}"
        return f"{naam}-2016-historisch"
