"""The inbox (`sorot watch INBOX`): a shared folder the CMS or a colleague drops exports into;
each new file is loaded through the front door (etl.ingest.files, the same code and history
as `sorot ingest` and the dashboard's upload page) and then filed:

    INBOX/dimuat/NAME           loaded (or already loaded: the same bytes came before)
    INBOX/dimuat/NAME.laporan.txt   its ingest report, the lines `sorot ingest` prints
    INBOX/ditolak/NAME          refused, with NAME.laporan.txt saying why

A file is taken only once it has stopped growing (its size and modification time the same
over `settle` seconds: a copy over the network arrives in pieces). It is moved only after its
transaction committed, so a run killed in the middle leaves it in the inbox; the next run
finds its bytes already stored (the `ingests` table keeps every file's content hash) and
just files it. Nothing here prints: the CLI says what happened (`on_filed`, `on_problem`).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etl.errors import Interrupted, SorotError
from etl.ingest.files import EXPORT_SUFFIXES, IngestReport, ingest_batch, ingest_file
from etl.ingest.saved_pages import PAGE_SUFFIXES, ingest_page, is_saved_page
from etl.newsroom.access import Caller, shell_caller
from etl.newsroom.cells import date_from_filename

LOADED_FOLDER = "dimuat"
REFUSED_FOLDER = "ditolak"
REPORT_SUFFIX = ".laporan.txt"
INBOX_SUFFIXES = EXPORT_SUFFIXES | PAGE_SUFFIXES
# Hidden files, Office's lock files (~$name.xlsx) and a copy in progress under a temporary
# name are not exports yet.
IGNORED_PREFIXES = (".", "~$")


@dataclass(frozen=True)
class Filed:
    """One file of the inbox after its ingest: where it went and where its report is."""
    report: IngestReport
    moved_to: Path | None          # None: it could not be moved (problem says why)
    report_file: Path | None
    problem: str = ""


@dataclass
class InboxPass:
    """One look at the inbox: what was filed, and the names still being written."""
    filed: list[Filed] = field(default_factory=list)
    growing: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> bool:
        return any(f.report.status == "loaded" for f in self.filed)

    @property
    def refused(self) -> list[Filed]:
        return [f for f in self.filed if f.report.status == "refused"]

    @property
    def not_filed(self) -> list[Filed]:
        return [f for f in self.filed if f.moved_to is None]


def watch_caller() -> Caller:
    """The shell user, as for `sorot ingest`, with "watch on HOST" as the origin."""
    return shell_caller(via="watch")


def candidates(inbox: Path) -> list[Path]:
    """The exports lying in the inbox itself (not in dimuat/ or ditolak/)."""
    return [p for p in inbox.iterdir()
            if p.is_file() and p.suffix.lower() in INBOX_SUFFIXES and not p.name.startswith(IGNORED_PREFIXES)]


def file_state(path: Path) -> tuple[int, int] | None:
    """Size and modification time; None when the file went away meanwhile."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns


def settled(inbox: Path, settle: float, sleep: Callable[[float], None] = time.sleep) -> tuple[list[Path], list[Path]]:
    """(files that did not change over `settle` seconds, files that did), in inbox order.
    A file that appears during the wait is seen on the next look."""
    before = {path: file_state(path) for path in candidates(inbox)}
    if not before:
        return [], []
    sleep(settle)
    stable, growing = [], []
    for path, state in before.items():
        now = file_state(path)
        if now is None:
            continue
        (stable if now == state else growing).append(path)
    return sorted(stable, key=inbox_order), sorted(growing, key=inbox_order)


def inbox_order(path: Path) -> tuple[date, int, str]:
    """Oldest snapshot first by the date in the file name (as `sorot ingest FOLDER`);
    files whose date is only inside them come after, in the order they arrived (modification
    time), then by name. docs/decisions.md (issue #22) says why that is enough."""
    named = date_from_filename(path.name)
    if named is not None:
        return named, 0, path.name
    state = file_state(path)
    return date.max, state[1] if state else 0, path.name


def free_target(folder: Path, name: str) -> Path:
    """`folder/name`, or `name (2)`, `(3)`… before the suffix when that name (or its report)
    is taken: a file dropped again keeps both copies."""
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 1
    while True:
        candidate = folder / (name if number == 1 else f"{stem} ({number}){suffix}")
        if not candidate.exists() and not report_path(candidate).exists():
            return candidate
        number += 1


def report_path(filed: Path) -> Path:
    return filed.with_name(filed.name + REPORT_SUFFIX)


def file_away(inbox: Path, path: Path, report: IngestReport, report_text: str) -> Filed:
    """Move a file whose ingest has ended (committed, or refused) into dimuat/ or ditolak/,
    its report beside it. The report is written first (whole, by rename): a stop between the
    two leaves the file in the inbox, and the next run files it again, never loses it."""
    folder = inbox / (REFUSED_FOLDER if report.status == "refused" else LOADED_FOLDER)
    try:
        folder.mkdir(exist_ok=True)
        target = free_target(folder, path.name)
        written = report_path(target)
        partial = written.with_name("." + written.name + ".part")
        partial.write_text(report_text.rstrip("\n") + "\n", encoding="utf-8")
        os.replace(partial, written)
        os.replace(path, target)
    except OSError as problem:
        return Filed(report, None, None,
                     f"{path.name} could not be moved into {folder.name}/ ({problem.strerror or problem}); "
                     "let Sorot write to the inbox folder; the next run files it (its rows are "
                     + ("not stored)." if report.status == "refused" else "stored once, whatever happens)."))
    return Filed(report, target, written)


def ingest_inbox_file(con, path: Path, caller: Caller, outlet: str | None = None) -> IngestReport:
    """One file through the front door: a saved article page or an export; into `outlet`,
    or the one the file names (etl.ingest.outlet_choice)."""
    if is_saved_page(path):
        return ingest_page(con, path, caller=caller, outlet=outlet)
    return ingest_file(con, path, caller=caller, outlet=outlet)


def inbox_pass(
    db_path: Path,
    inbox: Path,
    *,
    report_text: Callable[[IngestReport], str],
    settle: float,
    caller: Caller | None = None,
    outlet: str | None = None,
    on_filed: Callable[[Filed], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> InboxPass:
    """Look at the inbox once: every file that has stopped growing is ingested (one
    transaction each, one write connection for all, opened only when there is something to
    load) and filed. A failure that is not a file's fault (a full disk, a database busy for
    too long) ends the pass with its sentence (SorotError); the files not yet loaded stay."""
    caller = caller or watch_caller()
    stable, growing = settled(inbox, settle, sleep)
    done = InboxPass(growing=[p.name for p in growing])
    if not stable:
        return done

    def ingest_and_file(con, path: Path) -> IngestReport:
        report = ingest_inbox_file(con, path, caller, outlet)
        filed = file_away(inbox, path, report, report_text(report))
        done.filed.append(filed)
        if on_filed:
            on_filed(filed)
        return report

    ingest_batch(db_path, stable, ingest_and_file, on_wait=on_wait)
    return done


def watch(
    db_path: Path,
    inbox: Path,
    *,
    report_text: Callable[[IngestReport], str],
    once: bool,
    settle: float = 5.0,
    interval: float = 60.0,
    max_wait: float = 600.0,
    caller: Caller | None = None,
    outlet: str | None = None,
    on_filed: Callable[[Filed], None] | None = None,
    on_pass: Callable[[InboxPass], None] | None = None,
    on_problem: Callable[[str], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[InboxPass]:
    """`once`: look until nothing in the inbox is still being written (a file still growing
    is waited for, `max_wait` seconds at most, then left for the next run) and return the
    passes. Otherwise look every `interval` seconds, forever: a failure of one pass (the
    database busy, say) is told to `on_problem` and the next pass tries again; Ctrl+C
    (Interrupted) ends it."""
    caller = caller or watch_caller()
    started = clock()
    passes: list[InboxPass] = []
    while True:
        try:
            done = inbox_pass(db_path, inbox, report_text=report_text, settle=settle, caller=caller, outlet=outlet,
                              on_filed=on_filed, on_wait=on_wait, sleep=sleep)
        except Interrupted:
            raise
        except SorotError as problem:
            if once:
                raise
            if on_problem:
                on_problem(str(problem))
        else:
            passes.append(done)
            if on_pass:
                on_pass(done)
            if once and (not done.growing or clock() - started >= max_wait):
                return passes
        if not once:
            sleep(interval)
