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


OUTLETS_PARAM = "situs"


def outlet_picker(lang: str) -> None:
    """The outlets every page reads (queries.choose_outlets): hidden while the database has
    one; with several, none chosen means all of them (the rollup). Kept in the URL (`situs`,
    once per outlet) and for the session, so it survives moving between pages."""
    try:
        names = queries.outlet_names()
    except SorotError:
        names = []   # the page says what is wrong with the database
    if len(names) <= 1:
        queries.choose_outlets(())
        return
    key = state.widget_key(OUTLETS_PARAM)
    if key not in st.session_state:
        wanted = st.query_params.get_all(OUTLETS_PARAM) or st.session_state.get("_shared_situs", [])
        st.session_state[key] = [name for name in wanted if name in names]
    else:   # a new widget on each page: keep the session's choice, minus outlets gone since
        st.session_state[key] = [name for name in st.session_state[key] if name in names]
    chosen = st.sidebar.multiselect(t("outlets", lang), names, key=key, placeholder=t("outlets_all", lang),
                                    help=t("help_outlets", lang))
    st.session_state["_shared_situs"] = list(chosen)
    if list(st.query_params.get_all(OUTLETS_PARAM)) != list(chosen):
        if chosen:
            st.query_params[OUTLETS_PARAM] = list(chosen)
        elif OUTLETS_PARAM in st.query_params:
            del st.query_params[OUTLETS_PARAM]
    queries.choose_outlets(tuple(chosen))


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


RANGE_WEEKS = 4  # a custom range starts this many snapshots before its end when switched on


def period_picker(lang: str) -> Period:
    """Sidebar picker over snapshot dates (newest first, default the latest) -> the period.

    "Rentang khusus" (a custom range) adds a "from" picker: the range (from, end] as
    `--from/--to` make it (SPEC §2), both ends snapshot dates, so nothing needs snapping on
    screen; a URL date between snapshots snaps to the snapshot on or before it. The URL keeps
    `period` (the end) and `from`; a range is compared with the range of the same length
    before it (metrics.comparison_period), which the sidebar names."""
    dates = list(reversed(require_data(lang)))
    key = state.seed("period", dates, dates[0], parse=lambda text: _snap(state.parse_date(text), dates))
    end = st.sidebar.selectbox(t("period", lang), dates, key=key, format_func=lambda d: fmt.day(d, lang))
    state.publish("period", end)
    starts = [d for d in dates if d < end]  # newest first, like the end picker
    period = queries.period(end)
    if starts:
        period = _custom_range(end, starts, lang) or period
    else:  # the first snapshot: nothing before it to start a range at
        state.publish("from", None)
    parts = queries.outlet_periods(period)
    if parts:   # a rollup: each outlet counts over its own period (docs/metrics.md, "Rollup")
        st.sidebar.caption("  \n".join(
            t("period_of_outlet", lang, outlet=fmt.md_escape(name), start=fmt.day(start, lang), end=fmt.day(end, lang))
            for name, start, end in parts))
    else:
        st.sidebar.caption(t("period_range", lang, start=fmt.day(period.start, lang), end=fmt.day(period.end, lang)))
    if not period.start_is_snapshot and not parts:
        st.sidebar.caption(t("period_first", lang))
    before = queries.comparison_period(period)
    if before is not None:
        st.sidebar.caption(t("period_compared", lang, start=fmt.day(before.start, lang),
                             end=fmt.day(before.end, lang)))
    return period


def _custom_range(end: date, starts: list[date], lang: str) -> Period | None:
    """The "Rentang khusus" toggle and, when on, the "from" picker; the range, None when off."""
    toggle_key = state.widget_key("range")
    on = st.session_state.get(toggle_key)
    # written back on every run: Streamlit gives a widget on another page a fresh state
    st.session_state[toggle_key] = state.url_value("from") is not None if on is None else on
    if not st.sidebar.toggle(t("period_custom", lang), key=toggle_key, help=t("help_period_custom", lang)):
        state.publish("from", None)
        return None
    default = starts[min(RANGE_WEEKS, len(starts)) - 1]
    key = state.seed("from", starts, default, parse=lambda text: _snap(state.parse_date(text), starts))
    start = st.sidebar.selectbox(t("period_from", lang), starts, key=key, format_func=lambda d: fmt.day(d, lang))
    state.publish("from", start)
    return queries.period_between(start, end)


def period_params(period: Period, lang: str) -> dict[str, str]:
    """The URL parameters that reopen `period` on another page (a custom range keeps its start)."""
    params = {"period": period.end.isoformat(), "lang": lang}
    start = state.url_value("from")
    if start and period.start_is_snapshot and period.start.isoformat() == start:
        params["from"] = start
    return params


def metric_change(change: int | None, lang: str) -> dict:
    """st.metric's delta arguments for a change against the previous period: "+12" green
    up, "-3" red down, "tetap" grey without an arrow, nothing when there is no previous period."""
    if change is None:
        return {}
    if change == 0:
        return {"delta": t("no_change", lang), "delta_color": "off", "delta_arrow": "off",
                "help": t("vs_previous", lang)}
    return {"delta": fmt.signed(change, lang), "help": t("vs_previous", lang)}


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


# How wide the grid draws text: advance widths in px of Source Sans at 14 px, the grid's
# cell font (measured in Chromium with canvas measureText; tests/e2e/test_tables.py checks
# the rule against the browser). st.dataframe draws on a canvas and sizes a column without
# a width to its content, so long titles pushed the number columns off-screen; and a
# header-sized column cut "688" to "68". Every column therefore gets a width here.
_ADVANCE = {**dict.fromkeys("0123456789#$+<=>^~", 6.96), " ": 2.8, "!": 4.05, '"': 5.96, "%": 11.54,
            "&": 8.53, "'": 3.49, "(": 4.24, ")": 4.24, "*": 5.85, ",": 3.49, "-": 4.35, ".": 3.49,
            "/": 4.9, ":": 3.49, ";": 3.49, "?": 5.95, "@": 11.86, "[": 4.24, "]": 4.24, "\\": 4.9,
            "_": 7.0, "`": 7.59, "{": 4.24, "|": 3.37, "}": 4.24, "↑": 8.67, "↓": 8.67, "✓": 8.57,
            "–": 6.72, "→": 8.67, "…": 13.27,
            **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (7.6, 8.23, 7.99, 8.61, 7.38, 6.92, 8.64, 9.13, 3.68,
                                                     6.71, 8.11, 6.8, 10.18, 9.06, 9.3, 7.92, 9.3, 7.97,
                                                     7.48, 7.5, 9.03, 7.21, 11.0, 7.18, 6.66, 7.55))),
            **dict(zip("abcdefghijklmnopqrstuvwxyz", (7.06, 7.74, 6.38, 7.77, 6.94, 4.09, 7.06, 7.62, 3.44,
                                                     3.46, 6.93, 3.57, 11.61, 7.66, 7.59, 7.77, 7.77, 4.86,
                                                     5.87, 4.73, 7.62, 6.54, 10.07, 6.24, 6.54, 5.95)))}
_WIDEST = 11.61  # a character outside the table counts as an "m"
CELL_PADDING = 8   # px each side of a cell's text (the grid's cellHorizontalPadding)
HEADER_ROOM = 14   # the header's sort arrow
DESKTOP_SPACE = 938  # px of a full-width table at 1400 px with the sidebar open
PHONE_SPACE = 352    # px of a table on a 390 px phone (358 less the grid's borders and a spare pixel or two)
PHONE_MAX_PX = 640   # up to this viewport width a table is shown as its compact twin
BORDERED_INSET = 34  # px a st.container(border=True) takes off a table's width (measured in Chromium)


def text_px(text: str) -> float:
    """The width the grid draws `text` in (Source Sans, 14 px)."""
    return sum(_ADVANCE.get(ch, _WIDEST) for ch in text)


# Columns sized to their longest formatted value (never cut); the others are text that
# shares what is left (titles most) and may end in "…".
FIXED_COLUMNS = {"movement", "evergreen", "link", "share_articles", "rank_change", "articles_change",
                 "views_change", "ingest_id", "ingested_at"}
KEY_COLUMNS = ("rank", "ingest_id")  # what a row is: kept in a table's phone twin
TEXT_WEIGHTS = {"title": 3}
TEXT_MIN = {"title": 160, "authors": 100, "author": 120, "category": 90, "regions": 100, "region": 110}


def _formatter(column: str, lang: str):
    if column.endswith("_change"):
        return lambda v: "–" if pd.isna(v) else fmt.change(int(v), lang)
    if column in NUMBER_COLUMNS:
        return lambda v: "" if pd.isna(v) else fmt.number(v, lang)
    if column in DATE_COLUMNS:
        return lambda v: "" if pd.isna(v) else fmt.day(v, lang)
    if column == "share_articles":
        return lambda v: fmt.percent(v, lang)
    return None


def _shown_text(frame: pd.DataFrame, column: str, lang: str) -> list[str]:
    if column == "link":
        return [t("open", lang)]
    show = _formatter(column, lang) or (lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return [show(v) for v in frame[column]]


def needed_px(texts: Sequence[str], header: str) -> int:
    """The width a column needs so neither its header nor any of its values is cut."""
    widest = max([text_px(header) + HEADER_ROOM, *(text_px(v) for v in texts)])
    return int(widest + 2 * CELL_PADDING + 3.99)  # rounded up, with a pixel or two to spare


def column_widths(frame: pd.DataFrame, lang: str, space: int, *, text_min: int | None = None) -> dict[str, int]:
    """Each column's width: number, date and mark columns exactly what their longest value
    (or header) needs; text columns their minimum (`text_min`, else TEXT_MIN) plus a share
    of what is left of `space`, by weight (titles most). The grid spreads any rest."""
    widths, flexible = {}, []
    for column in frame.columns:
        if column in NUMBER_COLUMNS or column in DATE_COLUMNS or column in FIXED_COLUMNS:
            widths[column] = needed_px(_shown_text(frame, column, lang), _label(column, lang))
        else:
            flexible.append(column)
    least = {c: text_min if text_min is not None else TEXT_MIN.get(c, 90) for c in flexible}
    spare = max(0, space - sum(widths.values()) - sum(least.values()))
    weight = sum(TEXT_WEIGHTS.get(c, 1) for c in flexible) or 1
    for column in flexible:
        widths[column] = least[column] + int(spare * TEXT_WEIGHTS.get(column, 1) / weight)
    return widths


COMPACT_TEXT_MIN = 120  # px of the title (or name) column in a phone's compact table


def compact_columns(frame: pd.DataFrame, lang: str, space: int = PHONE_SPACE,
                    prefer: Sequence[str] | None = None) -> list[str]:
    """The phone's twin of a table: its key (the rank, an upload's number), the first text
    column and as many number columns (in table order) as fit next to it with the text column
    at least 120 px wide. `prefer` lets a page say which columns matter most, in order: its
    first text column is the one kept, and a second text column in it is kept too if it fits
    (120 px)."""
    columns = list(frame.columns)
    numbers = (NUMBER_COLUMNS - {"previous_rank"}) | {"share_articles"}
    order = [c for c in prefer if c in columns] if prefer else columns
    texts = [c for c in order if c not in NUMBER_COLUMNS | DATE_COLUMNS | FIXED_COLUMNS]
    text = texts[0] if texts else None
    chosen = [c for c in KEY_COLUMNS if c in columns] + ([text] if text else [])
    used = sum(needed_px(_shown_text(frame, c, lang), _label(c, lang)) for c in chosen if c != text)
    for column in order:
        if column in chosen or not (column in numbers or (prefer and column in texts)):
            continue
        need = (needed_px(_shown_text(frame, column, lang), _label(column, lang)) if column in numbers
                else COMPACT_TEXT_MIN)
        if used + need + COMPACT_TEXT_MIN > space:
            break
        chosen.append(column)
        used += need
    return [c for c in columns if c in chosen]


def _label(column: str, lang: str) -> str:
    return t(f"col_{column}", lang) if f"col_{column}" in _KEYS else column


_PHONE_CSS = f"""<style>
@media (max-width: {PHONE_MAX_PX}px) {{ [class*="st-key-wide_"] {{ display: none; }} }}
@media (min-width: {PHONE_MAX_PX + 1}px) {{ [class*="st-key-narrow_"] {{ display: none; }} }}
</style>"""


def phone_css() -> None:
    """Media queries: the compact twin of a table on a phone, the full table elsewhere."""
    st.html(_PHONE_CSS)


def table(frame: pd.DataFrame, lang: str, *, height: int | str = "auto", key: str | None = None,
          page_rows: int = PAGE_ROWS, widths: dict[str, int | str] | None = None, where=st,
          space: int = DESKTOP_SPACE, compact: bool = False, prefer: Sequence[str] | None = None,
          inset: int = 0) -> None:
    """Show a table with Indonesian number and date formats. The formats are display-only
    (a pandas Styler), so clicking a header still sorts numerically; text columns are left
    untouched and the grid draws them as plain text. Every column gets a width
    (column_widths) for a table `space` px wide; `compact` adds a phone twin with fewer
    columns (compact_columns; `prefer` the columns that matter most there), one of the two
    hidden by a media query. `inset`: px the table's box takes off both widths (BORDERED_INSET
    inside a st.container(border=True)).

    A longer table is shown `page_rows` at a time with a page picker under it: the Styler
    formats cell by cell in Python (about a second per thousand rows), and nobody reads a
    5,000-row ranking on screen — the CSV/Excel downloads carry all of it."""
    shown, slot = frame, where.container()  # the table goes in the slot, above the page picker
    if len(frame) > page_rows:
        shown = frame.iloc[_page_slice(len(frame), page_rows, lang, key)]
    space, phone_space = space - inset, PHONE_SPACE - inset
    if not compact:
        _grid(slot, shown, lang, height, key, column_widths(shown, lang, space) | (widths or {}))
        return
    phone_css()
    name = key or "table"
    _grid(slot.container(key=f"wide_{name}"), shown, lang, height, key,
          column_widths(shown, lang, space) | (widths or {}))
    few = shown[compact_columns(shown, lang, phone_space, prefer=prefer)]
    _grid(slot.container(key=f"narrow_{name}"), few, lang, height, f"{key}_phone" if key else None,
          column_widths(few, lang, phone_space, text_min=COMPACT_TEXT_MIN))


def _grid(where, shown: pd.DataFrame, lang: str, height, key, widths: dict[str, int | str]) -> None:
    styler = shown.style.format({c: f for c in shown.columns if (f := _formatter(c, lang)) is not None})
    config = {c: st.column_config.Column(_label(c, lang), help=_help(c, lang), width=widths.get(c))
              for c in shown.columns}
    if "link" in shown.columns:
        config["link"] = st.column_config.LinkColumn(t("col_link", lang), display_text=t("open", lang),
                                                     width=widths.get("link"))
    where.dataframe(styler, hide_index=True, column_config=config, height=height, key=key, width="stretch")


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
