"""`sorot history`: the ingests as a table for people, CSV, or JSON (issue #17).

The same safety rules as etl.present.report: table cells are plain text, CSV cells follow the
spreadsheet rule, JSON escapes control characters."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from etl.present.safe_text import json_text, spreadsheet_cell, terminal_text

# The fields of `sorot history --format json|csv`, in order (etl.ingest.files.HISTORY_COLUMNS
# names them in the database).
FIELDS = ("ingest_id", "file_name", "snapshot_date", "source_kind", "file_size_bytes", "content_hash",
          "rows_read", "rows_loaded", "rows_replaced", "rows_duplicate", "rows_rejected", "rows_warned",
          "ingested_at", "ingested_by", "ingested_from", "undone", "undone_at", "undone_by", "undone_from")

# The table for people: what an editor looks for before an undo.
TABLE = (("ingest_id", "id"), ("file_name", "file"), ("snapshot_date", "snapshot"),
         ("rows_loaded", "loaded"), ("rows_replaced", "replaced"), ("rows_rejected", "rejected"),
         ("ingested_by", "who"), ("ingested_at", "when (UTC)"), ("undone", "undone"))

UNKNOWN = "unknown"   # who loaded a file before Sorot recorded it (migration 004)


def render(history: pl.DataFrame, fmt: str) -> str:
    rows = [{**row, "undone": row["undone_at"] is not None} for row in history.to_dicts()]
    if fmt == "json":
        return json_text(json.dumps({"ingests": [{k: _json_value(row[k]) for k in FIELDS} for row in rows]},
                                    ensure_ascii=False, indent=2)) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        for row in rows:
            writer.writerow(["" if row[k] is None else spreadsheet_cell(_json_value(row[k])) for k in FIELDS])
        return out.getvalue()
    if fmt == "table":
        return _table(rows)
    raise ValueError(f"unknown format {fmt!r}; choose table, csv or json")


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _cell(column: str, row: dict) -> str:
    value = row[column]
    if column == "undone":
        if row["undone_at"] is None:
            return "–"
        return f"{row['undone_at']:%Y-%m-%d %H:%M} by {row['undone_by'] or UNKNOWN}"
    if column == "ingested_at":
        return f"{value:%Y-%m-%d %H:%M}"
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(rows: list[dict]) -> str:
    if not rows:
        return "No ingests yet; load an export with `sorot ingest FILE`.\n"
    table = Table(show_lines=False, header_style="bold")
    for column, header in TABLE:
        numeric = column in ("ingest_id", "rows_loaded", "rows_replaced", "rows_rejected")
        table.add_column(header, justify="right" if numeric else "left", overflow="fold",
                         max_width=40 if column == "file_name" else None)
    for row in rows:
        table.add_row(*[Text(terminal_text(_cell(column, row))) for column, _header in TABLE])
    out = io.StringIO()
    Console(file=out, width=160, color_system=None, force_terminal=False).print(table)
    return out.getvalue()
