"""`sorot undo INGEST_ID`: take one ingest back, in one transaction, so that every report is
again what it was before that file came in (issue #17).

A load keeps what it removes or overwrites (migration 004: replaced_snapshots,
renamed_snapshots, replaced_authors); the undo deletes the ingest's snapshots, rejects and
warnings, puts the kept rows back, recomputes the articles and their tags from the snapshots
for the touched articles, and rebuilds the marts. The ingest's row stays in the history,
marked undone (when, by whom, from where), and the same file may be loaded again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from etl.db import outlets
from etl.db.compiler import run_script, sql_file
from etl.db.marts import refresh_marts
from etl.errors import NothingToUndo, UndoRefused
from etl.ingest.load import pause_for_crash_test
from etl.newsroom.access import Caller, require, undo_action


@dataclass(frozen=True)
class UndoResult:
    ingest_id: int
    file_name: str
    rows_removed: int        # the ingest's own snapshot rows, deleted
    rows_restored: int       # the snapshot rows it had replaced, back in place

    def sentence(self) -> str:
        restored = f"; {self.rows_restored:,} replaced rows are back" if self.rows_restored else ""
        return (f"Undid ingest {self.ingest_id} ({self.file_name}): removed {self.rows_removed:,} "
                f"snapshot rows{restored}.")


def undo_ingest(con: duckdb.DuckDBPyConnection, ingest_id: int, caller: Caller) -> UndoResult:
    """Undo ingest `ingest_id` on a write connection. Refused with one sentence: an unknown or
    already undone ingest (NothingToUndo), a caller whose role does not allow it (NotAllowed:
    undo_own for their own ingest, undo_any for another's), an ingest a later one in force
    built on (UndoRefused, naming the later one to undo first). The ingest is looked up in
    every outlet; the undo runs in the outlet that holds it."""
    owner = outlets.holding_ingest(con, ingest_id)
    if owner is not None:
        outlets.use(con, owner)
    try:
        return _undo_in_outlet(con, ingest_id, caller)
    finally:
        outlets.use_default(con)


def _undo_in_outlet(con: duckdb.DuckDBPyConnection, ingest_id: int, caller: Caller) -> UndoResult:
    row = con.execute(
        "select file_name, ingested_by, undone_at, undone_by, rows_replaced from ingests where ingest_id = ?",
        [ingest_id]).fetchall()
    if not row:
        raise NothingToUndo(f"There is no ingest {ingest_id}; `sorot history` lists the ingests and their ids.")
    file_name, ingested_by, undone_at, undone_by, rows_replaced = row[0]
    if undone_at is not None:
        raise NothingToUndo(f"Ingest {ingest_id} ({file_name}) was already undone on {undone_at:%Y-%m-%d %H:%M} "
                            f"UTC by {undone_by}; there is nothing left to undo.")
    require(caller, undo_action(caller, ingested_by))
    if rows_replaced is None:   # made before migration 004: what it replaced was not kept
        raise UndoRefused(f"Ingest {ingest_id} ({file_name}) was loaded before Sorot kept the rows an ingest "
                          "replaces, so it cannot be undone; load a corrected file instead (it replaces "
                          "the rows of the same articles and dates).", ingest_id, file_name)
    later = con.execute(sql_file("undo/built_on.sql"), {"ingest_id": ingest_id}).fetchall()
    if later:
        later_id, later_file = later[0]
        raise UndoRefused(f"Ingest {later_id} ({later_file}) was loaded later and builds on the rows of ingest "
                          f"{ingest_id} ({file_name}); undo ingest {later_id} ({later_file}) first.",
                          later_id, later_file)
    params = {"ingest_id": ingest_id}
    con.execute("begin transaction")
    try:
        removed, restored = con.execute(
            "select (select count(*) from snapshots where ingest_id = $ingest_id), "
            "(select count(*) from replaced_snapshots where replaced_by_ingest_id = $ingest_id)",
            params).fetchall()[0]
        run_script(con, sql_file("undo/restore_snapshots.sql"), params)
        con.execute(sql_file("load/latest_from_snapshots.sql"))
        con.execute(sql_file("load/write_article_metadata.sql"))
        con.execute(sql_file("load/author_spellings.sql"))
        run_script(con, sql_file("undo/restore_authors.sql"), params)
        pause_for_crash_test("transaction")
        # A full rebuild: an undo can move an article's latest snapshot back before every
        # period the incremental refresh would look at (docs/decisions.md, "Undo").
        refresh_marts(con, None)
        con.execute(
            "update ingests set undone_at = ?, undone_by = ?, undone_from = ? where ingest_id = ?",
            [datetime.now(timezone.utc).replace(tzinfo=None), caller.email, caller.origin, ingest_id])
        con.execute("commit")
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass
        raise
    pause_for_crash_test("committed")
    return UndoResult(ingest_id, file_name, removed, restored)
