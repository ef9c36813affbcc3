"""The data pipeline: raw open data in ``bronnen/`` → the shipped ``data/`` files.

Only maintainers run it (``kaartviewer build-data``); the app and the CLI read ``data/``.
"""

from kaartviewer.build.pipeline import BuildReport, build_data

__all__ = ["BuildReport", "build_data"]
