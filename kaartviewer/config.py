"""Where the kaartviewer finds its data: one rule for the CLI and the app.

Order: an explicit path (``--data``), else ``KAARTVIEWER_DATA``, else the shipped ``data/``.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The shipped data next to the package (a checkout or an editable install).
SHIPPED_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: Environment variable that points CLI and app at another data directory.
DATA_ENV = "KAARTVIEWER_DATA"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data directory to use: ``explicit``, else ``$KAARTVIEWER_DATA``, else shipped."""
    if explicit:
        return Path(explicit).resolve()
    env = os.environ.get(DATA_ENV)
    return Path(env).resolve() if env else SHIPPED_DATA_DIR
