"""``bouwrapport.json``: the build report's summary (sources, peildatum, coverage).

Optional: missing or malformed, it degrades to a warning and an empty (or partial) dict,
never an exception. Known keys are checked for their type, so the views and ``stats`` can
rely on what they read (``bronnen`` a list of objects, shares finite numbers, …).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from kaartviewer.checks import FileContext
from kaartviewer.validation import ValidationReport

_GEVOLG = "bron- en dekkingsinformatie ontbreekt in 'Over de data' en 'stats'"


def _is_text(v) -> bool:
    return isinstance(v, str)


def _is_share(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _is_list_of_objects(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, dict) for x in v)


def _is_object(v) -> bool:
    return isinstance(v, dict)


def _is_list(v) -> bool:
    return isinstance(v, list)


#: key → (test, what it should be)
META_TYPES = {
    "peildatum": (_is_text, "tekst"),
    "bronnen": (_is_list_of_objects, "een lijst van objecten"),
    "aantallen": (_is_object, "een object"),
    "opgelost_aandeel_gemeentelijke_rijen": (_is_share, "een getal"),
    "oplossing_per_stap": (_is_object, "een object"),
    "onopgelost": (_is_list, "een lijst"),
    "overig_aandeel": (_is_share, "een getal"),
}


def load_meta(path: Path, report: ValidationReport) -> dict:
    """The build report as a dict; every problem is a warning and yields what is usable."""
    file = FileContext(path.name, report)
    if not path.exists():
        file.file_warning(
            "bestand ontbreekt", f"{_GEVOLG}; bouw de data met 'kaartviewer build-data'"
        )
        return {}
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError:
        file.file_warning("bestand is niet te lezen", _GEVOLG)
        return {}
    except UnicodeDecodeError:
        file.file_warning("bestand is geen UTF-8", _GEVOLG)
        return {}
    except json.JSONDecodeError as exc:
        file.file_warning(f"bouwrapport is geen geldige JSON (regel {exc.lineno})", _GEVOLG)
        return {}
    except (ValueError, RecursionError):
        file.file_warning(
            "bouwrapport is onleesbaar (te diep genest of te grote getallen)", _GEVOLG
        )
        return {}
    if not isinstance(doc, dict):
        file.file_warning("bouwrapport is geen JSON-object", _GEVOLG)
        return {}
    return _checked(doc, file)


def _checked(doc: dict, file: FileContext) -> dict:
    out = {}
    for key, value in doc.items():
        test, wanted = META_TYPES.get(key, (None, ""))
        if test is not None and not test(value):
            file.file_warning(f"'{key}' hoort {wanted} te zijn: genegeerd", plaats=f"sleutel {key}")
            continue
        out[key] = value
    return out
