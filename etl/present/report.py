"""Turning a report frame into text: a table for people, CSV, or the JSON of SPEC §4.

Data never steers the terminal or a spreadsheet: table cells are plain text (no rich markup,
control characters and line breaks replaced: safe_text.terminal_text), CSV cells follow the
spreadsheet rule of every table Sorot writes (safe_text.spreadsheet_cell) and JSON writes the
control characters json.dumps leaves raw as JSON escapes (safe_text.json_text).

format_number_id / format_date_id are the Indonesian formats the dashboard reuses."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from etl.metrics import Period, overview_frame
from etl.newsroom.calendar import MONTHS_ID_SHORT
from etl.present.safe_text import json_text, spreadsheet_cell, terminal_text
from etl.present.strings import STRINGS, t

# Column order of each report in JSON and CSV (SPEC §4); overview is ours.
COLUMNS = {
    "trending": ["rank", "previous_rank", "article_id", "url", "title", "authors", "published_at",
                 "category", "regions", "views_gained", "views_total"],
    "reporters": ["author", "articles", "views", "views_new", "median_views_new"],
    "regions": ["region", "articles", "views", "share_articles"],
    "overview": ["metric", "value", "previous", "change", "change_pct"],
}

# What a rollup over several outlets adds to each report's rows (etl/metrics/rollup.py): the
# outlet of a trending row; the outlets of a reporter or region, and each one's numbers
# (JSON only: CSV and the table are flat).
ROLLUP_COLUMNS = {
    "trending": {"json": ["outlet"], "csv": ["outlet"], "table": ["outlet"]},
    "reporters": {"json": ["outlet", "by_outlet"], "csv": ["outlet"], "table": ["outlet"]},
    "regions": {"json": ["outlet", "by_outlet"], "csv": ["outlet"], "table": ["outlet"]},
    "overview": {"json": [], "csv": [], "table": []},
}

# The table leaves out what only machines need.
TABLE_COLUMNS = {
    "trending": ["rank", "previous_rank", "title", "authors", "published_at", "category", "regions",
                 "views_gained", "views_total"],
    "reporters": COLUMNS["reporters"],
    "regions": COLUMNS["regions"],
    "overview": COLUMNS["overview"],
}


def format_number_id(n: int | float | None) -> str:
    """1234567 -> '1.234.567'; 2.5 -> '2,5'; None -> '–'."""
    if n is None:
        return "–"
    if isinstance(n, float) and not n.is_integer():
        whole, _, frac = f"{n:,.1f}".partition(".")
        return whole.replace(",", ".") + "," + frac
    return f"{int(n):,}".replace(",", ".")


def format_date_id(d: date) -> str:
    """date(2024, 11, 3) -> '3 Nov 2024'."""
    return f"{d.day} {MONTHS_ID_SHORT[d.month - 1]} {d.year}"


def format_percent_id(share: float | None) -> str:
    if share is None:
        return "–"
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def period_sentence(period: Period) -> str:
    """The period in words, e.g. 'Periode 3 Nov 2024 – 10 Nov 2024 (setelah 3 Nov 2024 s.d. 10 Nov 2024)'."""
    note = "" if period.start_is_snapshot else t("report_period_first")
    return t("report_period", start=format_date_id(period.start), end=format_date_id(period.end), note=note)


def render(kind: str, period: Period, df: pl.DataFrame | dict, fmt: str,
           outlets: list[dict[str, str]] | None = None) -> str:
    """`outlets` (a rollup's outlets with their periods, etl.metrics.rollup) adds the rollup's
    columns and, in JSON, the outlets' periods."""
    if kind not in COLUMNS:
        raise ValueError(f"unknown report {kind!r}; choose one of {', '.join(COLUMNS)}")
    if fmt not in ("json", "csv", "table"):
        raise ValueError(f"unknown format {fmt!r}; choose table, csv or json")
    if isinstance(df, dict):  # overview() returns a dict
        df = overview_frame(df)
    extra = ROLLUP_COLUMNS[kind][fmt] if outlets is not None else []
    columns = (TABLE_COLUMNS if fmt == "table" else COLUMNS)[kind]
    if kind == "trending" and extra:   # the outlet next to the rank, where an editor looks first
        columns = [*columns[:2], *extra, *columns[2:]]
    else:
        columns = [*columns, *extra]
    rows = df.select([c for c in COLUMNS[kind] + extra if c in df.columns]).to_dicts()
    if fmt == "json":
        return _json(kind, period, rows, columns, outlets)
    if fmt == "csv":
        return _csv(kind, rows, columns)
    return _table(kind, period, rows, columns, outlets)


def _json_value(column: str, value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], dict):   # by_outlet
        return [{k: _json_value(k, v) for k, v in item.items()} for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if column == "share_articles":
        return round(value or 0.0, 4)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a median of 350.0 reads better as 350
    return value


def _json(kind: str, period: Period, rows: list[dict], columns: list[str],
          outlets: list[dict[str, str]] | None) -> str:
    body: dict[str, Any] = {"period": {"start": period.start.isoformat(), "end": period.end.isoformat()}}
    if outlets is not None:
        body["outlets"] = outlets
    body["rows"] = [{k: _json_value(k, row[k]) for k in columns} for row in rows]
    return json_text(json.dumps(body, ensure_ascii=False, indent=2))


def _csv_value(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return spreadsheet_cell("; ".join(value))
    return spreadsheet_cell(_json_value(column, value))


def _csv(kind: str, rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(k, row[k]) for k in columns])
    return out.getvalue()


def _cell(column: str, value: Any) -> str:
    if value is None:
        return "–"
    if column == "metric":
        key = f"report_metric_{value}"
        return t(key) if key in STRINGS else value
    if column in ("share_articles", "change_pct"):
        return format_percent_id(value)
    if column == "change":
        return ("+" if value > 0 else "") + format_number_id(value)
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, date):
        return format_date_id(value)
    if isinstance(value, (int, float)):
        return format_number_id(value)
    return str(value)


def _header(column: str) -> str:
    key = f"report_col_{column}"
    return t(key if key in STRINGS else f"col_{column}")


def _table(kind: str, period: Period, rows: list[dict], columns: list[str],
           outlets: list[dict[str, str]] | None) -> str:
    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        numeric = column not in ("title", "authors", "category", "regions", "author", "region", "metric",
                                 "published_at", "outlet")
        table.add_column(_header(column), justify="right" if numeric else "left",
                         overflow="fold", max_width=48 if column == "title" else None)
    for row in rows:
        # Text, not str: rich would read '[/x]' in a title as markup (and fail on it).
        table.add_row(*[Text(terminal_text(_cell(c, row[c]))) for c in columns])
    out = io.StringIO()
    console = Console(file=out, width=160, color_system=None, force_terminal=False)
    console.print(period_sentence(period))
    for part in outlets or []:   # each outlet's own period (SPEC §2 per outlet)
        console.print(f"  {part['outlet']}: " + period_sentence(
            Period(date.fromisoformat(part["start"]), date.fromisoformat(part["end"]), True)))
    if rows:
        console.print(table)
        if kind == "regions":  # why the shares may add up to more than 100 % (not in CSV/JSON: data only)
            console.print(Text(t("help_share_articles")))
    else:
        console.print(t("report_no_rows"))
    return out.getvalue()
