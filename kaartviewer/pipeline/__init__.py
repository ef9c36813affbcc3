"""The data pipeline: raw open data in ``bronnen/`` → the shipped ``data/`` files.

Only maintainers run it (``kaartviewer build-data``); the app and the CLI read ``data/``.
"""

from kaartviewer.pipeline.build import BuildReport, build_data

__all__ = ["BuildReport", "build_data"]
