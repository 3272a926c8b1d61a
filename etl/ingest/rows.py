"""From text rows to snapshot records: parse every value, reject what cannot be trusted.

A row either becomes a `SnapshotRecord` or a `RowProblem` (rejected or duplicate) carrying
its line, raw text and reason — nothing is dropped silently (SPEC §1).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from etl.errors import RefusedFile
from etl.ingest.read import RawExport, RawRow
from etl.newsroom.cells import (
    CONTROL_CHARACTERS,
    MAX_TITLE_CHARS,
    MAX_VIEWS,
    canonical_url,
    clean_text,
    control_characters,
    date_from_filename,
    has_control_characters,
    parse_date,
    parse_published,
    parse_views,
    split_byline,
    wib_date,
)
from etl.newsroom.regions import regions_for

REQUIRED = ("title", "published_at", "author", "views")
ALIASES_HINT = {
    "url": "url, link, tautan or 'url artikel' (or an id column)",
    "title": "title, judul or headline",
    "published_at": "published_at, tanggal, 'tanggal terbit', 'waktu terbit', 'publish date' or date",
    "author": "author, penulis, reporter, pewarta, wartawan or byline",
    "views": "views, dilihat, dibaca, pembaca, pageviews, hits or 'jumlah dilihat'",
}


# A warning about a file that did not stop a row loading: (line, message, article key or None).
Note = tuple[int | None, str, str | None]


@dataclass
class SnapshotRecord:
    article_id: str
    snapshot_date: date
    views: int
    url: str | None
    title: str
    published_at: datetime      # naive UTC
    published_date: date        # WIB
    category: str | None
    photographer: str | None
    authors: list[str]
    regions: list[str]
    line_number: int


@dataclass
class RowProblem:
    line_number: int
    raw_text: str
    reason: str
    kind: str = "rejected"      # rejected | duplicate


@dataclass
class NormalizedExport:
    records: list[SnapshotRecord]
    problems: list[RowProblem]
    snapshot_date: date                 # the most common one: what the file is "for"
    snapshot_date_source: str
    rows_read: int
    unknown_columns: list[str] = field(default_factory=list)
    # Set by the fast path, which leaves its rows in DuckDB's temp table `staged`
    # instead of in `records`.
    staged_rows: int | None = None
    first_snapshot_date: date | None = None
    # The warnings the rows carry themselves (control characters replaced), stored by load().
    notes: list[Note] = field(default_factory=list)

    @property
    def record_count(self) -> int:
        return self.staged_rows if self.staged_rows is not None else len(self.records)

    @property
    def earliest_snapshot_date(self) -> date:
        if self.first_snapshot_date is not None:
            return self.first_snapshot_date
        return min(r.snapshot_date for r in self.records)

    @property
    def rejected(self) -> list[RowProblem]:
        return [p for p in self.problems if p.kind == "rejected"]

    @property
    def duplicates(self) -> list[RowProblem]:
        return [p for p in self.problems if p.kind == "duplicate"]


def check_columns(export: RawExport) -> None:
    name = export.path.name
    missing = [c for c in REQUIRED if c not in export.columns]
    if "url" not in export.columns and "article_id" not in export.columns:
        missing.insert(0, "url")
    if missing:
        col = missing[0]
        found = ", ".join(h.strip() for h in export.header if h.strip()) or "nothing"
        raise RefusedFile(
            f"{name} lacks the required column '{col}' (accepted names: {ALIASES_HINT[col]}); "
            f"its header has: {found}. Rename the column and ingest the file again."
        )


def file_snapshot_date(file_name: str, as_of: date | None) -> tuple[date | None, str]:
    """The date that fills rows without a snapshot_date value, and where it came from:
    --as-of, else the file name; (None, "") when neither gives one. Exports and saved pages
    both take their date here (each refuses a file without one in its own words)."""
    if as_of is not None:
        return as_of, "--as-of"
    from_name = date_from_filename(file_name)
    if from_name is not None:
        return from_name, "file name"
    return None, ""


def row_snapshot_date(
    cell_text: str, fallback_date: date | None, fallback_source: str, file_name: str
) -> tuple[date, str]:
    """A row's snapshot date and where it came from: its own cell, else the file's."""
    if cell_text:
        return parse_date(cell_text), "column"
    if fallback_date is not None:
        return fallback_date, fallback_source
    raise RefusedFile(
        f"{file_name} has no snapshot date: add a 'snapshot_date' column, "
        "put the date in the file name (e.g. export-2024-11-10.csv) or pass --as-of 2024-11-10."
    )


def normalize(
    export: RawExport,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> NormalizedExport:
    check_columns(export)
    fallback_date, fallback_source = file_snapshot_date(export.path.name, as_of)
    col = export.columns
    width = len(export.header)

    def cell(row: RawRow, name: str) -> str:
        index = col.get(name)
        if index is None or index >= len(row.fields):
            return ""
        return row.fields[index].strip()

    records: list[SnapshotRecord] = []
    problems: list[RowProblem] = []
    notes: list[Note] = []
    sources: Counter[str] = Counter()
    total = len(export.rows)
    for done, row in enumerate(export.rows):
        if progress is not None and done % 20_000 == 0:
            progress(done, total)
        cleaned = clean_row(row, col)
        try:
            if len(row.fields) < width or any(f.strip() for f in row.fields[width:]):
                raise ValueError(
                    f"row has {len(row.fields)} fields but the header has {width}; "
                    "a delimiter or quote is probably missing"
                )
            snapshot, source = row_snapshot_date(
                cell(row, "snapshot_date"), fallback_date, fallback_source, export.path.name
            )
            records.append(snapshot_record(row, cell, snapshot))
            sources[source] += 1
            if cleaned:
                notes.append((row.line_number, cleaned, records[-1].article_id))
        except ValueError as problem:
            problems.append(RowProblem(row.line_number, export.raw_text(row), str(problem)))

    if progress is not None:
        progress(total, total)
    rows_by_line = {row.line_number: row for row in export.rows}
    records, duplicates = drop_duplicates(records, lambda line: export.raw_text(rows_by_line[line]))
    problems.extend(duplicates)
    problems.sort(key=lambda p: p.line_number)
    if not records:
        raise RefusedFile(_no_usable_rows(export, problems))
    dates = Counter(r.snapshot_date for r in records)
    return NormalizedExport(
        records=records,
        problems=problems,
        snapshot_date=dates.most_common(1)[0][0],
        snapshot_date_source=" and ".join(sorted(sources)),
        rows_read=len(export.rows),
        unknown_columns=export.unknown_columns,
        notes=notes,
    )


def clean_row(row: RawRow, columns: dict[str, int]) -> str | None:
    """cells.clean_text over the fields Sorot reads (in place, before any is parsed, so a
    reject reason never carries a control character either); the row's warning when one held
    any, else None. The row still loads: a stray character is no reason to lose a story.
    Both paths call this for every row that has one (the fast path flags such rows)."""
    if not has_control_characters("".join(row.fields)):     # nearly every row: one search
        return None
    found: list[str] = []
    codes: set[str] = set()
    for name, index in columns.items():
        if index < len(row.fields) and CONTROL_CHARACTERS.search(row.fields[index]):
            found.append(name)
            codes.update(control_characters(row.fields[index]))
            row.fields[index] = clean_text(row.fields[index])
    if not found:
        return None
    return cleaned_warning(", ".join(sorted(found)), sorted(codes))


def cleaned_warning(where: str, codes: list[str]) -> str:
    """The warning of a row (or a saved page's line) whose control characters were replaced."""
    shown = ", ".join(codes[:5]) + (", …" if len(codes) > 5 else "")
    return f"control characters ({shown}) in {where} were replaced by spaces"
def quoted_cell(text: str) -> str:
    """A cell as a reason quotes it: a cell can be megabytes now that no field limit stops
    it, so past 100 characters the reason shows the start (the row's raw text keeps it all)."""
    return text if len(text) <= 100 else f"{text[:100]}… ({len(text):,} characters)"


def row_views(text: str) -> int:
    """parse_views, refusing with the sentence a rejected row carries."""
    try:
        views = parse_views(text)
    except ValueError:
        if not (text.isdigit() and text.isascii()):
            raise ValueError(f"views '{quoted_cell(text)}' is not a whole number") from None
        views = None   # only int()'s limit of 4,300 digits stops a plain digit run
    if views is None or views > MAX_VIEWS:
        raise ValueError(f"views '{quoted_cell(text)}' is more than {MAX_VIEWS:,} (10^12), which no article "
                         "reaches; check the export's views column")
    return views


def row_published(text: str) -> datetime:
    """parse_published, refusing with the sentence a rejected row carries."""
    try:
        return parse_published(text)
    except ValueError:
        raise ValueError(f"publish date '{quoted_cell(text)}' is not a date Sorot can read") from None


def stored_link(url_text: str) -> tuple[str | None, str | None]:
    """(canonical address, link as shown): the link is the canonical address (no tracking
    query) with the source's scheme; (None, None) without a URL."""
    canonical = canonical_url(url_text) if url_text else None
    if canonical is None:
        return None, None
    return canonical, f"{'http' if url_text.lower().startswith('http:') else 'https'}://{canonical}"


def snapshot_record(row: RawRow, cell: Callable[[RawRow, str], str], snapshot: date) -> SnapshotRecord:
    """One row as a snapshot, or ValueError with the reason the row is rejected.
    `cell(row, canonical_column)` gives a cell's text ('' when the file has no such column).
    The fast path hands every row its SQL could not parse to this function, so the two
    paths store and reject alike."""
    title = " ".join(cell(row, "title").split())
    if not title:
        raise ValueError("title is empty")
    if len(title) > MAX_TITLE_CHARS:
        raise ValueError(f"title is {len(title):,} characters long, more than the {MAX_TITLE_CHARS:,} a "
                         "headline can have; is an article body or HTML in the title column?")
    canonical, url = stored_link(cell(row, "url"))
    article_id = cell(row, "article_id") or canonical
    if not article_id:
        raise ValueError("no URL (and no article id) to identify the article")
    views = row_views(cell(row, "views"))
    published_text = cell(row, "published_at")
    if not published_text:
        raise ValueError("publish date is empty")
    published = row_published(published_text)
    return SnapshotRecord(
        article_id=article_id,
        snapshot_date=snapshot,
        views=views,
        url=url,
        title=title,
        published_at=published.replace(tzinfo=None),
        published_date=wib_date(published),
        category=cell(row, "category") or None,
        photographer=" ".join(cell(row, "photographer").split()) or None,
        authors=split_byline(cell(row, "author")),
        regions=regions_for(
            cell(row, "region"), title, cell(row, "summary"), cell(row, "body"), cell(row, "tags")
        ),
        line_number=row.line_number,
    )


def duplicate_reason(kept_line: int) -> str:
    """The reason a duplicate row carries, on every path (CSV, fast path, saved page)."""
    return f"duplicate of the same article on line {kept_line}, which has the most views and was kept"


def drop_duplicates(
    records: list[SnapshotRecord], raw_text: Callable[[int], str]
) -> tuple[list[SnapshotRecord], list[RowProblem]]:
    """The same article twice in one file (SPEC §1): of the rows with one (article,
    snapshot date), the one with the most views is kept (the first of equals), in file
    order; each other row becomes a duplicate naming the kept line. `raw_text(line)` is a
    row's text as the file has it. fast_path.drop_staged_duplicates is this rule in SQL."""
    best: dict[tuple[str, date], SnapshotRecord] = {}
    losers: list[tuple[SnapshotRecord, tuple[str, date]]] = []
    for record in records:
        key = (record.article_id, record.snapshot_date)
        kept = best.get(key)
        if kept is None:
            best[key] = record
        elif record.views > kept.views:
            best[key] = record
            losers.append((kept, key))
        else:
            losers.append((record, key))
    if not losers:
        return records, []
    problems = [
        RowProblem(loser.line_number, raw_text(loser.line_number),
                   duplicate_reason(best[key].line_number), kind="duplicate")
        for loser, key in losers
    ]
    kept_lines = {r.line_number for r in best.values()}
    return [r for r in records if r.line_number in kept_lines], problems


def _no_usable_rows(export: RawExport, problems: list[RowProblem]) -> str:
    name = export.path.name
    if not export.rows:
        return f"{name} has a header but no rows; export the articles again from the CMS."
    first = problems[0]
    return (
        f"{name} has no usable row: all {len(export.rows)} rows were rejected "
        f"(line {first.line_number}: {first.reason}); fix the export and ingest it again."
    )
