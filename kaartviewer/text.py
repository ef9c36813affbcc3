"""Text normalisation shared by the build pipeline, the registry search and the CLI."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\-‐‑–—_.,;:'’`\"/()]+")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded once as Windows-1252 (``FryslÃ¢n`` → ``Fryslân``).

    Text that is not double-encoded is returned unchanged: the round trip only
    succeeds when every character maps back to a cp1252 byte and those bytes form
    valid UTF-8, which ordinary Dutch text (``Fryslân``, ``Coöperatie``) never does.
    """
    if not text or text.isascii():
        return text
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return repaired


def clean(text: str) -> str:
    """Repair encoding, collapse white space and strip stray trailing punctuation."""
    text = fix_mojibake(text or "")
    text = _SPACES.sub(" ", text).strip()
    return text.rstrip(",;").strip()


def strip_accents(text: str) -> str:
    """``Súdwest-Fryslân`` → ``Sudwest-Fryslan``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Key for accent-, case- and punctuation-insensitive comparison.

    ``'s-Hertogenbosch`` and ``s Hertogenbosch`` fold to the same key, as do
    ``Sint-Oedenrode`` / ``Sint Oedenrode`` and ``EnkHuizen`` / ``Enkhuizen``.
    """
    text = strip_accents(clean(text)).casefold()
    return _PUNCT.sub(" ", text).strip()


def slug(text: str, max_len: int = 60) -> str:
    """URL- and file-safe id fragment: ``GGD Hart voor Brabant`` → ``ggd-hart-voor-brabant``."""
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rstrip("-")
    return s or "x"


def close_matches(
    query: str, candidates: Iterable[str], n: int = 5, cutoff: float = 0.6
) -> list[str]:
    """Candidates closest to ``query``, compared on their folded forms (best first)."""
    by_key: dict[str, str] = {}
    for c in candidates:
        by_key.setdefault(fold(c), c)
    keys = difflib.get_close_matches(fold(query), list(by_key), n=n, cutoff=cutoff)
    return [by_key[k] for k in keys]
