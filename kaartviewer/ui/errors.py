"""No tracebacks to users: a Dutch error panel with an error id; the detail goes to the log.

``.streamlit/config.toml`` sets ``client.showErrorDetails = "none"`` as a second line of
defence; the page itself catches every error of a view with :func:`guard`, so the rest of
the page (the sidebar with laag and peildatum in particular) is still drawn and the user
can switch back.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from kaartviewer.ui.data import DataChanged
from kaartviewer.ui.safe import md
from kaartviewer.validation import LoadError

log = logging.getLogger("kaartviewer.ui")
if not log.handlers and not logging.getLogger().handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)

_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])(?:/[^\s/'\"()]+)+/([^\s/'\"()]+)")


def error_id() -> str:
    """A short id that links what the user sees to the server log."""
    return uuid.uuid4().hex[:8]


def without_paths(message: str, data_dir: str | os.PathLike | None = None) -> str:
    """``message`` with the server's directories left out: ``/srv/app/data/x.csv`` → ``x.csv``."""
    if data_dir:
        d = str(Path(data_dir))
        message = message.replace(d + os.sep, "").replace(d, Path(d).name)
    return _ABSOLUTE_PATH.sub(r"\1", message)


def load_error(exc: Exception, data_dir: str | None) -> str:
    """Show a LoadError (its message is Dutch and says what to do); return the error id."""
    eid = error_id()
    log.warning("[%s] gegevens in %s niet te laden: %s", eid, data_dir, exc)
    st.error(
        f"De gegevens kunnen niet worden geladen: {md(without_paths(str(exc), data_dir))} "
        f"(foutcode {md(eid)})",
        icon="⚠️",
    )
    return eid


def crash(exc: BaseException) -> str:
    """Show the generic Dutch error panel; the traceback goes to the log. Return the id."""
    eid = error_id()
    log.error("[%s] fout bij het tonen van de pagina", eid, exc_info=exc)
    st.error(
        f"Er ging iets mis bij het tonen van dit onderdeel (foutcode {md(eid)}). Kies een "
        "andere weergave, of links een andere laag of peildatum, of probeer het later opnieuw; noem de "
        "foutcode als u dit meldt.",
        icon="⚠️",
    )
    return eid


@contextmanager
def guard(data_dir: str | None = None) -> Iterator[None]:
    """Run a part of the page; on an error show a Dutch panel instead of a traceback.

    Streamlit's own control flow (``st.rerun``, ``st.stop``) is not an ``Exception`` and
    passes through untouched.
    """
    try:
        yield
    except DataChanged:
        eid = error_id()
        log.info("[%s] gegevens in %s veranderden tijdens het tonen", eid, data_dir)
        st.warning(
            f"De gegevens zijn zojuist bijgewerkt (foutcode {md(eid)}). Laad de pagina opnieuw "
            "of kies opnieuw om de nieuwe gegevens te zien.",
            icon="🔄",
        )
    except LoadError as exc:
        load_error(exc, data_dir)
    except Exception as exc:
        crash(exc)
