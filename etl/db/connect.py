"""Opening the DuckDB file politely.

A DuckDB file takes one writing process or many reading ones, never both. Writers wait
with bounded retries; readers (reports, the dashboard) open read-only and briefly.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.db.outlets import use_default
from etl.db.schema import Upgrade, require_current, upgrade
from etl.errors import DatabaseBusy, NotADatabase, NoWriteAccess, SorotError, StorageFull

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
    """Open the database, retrying while another process holds the lock. A write connection
    first brings a database made by an older Sorot forward (etl.db.schema.upgrade); a read
    connection never writes, and raises DatabaseNeedsUpgrade on such a database. The
    connection reads the only outlet (or the empty one while there is none); with several,
    the caller points it at one (etl.db.outlets.use)."""
    con = _open(db_path, read_only, wait, on_wait)
    try:
        if read_only:
            require_current(con, db_path)
        else:
            upgrade(con)
        use_default(con)
    except BaseException:
        con.close()
        raise
    return con


def upgrade_database(db_path: Path, *, wait: float | None = None,
                     on_wait: Callable[[str], None] | None = None) -> Upgrade:
    """`sorot upgrade`: bring the database forward through a short write connection."""
    if not db_path.exists():
        raise SorotError(f"There is no Sorot database at {db_path}; load data first with "
                         "`sorot ingest FILE` or `sorot demo`.")
    con = _open(db_path, False, wait, on_wait)
    try:
        return upgrade(con)
    finally:
        con.close()


def _open(db_path: Path, read_only: bool, wait: float | None,
          on_wait: Callable[[str], None] | None) -> duckdb.DuckDBPyConnection:
    wait = lock_wait_seconds() if wait is None else wait
    if read_only and not db_path.exists():
        raise SorotError(
            f"There is no Sorot database at {db_path}; load data first with "
            "`sorot ingest FILE` or `sorot demo`."
        )
    if not read_only:
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise storage_error(err, db_path, opening=True) or SorotError(
                f"Cannot create the folder {db_path.parent}: {err.strerror or err}.") from None
    deadline = time.monotonic() + wait
    delay, told = 0.05, False
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
            break
        except duckdb.Error as err:
            if not _is_lock_error(err):
                raise storage_error(err, db_path, opening=True) or SorotError(
                    f"Cannot open the database {db_path}: {err}") from None
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
    return con


# What the process holds besides DuckDB for a plain 1M-row export (its text, one byte a
# character): DuckDB's limit is set for that. A larger text costs DuckDB the difference.
TEXT_ALLOWANCE_BYTES = 300 * 2**20
SMALLEST_WRITER_LIMIT_BYTES = 256 * 2**20


def fit_writer_memory(con, text_bytes: int) -> None:
    """Give DuckDB less memory while the process holds a large decoded export: Python keeps a
    text that is not all Latin-1 at two bytes a character (a curly quote is enough), which
    took a 274 MB export's peak from 1.33 to 1.65 GiB (issue #16: at most 1.5 GB). What the
    text holds beyond TEXT_ALLOWANCE_BYTES comes off the writer's limit (SOROT_MEMORY_LIMIT,
    1 GB), never below 256 MB; DuckDB spills to disk instead."""
    limit = _bytes(os.environ.get("SOROT_MEMORY_LIMIT", "1GB"))
    if limit is None:
        return
    fitted = max(SMALLEST_WRITER_LIMIT_BYTES, limit - max(0, text_bytes - TEXT_ALLOWANCE_BYTES))
    con.execute(f"set memory_limit = '{min(limit, fitted) // 2**20}MiB'")


def _bytes(setting: str) -> int | None:
    """'1GB', '1.5 GiB', '800MB' as bytes (None for what this does not read)."""
    import re

    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)(i?)b?\s*", setting.lower())
    if match is None:
        return None
    number, unit, binary = match.groups()
    return int(float(number) * (1024 if binary else 1000) ** " kmgt".index(unit or " "))


# What DuckDB (or the OS) says for each failure class that is not a bug in Sorot.
_DISK_FULL = ("No space left on device", "Disk quota exceeded")
_NO_WRITE = ("Permission denied", "Read-only file system", "Operation not permitted")
_NOT_A_DATABASE = ("not a valid DuckDB database file", "database file has been corrupted",
                   "Corrupt database file", "Unsupported database file", "created by a newer version")


def storage_error(err: BaseException, db_path: Path, *, opening: bool = False) -> SorotError | None:
    """The one sentence for a disk-full, no-write-access or not-a-database failure (each its
    own class, so the dashboard can say it in the user's language), None for anything else.
    Each says whether anything was stored: a failed file is never half-written (load.py);
    the caller adds which files were stored before it."""
    text = f"{err} {getattr(err, 'strerror', '') or ''}"
    nothing = "nothing was changed" if opening else "nothing of the failed file was stored"
    if any(s in text for s in _DISK_FULL):
        return StorageFull(f"The disk holding {db_path} is full; {nothing}. Free some space "
                           "(or choose a database on another disk with --db) and try again.")
    if any(s in text for s in _NO_WRITE):
        return NoWriteAccess(f"Sorot may not write to {db_path} (permission denied or a read-only "
                             f"disk); {nothing}. Give this user write access to the file and its "
                             "folder, or choose another database with --db.")
    if any(s in text for s in _NOT_A_DATABASE):
        return NotADatabase(f"{db_path} is not a Sorot database DuckDB can read (a damaged or "
                            f"another kind of file); {nothing}. Point --db (or SOROT_DB) at the "
                            "right file, or restore it from a backup.")
    return None


def give_back_space(db_path: Path) -> None:
    """After a full disk: the failed transaction left the file grown by the blocks it had
    written; a checkpoint on a fresh connection truncates the free blocks at its end, so
    the disk is not left full. Best effort (the disk may be too full even for that)."""
    try:
        con = duckdb.connect(str(db_path))
        try:
            con.execute("checkpoint")
        finally:
            con.close()
    except duckdb.Error:
        pass


@contextmanager
def reading(db_path: Path, **kwargs) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection, closed as soon as the block ends."""
    con = connect(db_path, read_only=True, **kwargs)
    try:
        yield con
    finally:
        con.close()


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
