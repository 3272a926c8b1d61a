"""Pieces every page shares: the sidebar (language, period picker, freshness line), the
empty and busy states, and tables. Data is always shown as text, never as HTML."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

import pandas as pd
import polars as pl
import streamlit as st

from dashboard import identity, queries, state
from etl.errors import (
    DatabaseBusy,
    DatabaseNeedsUpgrade,
    NotADatabase,
    NoWriteAccess,
    SorotError,
    StorageFull,
)
from etl.metrics import Period
from etl.present import formats as fmt
from etl.present.strings import LANGS, t


def language_switch() -> str:
    key = state.seed("lang", LANGS, "id")
    choice = st.sidebar.segmented_control(
        t("language", state.lang()), LANGS, key=key, format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code])
    lang = choice or "id"
    state.publish("lang", lang)
    return lang


log = logging.getLogger("sorot.dashboard")

# Each failure class that is not a bug has its own sentence in the user's language.
_SENTENCES = ((StorageFull, "db_disk_full"), (NoWriteAccess, "db_no_write"), (NotADatabase, "db_foreign"),
              (DatabaseNeedsUpgrade, "db_needs_upgrade"))


def problem_sentence(problem: BaseException, lang: str, *, unexpected: str = "page_failed") -> str:
    """The one sentence a visitor sees for a failure; anything unexpected is logged in full
    on the server (the browser never shows a traceback)."""
    if isinstance(problem, DatabaseBusy):
        return t("upload_running" if queries.upload_running() else "db_busy", lang)
    for kind, key in _SENTENCES:
        if isinstance(problem, kind):
            return t(key, lang)
    if not isinstance(problem, SorotError):
        log.error("a dashboard page failed", exc_info=problem)
    else:
        log.warning("a dashboard page failed: %s", problem)
    return t(unexpected, lang)


def page_failure(problem: BaseException, lang: str) -> None:
    """A page that failed: its one sentence instead of whatever it had drawn."""
    st.warning(problem_sentence(problem, lang))


def freshness_line(lang: str) -> None:
    try:
        fresh = queries.freshness()
    except SorotError as problem:
        st.sidebar.caption(problem_sentence(problem, lang))
        return
    if fresh.has_data:
        st.sidebar.caption(t("data_as_of", lang, date=fmt.day(fresh.latest, lang)))
        st.sidebar.caption(t("last_ingest", lang, when=fmt.wib(fresh.last_ingest_utc, lang)))


def require_data(lang: str) -> tuple[date, ...]:
    """The snapshot dates, or an empty state that says how to load data (and stops the page)."""
    try:
        fresh = queries.freshness()
    except SorotError as problem:
        st.warning(problem_sentence(problem, lang))
        st.stop()
    if not fresh.has_data:
        st.info(f"**{t('empty_title', lang)}**\n\n" + t("empty_body", lang, db=f"`{queries.db_path()}`"))
        visitor = identity.current()
        if visitor is not None and visitor.may("upload"):   # a viewer's menu has no upload page
            st.page_link("app_pages/ingest.py", label=t("go_upload", lang), icon=":material/upload_file:")
        st.stop()
    return fresh.snapshot_dates


def period_picker(lang: str) -> Period:
    """Sidebar picker over snapshot dates (newest first, default the latest) -> the period."""
    dates = list(reversed(require_data(lang)))
    key = state.seed("period", dates, dates[0], parse=lambda text: _snap(state.parse_date(text), dates))
    end = st.sidebar.selectbox(t("period", lang), dates, key=key, format_func=lambda d: fmt.day(d, lang))
    state.publish("period", end)
    period = queries.period(end)
    st.sidebar.caption(t("period_range", lang, start=fmt.day(period.start, lang), end=fmt.day(period.end, lang)))
    if not period.start_is_snapshot:
        st.sidebar.caption(t("period_first", lang))
    return period


def history_text(period: Period, lang: str) -> str:
    """What an over-time chart covers, for its exported image: "12 periode terakhir s.d. 10 Nov 2024"."""
    from etl.present import export
    return t("share_history", lang, n=export.HISTORY_PERIODS, date=fmt.day(period.end, lang))


def _snap(day: date, dates_desc: Sequence[date]) -> date | None:
    """A URL date that is not a snapshot date means the latest snapshot on or before it (SPEC §2)."""
    return next((d for d in dates_desc if d <= day), None)


def choice(name: str, label: str, options: Sequence, lang: str, *, where=st, format_func=str,
           default=None):
    """A selectbox whose value round-trips through the URL parameter `name`."""
    options = list(options)
    default = options[0] if default is None else default
    key = state.seed(name, options, default)
    value = where.selectbox(label, options, key=key, format_func=format_func)
    state.publish(name, value, default)
    return value


def articles_frame(frame: pl.DataFrame, lang: str, columns: Sequence[str]) -> pd.DataFrame:
    """An article table for display: lists joined, rank movement as text, evergreen marked."""
    out = display_columns(frame, lang)
    return out.select([c for c in columns if c in out.columns]).to_pandas()


def display_columns(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Adds movement (↑3, ↓1, tetap, baru), evergreen (✓), link (to the article page) and joins
    the author and region lists into text. Column expressions, not per-row Python: the
    trending page runs this over the whole ranking (thousands of rows)."""
    out = frame
    if "rank" in frame.columns and "previous_rank" in frame.columns:
        out = fmt.with_movement(out, lang)
    if "is_evergreen" in frame.columns:
        out = out.with_columns(pl.when(pl.col("is_evergreen")).then(pl.lit("✓")).otherwise(pl.lit("")).alias("evergreen"))
    for column in ("authors", "regions"):
        if column in out.columns:
            out = out.with_columns(pl.col(column).list.join(", "))
    if "article_id" in out.columns:
        out = out.with_columns(("artikel?article=" + pl.col("article_id").map_batches(
            _quote_all, return_dtype=pl.String) + f"&lang={lang}").alias("link"))
    return out


def _quote_all(ids: pl.Series) -> pl.Series:
    """URL-quote every article key (as urllib's quote(safe="")). Keys are mostly host/path
    in plain ASCII, where quoting only turns "/" into "%2F"; urllib handles the others
    (it costs ~25 µs a key, a noticeable part of a render over a 5,000-row ranking)."""
    plain = ids.str.contains(r"^[A-Za-z0-9_.~/-]*$").fill_null(True)
    quoted = ids.str.replace_all("/", "%2F", literal=True)
    if plain.all():
        return quoted
    odd = ids.filter(~plain)
    return quoted.scatter(plain.not_().arg_true(), pl.Series([_quote(i) for i in odd], dtype=pl.String))


def _quote(text: str) -> str:
    from urllib.parse import quote
    return quote(text, safe="")


NUMBER_COLUMNS = {"rank", "previous_rank", "views_gained", "views_total", "articles", "views", "views_new",
                  "median_views_new", "rank_gain", "rows_read", "rows_loaded", "rows_duplicate",
                  "rows_rejected", "rows_warned", "rows_replaced", "gained", "line_number"}
DATE_COLUMNS = {"published_at", "snapshot_date", "period_end"}


PAGE_ROWS = 100  # rows drawn at a time; the downloads carry the whole table


# Column widths in px where a column's content is short and known (the grid otherwise sizes
# columns to their content and a narrow page cuts the last ones off); others are sized by content.
WIDTHS = {"rank": 44, "movement": 64, "link": 64, "evergreen": 84}


def table(frame: pd.DataFrame, lang: str, *, height: int | str = "auto", key: str | None = None,
          page_rows: int = PAGE_ROWS, widths: dict[str, int | str] | None = None, where=st) -> None:
    """Show a table with Indonesian number and date formats. The formats are display-only
    (a pandas Styler), so clicking a header still sorts numerically; text columns are left
    untouched and the grid draws them as plain text.

    A longer table is shown `page_rows` at a time with a page picker under it: the Styler
    formats cell by cell in Python (about a second per thousand rows), and nobody reads a
    5,000-row ranking on screen — the CSV/Excel downloads carry all of it."""
    shown, slot = frame, where.container()  # the table goes in the slot, above the page picker
    if len(frame) > page_rows:
        shown = frame.iloc[_page_slice(len(frame), page_rows, lang, key)]
    styler = shown.style.format(
        {c: (lambda v, lang=lang: "" if pd.isna(v) else fmt.number(v, lang)) for c in shown.columns if c in NUMBER_COLUMNS}
        | {c: (lambda v, lang=lang: "" if pd.isna(v) else fmt.day(v, lang)) for c in shown.columns if c in DATE_COLUMNS}
        | {c: (lambda v, lang=lang: fmt.percent(v, lang)) for c in shown.columns if c == "share_articles"}
    )
    widths = WIDTHS | (widths or {})
    config = {c: st.column_config.Column(t(f"col_{c}", lang), help=_help(c, lang), width=widths.get(c))
              for c in shown.columns if f"col_{c}" in _KEYS}
    if "link" in shown.columns:
        config["link"] = st.column_config.LinkColumn(t("col_link", lang), display_text=t("open", lang),
                                                     width=widths.get("link"))
    slot.dataframe(styler, hide_index=True, column_config=config, height=height, key=key, width="stretch")


def _help(column: str, lang: str) -> str | None:
    """A column's header tooltip (for short labels such as "Dilihat (baru)")."""
    return t(f"help_{column}", lang) if f"help_{column}" in _KEYS else None


def page_slice(rows: int, lang: str, key: str | None, page_rows: int = PAGE_ROWS) -> slice:
    """The rows of the chosen page of a `rows`-row table (with the page picker when there is
    more than one page), for a table fetched a page at a time: draw it with `table` into a
    container made before this call, so it sits above the picker as `table` puts it."""
    if rows <= page_rows:
        return slice(0, rows)
    return _page_slice(rows, page_rows, lang, key)


def _page_slice(rows: int, page_rows: int, lang: str, key: str | None) -> slice:
    """A page picker with "dari 56 · baris 101–200 dari 5.518" next to it; the slice of the
    chosen page. The widget key carries the row count, so another filter starts on page 1."""
    pages = -(-rows // page_rows)
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    page = row.number_input(t("table_page", lang), min_value=1, max_value=pages, value=1, step=1,
                            key=f"page_{key or 'table'}_{rows}", width=140, label_visibility="collapsed")
    first = (page - 1) * page_rows
    last = min(first + page_rows, rows)
    row.caption(t("table_rows", lang, pages=fmt.number(pages, lang), first=fmt.number(first + 1, lang),
                  last=fmt.number(last, lang), total=fmt.number(rows, lang)))
    return slice(first, last)


def _keys() -> set[str]:
    from etl.present.strings import STRINGS
    return set(STRINGS)


_KEYS = _keys()
