"""Independent oracles for the loader tests: physical lines counted on the raw bytes, and
a check that no English library text reaches a melding.

Deliberately not sharing code with ``kaartviewer.load``: if the loader's line splitting
were wrong, these would disagree.
"""

from __future__ import annotations

import re

#: A physical line ends at CRLF, CR or LF.
_LINE_END = re.compile(rb"\r\n|\r|\n")
_SEP_HINT = re.compile(rb"[ \t]*sep=,[ \t]*", re.IGNORECASE)
_BOM = b"\xef\xbb\xbf"

#: Fragments of English library messages (csv, json, shapely, numpy, pyproj, Python).
ENGLISH = re.compile(
    r"\b(field|larger than|limit \(|expected|expecting|unexpected|delimiter|unterminated|"
    r"invalid|error|requires|could not|convert|traceback|exception|nonetype|inhomogeneous|"
    r"sequence|argument|not supported|no such file|permission denied|recursion)\b",
    re.IGNORECASE,
)


def physical_lines(data: bytes) -> list[bytes]:
    """``data`` split at every line end (a final line break ends the last line)."""
    lines = _LINE_END.split(data)
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def header_lines(data: bytes) -> int:
    """How many physical lines precede the rows: the header, plus Excel's ``sep=,``."""
    lines = physical_lines(data)
    first = lines[0].removeprefix(_BOM) if lines else b""
    return 2 if _SEP_HINT.fullmatch(first) else 1


def row_lines(data: bytes) -> list[int]:
    """1-based numbers of the physical lines that are rows: after the header, not blank."""
    lines = physical_lines(data)
    skip = header_lines(data)
    return [i + 1 for i, line in enumerate(lines) if i >= skip and line.strip(b" \t")]


def english_in(report) -> list[str]:
    """Meldingen whose reason or suggestion contains English library text."""
    return [
        str(m) for m in report.meldingen if ENGLISH.search(m.reden) or ENGLISH.search(m.suggestie)
    ]


def printable(report) -> bool:
    """Every melding encodes as UTF-8 (no undecodable bytes left as surrogates) and holds
    no control character other than tab."""
    for m in report.meldingen:
        text = f"{m.bestand}{m.plaats}{m.reden}{m.suggestie}"
        text.encode("utf-8")  # raises on a lone surrogate
        if any(ord(c) < 32 and c != "\t" for c in text):
            return False
    return True
