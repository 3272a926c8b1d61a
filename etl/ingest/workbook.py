"""An Excel workbook (.xlsx) as the CSV text the rest of ingest reads.

Editors export from Excel. Rather than a second set of rules for typed cells, the sheet is
turned into the same text rows a CSV export gives (issue #20), so every rule, reject
reason and report is shared: numbers as their plain text (an integer without ".0"),
datetimes as ISO `YYYY-MM-DD HH:MM:SS` (a date without time as `YYYY-MM-DD`), a serial-date
number in a date column converted, text as is. One CSV line per sheet row, so the line
numbers in reports are the sheet's row numbers; rows above the header (a title row) become
blank lines, which the CSV reader skips and the fast path leaves out and counts.
"""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time, timedelta

from etl.errors import RefusedFile
from etl.newsroom.cells import canonical_column

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # old .xls, and password-protected .xlsx
DATE_COLUMNS = {"published_at", "snapshot_date"}
EXCEL_EPOCH = datetime(1899, 12, 30)
HEADER_SEARCH_ROWS = 20   # a header below a title block; further down it is not a header


def is_workbook(data: bytes, name: str) -> bool:
    return data.startswith(XLSX_MAGIC) or name.lower().endswith((".xlsx", ".xlsm", ".xls"))


def workbook_text(data: bytes, name: str) -> str:
    """The first sheet that has the required columns, as comma-separated text."""
    return read_sheet(data, name)[1]


def read_sheet(data: bytes, name: str) -> tuple[str, str]:
    """(sheet name, its text) of the first sheet that has the required columns. Raises
    RefusedFile for an old .xls, a protected or broken file, or no sheet with the columns."""
    if data.startswith(OLE_MAGIC) or (name.lower().endswith(".xls") and not data.startswith(XLSX_MAGIC)):
        raise RefusedFile(
            f"{name} is an old Excel .xls file or a password-protected workbook, which Sorot cannot "
            "read; open it in Excel, remove any password and save it as .xlsx or CSV UTF-8, then try again."
        )
    # python-calamine (Rust) over openpyxl: 0.6 s against 5.5 s for a 100,000-row sheet
    # (docs/decisions.md); imported here only, so `sorot ingest` of a CSV starts as fast.
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for sheet_name in book.sheet_names:
            # From A1, empty rows included, so a row's index is its sheet row number - 1.
            rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            header_at = _header_row(rows)
            if header_at is not None:
                return sheet_name, _as_csv(rows, header_at)
    except (CalamineError, zipfile.BadZipFile, ValueError, OSError, KeyError):
        raise RefusedFile(
            f"{name} is not a readable Excel workbook; open it in Excel and save "
            "it again as .xlsx or CSV UTF-8, then try again."
        ) from None
    from etl.ingest.rows import REQUIRED   # here, not at the top: rows.py imports read.py, which imports this

    found = ", ".join(f"'{n}'" for n in book.sheet_names) or "none"
    raise RefusedFile(
        f"{name} has no sheet with the columns {', '.join(REQUIRED)} and url (sheets found: {found}); "
        "put the CMS export on a sheet of its own with its header row and try again."
    )


def _header_row(rows: list[list]) -> int | None:
    from etl.ingest.rows import REQUIRED
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {canonical_column(str(v)) for v in row if v not in (None, "")}
        if all(c in names for c in REQUIRED) and ({"url", "article_id"} & names):
            return index
    return None


def _as_csv(rows: list[list], header_at: int) -> str:
    header = rows[header_at]
    date_fields = {i for i, v in enumerate(header) if v not in (None, "") and canonical_column(str(v)) in DATE_COLUMNS}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for index, row in enumerate(rows):
        if index < header_at:
            out.write("\n")   # a title row above the header: a blank line keeps the numbering
            continue
        writer.writerow([_cell_text(v, i in date_fields) for i, v in enumerate(row)])
    return out.getvalue()


def _cell_text(value, in_date_column: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        # A date cell without a time reads back as midnight: written as the date alone.
        return value.strftime("%Y-%m-%d" if value.time() == time(0) else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, (int, float)):
        if in_date_column and 61 <= value < 2958466:   # a serial date stored as a plain number
            # Excel's day 0 is 1899-12-30 for every serial after its phantom 29 Feb 1900.
            return _cell_text(EXCEL_EPOCH + timedelta(days=value), True)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    # A line break inside a cell would make one sheet row two lines and shift every line
    # number after it; in a title or a name it is a space.
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")

