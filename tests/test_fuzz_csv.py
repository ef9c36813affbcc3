"""Fuzzing the CSV loader on raw bytes, with the physical line count as oracle.

Every example mutates the bytes of a valid ``samenwerkingen.csv`` (or ``indelingen.csv``):
quotes, separators, line ends, NUL and non-UTF-8 bytes, BOMs, ``sep=`` lines, duplicated,
dropped, swapped and joined lines, duplicated or dropped header columns, or plain random
bytes. The properties:

* nothing but :class:`LoadError` escapes, and a LoadError only when the header line was hit;
* rows in == the number of non-blank physical lines after the header, counted on the bytes
  by an independent oracle (an unclosed quote can no longer swallow lines);
* rows in == loaded + rejected, every rejected row has its own melding at a real line;
* no melding carries English library text or unprintable characters.

The default run checks 2,500 examples (~10 s); ``pytest -m slow`` runs 25,000 more.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fixtures import GEMEENTEN, write_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_oracle import ENGLISH, english_in, physical_lines, printable, row_lines

from kaartviewer.load import indelingen_from_bytes, samenwerkingen_from_bytes
from kaartviewer.validation import LoadError, ValidationReport

with tempfile.TemporaryDirectory() as _d:
    _root = write_data(Path(_d) / "data")
    ORIGINAL = {
        "samenwerkingen.csv": (_root / "samenwerkingen.csv").read_bytes(),
        "indelingen.csv": (_root / "indelingen.csv").read_bytes(),
    }
CODES = {code: naam for code, naam, *_ in GEMEENTEN}
READERS = {"samenwerkingen.csv": samenwerkingen_from_bytes, "indelingen.csv": indelingen_from_bytes}

TOKENS = [
    b'"',
    b",",
    b";",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xe9",  # Latin-1 é
    b"\xc3",  # a truncated UTF-8 sequence
    b"\xff\xfe",  # UTF-16 BOM
    b"\xef\xbb\xbf",  # UTF-8 BOM
    b"sep=;\n",
    b"sep=,\n",
    b"GM",
    b"GM0001",
    b" ",
    b"\t",
    b'"x\n',
    b'","',
    "é".encode(),
    "\u2028".encode(),
]

byte_ops = st.tuples(
    st.integers(min_value=0, max_value=50_000),
    st.sampled_from(["insert", "replace", "delete"]),
    st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=4),
)
line_ops = st.tuples(
    st.integers(min_value=0, max_value=50),
    st.sampled_from(["dup_line", "drop_line", "swap_lines", "join_lines", "blank_line"]),
    st.just(b""),
)
header_ops = st.tuples(
    st.integers(min_value=0, max_value=50),
    st.sampled_from(["dup_column", "drop_column"]),
    st.just(b""),
)
mutations = st.lists(st.one_of(byte_ops, line_ops, header_ops), min_size=1, max_size=8)


def mutate(data: bytes, ops) -> bytes:
    for pos, op, token in ops:
        if op in ("insert", "replace", "delete"):
            data = _byte_op(data, pos, op, token)
        elif op in ("dup_column", "drop_column"):
            data = _header_op(data, pos, op)
        else:
            data = _line_op(data, pos, op)
    return data


def _byte_op(data: bytes, pos: int, op: str, token: bytes) -> bytes:
    i = pos % (len(data) + 1)
    if op == "insert":
        return data[:i] + token + data[i:]
    if op == "replace":
        return data[:i] + token + data[i + len(token) :]
    return data[:i] + data[i + len(token) :]


def _line_op(data: bytes, pos: int, op: str) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 3:
        return data
    j = 1 + pos % (len(lines) - 1)  # never the header: that is what header_ops are for
    if op == "dup_line":
        lines.insert(j, lines[j])
    elif op == "drop_line":
        del lines[j]
    elif op == "swap_lines" and j + 1 < len(lines):
        lines[j], lines[j + 1] = lines[j + 1], lines[j]
    elif op == "join_lines" and j + 1 < len(lines):
        lines[j : j + 2] = [lines[j] + lines[j + 1]]
    elif op == "blank_line":
        lines.insert(j, b"  ")
    return b"\n".join(lines)


def _header_op(data: bytes, pos: int, op: str) -> bytes:
    header, sep, rest = data.partition(b"\n")
    cols = header.split(b",")
    k = pos % len(cols)
    cols = cols + [cols[k]] if op == "dup_column" else cols[:k] + cols[k + 1 :]
    return b",".join(cols) + sep + rest


def check_one(bestand: str, data: bytes) -> None:
    report = ValidationReport()
    try:
        frames = READERS[bestand](data, bestand, CODES, report)
    except LoadError as exc:
        original_header = physical_lines(ORIGINAL[bestand])[0]
        lines = physical_lines(data)
        assert not lines or lines[0] != original_header, f"LoadError with intact header: {exc}"
        assert bestand in str(exc) and not ENGLISH.search(str(exc)), str(exc)
        return
    table = frames[0] if isinstance(frames, tuple) else frames
    rows = row_lines(data)
    assert report.rijen_in[bestand] == len(rows), "rows in ≠ physical lines"
    assert (
        report.rijen_in[bestand] == report.rijen_geladen[bestand] + report.rijen_afgewezen[bestand]
    )
    assert len(table) == report.rijen_geladen[bestand]
    rejected = [m.regel for m in report.fouten if m.bestand == bestand and m.regel is not None]
    rejected = [r for r in rejected if r in set(rows)]
    assert len(set(rejected)) == len(rejected) == report.rijen_afgewezen[bestand]
    assert not english_in(report), english_in(report)
    assert printable(report)


FAST = settings(
    max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@FAST
@given(ops=mutations)
def test_fuzzed_samenwerkingen_bytes(ops):
    check_one("samenwerkingen.csv", mutate(ORIGINAL["samenwerkingen.csv"], ops))


@settings(max_examples=300, deadline=None, database=None)
@given(ops=mutations)
def test_fuzzed_indelingen_bytes(ops):
    check_one("indelingen.csv", mutate(ORIGINAL["indelingen.csv"], ops))


@settings(max_examples=200, deadline=None, database=None)
@given(data=st.binary(max_size=600))
def test_random_bytes(data):
    check_one("samenwerkingen.csv", ORIGINAL["samenwerkingen.csv"].split(b"\n")[0] + b"\n" + data)


@settings(max_examples=25_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=mutations, bestand=st.sampled_from(sorted(ORIGINAL)))
def _long_run(ops, bestand):
    check_one(bestand, mutate(ORIGINAL[bestand], ops))


@pytest.mark.slow
def test_fuzzed_csv_bytes_long_run():
    """25,000 more examples (~2 minutes); deselected by default (pyproject's ``-m "not
    slow"``), run with ``python -m pytest -m slow``."""
    _long_run()


def test_oracle_counts_what_the_fixture_holds():
    # Guard the oracle itself: the fixture has a header and five rows on lines 2..6.
    assert row_lines(ORIGINAL["samenwerkingen.csv"]) == [2, 3, 4, 5, 6]
    assert row_lines(b"h\r\na\r\rb\n \t\nc") == [2, 4, 6]
    assert row_lines(b"sep=,\nh\na\n") == [3]
