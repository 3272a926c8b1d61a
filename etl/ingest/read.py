"""Reading an export file: bytes → text → header + rows of text fields.

Nothing here interprets a value; that is normalize.py's job. Every field stays text so
that a bad value becomes a rejected row with its reason instead of a mis-typed column.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import RefusedFile
from etl.ingest import workbook
from etl.newsroom.cells import canonical_column

# The "encoding" reported for an .xlsx: its cells are already text, turned into CSV here
# (workbook.py); not "UTF-8", so the fast path reads the decoded text, never the file.
WORKBOOK_ENCODING = "Excel workbook (.xlsx)"

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

# Python's csv module refuses a field over 131,072 characters, which failed a whole file for
# one long cell. A field can never be longer than its file, and the file is in memory
# already, so the limit guards nothing here: it is lifted (process-wide, which only ever
# makes other readers accept more). Long titles are rejected per row (cells.MAX_TITLE_CHARS).
csv.field_size_limit(2**31 - 1)

# Bytes that Windows-1252 leaves undefined: a file containing them is not cp1252 text.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass
class RawRow:
    line_number: int            # 1-based line where the row starts
    end_line: int               # 1-based line where it ends (quoted fields may span lines)
    fields: list[str]


@dataclass
class RawExport:
    path: Path
    content_hash: str
    encoding: str
    delimiter: str
    header: list[str]
    columns: dict[str, int]                 # canonical name -> field index
    unknown_columns: list[str]
    rows: list[RawRow] = field(default_factory=list)
    lines: list[str] = field(default_factory=list, repr=False)
    sheet: str = ""                         # the sheet read, for a workbook

    def raw_text(self, row: RawRow) -> str:
        """The row as it stood in the file; kept for rejected rows only, to save memory."""
        return "".join(self.lines[row.line_number - 1:row.end_line]).rstrip("\r\n")

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES[self.delimiter]


def shown_name(text: str) -> str:
    """A file name or path as text that can be printed and stored: a byte that is not UTF-8
    (a name from an old Windows share reaches Python as a lone surrogate) becomes U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:   # a surrogate that is no escaped byte
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name). Excel writes UTF-16 with a BOM, UTF-8 (with or
    without BOM) or Windows-1252; we try them in that order of certainty."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name), "UTF-8 (BOM)"
    if data.startswith(b"\xff\xfe"):
        return _strict(data[2:], "utf-16-le", name), "UTF-16 LE"
    if data.startswith(b"\xfe\xff"):
        return _strict(data[2:], "utf-16-be", name), "UTF-16 BE"
    # UTF-16 without a byte-order mark has a NUL in every other byte of Latin text; a stray
    # NUL in UTF-8 text is a control character like any other, which ingest cleans per row.
    if data[:4096].count(b"\x00") * 8 >= len(data[:4096]):
        raise RefusedFile(
            f"{name} cannot be decoded: it contains NUL bytes but no UTF-16 byte-order mark; "
            "save it from Excel as 'CSV UTF-8' or 'Unicode Text' and try again."
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if _CP1252_UNDEFINED.search(data):
        raise RefusedFile(
            f"{name} cannot be decoded: it is neither UTF-8, UTF-16 nor Windows-1252 text; "
            "save it from Excel as 'CSV UTF-8' and try again."
        )
    return data.decode("cp1252"), "Windows-1252"


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise RefusedFile(
            f"{name} cannot be decoded as {codec.upper()} (bad byte at position {err.start}); "
            "save it from Excel as 'CSV UTF-8' and try again."
        ) from None
    if "\x00" in text:
        raise RefusedFile(f"{name} cannot be decoded: it contains NUL characters; is it really a CSV export?")
    return text


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter whose header names the most known columns; break ties by the
    delimiter that gives the first lines the most consistent field count."""
    sample_lines = text[:64_000].splitlines()[:30]
    best, best_score = ",", (-1, -1, -1)
    for delim in DELIMITERS:
        rows = list(csv.reader(sample_lines, delimiter=delim))
        if not rows:
            continue
        header = rows[0]
        known = sum(1 for h in header if canonical_column(h))
        width = len(header)
        consistent = sum(1 for r in rows[1:] if len(r) == width)
        score = (known, consistent, width)
        if score > best_score:
            best, best_score = delim, score
    return best


@dataclass
class ExportText:
    """A decoded export before its rows are split: enough to check the header."""
    path: Path
    content_hash: str
    encoding: str
    delimiter: str
    text: str
    header: list[str]
    columns: dict[str, int]                 # canonical name -> field index
    unknown_columns: list[str]
    size_bytes: int = 0                     # the file's size, for the history
    sheet: str = ""                         # the sheet read, for a workbook: reports name it

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES[self.delimiter]


def open_export(path: Path, data: bytes | None = None) -> ExportText:
    """Decode the file and read its header. Raises RefusedFile."""
    name = path.name
    if data is None:
        data = path.read_bytes()
    if not data[:4096].strip() and not data.strip():   # cheap first look; big files rarely start blank
        raise RefusedFile(f"{name} is empty; export the articles again from the CMS.")
    content_hash = hashlib.sha256(data).hexdigest()
    sheet = ""
    if workbook.is_workbook(data, name):
        (sheet, text), encoding = workbook.read_sheet(data, name), WORKBOOK_ENCODING
    else:
        text, encoding = decode(data, name)
    if not text[:4096].strip() and not text.strip():
        raise RefusedFile(f"{name} is empty; export the articles again from the CMS.")
    delimiter = sniff_delimiter(text)
    header = _first_record(text, delimiter)
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, heading in enumerate(header):
        canonical = canonical_column(heading)
        if canonical is None:
            if heading.strip():
                unknown.append(heading.strip())
        elif canonical in columns:
            first = header[columns[canonical]].strip()
            raise RefusedFile(
                f"{name} has two columns that both mean '{canonical}' ('{first}' and '{heading.strip()}'), "
                "so Sorot cannot tell which to use; remove or rename one of them and ingest the file again."
            )
        else:
            columns[canonical] = index
    return ExportText(path, content_hash, encoding, delimiter, text, header, columns, unknown, len(data), sheet)


def _first_record(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text[:1_000_000], newline=""), delimiter=delimiter)
    for fields in reader:
        if any(f.strip() for f in fields):
            return fields
    return []


def split_rows(export: ExportText) -> RawExport:
    """Split every row with Python's csv module: exact line numbers and raw text."""
    # Same line splitting as the csv module's, so line numbers agree with it.
    lines = io.StringIO(export.text, newline="").readlines()
    reader = csv.reader(lines, delimiter=export.delimiter)
    header_seen = False
    rows: list[RawRow] = []
    prev_line = 0
    for fields in reader:
        start, prev_line = prev_line + 1, reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank lines carry nothing
        if not header_seen:
            header_seen = True
            continue
        rows.append(RawRow(start, prev_line, fields))
    return RawExport(
        export.path, export.content_hash, export.encoding, export.delimiter, export.header,
        export.columns, export.unknown_columns, rows, lines, export.sheet,
    )


def read_export(path: Path, data: bytes | None = None) -> RawExport:
    """Decode, sniff and split a file into header and text rows. Raises RefusedFile."""
    return split_rows(open_export(path, data))
