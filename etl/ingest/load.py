"""Storing one normalised file: all of it in one transaction, or nothing."""
from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.db.compiler import run_script, sql_file
from etl.db import outlets
from etl.db.marts import refresh_marts
from etl.ingest import columns
from etl.ingest.outlet_choice import OutletChoice
from etl.ingest.rows import NormalizedExport, Note, RowProblem
from etl.newsroom.access import Caller, shell_caller
from etl.newsroom.cells import title_key
from etl.newsroom.outlets import FALLBACK_OUTLET


@dataclass(frozen=True)
class Replacement:
    """What a file replaces of one stored snapshot date, said before (the dashboard) or
    with (the CLI) the load: the views gained of the standard period ending there (SPEC §2)
    as stored and as they are with this file."""
    snapshot_date: date
    rows_stored: int                # rows stored for that date before this file
    rows_replaced: int              # of which this file replaces (same article)
    views_gained_before: int
    views_gained_after: int


@dataclass
class LoadResult:
    ingest_id: int | None           # None when the same bytes were already loaded, or held
    unchanged_since: datetime | None
    warnings: list[tuple[int | None, str]]
    rows_replaced: int
    replacements: list[Replacement] = field(default_factory=list)
    held: bool = False              # replace=False and the file replaces stored rows: rolled back


def already_loaded(con, content_hash: str, snapshot_date: date) -> datetime | None:
    """When the same bytes for the same snapshot date were loaded and are still in force (an
    undone ingest can be loaded again)."""
    row = con.execute(
        "select max(ingested_at) from ingests "
        "where content_hash = ? and snapshot_date = ? and undone_at is null",
        [content_hash, snapshot_date],
    ).fetchall()[0]
    return row[0] if row else None


def records_table(records: list) -> pa.Table:
    # Built by etl.ingest.columns, not pa.array: pa.array imports pandas (start-up, issue #16).
    return pa.table(
        {
            "article_id": columns.strings([r.article_id for r in records]),
            "snapshot_date": columns.dates([r.snapshot_date for r in records]),
            "views": columns.int64s([r.views for r in records]),
            "url": columns.strings([r.url for r in records]),
            "title": columns.strings([r.title for r in records]),
            "published_at": columns.timestamps([r.published_at for r in records]),
            "published_date": columns.dates([r.published_date for r in records]),
            "category": columns.strings([r.category for r in records]),
            "photographer": columns.strings([r.photographer for r in records]),
            "authors": columns.string_lists([r.authors for r in records]),
            "regions": columns.string_lists([r.regions for r in records]),
            "line_number": columns.int32s([r.line_number for r in records]),
            "title_key": columns.strings([title_key(r.title, r.published_date) for r in records]),
        }
    )


def drop_staged(con, fast: bool) -> None:
    if fast:
        con.execute("drop table if exists staged")
    else:
        con.unregister("staged")


def _problems_frame(problems: list[RowProblem]) -> pa.Table:
    return pa.table(
        {
            "line_number": columns.int32s([p.line_number for p in problems]),
            "raw_text": columns.strings([p.raw_text for p in problems]),
            "reason": columns.strings([p.reason for p in problems]),
            "kind": columns.strings([p.kind for p in problems]),
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
    notes: Sequence[Note] = (),
    replace: bool = True,
    caller: Caller | None = None,
    file_size_bytes: int | None = None,
    outlet: OutletChoice | None = None,
) -> LoadResult:
    """Store one normalised file in a single transaction: all of it or nothing. `notes`
    (what the reader of a file has to say about it beyond its rows, e.g. a saved page's own
    article) and the rows' own notes are stored with the warnings load() finds itself (views
    going down) in that transaction, and returned after them. A file that replaces stored rows
    says what it replaces (`replacements`); with replace=False it is worked out in full (the
    "after" numbers are the real load's) and then rolled back, so the dashboard can ask before
    it loads. `caller` is who asked (the front door checked the role): recorded in `ingests`
    with `file_size_bytes`, for the history. Whatever the load removes or overwrites is kept
    (replaced_snapshots, renamed_snapshots, replaced_authors) for etl.ingest.undo. The rows go
    to `outlet` (etl.ingest.outlet_choice), made in the same transaction when it is new;
    None: the outlet the connection reads, or `utama` in a database without one."""
    caller = caller or shell_caller()
    notes = [*export.notes, *notes]
    if outlet is None:
        current = outlets.current(con)
        outlet = OutletChoice(current.name if current else FALLBACK_OUTLET, ())
    target = outlets.find(con, outlet.name)
    if target is not None:
        outlets.use(con, target)
        seen = already_loaded(con, content_hash, export.snapshot_date)
        if seen is not None:
            drop_staged(con, export.staged_rows is not None)
            outlets.use_default(con)
            return LoadResult(None, seen, [], 0)
    try:
        return _load_into_outlet(con, export, target, outlet, notes, file_name=file_name,
                                 content_hash=content_hash, source_kind=source_kind, encoding=encoding,
                                 delimiter=delimiter, replace=replace, caller=caller,
                                 file_size_bytes=file_size_bytes)
    finally:
        outlets.use_default(con)


def _load_into_outlet(con, export: NormalizedExport, target: outlets.Outlet | None,
                      outlet: OutletChoice, notes: list[Note], *, file_name: str,
                      content_hash: str, source_kind: str, encoding: str | None,
                      delimiter: str | None, replace: bool, caller: Caller,
                      file_size_bytes: int | None) -> LoadResult:
    fast = export.staged_rows is not None    # the fast path left its rows in temp table `staged`
    problems = _problems_frame(export.problems)
    con.execute("begin transaction")
    try:
        target = target or outlets.create(con, outlet.name)
        outlets.use(con, target)
        outlets.add_hosts(con, target, list(outlet.sites))
        if not fast:
            con.register("staged", records_table(export.records))
        con.register("staged_problems", problems)
        ingest_id = con.execute("select nextval('main.ingest_id_seq')").fetchall()[0][0]
        params = {"ingest_id": ingest_id}
        merged = merge_title_keyed_articles(con, ingest_id)
        warnings = [(line, msg) for line, msg in con.execute(sql_file("load/views_going_down.sql")).fetchall()]
        # Most loads bring a new week: nothing to replace, and the join would cost seconds.
        replaced, before = 0, []
        if con.execute("select count(*) from snapshots where snapshot_date in "
                       "(select distinct snapshot_date from staged)").fetchall()[0][0]:
            replaced = con.execute(sql_file("load/count_replaced.sql")).fetchall()[0][0]
            if replaced:
                before = con.execute(sql_file("load/replaced_dates.sql")).fetchall()
        if replaced:
            run_script(con, sql_file("load/delete_replaced_snapshots.sql"), params)
        con.execute(sql_file("load/insert_snapshots.sql"), params)
        con.execute(
            "insert into rejects select $ingest_id, $file_name, line_number, raw_text, reason, kind "
            "from staged_problems",
            {"ingest_id": ingest_id, "file_name": file_name},
        )
        warning_rows = [[ingest_id, line, None, msg] for line, msg in warnings]
        warning_rows += [[ingest_id, line, key, msg] for line, msg, key in notes]
        if warning_rows:
            # As a table, not executemany: a file can carry a warning on each of a million rows.
            con.register("staged_warnings", pa.table({
                "line_number": columns.int32s([row[1] for row in warning_rows]),
                "article_id": columns.strings([row[2] for row in warning_rows]),
                "message": columns.strings([row[3] for row in warning_rows]),
            }))
            con.execute(
                "insert into ingest_warnings (ingest_id, line_number, article_id, message) "
                "select $ingest_id, line_number, article_id, message from staged_warnings",
                {"ingest_id": ingest_id},
            )
            con.unregister("staged_warnings")
        con.execute(
            "insert into ingests (ingest_id, file_name, content_hash, snapshot_date, snapshot_date_source, "
            "source_kind, encoding, delimiter, rows_read, rows_loaded, rows_duplicate, rows_rejected, "
            "rows_warned, ingested_at, ingested_by, ingested_from, file_size_bytes, rows_replaced) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ingest_id, file_name, content_hash, export.snapshot_date,
                export.snapshot_date_source, source_kind, encoding, delimiter,
                export.rows_read, export.record_count, len(export.duplicates),
                len(export.rejected), len(warning_rows),
                datetime.now(timezone.utc).replace(tzinfo=None),
                caller.email, caller.origin, file_size_bytes, replaced,
            ],
        )
        if merged:
            con.execute(sql_file("load/touched_from_staged.sql"))
            con.execute(sql_file("load/latest_from_snapshots.sql"))
        else:
            one_date = con.execute("select count(distinct snapshot_date) = 1 from staged").fetchall()[0][0]
            con.execute(sql_file("load/staged_latest_one_date.sql" if one_date else "load/staged_latest.sql"))
            con.execute(sql_file("load/latest_from_staged.sql"))
        con.execute(sql_file("load/write_article_metadata.sql"))
        con.execute(sql_file("load/author_spellings.sql"))
        run_script(con, sql_file("load/write_author_names.sql"), params)
        pause_for_crash_test("transaction")
        refresh_marts(con, export.earliest_snapshot_date, retagged="retagged")
        replacements = [
            Replacement(day, stored, rows, gained_before,
                        con.execute(sql_file("load/views_gained_at.sql"), {"snapshot_date": day}).fetchall()[0][0])
            for day, stored, rows, gained_before in before
        ]
        held = bool(replacements) and not replace
        con.execute("rollback" if held else "commit")
        pause_for_crash_test("committed")
    except BaseException:
        # A full disk or a broken file ends DuckDB's transaction itself; a failing rollback
        # must not hide the error that says what happened ("cannot rollback - no transaction").
        _quietly(lambda: con.execute("rollback"))
        _quietly(lambda: drop_staged(con, fast))
        _quietly(lambda: con.unregister("staged_problems"))
        raise
    drop_staged(con, fast)
    con.unregister("staged_problems")
    all_warnings = warnings + [(line, msg) for line, msg, _key in notes]
    if held:
        return LoadResult(None, None, all_warnings, replaced, replacements, held=True)
    return LoadResult(ingest_id, None, all_warnings, replaced, replacements)


def _quietly(step) -> None:
    try:
        step()
    except duckdb.Error:
        pass


def pause_for_crash_test(moment: str) -> None:
    """The atomicity and interrupt tests stop an ingest (or an undo, etl.ingest.undo) at a
    chosen moment ("transaction": before the marts refresh; "committed": just after the
    commit, SOROT_TEST_PAUSE_AT); the
    pause lasts while the marker file exists, 60 s at most. Inert unless
    SOROT_TEST_PAUSE_FILE is set."""
    marker = os.environ.get("SOROT_TEST_PAUSE_FILE")
    if marker and os.environ.get("SOROT_TEST_PAUSE_AT", "transaction") == moment:
        Path(marker).write_text(moment)
        deadline = time.monotonic() + 60
        while Path(marker).exists() and time.monotonic() < deadline:
            time.sleep(0.02)


def merge_title_keyed_articles(con, ingest_id: int) -> int:
    """An article first seen on a saved web page has no URL and is keyed by title and
    publish date; when an export brings its URL, both become the URL-keyed article. The
    number of articles merged (nearly always none: then nothing else runs)."""
    con.execute(sql_file("load/merge_title_keyed.sql"))
    merged = con.execute("select count(*) from title_key_merges").fetchall()[0][0]
    if merged:
        run_script(con, sql_file("load/merge_title_keyed_apply.sql"), {"ingest_id": ingest_id})
    return merged
