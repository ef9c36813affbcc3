"""The read path: approved aanvullingen merged into a Registry, with herkomst on every value."""

from __future__ import annotations

from kaartviewer.beheer.service import GoedgekeurdeAanvullingen
from kaartviewer.registry import Registry


def met_aanvullingen(reg: Registry, goedgekeurd: GoedgekeurdeAanvullingen) -> Registry:
    """``reg`` plus the approved aanvullingen: new samenwerkingen (samenwerking_soort
    'netwerk'/'privaat' by vorm, ``bron`` 'aanvulling door NAAM, DATUM'), field corrections
    (the ``*_herkomst`` column of a corrected field names the aanvulling) and added/removed
    deelnemers. Bestuurders go into ``reg.meta['bestuurders']`` (a DataFrame)."""
    raise NotImplementedError
