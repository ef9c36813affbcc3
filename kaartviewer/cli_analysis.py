"""Analysis verbs of the CLI (indelingen, congruentie, overlap, spaghetti, regios)."""

from __future__ import annotations


def register(sub, common, emit, registry) -> None:
    """Add the analysis sub-commands to the ``kaartviewer`` parser."""
    return None
