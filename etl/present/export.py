"""Shareable exports: charts as finished PNG/SVG images, tables as CSV/XLSX files.

No Streamlit here, so the CLI (`sorot export chart`), the weekly briefing and the
dashboard's download buttons all produce the same files.

A chart that leaves Sorot must make sense on its own in a chat group: `decorate` gives it
a title, the period, the filters in force and a source line ("Sumber: Sorot · data per
10 Nov 2024") in the UI's language, and Indonesian number formats (1.234) when the
language is Indonesian. Images are rendered offline by vl-convert (no browser).

Tables are written for Excel on an Indonesian Windows: CSV as UTF-8 with a byte-order
mark (without it Excel reads the text as Windows-1252 and "‘Rindu’" turns into mojibake),
and every text cell goes through safe_text.spreadsheet_cell (control characters replaced,
cells that Excel or LibreOffice would run as a formula neutralised). Every spec goes through
safe_text.vega_spec before vl-convert, which aborts the process on control characters.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import altair as alt
import polars as pl

from etl.metrics import Period, rollup
from etl.newsroom.regions import region_from_name
from etl.present import charts
from etl.present import formats as fmt
from etl.present.safe_text import spreadsheet_cell, vega_spec
from etl.present.strings import STRINGS, t

DEFAULT_WIDTH = 1200   # px of the whole image, before scaling
DEFAULT_SCALE = 2      # PNG pixels per px: sharp on phones and projectors
HISTORY_PERIODS = 12   # over-time charts show the last twelve periods, like the dashboard


# --------------------------------------------------------------------------- chart decoration

def period_text(period: Period | str | None, lang: str = "id") -> str:
    """The period in words, as the dashboard's sidebar says it: 'Periode 3 Nov 2024 – 10 Nov 2024'."""
    if period is None or isinstance(period, str):
        return period or ""
    return t("period_range", lang, start=fmt.day(period.start, lang), end=fmt.day(period.end, lang))


def filters_text(filters: Mapping[str, Any] | None, lang: str = "id") -> str:
    """'Filter: Wilayah Jakarta Selatan · Pewarta Budi Santoso'; '' when no filter is in force.
    Keys are filter names (region, author, category, article) or ready-made labels."""
    items = []
    for name, value in (filters or {}).items():
        if value is None or value == "" or value == []:
            continue
        key = f"filter_{name}"
        label = t(key, lang) if key in STRINGS else str(name)
        shown = ", ".join(value) if isinstance(value, (list, tuple)) else str(value)
        items.append(f"{label}: {shown}")
    return t("share_filters", lang, items=" · ".join(items)) if items else ""


def source_line(data_date: date, lang: str = "id") -> str:
    return t("share_source", lang, date=fmt.day(data_date, lang))


def chart_title(chart: alt.TopLevelMixin) -> str:
    """A chart's own title as text ('' when it has none): the briefing's image alt text."""
    title = chart.title
    if isinstance(title, str):
        return title
    if isinstance(title, alt.TitleParams) and isinstance(title.text, str):
        return title.text
    return ""


def decorate(chart: alt.TopLevelMixin, *, title: str | None = None, period: Period | str | None = None,
             filters: Mapping[str, Any] | None = None, data_date: date, lang: str = "id",
             width: int = DEFAULT_WIDTH) -> alt.TopLevelMixin:
    """The chart as it should look outside Sorot: title (default: the chart's own), then the
    period, the filters in force and the source line under it, the whole image `width` px
    wide, numbers and dates in the language's format."""
    lines = [line for line in (period_text(period, lang), filters_text(filters, lang),
                               source_line(data_date, lang)) if line]
    decorated = chart.properties(
        title=alt.TitleParams(text=title or chart_title(chart), subtitle=lines, anchor="start",
                              offset=12),
        width=width,
        # "fit" + "padding": the whole image, axes and legend included, is exactly `width`.
        autosize=alt.AutoSizeParams(type="fit", contains="padding"),
    )
    decorated = decorated.configure_title(fontSize=20, subtitleFontSize=14, subtitleColor="#555555",
                                          subtitlePadding=6)
    if lang == "id":
        decorated.config["locale"] = charts.LOCALE_ID
    return decorated


def _spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The spec vl-convert gets: every string in it cleaned of control characters, whatever
    the database holds (defence in depth: a panic there takes the whole process down)."""
    return vega_spec(chart if isinstance(chart, dict) else chart.to_dict())


def chart_png(chart: alt.TopLevelMixin | dict, scale: float = DEFAULT_SCALE) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(_spec(chart), scale=scale)


def chart_svg(chart: alt.TopLevelMixin | dict) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(_spec(chart))


# --------------------------------------------------------------------------- charts from the database

@dataclass(frozen=True)
class ChartSource:
    """How to fetch the frame a registry chart plots."""
    fetch: Callable[..., pl.DataFrame]
    filters: tuple[str, ...] = ()      # optional filters the chart honours (region)
    needs: str | None = None           # a required selection: "author" or "article"
    scope: str = "period"              # period | history | snapshots (what the period line says)


def _top_trending(read, period: Period, lang: str, region=None, **_) -> pl.DataFrame:
    return fmt.with_movement(read("trending", period, limit=10, region=region), lang)


def _movers(read, period: Period, lang: str, region=None, **_) -> pl.DataFrame:
    """The ten articles that climbed most places since the previous period."""
    return read("movers", period, limit=10, region=region)


def _regions_over_time(read, period: Period, lang: str, region=None, **_) -> pl.DataFrame:
    frame = read("regions_over_time", period.end, HISTORY_PERIODS)
    return frame.filter(pl.col("region") == region) if region else frame


def _reporter_history(read, period: Period, lang: str, author=None, **_) -> pl.DataFrame:
    return read("reporter_history", author, period.end, HISTORY_PERIODS)


def _article_history(read, period: Period, lang: str, article=None, **_) -> pl.DataFrame:
    return read("article_history", article)


# Each fetch gets `read(name, *args)`: etl.metrics.<name> over the chosen outlets
# (etl.metrics.rollup.read), so a chart of several outlets is their rollup.
SOURCES: dict[str, ChartSource] = {
    "views_per_period": ChartSource(
        lambda read, p, lang, **_: read("views_per_period", p.end, HISTORY_PERIODS), scope="history"),
    "top_trending": ChartSource(_top_trending, filters=("region",)),
    "movers": ChartSource(_movers, filters=("region",)),
    "reporters_scatter": ChartSource(lambda read, p, lang, **_: read("reporters", p)),
    "reporter_history": ChartSource(_reporter_history, needs="author", scope="history"),
    "reporter_articles_history": ChartSource(_reporter_history, needs="author", scope="history"),
    "regions_views": ChartSource(_regions_over_time, filters=("region",), scope="history"),
    "regions_articles": ChartSource(_regions_over_time, filters=("region",), scope="history"),
    "region_share": ChartSource(lambda read, p, lang, **_: read("regions", p)),
    "region_tiles": ChartSource(lambda read, p, lang, **_: read("regions", p)),
    "article_history": ChartSource(_article_history, needs="article", scope="snapshots"),
    "article_gains": ChartSource(_article_history, needs="article", scope="snapshots"),
}


class ExportError(ValueError):
    """A request that cannot be exported; the message is one sentence for the user."""


def chart_names() -> list[str]:
    """Every dashboard chart that can be exported (the dashboard's registry, in its order)."""
    return [name for name in charts.CHARTS if name in SOURCES]


def build_chart(con, name: str, period: Period, *, region: str | None = None, author: str | None = None,
                article: str | None = None, lang: str = "id", width: int = DEFAULT_WIDTH,
                outlets=()) -> alt.TopLevelMixin:
    """A registry chart for `period`, fetched with the same metric code as the dashboard and
    decorated for sharing. ExportError (one sentence) for an unknown name or a missing or
    unsupported selection."""
    if name not in chart_names():
        raise ExportError(f"There is no chart named '{name}'; choose one of: {', '.join(chart_names())}.")
    source = SOURCES[name]
    if region and "region" not in source.filters:
        takes = [n for n in chart_names() if "region" in SOURCES[n].filters]
        raise ExportError(f"The chart '{name}' has no region filter; --region works with: {', '.join(takes)}.")
    if region:
        region = region_from_name(region)
    selection = {"author": author, "article": article}
    if source.needs and not selection[source.needs]:
        raise ExportError(f"The chart '{name}' is about one {source.needs}; say which with --{source.needs}.")
    def read(metric: str, *args, **kwargs):
        return rollup.read(con, list(outlets), metric, *args, **kwargs)

    frame = source.fetch(read, period, lang, region=region, author=author, article=article)
    chart = charts.CHARTS[name](frame, lang)
    filters = {"region": region, source.needs: selection[source.needs]} if source.needs else {"region": region}
    return decorate(chart, period=_scope_text(source.scope, period, lang), filters=filters,
                    data_date=period.end, lang=lang, width=width)


def _scope_text(scope: str, period: Period, lang: str) -> str:
    if scope == "history":
        return t("share_history", lang, n=HISTORY_PERIODS, date=fmt.day(period.end, lang))
    if scope == "snapshots":
        return t("share_all_snapshots", lang, date=fmt.day(period.end, lang))
    return period_text(period, lang)


# --------------------------------------------------------------------------- tables

def _plain(df) -> pl.DataFrame:
    """polars or pandas in; polars out, with lists joined by '; ' (as in `sorot report --format csv`)."""
    frame = df if isinstance(df, pl.DataFrame) else pl.from_pandas(df)
    return frame.with_columns(
        [pl.col(c).cast(pl.List(pl.String)).list.join("; ") for c, dtype in frame.schema.items()
         if isinstance(dtype, pl.List)]
        + [pl.col(c).cast(pl.Float64) for c, dtype in frame.schema.items() if isinstance(dtype, pl.Decimal)]
    )


def _safe(frame: pl.DataFrame, headers: Mapping[str, str] | None) -> pl.DataFrame:
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    frame = frame.with_columns(
        [pl.col(c).map_elements(spreadsheet_cell, return_dtype=pl.String) for c in text])
    names = {c: spreadsheet_cell((headers or {}).get(c, c)) for c in frame.columns}
    return frame.rename(names)


def table_csv(df, headers: Mapping[str, str] | None = None) -> bytes:
    """UTF-8 with BOM, comma-separated, ISO dates, empty for null; `headers` renames columns."""
    frame = _safe(_plain(df), headers)
    return b"\xef\xbb\xbf" + frame.write_csv(date_format="%Y-%m-%d", datetime_format="%Y-%m-%d %H:%M:%S").encode("utf-8")


def table_xlsx(df, headers: Mapping[str, str] | None = None, sheet: str = "Sorot") -> bytes:
    """One sheet: bold frozen header with a filter, numbers as numbers, dates as dates, text
    written as text (never as a formula) and neutralised as in CSV."""
    import xlsxwriter

    frame = _safe(_plain(df), headers)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    page = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bottom": 1})
    formats = {
        "int": book.add_format({"num_format": "#,##0"}),
        "float": book.add_format({"num_format": "#,##0.####"}),
        "date": book.add_format({"num_format": "d mmm yyyy"}),
        "datetime": book.add_format({"num_format": "d mmm yyyy hh:mm"}),
    }
    for col, (name, dtype) in enumerate(frame.schema.items()):
        page.write_string(0, col, name, bold)
        kind = _cell_kind(dtype)
        if kind == "datetime" and _all_midnight(frame[name]):
            kind = "date"  # a publish date that went through pandas (datetime64): no false 00:00
        width = len(name)
        for row, value in enumerate(frame[name].to_list(), start=1):
            if value is None:
                continue
            width = max(width, _write_cell(page, row, col, value, kind, formats))
        page.set_column(col, col, min(width + 2, 60))
    page.freeze_panes(1, 0)
    if frame.width:
        page.autofilter(0, 0, max(frame.height, 1), frame.width - 1)
    book.close()
    return buffer.getvalue()


def _all_midnight(column: pl.Series) -> bool:
    """A datetime column with no time of day in it: dates (pandas has no date type, so a
    polars Date column that went through a pandas frame comes back as midnight datetimes)."""
    moments = column.drop_nulls()
    return moments.len() > 0 and bool((moments.dt.truncate("1d") == moments).all())


def _cell_kind(dtype: pl.DataType) -> str:
    if dtype.is_integer():
        return "int"
    if dtype.is_float():
        return "float"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if dtype == pl.Boolean:
        return "bool"
    return "text"


def _write_cell(page, row: int, col: int, value: Any, kind: str, formats: dict) -> int:
    """Write one cell; returns its width in characters (for the column width)."""
    if kind in ("int", "float"):
        page.write_number(row, col, value, formats[kind])
        return len(fmt.number(value))
    if kind == "date":
        page.write_datetime(row, col, datetime(value.year, value.month, value.day), formats["date"])
        return 11
    if kind == "datetime":
        page.write_datetime(row, col, value, formats["datetime"])
        return 17
    if kind == "bool":
        page.write_boolean(row, col, value)
        return 5
    text = str(value)
    page.write_string(row, col, text)
    return len(text)


def file_stem(name: str, period: Period | None = None) -> str:
    """'sorot-top_trending-2024-11-10': the kind of thing and the period end, safe as a file name."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name).strip("-") or "sorot"
    return f"sorot-{safe}" + (f"-{period.end.isoformat()}" if period else "")


# --------------------------------------------------------------------------- links

def share_url(base: str, params: Mapping[str, str]) -> str:
    """The address that reopens a view: the page's URL and its view state (query params)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{base}?{query}" if query else base
