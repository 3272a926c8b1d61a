"""The dashboard's only door to the database.

Every function opens a short-lived read-only connection (`metrics.reading`), fetches
everything it needs, and closes it before returning, so a `sorot ingest` in another
process is never kept waiting for more than one query batch. Results are cached with
`st.cache_data` keyed by (database path, data version, arguments): `metrics.data_version`
changes whenever the file is written, so a CLI ingest shows on the next interaction
without a restart, and reading the version needs no connection.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from etl import metrics
from etl.errors import RefusedFile, SorotError
from etl.ingest import files as etl_ingest
from etl.metrics import Period, rollup
from etl.newsroom.access import Caller, undo_action

# `sorot serve --auth none`: the one person at their own computer (the server listens on
# 127.0.0.1 only), who may do everything; signed-in callers come from dashboard/identity.py.
LOCAL_CALLER = Caller("local", "admin", "dashboard on this computer")

EVERGREEN_AGE = timedelta(days=28)  # "older than four weeks"
READ_WAIT_SECONDS = 10.0
# While an upload of this server holds the file, a page says so after a short wait
# instead of keeping its visitor waiting for the whole upload.
READ_WAIT_DURING_UPLOAD = 1.0
_uploads = {"running": 0}
_uploads_lock = threading.Lock()


def upload_running() -> bool:
    """An upload started by this dashboard process is being loaded (by its child process)."""
    return _uploads["running"] > 0


def _read_wait() -> float:
    return READ_WAIT_DURING_UPLOAD if upload_running() else READ_WAIT_SECONDS


def db_path() -> Path:
    return metrics.default_db_path()


# The outlets the sidebar chose for this run of the page (ui.outlet_picker; empty: every
# outlet). Streamlit runs each session's script in a thread of its own, and a cached function
# runs in its caller's thread: the choice is part of every cache key (_version).
_choice = threading.local()


def choose_outlets(names: tuple[str, ...]) -> None:
    _choice.names = tuple(names)


def chosen_outlets() -> tuple[str, ...]:
    return getattr(_choice, "names", ())


def _version(db: Path) -> tuple:
    return metrics.data_version(db), chosen_outlets()


def reader() -> Callable[[], Any]:
    """What opens a short read-only connection for work read on click (a download), which
    Streamlit may run in another thread: it reads the outlets chosen now (call() does)."""
    names = chosen_outlets()

    @contextmanager
    def opened():
        before = chosen_outlets()
        choose_outlets(names)
        try:
            with metrics.reading(db_path(), wait=_read_wait()) as con:
                yield con
        finally:
            choose_outlets(before)
    return opened


def chosen_outlets_of(con) -> list:
    """The chosen outlets as the database knows them (all of them when none is chosen)."""
    return metrics.select_outlets(con, list(chosen_outlets()))


def _read(db: Path, work: Callable[[Any], Any]) -> Any:
    with metrics.reading(db, wait=_read_wait()) as con:
        return work(con)


def call(con, name: str, *args: Any, **kwargs: Any) -> Any:
    """metrics.<name>(con, ...) over the chosen outlets: the one outlet's numbers, or their
    rollup (etl.metrics.rollup.read) when several are chosen."""
    return rollup.read(con, chosen_outlets_of(con), name, *args, **kwargs)


def outlet_names(db: Path | None = None) -> list[str]:
    """Every outlet's name, for the sidebar's picker (none without a database)."""
    db = db or db_path()
    if not db.exists():
        return []
    return _outlet_names(str(db), metrics.data_version(db))


@st.cache_data(show_spinner=False, max_entries=16)
def _outlet_names(db: str, version) -> list[str]:
    return _read(Path(db), lambda con: [o.name for o in metrics.all_outlets(con)])


def _metric(name: str, *args: Any, db: Path | None = None) -> Any:
    """metrics.<name>(con, *args) on a short read-only connection, cached per data version."""
    db = db or db_path()
    return _metric_cached(str(db), _version(db), name, args)


@st.cache_data(show_spinner=False, max_entries=1024)
def _metric_cached(db: str, version, name: str, args: tuple) -> Any:
    return _read(Path(db), lambda con: call(con, name, *args))


def _period_args(period: Period) -> tuple[date, date, bool]:
    # Cached functions take plain tuples: cheap and unambiguous to hash.
    return period.start, period.end, period.start_is_snapshot


def role_of(email: str, db: Path | None = None) -> str | None:
    """The role `sorot users grant` gave `email`, None without one (or without a database).
    Cached per data version: a grant or revoke writes the file, so it counts at once."""
    db = db or db_path()
    if not db.exists():
        return None
    return _role_of(str(db), _version(db), email)


@st.cache_data(show_spinner=False, max_entries=256)
def _role_of(db: str, version, email: str) -> str | None:
    return _read(Path(db), lambda con: metrics.role_of(con, email))


# --------------------------------------------------------------------------- state of the data

@dataclass(frozen=True)
class Freshness:
    snapshot_dates: tuple[date, ...]
    last_ingest_utc: datetime | None

    @property
    def latest(self) -> date | None:
        return self.snapshot_dates[-1] if self.snapshot_dates else None

    @property
    def has_data(self) -> bool:
        return bool(self.snapshot_dates)


def freshness(db: Path | None = None) -> Freshness:
    """Snapshot dates and the last ingest; empty when there is no database file yet."""
    db = db or db_path()
    if not db.exists():
        return Freshness((), None)
    return _freshness(str(db), _version(db))


@st.cache_data(show_spinner=False, max_entries=32)
def _freshness(db: str, version) -> Freshness:
    def work(con):
        dates = tuple(call(con, "snapshot_dates"))
        return Freshness(dates, metrics.last_ingested_at(con))
    return _read(Path(db), work)


def period(end: date | None, db: Path | None = None) -> Period | None:
    """The standard period ending at the latest snapshot date <= end (SPEC §2), as
    metrics.resolve_period(con, as_of=end) gives it (a test holds them equal). Worked out
    from the snapshot dates every page has already read: one connection fewer per first
    view (opening the file costs ~0.1 s on a large database)."""
    dates = freshness(db).snapshot_dates
    ends = [d for d in dates if end is None or d <= end]
    if not ends:
        return None
    b = ends[-1]
    earlier = [d for d in dates if d < b]
    return Period(earlier[-1], b, True) if earlier else Period(b - timedelta(days=7), b, False)


def period_between(start: date, end: date, db: Path | None = None) -> Period | None:
    """A range chosen with from/to, snapped as metrics.resolve_period(con, date_from=start,
    date_to=end) snaps `--from/--to` (SPEC §2; a test holds them equal): b the latest snapshot
    on or before `end`, a the latest on or before `start` (`start` itself when there is none).
    None when there is no snapshot on or before `end` or no data between a and b."""
    dates = freshness(db).snapshot_dates
    ends = [d for d in dates if d <= end]
    if not ends or start >= end:
        return None
    b = ends[-1]
    starts = [d for d in dates if d <= start]
    if not starts:
        return Period(start, b, False)
    return Period(starts[-1], b, True) if starts[-1] < b else None


def outlet_periods(p: Period, db: Path | None = None) -> list[tuple[str, date, date]]:
    """With several outlets chosen: each outlet's own period that `p` stands for, as (name,
    start, end); empty otherwise."""
    db = db or db_path()
    return _outlet_periods(str(db), _version(db), _period_args(p))


@st.cache_data(show_spinner=False, max_entries=128)
def _outlet_periods(db: str, version, p) -> list[tuple[str, date, date]]:
    def work(con):
        chosen = chosen_outlets_of(con)
        if len(chosen) <= 1:
            return []
        found = rollup.for_period(con, chosen, Period(*p))
        return [(part.outlet.name, part.period.start, part.period.end) for part in found.parts] if found else []
    return _read(Path(db), work)


def comparison_period(p: Period, db: Path | None = None) -> Period | None:
    """What a period's changes are compared with (metrics.comparison_period)."""
    return _metric("comparison_period", p, db=db)


# --------------------------------------------------------------------------- period reports

def overview(p: Period, db: Path | None = None) -> dict[str, dict[str, Any]]:
    return _metric("overview", p, db=db)


def trending(p: Period, *, region: str | None = None, author: str | None = None,
             category: str | None = None, published_in_period: bool = False,
             limit: int | None = None, db: Path | None = None) -> pl.DataFrame:
    """The ranking plus `is_evergreen` (published more than four weeks before the period end
    and still gaining)."""
    db = db or db_path()
    return _trending(str(db), _version(db), _period_args(p), region, author, category,
                     published_in_period, limit)


@st.cache_data(show_spinner=False, max_entries=256)
def _trending(db: str, version, p, region, author, category, published_in_period, limit) -> pl.DataFrame:
    period_ = Period(*p)
    frame = _read(Path(db), lambda con: call(
        con, "trending", period_, limit=limit, region=region, author=author, category=category,
        published_in_period=published_in_period))
    return _with_flags(frame, period_.end)


def _with_flags(frame: pl.DataFrame, end: date) -> pl.DataFrame:
    return frame.with_columns((pl.col("published_at") < end - EVERGREEN_AGE).alias("is_evergreen"))


@dataclass(frozen=True)
class TrendingView:
    ranked: int  # articles in the (filtered) ranking
    evergreen: int  # of which evergreen
    shown: int  # rows of the view (movers / evergreen / the whole ranking)
    rows: pl.DataFrame  # the requested rows of the view, with rank_gain and is_evergreen


def trending_view(p: Period, *, view: str = "ranking", offset: int = 0, rows: int | None = None,
                  region: str | None = None, author: str | None = None, category: str | None = None,
                  published_in_period: bool = False, db: Path | None = None) -> TrendingView:
    """`rows` rows from `offset` of a view of the ranking, as the trending page shows it
    (movers: climbed, most places first; evergreen; or the ranking), with the counts, without
    fetching the whole ranking (55k rows at full scale)."""
    db = db or db_path()
    return _trending_view(str(db), _version(db), _period_args(p), view, offset, rows, region, author,
                          category, published_in_period)


@st.cache_data(show_spinner=False, max_entries=256)
def _trending_view(db: str, version, p, view, offset, rows, region, author, category,
                   published_in_period) -> TrendingView:
    return _read(Path(db), lambda con: trending_view_of(
        con, Period(*p), view=view, offset=offset, rows=rows, region=region, author=author,
        category=category, published_in_period=published_in_period))


def trending_view_of(con, p: Period, **args) -> TrendingView:
    """trending_view on an open connection (the downloads run it on click, outside the cache)."""
    found = call(con, "trending_view", p, evergreen_before=p.end - EVERGREEN_AGE, **args)
    return TrendingView(found["ranked"], found["evergreen"], found["shown"], _with_flags(found["rows"], p.end))


def _trending_lists(p: Period, db: Path | None) -> dict[str, list[str]]:
    db = db or db_path()
    return _trending_lists_cached(str(db), _version(db), _period_args(p))


@st.cache_data(show_spinner=False, max_entries=128)
def _trending_lists_cached(db: str, version, p) -> dict[str, list[str]]:
    return _read(Path(db), lambda con: call(con, "trending_lists", Period(*p)))


def categories(p: Period, db: Path | None = None) -> list[str]:
    """Categories of the articles ranked in the period, for the filter."""
    return sorted(_trending_lists(p, db)["categories"])


def trending_reporters(p: Period, db: Path | None = None) -> list[str]:
    """Reporters of the articles ranked in the period (case-insensitive order), for the filter."""
    return sorted(_trending_lists(p, db)["reporters"], key=lambda name: (name.casefold(), name))


def reporters(p: Period, db: Path | None = None) -> pl.DataFrame:
    return _metric("reporters", p, db=db)


def reporters_compared(p: Period, db: Path | None = None) -> pl.DataFrame:
    return _flat(_metric("reporters_compared", p, db=db))


def regions(p: Period, db: Path | None = None) -> pl.DataFrame:
    return _flat(_metric("regions", p, db=db))


def reporter_by_outlet(author: str, p: Period, db: Path | None = None) -> pl.DataFrame:
    """A reporter's numbers in each chosen outlet (outlet, articles, views, views_new,
    median_views_new); empty unless several outlets are chosen and the reporter is counted."""
    board = _metric("reporters", p, db=db)
    if "by_outlet" not in board.columns:
        return pl.DataFrame()
    row = board.filter(pl.col("author") == author)
    return row.select(pl.col("by_outlet").explode()).unnest("by_outlet") if row.height else pl.DataFrame()


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """A rollup's table as the pages show it: the outlets as text, no per-outlet breakdown
    (the JSON of `sorot report` has it)."""
    if "by_outlet" in frame.columns:
        frame = frame.drop("by_outlet").with_columns(pl.col("outlet").list.join(", "))
    return frame


def reporter_articles(author: str, p: Period, db: Path | None = None) -> pl.DataFrame:
    return _metric("reporter_articles", author, p, db=db)


def region_articles(region: str, p: Period, db: Path | None = None) -> pl.DataFrame:
    return _metric("region_articles", region, p, db=db)


# --------------------------------------------------------------------------- over time

def views_per_period(end: date, periods: int = 12, db: Path | None = None) -> pl.DataFrame:
    return _metric("views_per_period", end, periods, db=db)


def regions_over_time(end: date, periods: int = 12, db: Path | None = None) -> pl.DataFrame:
    return _metric("regions_over_time", end, periods, db=db)


def reporter_history(author: str, end: date, periods: int = 12, db: Path | None = None) -> pl.DataFrame:
    return _metric("reporter_history", author, end, periods, db=db)


# --------------------------------------------------------------------------- articles

def search_terms(words: str) -> tuple[str, bool]:
    """The search text as it is searched (capped in words and length) and whether it was cut."""
    terms, capped = metrics.search_terms(words)
    return " ".join(terms), capped


SEARCH_LIMITS = {"words": metrics.SEARCH_MAX_WORDS, "chars": metrics.SEARCH_MAX_WORD_CHARS}


def search_articles(words: str, limit: int = 50, db: Path | None = None) -> pl.DataFrame:
    # metrics.search_articles caps the terms itself (the one guard); the page passes the
    # capped text from search_terms, which is also what it shows and keeps in the URL.
    return _metric("search_articles", words, limit, db=db)


def article(article_id: str, db: Path | None = None) -> dict[str, Any] | None:
    """An article's latest metadata (the latest snapshot wins, SPEC §1), None when unknown."""
    return _metric("article", article_id, db=db)


def article_history(article_id: str, db: Path | None = None) -> pl.DataFrame:
    return _metric("article_history", article_id, db=db)


# --------------------------------------------------------------------------- ingest

def ingest_history(limit: int = 100, db: Path | None = None) -> pl.DataFrame:
    db = db or db_path()
    if not db.exists():
        return pl.DataFrame()
    return _ingest_history(str(db), _version(db), limit)


@st.cache_data(show_spinner=False, max_entries=16)
def _ingest_history(db: str, version, limit) -> pl.DataFrame:
    return _read(Path(db), lambda con: etl_ingest.ingest_history(con, limit))


def preview_upload(name: str, data: bytes, as_of: date | None = None) -> etl_ingest.Preview | str:
    """What Sorot detects in an uploaded file, or the sentence saying why it would be refused.
    Touches no database. Parsed once per file: cached by the content's hash, so a rerun (a
    language switch) does not read a large upload again."""
    return _preview(name, hashlib.sha256(data).hexdigest(), as_of, data)


@st.cache_data(show_spinner=False, max_entries=8)
def _preview(name: str, digest: str, as_of: date | None, _data: bytes) -> etl_ingest.Preview | str:
    # `_data` is left out of the cache key (leading underscore): the digest stands for it.
    try:
        return etl_ingest.preview(Path(name), data=_data, as_of=as_of)
    except RefusedFile as refused:
        return str(refused)


@contextmanager
def _uploading():
    with _uploads_lock:
        _uploads["running"] += 1
    try:
        yield
    finally:
        with _uploads_lock:
            _uploads["running"] -= 1


def ingest_uploads(files: list[tuple[str, bytes]], as_of: date | None = None, *, replace: bool = False,
                   db: Path | None = None, caller: Caller, outlet: str | None = None) -> list[etl_ingest.IngestReport]:
    """Load uploaded files (name, bytes) in a child process, as `sorot ingest` would: this
    process keeps only read-only connections, so an upload never breaks another editor's
    page. Each file is its own transaction. replace=False holds back (status 'held') a
    file that would replace stored rows, saying what it would replace. `caller` is the
    signed-in person (dashboard/identity.py); the ingest refuses one who is no editor."""
    with _uploading():
        return etl_ingest.ingest_uploads(db or db_path(), files, as_of=as_of, replace=replace,
                                         caller=caller, outlet=outlet)


def undo_ingest(ingest_id: int, *, caller: Caller, db: Path | None = None):
    """Undo one ingest in a child process, as uploads are loaded (etl.ingest.files.undo_ingest):
    the result, or the SorotError (NotAllowed, UndoRefused, ...) that says why not."""
    with _uploading():
        return etl_ingest.undo_ingest(db or db_path(), ingest_id, caller=caller, in_child=True)


def may_undo(caller: Caller, ingested_by: str | None) -> bool:
    return caller.may(undo_action(caller, ingested_by))


__all__ = [
    "Caller", "LOCAL_CALLER", "Freshness", "SorotError", "article", "article_history", "categories", "comparison_period",
    "db_path", "freshness", "period_between",
    "ingest_history", "ingest_uploads", "overview", "upload_running", "period", "preview_upload", "region_articles",
    "regions", "regions_over_time", "reporter_articles", "reporter_history", "reporters", "role_of",
    "search_articles", "trending", "trending_reporters", "trending_view", "undo_ingest", "may_undo",
    "views_per_period",
]
