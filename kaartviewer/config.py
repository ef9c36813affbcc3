"""Where the kaartviewer finds its data: one rule for the CLI and the app.

Order: an explicit path (``--data``), else ``KAARTVIEWER_DATA``, else the shipped ``data/``.

The shipped ``data/`` lives at the top of the repository. A checkout and an editable
install read it there; a regular (non-editable) install carries the same files inside the
package as ``kaartviewer/data/`` (``pyproject.toml`` maps the package ``kaartviewer.data``
onto the folder ``data/``, so there is one copy in the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: ``data/`` inside an installed (non-editable) package.
INSTALLED_DATA_DIR = PACKAGE_DIR / "data"
#: ``data/`` next to the package: a checkout or an editable install.
CHECKOUT_DATA_DIR = PACKAGE_DIR.parent / "data"
#: The shipped data, in whichever layout this is.
SHIPPED_DATA_DIR = (
    INSTALLED_DATA_DIR
    if (INSTALLED_DATA_DIR / "gemeenten.geojson").is_file()
    else CHECKOUT_DATA_DIR
)
#: Environment variable that points CLI and app at another data directory.
DATA_ENV = "KAARTVIEWER_DATA"
#: The maintainers' checkout keeps the raw sources beside the repository
#: (``../shared/data/bronnen``); ``kaartviewer build-data`` reads them from there by default.
DEFAULT_BRONNEN = PACKAGE_DIR.parent.parent / "shared" / "data" / "bronnen"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data directory to use: ``explicit``, else ``$KAARTVIEWER_DATA``, else shipped."""
    if explicit:
        return Path(explicit).resolve()
    env = os.environ.get(DATA_ENV)
    return Path(env).resolve() if env else SHIPPED_DATA_DIR
