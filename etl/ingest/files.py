"""Ingest: files in, one report per file out. The CLI and the dashboard's upload page both
call `ingest_file` / `ingest_paths`; neither prints or renders anything here."""
from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from etl.db import outlets
from etl.db.connect import connect, give_back_space, storage_error
from etl.errors import Interrupted, RefusedFile, SorotError, StorageFull
from etl.ingest import fast_path, undo
from etl.ingest.load import LoadResult, Replacement, already_loaded, load
from etl.ingest.outlet_choice import choose_outlet
from etl.ingest.read import ExportText, open_export, read_export, shown_name, split_rows
from etl.ingest.rows import NormalizedExport, RowProblem, file_snapshot_date, normalize
from etl.ingest.undo import UndoResult
from etl.newsroom.access import Caller, require, shell_caller
from etl.newsroom.cells import date_from_filename

EXPORT_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}
log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    file_name: str
    status: str                           # loaded | unchanged | refused | held
    message: str = ""                     # the one sentence for refused / unchanged files
    snapshot_date: date | None = None
    snapshot_date_source: str = ""
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""                       # a workbook's sheet that was read ("" for a text export)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_rejected: int = 0
    rows_replaced: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    # What the file replaces (or, held, would replace) of stored snapshot dates.
    replacements: list[Replacement] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != "refused"


@dataclass
class Preview:
    """What the upload page shows before ingesting: what Sorot detected in the file."""
    file_name: str
    encoding: str
    delimiter: str
    columns: dict[str, str]               # header as written -> canonical column
    unknown_columns: list[str]
    rows: int
    snapshot_date: date | None
    snapshot_date_source: str
    sheet: str = ""                       # a workbook's sheet that was read ("" for a text export)

    @property
    def has_snapshot_date(self) -> bool:
        """The load's rule (rows.file_snapshot_date and the column): the rows' own
        snapshot_date column, else the date of the file name or --as-of. False means the
        file will be refused for want of one."""
        return self.snapshot_date is not None or "snapshot_date" in self.columns.values()


def preview(path: Path, data: bytes | None = None, as_of: date | None = None) -> Preview:
    if shown_name(path.name) != path.name:
        data, path = (path.read_bytes() if data is None else data), path.with_name(shown_name(path.name))
    raw = read_export(path, data)
    snapshot, source = file_snapshot_date(raw.path.name, as_of)
    if "snapshot_date" in raw.columns:
        source = "column" + (f", else {source}" if source else "")
    return Preview(
        file_name=path.name,
        encoding=raw.encoding,
        delimiter=raw.delimiter_name,
        columns={raw.header[i].strip(): name for name, i in raw.columns.items()},
        unknown_columns=raw.unknown_columns,
        rows=len(raw.rows),
        snapshot_date=snapshot,
        snapshot_date_source=source,
        sheet=raw.sheet,
    )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders give every export inside, oldest snapshot first (by the
    date in the file name; files without one come last, by name)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES]
            found.extend(sorted(inside, key=snapshot_order))
        else:
            found.append(path)
    return found


def snapshot_order(path: Path) -> tuple[date, str]:
    return date_from_filename(path.name) or date.max, path.name


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    data: bytes | None = None,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    replace: bool = True,
    caller: Caller | None = None,
    outlet: str | None = None,
) -> IngestReport:
    """Read, normalise and load one export, into `outlet` or the one the file names
    (etl.ingest.outlet_choice). Never raises for bad input: a refused file
    comes back as a report with status 'refused' and its sentence. With replace=False a
    file that would replace stored rows is not stored: it comes back 'held', saying what
    it would replace (the dashboard asks first). `caller` (default: the shell user, as for
    the CLI) must have the editor role: NotAllowed otherwise, before anything is read."""
    caller = caller or shell_caller()
    require(caller, "upload")
    name = shown_name(path.name)
    try:
        if data is None and not path.exists():
            raise RefusedFile(f"{shown_name(str(path))} does not exist; check the path and try again.")
        if data is None and path.is_dir():
            raise RefusedFile(f"{shown_name(str(path))} is a folder; pass it to `sorot ingest` to load "
                              "every export inside.")
        if name != path.name:   # read it by its real name, name it as shown from here on
            data, path = (path.read_bytes() if data is None else data), path.with_name(name)
        raw = open_export(path, data)
        seen = _seen_before(con, raw, as_of, outlet)
        if seen is not None:
            return _unchanged(name, raw, seen)
        export = _normalize(con, raw, as_of, on_disk=data is None, progress=progress)
        try:
            choice = choose_outlet(con, name, export, raw, outlet)
        except RefusedFile:
            fast_path.drop(con, staged=True)
            raise
        if export.staged_rows is not None:
            _fill_title_keys_of(con, choice.name)
    except RefusedFile as refused:
        return IngestReport(name, "refused", str(refused))
    result = load(
        con,
        export,
        file_name=name,
        content_hash=raw.content_hash,
        encoding=raw.encoding,
        delimiter=raw.delimiter_name,
        replace=replace,
        caller=caller,
        file_size_bytes=raw.size_bytes,
        outlet=choice,
    )
    return report_of_load(name, raw, export, result)


def _fill_title_keys_of(con, outlet_name: str) -> None:
    """The fast path's rows get the title keys of the articles a saved page left in their
    outlet (a new outlet has none)."""
    target = outlets.find(con, outlet_name)
    if target is None:
        return
    outlets.use(con, target)
    try:
        fast_path.fill_title_keys(con)
    finally:
        outlets.use_default(con)


def _normalize(con, raw: ExportText, as_of, *, on_disk: bool, progress) -> NormalizedExport:
    """Large regular files take the SQL fast path; everything else, and anything the fast
    path declines, is split and parsed row by row in Python."""
    try:
        export = fast_path.stage(con, raw, as_of, on_disk=on_disk, progress=progress)
    except BaseException:
        fast_path.drop(con, staged=True)
        raise
    if export is not None:
        return export
    return normalize(split_rows(raw), as_of, progress=progress)


def _seen_before(con, raw: ExportText, as_of, outlet: str | None) -> datetime | None:
    """The same bytes for the same snapshot date were loaded before (into `outlet`, or into
    any outlet when none is asked for): skip the parsing."""
    if "snapshot_date" in raw.columns:
        return None   # the dates are in the rows; load() checks after parsing
    snapshot, _source = file_snapshot_date(raw.path.name, as_of)
    if snapshot is None:
        return None
    chosen = outlets.find(con, outlet) if outlet else None
    if outlet and chosen is None:
        return None
    try:
        for each in [chosen] if chosen else outlets.all_outlets(con):
            outlets.use(con, each)
            seen = already_loaded(con, raw.content_hash, snapshot)
            if seen is not None:
                return seen
        return None
    finally:
        outlets.use_default(con)


def _unchanged(name: str, raw: ExportText, seen: datetime) -> IngestReport:
    return IngestReport(
        file_name=name,
        status="unchanged",
        message=(
            f"{name} was already ingested ({seen:%Y-%m-%d %H:%M} UTC) with the same content "
            "and snapshot date; nothing changed."
        ),
        encoding=raw.encoding,
        delimiter=raw.delimiter_name,
        sheet=raw.sheet,
    )


def report_of_load(name: str, raw: ExportText, export: NormalizedExport, result: LoadResult) -> IngestReport:
    report = IngestReport(
        file_name=name,
        status="loaded",
        snapshot_date=export.snapshot_date,
        snapshot_date_source=export.snapshot_date_source,
        encoding=raw.encoding,
        delimiter=raw.delimiter_name,
        sheet=raw.sheet,
        rows_read=export.rows_read,
        rows_loaded=export.record_count,
        rows_duplicate=len(export.duplicates),
        rows_rejected=len(export.rejected),
        rows_replaced=result.rows_replaced,
        problems=export.problems,
        warnings=result.warnings,
        unknown_columns=export.unknown_columns,
        replacements=result.replacements,
    )
    if result.held:
        report.status = "held"
        report.rows_loaded = 0
        report.message = (f"{name} was not loaded: it would replace {result.rows_replaced:,} stored "
                          "rows; confirm to load it.")
        return report
    if result.ingest_id is None:
        return _unchanged(name, raw, result.unchanged_since)
    return report


def ingest_paths(
    db_path: Path,
    paths: Iterable[Path],
    *,
    as_of: date | None = None,
    on_wait: Callable[[str], None] | None = None,
    on_report: Callable[[IngestReport], None] | None = None,
    progress_for: Callable[[str], Callable[[int, int], None] | None] | None = None,
    caller: Caller | None = None,
    outlet: str | None = None,
) -> list[IngestReport]:
    """Ingest several files with one write connection, closed at the end so that readers
    (the dashboard) get the file back at once; into `outlet`, or each into the one it names."""
    caller = caller or shell_caller()
    require(caller, "upload")
    files = expand_paths(paths)
    if not files:
        raise RefusedFile("No export files found (looked for *.csv, *.tsv and *.txt); check the path.")

    def ingest_one(con, path: Path) -> IngestReport:
        progress = progress_for(path.name) if progress_for else None
        return ingest_file(con, path, as_of=as_of, progress=progress, caller=caller, outlet=outlet)

    return ingest_batch(db_path, files, ingest_one, on_wait=on_wait, on_report=on_report)


def ingest_batch(
    db_path: Path,
    files: list[Path],
    ingest_one: Callable[[duckdb.DuckDBPyConnection, Path], IngestReport],
    *,
    on_wait: Callable[[str], None] | None = None,
    on_report: Callable[[IngestReport], None] | None = None,
) -> list[IngestReport]:
    """Several files through one write connection, closed at the end so that readers
    (the dashboard) get the database back at once. Exports and saved pages both use it."""
    con = connect(db_path, on_wait=on_wait)
    return _each_file(db_path, con, [(path.name, path) for path in files], ingest_one, on_report)


def _each_file(db_path: Path, con, items: list, ingest_one, on_report=None) -> list[IngestReport]:
    """ingest_one(con, item) for each (name, item), one transaction per file, then close.
    A failure that is not the file's fault (a full disk, no write access, Ctrl+C) ends
    the batch with the one sentence of its class, naming what was stored before it."""
    reports: list[IngestReport] = []
    first_new = outlets.last_ingest_id(con) + 1
    current = None
    try:
        for name, item in items:
            current = name
            report = ingest_one(con, item)
            reports.append(report)
            if on_report:
                on_report(report)
        current = None
    except (KeyboardInterrupt, duckdb.InterruptException):
        _close_quietly(con)
        raise Interrupted(_interrupt_sentence(db_path, first_new, current)) from None
    except (duckdb.Error, OSError) as problem:
        _close_quietly(con)
        known = storage_error(problem, db_path) if _about_database(problem, db_path) else None
        if known is None:
            raise
        if isinstance(known, StorageFull):
            give_back_space(db_path)
        stored = [r.file_name for r in reports if r.status == "loaded"]
        raise type(known)(f"{current}: {known}" + (f" Loaded before it: {', '.join(stored)}." if stored else "")) from None
    con.close()
    return reports


def _about_database(problem: BaseException, db_path: Path) -> bool:
    """DuckDB's errors are about its file; an OSError may be about the export being read
    (an unreadable export is not "Sorot may not write to the database")."""
    name = getattr(problem, "filename", None)
    return not isinstance(problem, OSError) or name is None or Path(name).name.startswith(db_path.name)


def _close_quietly(con) -> None:
    try:
        con.close()
    except duckdb.Error:
        pass


def _interrupt_sentence(db_path: Path, first_new: int, current: str | None) -> str:
    """What an interrupt left, read back from the file itself (the ingests rows written
    since the batch began): the commit of the file in hand may have completed just before
    the signal, and the sentence must say so rather than promise otherwise."""
    try:
        con = connect(db_path, wait=5)
        try:
            every = outlets.across(con, "select ingest_id, file_name from {schema}.ingests")
            stored = [row[0] for row in con.execute(
                f"select file_name from ({every}) where ingest_id >= ? order by ingest_id", [first_new]).fetchall()]
        finally:
            con.close()
    except (SorotError, duckdb.Error):
        return ("Interrupted; nothing half-written was kept (each file is stored whole or not at "
                "all); run `sorot ingest` again — files already loaded are skipped as unchanged.")
    text = "Interrupted; nothing half-written was kept."
    if stored:
        text += f" Loaded before the interrupt: {', '.join(stored)}."
    if current is not None and current not in stored:
        text += f" {current} was not loaded; run the command again to load it."
    elif not stored:
        text += " Nothing was loaded."
    return text


def ingest_uploads(db_path: Path, uploads: list[tuple[str, bytes]], *, caller: Caller,
                   as_of: date | None = None, replace: bool = True,
                   in_child: bool = True, outlet: str | None = None) -> list[IngestReport]:
    """Load uploaded files (name, bytes) with one write connection, closed at once so
    readers and the CLI get the file back. Each file is its own transaction.

    By default in a child process (run_in_child): DuckDB refuses a read-write and a
    read-only connection to one file inside one process ("different configuration"), so the
    dashboard process only ever reads, and the upload waits for the file lock exactly as a
    `sorot ingest` does. `caller` is the signed-in person; refused (NotAllowed) here, before a
    child starts, without the editor role."""
    require(caller, "upload")
    if in_child:
        return run_in_child("upload", db_path, caller,
                            {"names": [name for name, _data in uploads], "as_of": as_of, "replace": replace,
                             "outlet": outlet},
                            [data for _name, data in uploads])
    con = connect(db_path)
    return _each_file(db_path, con, [(name, (name, data)) for name, data in uploads],
                      lambda con, item: ingest_file(con, Path(item[0]), data=item[1], as_of=as_of,
                                                    replace=replace, caller=caller, outlet=outlet))


def undo_ingest(db_path: Path, ingest_id: int, *, caller: Caller, in_child: bool = False,
                on_wait: Callable[[str], None] | None = None) -> UndoResult:
    """Undo one ingest (etl.ingest.undo) with a write connection of its own, closed at once.
    The dashboard passes in_child=True, as for uploads."""
    if in_child:
        return run_in_child("undo", db_path, caller, {"ingest_id": ingest_id})
    con = connect(db_path, on_wait=on_wait)
    try:
        return undo.undo_ingest(con, ingest_id, caller)
    finally:
        con.close()


def run_in_child(kind: str, db_path: Path, caller: Caller, spec: dict, blobs: list[bytes] = ()):
    """A write job ("upload" or "undo", see run_write_job) in a process of its own
    (etl.ingest.upload_child); its result, or the SorotError that ended it, raised here.
    `blobs` (uploaded files) travel as files next to the job, not inside the pickle."""
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory(prefix=f"sorot-{kind}-") as tmp:
        job = Path(tmp)
        for i, data in enumerate(blobs):
            (job / f"{i}.bin").write_bytes(data)
        (job / "job.pickle").write_bytes(pickle.dumps(
            {**spec, "kind": kind, "db": str(db_path), "caller": caller, "blobs": len(blobs)}))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
        done = subprocess.run([sys.executable, "-m", "etl.ingest.upload_child", str(job)], env=env,
                              capture_output=True, text=True, errors="replace")
        result = job / "result.pickle"
        if not result.exists():
            log.error("the %s process ended with %s without a result:\n%s", kind, done.returncode, done.stderr)
            raise SorotError(f"The {'upload' if kind == 'upload' else 'undo'} stopped unexpectedly; nothing "
                             "half-written was kept. Try again; the server log has the details.")
        outcome = pickle.loads(result.read_bytes())
    if isinstance(outcome, SorotError):
        raise outcome
    return outcome


def run_write_job(job: Path) -> None:
    """The child's half of run_in_child: the job folder in, result.pickle (the result, or
    the SorotError that ended the job) out."""
    spec = pickle.loads((job / "job.pickle").read_bytes())
    db, caller = Path(spec["db"]), spec["caller"]
    try:
        if spec["kind"] == "upload":
            uploads = [(name, (job / f"{i}.bin").read_bytes()) for i, name in enumerate(spec["names"])]
            outcome = ingest_uploads(db, uploads, as_of=spec["as_of"], replace=spec["replace"],
                                     caller=caller, in_child=False, outlet=spec.get("outlet"))
        elif spec["kind"] == "undo":
            outcome = undo_ingest(db, spec["ingest_id"], caller=caller)
        else:
            raise ValueError(f"unknown write job {spec['kind']!r}")
    except SorotError as problem:
        outcome = problem
    (job / "result.pickle").write_bytes(pickle.dumps(outcome))


# The columns of the history (`sorot history`, the upload page).
HISTORY_COLUMNS = ("ingest_id", "file_name", "snapshot_date", "snapshot_date_source", "source_kind",
                   "file_size_bytes", "content_hash", "rows_read", "rows_loaded", "rows_replaced",
                   "rows_duplicate", "rows_rejected", "rows_warned", "ingested_at", "ingested_by",
                   "ingested_from", "undone_at", "undone_by", "undone_from")


def ingest_history(con: duckdb.DuckDBPyConnection, limit: int = 100):
    """The latest `limit` ingests, newest first, undone ones included (marked): who loaded
    what, when and from where, what it changed, and who undid it. With several outlets,
    every outlet's, with an `outlet` column first."""
    chosen = outlets.all_outlets(con)
    if len(chosen) <= 1:
        return con.sql(
            f"select {', '.join(HISTORY_COLUMNS)} from ingests order by ingest_id desc limit {int(limit)}"
        ).pl()
    every = outlets.across(con, f"select {{outlet_id}} as outlet_id, {', '.join(HISTORY_COLUMNS)} "
                                "from {schema}.ingests", chosen)
    return con.sql(
        f"select o.name as outlet, {', '.join('i.' + c for c in HISTORY_COLUMNS)} from ({every}) as i "
        f"join main.outlets as o using (outlet_id) order by i.ingest_id desc limit {int(limit)}"
    ).pl()
