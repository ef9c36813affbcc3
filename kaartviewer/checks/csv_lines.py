"""CSV read one *physical line* at a time, so no row can vanish unreported.

A record never spans a line end: the file is split on ``\\r\\n``, ``\\r`` and ``\\n`` first
and each line is parsed on its own. An unclosed quote therefore spoils only its own line
(reported there) instead of swallowing every following line into one field. Every
non-blank line after the header is one row in; blank lines are listed in one warning.

Structural problems raise :class:`~kaartviewer.validation.LoadError` with a Dutch diagnosis
by name: empty file, UTF-16/UTF-32, a ``sep=;`` line or ``;``/tab-separated columns, a
header that is not UTF-8, duplicated or missing key columns. English messages of the
``csv`` module are translated (:func:`csv_rejection`) and never reach the user.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from kaartviewer.checks import FileContext, Rejection, aantal, has_undecodable, opsomming
from kaartviewer.text import close_matches
from kaartviewer.validation import LoadError

#: A physical line ends at CRLF, CR or LF (mixed line endings are fine).
LINE_END = re.compile(r"\r\n|\r|\n")
#: A line holding only these characters is blank: not a row.
BLANK = " \t"
_SEP_LINE = re.compile(r"[ \t]*sep=(.)[ \t]*", re.IGNORECASE)
_UTF8_BOM = b"\xef\xbb\xbf"
_OTHER_DELIMITERS = ((";", "puntkomma's (;)"), ("\t", "tabs"), ("|", "verticale strepen (|)"))
_SAVE_AS = "sla het bestand op als 'CSV UTF-8 (door komma's gescheiden)'"
_SAVE_AS_ZIN = "Sla het bestand op als 'CSV UTF-8 (door komma's gescheiden)'."


# --- the typed records ----------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    """What a CSV table must look like: its columns, which are indispensable, the default
    of each optional column when it is missing, and the column that names a row in
    messages (``id`` → ``regel 7 (id s1)``)."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    defaults: Mapping[str, str] = field(default_factory=dict)
    sleutel: str = ""
    #: Columns a file may leave out without a melding (they get their default).
    optional: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Layout:
    """The header as found, bound to a :class:`TableSpec`."""

    kop: tuple[str, ...]
    spec: TableSpec
    _base: dict[str, str] = field(init=False, repr=False, compare=False)
    _pairs: tuple[tuple[int, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = set(self.spec.columns)
        base = {c: "" for c in self.spec.columns} | dict(self.spec.defaults)
        pairs = tuple((i, c) for i, c in enumerate(self.kop) if c in known)
        object.__setattr__(self, "_base", base)
        object.__setattr__(self, "_pairs", pairs)

    def bind(self, velden: tuple[str, ...]) -> dict[str, str]:
        """Values of the spec's columns (stripped), defaults for the missing ones."""
        values = dict(self._base)
        for i, c in self._pairs:
            values[c] = velden[i].strip()
        return values


@dataclass(slots=True)
class Rij:
    """One non-blank physical line after the header, on its way through the checks.

    ``regel`` is the physical line number (1 = the first line of the file). ``velden``
    are the parsed fields (empty when the line is not valid CSV, then ``leesfout`` says
    why). Checks may annotate the record: ``leden`` and ``overige`` (samenwerkingen),
    ``aandeel`` (crosswalk).
    """

    regel: int
    velden: tuple[str, ...]
    leesfout: Rejection | None
    layout: Layout
    leden: tuple[str, ...] = ()
    overige: tuple[tuple[str, str], ...] = ()
    aandeel: float = math.nan
    _waarden: dict[str, str] | None = field(default=None, repr=False)

    @property
    def heel(self) -> bool:
        """Parsed, with exactly one value per column."""
        return self.leesfout is None and len(self.velden) == len(self.layout.kop)

    @property
    def waarden(self) -> dict[str, str]:
        """The values by column name (bound once, on first use)."""
        if self._waarden is None:
            self._waarden = self.layout.bind(self.velden)
        return self._waarden

    @property
    def plaats(self) -> str:
        key = self.layout.spec.sleutel
        value = self.waarden.get(key, "") if key and self.heel else ""
        return f"regel {self.regel} ({key} {value})" if value else f"regel {self.regel}"

    @property
    def positie(self) -> dict[str, int]:
        return {"regel": self.regel}


@dataclass(frozen=True)
class CsvTable:
    """A CSV file split into physical lines: the header and every non-blank line after it."""

    bestand: str
    kop: tuple[str, ...]
    kopregel: int  # physical line number of the header (2 after a 'sep=,' line)
    kop_tekst: str
    regels: tuple[tuple[int, str], ...]  # (line number, text) of every non-blank line
    lege_regels: tuple[int, ...]

    def rows(self, layout: Layout) -> Iterator[Rij]:
        for nr, text in self.regels:
            velden, fout = parse_line(text)
            yield Rij(nr, velden, fout, layout)


# --- reading ---------------------------------------------------------------------------------


def physical_lines(text: str) -> list[str]:
    """``text`` split at every line end; a final line break does not start a new line."""
    lines = LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def is_blank(line: str) -> bool:
    return not line.strip(BLANK)


def parse_csv(data: bytes, file: FileContext) -> CsvTable:
    """Split ``data`` into header and physical lines; raise :class:`LoadError` when the file
    cannot be a CSV table at all (empty, wrong encoding, header unreadable)."""
    lines = physical_lines(decode(data, file.bestand))
    start = _skip_sep_line(lines, file)
    if start >= len(lines):
        raise LoadError(f"{file.bestand} is leeg: er staat geen kopregel in.", file.bestand)
    kop = _parse_header(lines[start], start + 1, file.bestand)
    regels, lege = [], []
    for nr, line in enumerate(lines[start + 1 :], start=start + 2):
        if is_blank(line):
            lege.append(nr)
        else:
            regels.append((nr, line))
    return CsvTable(file.bestand, kop, start + 1, lines[start], tuple(regels), tuple(lege))


def decode(data: bytes, bestand: str) -> str:
    """UTF-8 text of ``data`` (a UTF-8 BOM is dropped). Undecodable bytes are kept as
    surrogates so the lines holding them can be reported; UTF-16/32 is structural."""
    if not data.strip():
        raise LoadError(f"{bestand} is leeg: er staat geen kopregel in.", bestand)
    wide = utf16_name(data)
    if wide:
        raise LoadError(
            f"{bestand} is opgeslagen als {wide}; de kaartviewer leest alleen UTF-8. "
            f"Open het in een teksteditor of Excel en {_SAVE_AS}.",
            bestand,
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    return data.decode("utf-8", errors="surrogateescape")


def utf16_name(data: bytes) -> str:
    """``UTF-16``/``UTF-32`` when ``data`` starts with their byte-order mark or its first
    line is a quarter or more NUL bytes (UTF-16 without BOM); else ``""``."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:200].split(b"\n\x00", 1)[0].split(b"\x00\n", 1)[0]
    if len(head) >= 4 and head.count(b"\x00") * 4 >= len(head):
        return "UTF-16"
    return ""


def _skip_sep_line(lines: list[str], file: FileContext) -> int:
    """Index of the header: 1 after Excel's ``sep=,`` hint (reported), else 0. Any other
    ``sep=`` is a delimiter the loader does not read: structural."""
    match = _SEP_LINE.fullmatch(lines[0]) if lines else None
    if not match:
        return 0
    sep = match.group(1)
    if sep != ",":
        shown = "tab" if sep == "\t" else sep
        raise LoadError(
            f"{file.bestand}: de eerste regel 'sep={shown}' zegt dat de kolommen gescheiden zijn "
            f"door '{shown}'; de kaartviewer verwacht komma's. Haal de regel weg en {_SAVE_AS}.",
            file.bestand,
            "regel 1",
        )
    file.report.waarschuwing(
        file.bestand,
        "regel 1",
        "'sep=,' is een aanwijzing voor Excel, geen kopregel: overgeslagen",
        "laat de regel weg; de kopregel hoort de eerste regel te zijn",
        regel=1,
    )
    return 1


def _parse_header(text: str, nr: int, bestand: str) -> tuple[str, ...]:
    where = f"regel {nr}"

    def fail(reden: str) -> LoadError:
        return LoadError(f"{bestand}: de kopregel ({where}) {reden}", bestand, where)

    if is_blank(text):
        raise fail("is leeg; de eerste regel moet de kolomnamen bevatten.")
    if has_undecodable(text):
        raise fail(f"is geen UTF-8{latin1_hint(text)}; {_SAVE_AS}.")
    if "\x00" in text:
        raise fail(f"bevat NUL-tekens (byte 0); {_SAVE_AS}.")
    velden, fout = parse_line(text)
    if fout is not None:
        raise fail(f"is geen geldige CSV: {fout.reden}.")
    return tuple(v.strip().lstrip("\ufeff").strip() for v in velden)


# --- one line ---------------------------------------------------------------------------------


def parse_line(text: str) -> tuple[tuple[str, ...], Rejection | None]:
    """The fields of one physical line, or a Dutch reason why it is not valid CSV.

    Lines without quotes are split directly (the same result as the ``csv`` module, which
    is used for the others); both enforce the ``csv`` module's field size limit.
    """
    if '"' not in text:
        fields = tuple(text.split(","))
        limit = csv.field_size_limit()
        if len(text) > limit and any(len(f) > limit for f in fields):
            return (), field_limit_rejection(limit)
        return fields, None
    try:
        return tuple(next(csv.reader((text,), strict=True))), None
    except csv.Error as exc:
        return (), csv_rejection(exc)


_FIELD_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")
_CSV_ERRORS: tuple[tuple[re.Pattern, str, str], ...] = (
    (
        re.compile(r"unexpected end of data"),
        "aanhalingsteken niet gesloten: het veld loopt door over het regeleinde",
        "sluit het aanhalingsteken op deze regel; elke rij hoort op één regel",
    ),
    (
        re.compile(r"'.' expected after '\"'"),
        "los aanhalingsteken: na een afsluitend aanhalingsteken hoort een komma",
        'zet het hele veld tussen aanhalingstekens en verdubbel aanhalingstekens erin ("")',
    ),
    (
        re.compile(r"line contains NUL"),
        "regel bevat een NUL-teken (byte 0)",
        "verwijder het teken; is het bestand als UTF-16 opgeslagen?",
    ),
)


def field_limit_rejection(limit: int) -> Rejection:
    return Rejection(
        f"een veld is langer dan {limit:_} tekens (de grens van de CSV-lezer)".replace("_", "."),
        "staat er een aanhalingsteken verkeerd, of is er tekst in één cel geplakt?",
    )


def csv_rejection(exc: Exception) -> Rejection:
    """Dutch reason for an error of the ``csv`` module (unknown ones wrapped in Dutch)."""
    text = str(exc)
    limit = _FIELD_LIMIT.search(text)
    if limit:
        return field_limit_rejection(int(limit.group(1)))
    for pattern, reden, suggestie in _CSV_ERRORS:
        if pattern.search(text):
            return Rejection(reden, suggestie)
    return Rejection(
        f"regel is geen geldige CSV (technische melding van de CSV-lezer: {text})",
        "controleer aanhalingstekens en komma's op deze regel",
    )


def latin1_hint(text: str) -> str:
    """`` (lijkt Latin-1/Windows-1252: 'Regio Médden')`` when the undecodable bytes of
    ``text`` read as Windows-1252, else ``""``."""
    raw = text.encode("utf-8", errors="surrogateescape")
    try:
        guess = raw.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    at = next((i for i, ch in enumerate(text) if has_undecodable(ch)), 0)
    snippet = guess[max(0, at - 20) : at + 20].strip()
    return f" (lijkt Latin-1/Windows-1252: '{snippet}')"


# --- the header against the spec ---------------------------------------------------------------


def bind_header(table: CsvTable, spec: TableSpec, file: FileContext) -> Layout:
    """Check the header against ``spec``: a foreign delimiter, duplicated or missing
    required columns are structural; missing optional columns are reported as errors (all
    rows get the default) and unknown columns as warnings (ignored)."""
    _check_delimiter(table, spec)
    _check_duplicates(table, spec)
    _check_required(table, spec)
    for col in spec.columns:
        if col not in table.kop and col not in spec.optional:
            default = spec.defaults.get(col, "")
            file.file_error(
                "kolom ontbreekt",
                f"alle rijen krijgen {default!r}" if default else "waarden blijven leeg",
                plaats=f"kolom {col}",
            )
    for col in dict.fromkeys(table.kop):
        if col not in spec.columns:
            close = close_matches(col, spec.columns, n=1) if col else []
            file.file_warning(
                "onbekende kolom wordt genegeerd" if col else "kolom zonder naam wordt genegeerd",
                f"bedoeld: {close[0]}?" if close else "",
                plaats=f"kolom {col}" if col else "kopregel",
            )
    return Layout(table.kop, spec)


def _check_delimiter(table: CsvTable, spec: TableSpec) -> None:
    if all(c in table.kop for c in spec.required):
        return
    for sep, naam in _OTHER_DELIMITERS:
        parts = {p.strip().strip('"').strip() for p in table.kop_tekst.split(sep)}
        if len(parts & set(spec.columns)) >= 2:
            raise LoadError(
                f"{table.bestand}: de kolommen zijn gescheiden door {naam} in plaats van "
                f"komma's. {_SAVE_AS_ZIN}",
                table.bestand,
                f"regel {table.kopregel}",
            )


def _check_duplicates(table: CsvTable, spec: TableSpec) -> None:
    twice = [c for c, n in Counter(table.kop).items() if n > 1 and c in spec.columns]
    if not twice:
        return
    col = twice[0]
    where = [str(i + 1) for i, c in enumerate(table.kop) if c == col]
    raise LoadError(
        f"{table.bestand}: kolom '{col}' staat {len(where)} keer in de kopregel "
        f"(kolom {' en '.join(where)}); onduidelijk welke de juiste is. "
        "Verwijder of hernoem de dubbele kolom.",
        table.bestand,
        f"kolom {col}",
    )


def _check_required(table: CsvTable, spec: TableSpec) -> None:
    missing = [c for c in spec.required if c not in table.kop]
    if not missing:
        return
    hints = []
    for col in missing:
        close = close_matches(col, [k for k in table.kop if k not in spec.columns], n=1)
        if close:
            hints.append(f"'{close[0]}' bedoeld als '{col}'?")
    raise LoadError(
        f"{table.bestand}: verplichte kolom(men) ontbreken: {', '.join(missing)}. "
        f"Verwachte kolommen: {', '.join(spec.columns)}."
        + (" " + " ".join(hints) if hints else ""),
        table.bestand,
        "kopregel",
    )


def report_blank_lines(table: CsvTable, file: FileContext) -> None:
    """One warning listing the blank lines (they are not rows), and one when there is no
    row at all."""
    if table.lege_regels:
        n = len(table.lege_regels)
        file.report.waarschuwing(
            file.bestand,
            f"regel {opsomming(table.lege_regels)}",
            f"{aantal(n, 'lege regel', 'lege regels')} overgeslagen",
            "lege regels zijn geen rijen; haal ze weg",
            regel=table.lege_regels[0],
        )
    if not table.regels:
        file.file_warning("bestand bevat alleen een kopregel, geen rijen")


# --- the checks every CSV row runs first ------------------------------------------------------


def check_leesbaar(rij: Rij, ctx) -> Rejection | None:
    """The line is valid CSV on its own (quotes closed on the same line, fields not
    longer than the CSV reader's limit)."""
    return rij.leesfout


def check_tekens(rij: Rij, ctx) -> Rejection | None:
    """Every byte was valid UTF-8 and there is no NUL character."""
    joined = "".join(rij.velden)
    if joined.isascii() and "\x00" not in joined:
        return None
    bad = next((v for v in rij.velden if has_undecodable(v)), None)
    if bad is not None:
        return Rejection(
            f"tekst is geen geldige UTF-8{latin1_hint(bad)}",
            "sla het bestand op als UTF-8 (in Excel: 'CSV UTF-8')",
        )
    if "\x00" in joined:
        return Rejection("regel bevat een NUL-teken (byte 0)", "verwijder het teken")
    return None


def check_veldaantal(rij: Rij, ctx) -> Rejection | None:
    """Exactly one field per column of the header."""
    n, k = len(rij.velden), len(rij.layout.kop)
    if n < k:
        return Rejection(
            f"te weinig velden ({n} van {k})", "is de regel afgebroken of een komma vergeten?"
        )
    if n > k:
        return Rejection(
            f"te veel velden ({n} van {k})",
            "staat er een komma in een veld zonder aanhalingstekens?",
        )
    return None


ROW_CHECKS = (check_leesbaar, check_tekens, check_veldaantal)
