"""Kaartviewer intergemeentelijke samenwerking: registry, analysis and map of Dutch
inter-municipal cooperation arrangements."""

__version__ = "0.1.0"
