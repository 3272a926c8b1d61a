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


def render(kind: str, period: Period, df: pl.DataFrame | dict, fmt: str) -> str:
    if kind not in COLUMNS:
        raise ValueError(f"unknown report {kind!r}; choose one of {', '.join(COLUMNS)}")
    if isinstance(df, dict):  # overview() returns a dict
        df = overview_frame(df)
    rows = df.select(COLUMNS[kind]).to_dicts()
    if fmt == "json":
        return _json(kind, period, rows)
    if fmt == "csv":
        return _csv(kind, rows)
    if fmt == "table":
        return _table(kind, period, rows)
    raise ValueError(f"unknown format {fmt!r}; choose table, csv or json")


def _json_value(column: str, value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if column == "share_articles":
        return round(value or 0.0, 4)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a median of 350.0 reads better as 350
    return value


def _json(kind: str, period: Period, rows: list[dict]) -> str:
    body = {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "rows": [{k: _json_value(k, v) for k, v in row.items()} for row in rows],
    }
    return json_text(json.dumps(body, ensure_ascii=False, indent=2))


def _csv_value(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return spreadsheet_cell("; ".join(value))
    return spreadsheet_cell(_json_value(column, value))


def _csv(kind: str, rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS[kind])
    for row in rows:
        writer.writerow([_csv_value(k, row[k]) for k in COLUMNS[kind]])
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


def _table(kind: str, period: Period, rows: list[dict]) -> str:
    columns = TABLE_COLUMNS[kind]
    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        numeric = column not in ("title", "authors", "category", "regions", "author", "region", "metric",
                                 "published_at")
        table.add_column(_header(column), justify="right" if numeric else "left",
                         overflow="fold", max_width=48 if column == "title" else None)
    for row in rows:
        # Text, not str: rich would read '[/x]' in a title as markup (and fail on it).
        table.add_row(*[Text(terminal_text(_cell(c, row[c]))) for c in columns])
    out = io.StringIO()
    console = Console(file=out, width=160, color_system=None, force_terminal=False)
    console.print(period_sentence(period))
    if rows:
        console.print(table)
        if kind == "regions":  # why the shares may add up to more than 100 % (not in CSV/JSON: data only)
            console.print(Text(t("help_share_articles")))
    else:
        console.print(t("report_no_rows"))
    return out.getvalue()
