"""Errors that end a command with one clear sentence (no traceback)."""


class SorotError(Exception):
    """Base: the message is a complete sentence saying what is wrong and how to fix it."""


class RefusedFile(SorotError):
    """The whole file is refused; nothing of it is stored."""


class DatabaseBusy(SorotError):
    """Another process holds the database file for longer than we are willing to wait."""


class DatabaseNeedsUpgrade(SorotError):
    """A reader met a database an older Sorot made; only a writer may bring it forward."""


class StorageFull(SorotError):
    """The disk holding the database ran out of space; the file being loaded was not stored."""


class NoWriteAccess(SorotError):
    """The database (or its folder) may not be written: permission denied or a read-only disk."""


class NotADatabase(SorotError):
    """The database path holds something DuckDB cannot read: a damaged or a foreign file."""


class Interrupted(SorotError):
    """Ctrl+C (or SIGINT) stopped an ingest; the sentence says which files were stored."""


class NotAllowed(SorotError):
    """The caller's role does not allow what was asked (etl.newsroom.access)."""


class UndoRefused(SorotError):
    """An undo that would break a later ingest built on the one to undo (exit 1); names it."""

    def __init__(self, message: str, later_id: int, later_file: str) -> None:
        super().__init__(message)
        self.later_id, self.later_file = later_id, later_file

    def __reduce__(self):   # the dashboard's undo comes back from a child process, pickled
        return type(self), (str(self), self.later_id, self.later_file)


class NothingToUndo(SorotError):
    """An undo of an unknown or an already undone ingest (exit 2: the id was wrong)."""
