"""The DuckDB file: opening it politely, creating the schema, loading one file atomically.

A DuckDB file takes one writing process or many reading ones, never both. Writers wait
with bounded retries; readers (reports, the dashboard) open read-only and briefly.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.errors import DatabaseBusy, SorotError
from etl.metrics import SQL_DIR, refresh_marts, sql_file
from etl.normalize import NormalizedExport, RowProblem
from etl.parse import normalize_title

DEFAULT_DB = Path("data/sorot.duckdb")


def default_db_path() -> Path:
    return Path(os.environ.get("SOROT_DB") or DEFAULT_DB)


def lock_wait_seconds() -> float:
    return float(os.environ.get("SOROT_LOCK_WAIT", "30"))


def _is_lock_error(err: Exception) -> bool:
    text = str(err)
    return "Could not set lock" in text or "Conflicting lock" in text


def connect(
    db_path: Path,
    *,
    read_only: bool = False,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the database, retrying while another process holds the lock."""
    wait = lock_wait_seconds() if wait is None else wait
    if read_only and not db_path.exists():
        raise SorotError(
            f"There is no Sorot database at {db_path}; load data first with "
            "`sorot ingest FILE` or `sorot demo`."
        )
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    delay, told = 0.05, False
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
            break
        except duckdb.Error as err:
            if not _is_lock_error(err):
                raise SorotError(f"Cannot open the database {db_path}: {err}") from None
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"The database {db_path} is still in use by another process after "
                    f"{wait:.0f} s (is a long ingest running?); try again when it has finished."
                ) from None
            if on_wait and not told:
                on_wait(f"The database {db_path} is in use by another process; waiting up to {wait:.0f} s…")
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    # DuckDB's own progress bar would print into our reports and pipes.
    con.execute("set enable_progress_bar = false")
    if not read_only:
        # A million-row load would otherwise let DuckDB take memory freely (3.6 GB measured);
        # with a limit it spills to disk and stays under 2 GB all told (docs/benchmarks.md).
        con.execute("set memory_limit = ?", [os.environ.get("SOROT_MEMORY_LIMIT", "1GB")])
        ensure_schema(con)
        upgrade(con)
    elif stored_schema_version(con) != schema_version():
        # Made by an older Sorot: upgrade once through a short write connection.
        con.close()
        connect(db_path, wait=wait, on_wait=on_wait).close()
        con = duckdb.connect(str(db_path), read_only=True)
        con.execute("set enable_progress_bar = false")
    return con


@cache
def schema_version() -> str:
    """Changes whenever a table definition or a mart's SQL changes."""
    digest = hashlib.sha256()
    for folder in ("schema", "marts", "staging"):
        for path in sorted((SQL_DIR / folder).glob("*.sql")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def stored_schema_version(con) -> str | None:
    try:
        rows = con.execute("select value from sorot_meta where key = 'schema_version'").fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None


def upgrade(con) -> None:
    """A database from an older Sorot gets its new tables filled: every mart is rebuilt
    from the snapshots, in one transaction."""
    if stored_schema_version(con) == schema_version():
        return
    con.execute("begin transaction")
    try:
        refresh_marts(con, None)
        con.execute("insert or replace into sorot_meta values ('schema_version', ?)", [schema_version()])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


@contextmanager
def reading(db_path: Path, **kwargs) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection, closed as soon as the block ends."""
    con = connect(db_path, read_only=True, **kwargs)
    try:
        yield con
    finally:
        con.close()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def data_version(db_path: Path) -> tuple[int, int]:
    """Changes whenever the file (or its write-ahead log) changes; needs no connection,
    so a cache keyed by it never blocks a writer."""
    parts = []
    for p in (db_path, db_path.with_name(db_path.name + ".wal")):
        try:
            st = p.stat()
            parts.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            parts.append((0, 0))
    return hash(tuple(parts)), parts[0][1]


@dataclass
class LoadResult:
    ingest_id: int | None           # None when the same bytes were already loaded
    unchanged_since: datetime | None
    warnings: list[tuple[int | None, str]]
    rows_replaced: int


def already_loaded(con, content_hash: str, snapshot_date: date) -> datetime | None:
    row = con.execute(
        "select max(ingested_at) from ingests where content_hash = ? and snapshot_date = ?",
        [content_hash, snapshot_date],
    ).fetchall()[0]
    return row[0] if row else None


def records_table(records: list) -> pa.Table:
    # pyarrow builds list columns from Python lists far faster than polars does.
    return pa.table(
        {
            "article_id": pa.array([r.article_id for r in records], pa.string()),
            "snapshot_date": pa.array([r.snapshot_date for r in records], pa.date32()),
            "views": pa.array([r.views for r in records], pa.int64()),
            "url": pa.array([r.url for r in records], pa.string()),
            "title": pa.array([r.title for r in records], pa.string()),
            "published_at": pa.array([r.published_at for r in records], pa.timestamp("us")),
            "published_date": pa.array([r.published_date for r in records], pa.date32()),
            "category": pa.array([r.category for r in records], pa.string()),
            "photographer": pa.array([r.photographer for r in records], pa.string()),
            "authors": pa.array([r.authors for r in records], pa.list_(pa.string())),
            "regions": pa.array([r.regions for r in records], pa.list_(pa.string())),
            "line_number": pa.array([r.line_number for r in records], pa.int32()),
            "title_key": pa.array([title_key(r.title, r.published_date) for r in records], pa.string()),
        }
    )


def drop_staged(con, fast: bool) -> None:
    if fast:
        con.execute("drop table if exists staged")
    else:
        con.unregister("staged")


def title_key(title: str, published: date) -> str:
    """The key of an article known only by title and publish date (a saved web page)."""
    return f"title:{normalize_title(title)}|{published.isoformat()}"


def _problems_frame(problems: list[RowProblem]) -> pa.Table:
    return pa.table(
        {
            "line_number": pa.array([p.line_number for p in problems], pa.int32()),
            "raw_text": pa.array([p.raw_text for p in problems], pa.string()),
            "reason": pa.array([p.reason for p in problems], pa.string()),
            "kind": pa.array([p.kind for p in problems], pa.string()),
        }
    )


def load(
    con: duckdb.DuckDBPyConnection,
    export: NormalizedExport,
    *,
    file_name: str,
    content_hash: str,
    source_kind: str = "export",
    encoding: str | None = None,
    delimiter: str | None = None,
) -> LoadResult:
    """Store one normalised file in a single transaction: all of it or nothing."""
    seen = already_loaded(con, content_hash, export.snapshot_date)
    if seen is not None:
        drop_staged(con, export.staged_rows is not None)
        return LoadResult(None, seen, [], 0)

    fast = export.staged_rows is not None    # the fast path left its rows in temp table `staged`
    problems = _problems_frame(export.problems)
    con.execute("begin transaction")
    try:
        if not fast:
            con.register("staged", records_table(export.records))
        con.register("staged_problems", problems)
        merge_title_keyed_articles(con)
        warnings = [(line, msg) for line, msg in con.execute(sql_file("load/views_going_down.sql")).fetchall()]
        # Most loads bring a new week: nothing to replace, and the join would cost seconds.
        replaced = 0
        if con.execute("select count(*) from snapshots where snapshot_date in "
                       "(select distinct snapshot_date from staged)").fetchall()[0][0]:
            replaced = con.execute(sql_file("load/count_replaced.sql")).fetchall()[0][0]
        ingest_id = con.execute("select nextval('ingest_id_seq')").fetchall()[0][0]
        params = {"ingest_id": ingest_id}
        if replaced:
            con.execute(sql_file("load/delete_replaced_snapshots.sql"))
        con.execute(sql_file("load/insert_snapshots.sql"), params)
        con.execute(
            "insert into rejects select $ingest_id, $file_name, line_number, raw_text, reason, kind "
            "from staged_problems",
            {"ingest_id": ingest_id, "file_name": file_name},
        )
        if warnings:
            con.executemany(
                "insert into ingest_warnings (ingest_id, line_number, message) values (?, ?, ?)",
                [[ingest_id, line, msg] for line, msg in warnings],
            )
        con.execute(
            "insert into ingests values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ingest_id, file_name, content_hash, export.snapshot_date,
                export.snapshot_date_source, source_kind, encoding, delimiter,
                export.rows_read, export.record_count, len(export.duplicates),
                len(export.rejected), len(warnings),
                datetime.now(timezone.utc).replace(tzinfo=None),
            ],
        )
        merged = con.execute("select count(*) from title_key_merges").fetchall()[0][0]
        if merged:
            con.execute(sql_file("load/latest_from_snapshots.sql"))
        else:
            one_date = con.execute("select count(distinct snapshot_date) = 1 from staged").fetchall()[0][0]
            con.execute(sql_file("load/staged_latest_one_date.sql" if one_date else "load/staged_latest.sql"))
            con.execute(sql_file("load/latest_from_staged.sql"))
        con.execute(sql_file("load/write_article_metadata.sql"))
        _pause_for_crash_test()
        refresh_marts(con, export.earliest_snapshot_date, rewritten="rewritten")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        drop_staged(con, fast)
        con.unregister("staged_problems")
    return LoadResult(ingest_id, None, warnings, replaced)


def _pause_for_crash_test() -> None:
    """The atomicity test kills an ingest mid-transaction; this lets it pick the moment.
    Inert unless SOROT_TEST_PAUSE_FILE is set."""
    marker = os.environ.get("SOROT_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text("in transaction")
        time.sleep(60)


def merge_title_keyed_articles(con) -> None:
    """An article first seen on a saved web page has no URL and is keyed by title and
    publish date; when an export brings its URL, both become the URL-keyed article."""
    con.execute(sql_file("load/merge_title_keyed.sql"))


