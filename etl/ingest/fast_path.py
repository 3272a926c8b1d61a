"""The fast path for large, regular exports: DuckDB splits and parses the rows in SQL.

Python's row-by-row parsing reads a few thousand rows a second; a full-archive export has
a million. Here DuckDB's parallel CSV reader splits the file and `parse_export_rows.sql`
parses the plain notations (ISO dates, with or without an offset, and dd/mm/yyyy dates,
2.233 views, http(s) URLs, ASCII titles) of every row at once. Whatever SQL does not recognise is flagged and handed to the
exact Python path (rows.snapshot_record, over the parsers of etl/newsroom/cells.py), and
values that repeat (bylines, region cells,
photographers, categories, snapshot-date cells) are parsed once each in Python, so both paths agree by
construction; tests/test_fast_path.py checks that they do. Plain bylines (ASCII names,
`,`/`dan` between them, no label) are split in SQL (`plain_bylines.sql`), which a property
test holds to split_byline. Titles are matched to regions with patterns built from the
gazetteer's public names (regions.place_names, spelling_regions, context_pairs), the month
and weekday names come from etl/newsroom/calendar.py, and duplicates follow
rows.drop_duplicates with its sentence.

A row with a control character in a cell Sorot reads is flagged too: rows.clean_row cleans
it and gives it its warning, as for every row of the Python path.

The fast path declines (returns None) when line numbers could not be exact: quoted line
breaks, blank lines below the header, or rows DuckDB finds ragged (empty lines above the
header, as a workbook's title rows give, are skipped and counted). Those files take the Python path.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.db.compiler import sql_file
from etl.db.connect import fit_writer_memory
from etl.ingest import columns as arrow
from etl.ingest.read import ExportText, RawRow
from etl.ingest.rows import (
    NormalizedExport,
    RowProblem,
    check_columns,
    clean_row,
    duplicate_reason,
    file_snapshot_date,
    row_snapshot_date,
    snapshot_record,
)
from etl.newsroom import regions as gazetteer
from etl.newsroom.calendar import MONTH_BY_SPELLING, WEEKDAY_BY_SPELLING
from etl.newsroom.cells import (
    DATE_PATTERN_PREFIXES,
    MAX_TITLE_CHARS,
    MAX_VIEWS,
    ZONE_HOURS,
    ZONE_OFFSET,
    control_characters_re2,
    has_control_characters,
    parse_date,
    published_patterns_re2,
    split_byline,
)


def min_rows() -> int:
    """Below this many rows Python is fast enough and SQL's fixed cost is not worth it.
    Tests set SOROT_FAST_PATH_MIN_ROWS=0 to run every fixture through the fast path."""
    return int(os.environ.get("SOROT_FAST_PATH_MIN_ROWS", "1000"))

CELL_COLUMNS = {
    "title": "title", "views": "views", "published": "published_at", "article_id": "article_id",
    "url": "url", "author": "author", "region": "region", "photographer": "photographer",
    "category": "category", "snapshot_text": "snapshot_date",
}
EXTRA_TEXT_COLUMNS = ("summary", "body", "tags")
@cache
def date_rules() -> dict[str, object]:
    """cells.py's date rules as SQL parameters: the patterns, and the names of months,
    weekdays and zones with their numbers."""
    patterns = {f"{prefix}_pattern": pattern
                for prefix, (pattern, _groups) in zip(DATE_PATTERN_PREFIXES, published_patterns_re2(), strict=True)}
    groups = {f"{prefix}_groups": groups
              for prefix, (_pattern, groups) in zip(DATE_PATTERN_PREFIXES, published_patterns_re2(), strict=True)}
    return {
        **patterns,
        **groups,
        "month_spellings": list(MONTH_BY_SPELLING),
        "month_numbers": list(MONTH_BY_SPELLING.values()),
        "weekday_spellings": list(WEEKDAY_BY_SPELLING),
        "weekday_numbers": list(WEEKDAY_BY_SPELLING.values()),   # Monday 0, as isodow() - 1
        "zone_words": list(ZONE_HOURS),
        "zone_hours": list(ZONE_HOURS.values()),
        "zone_offset": ZONE_OFFSET,
    }


def text_classes(text: str) -> dict[str, str]:
    """regions.text_classes_re2 for a text that is not all ASCII (its classes take ~0.3 s to
    build); for an ASCII text, classes that match nothing it holds."""
    if text.isascii():
        return {"space": "[\\x{80}]", "word": "[\\x{80}]", "folds_to_ascii": "[\\x{80}]"}
    return gazetteer.text_classes_re2()


@cache
def region_pattern() -> str:
    """The gazetteer's alternation in RE2 syntax: the same alternatives in the same order,
    with \\b for Python's (?<!\\w)/(?!\\w) and without the context look-arounds (names that
    need context are flagged for the Python path instead)."""
    groups = []
    for region in gazetteer.REGIONS:
        names = gazetteer.place_names(region)
        if names:
            alternatives = sorted((gazetteer.phrase_pattern(n) for n in names), key=len, reverse=True)
            groups.append("|".join(alternatives))
    return r"\b(?:" + "|".join(f"(?:{g})" for g in groups) + r")\b"


@cache
def gazetteer_keys() -> dict[str, list]:
    """The gazetteer's spelling keys as SQL list parameters: key → region index (1-based
    positions into name_regions), and the keys whose meaning needs context (Gunung Tambora,
    Pancoran Mas), which the Python path decides."""
    keys = gazetteer.spelling_regions()
    index = {region: i for i, region in enumerate(gazetteer.REGIONS)}
    context = [gazetteer.name_key(n) for n in gazetteer.context_names()]
    return {
        "name_keys": list(keys),
        "name_regions": [index[r] for r in keys.values()],
        "context_keys": context,
        "context_pattern": context_pattern(),
    }


def context_pattern() -> str:
    """Where a context word touches its name ("Gunung Tambora", "Pancoran Mas"), in RE2
    syntax. Looser than the Python look-arounds (any run of spaces and dashes, no word
    boundary), so every title whose meaning they could change goes to the Python path and a
    title that merely names Tambora or Pancoran stays in SQL."""
    return "|".join(rf"{gazetteer.phrase_pattern(first)}[\s\-]*{gazetteer.phrase_pattern(second)}"
                    for first, second in gazetteer.context_pairs())


def stage(
    con: duckdb.DuckDBPyConnection,
    export: ExportText,
    as_of: date | None,
    *,
    on_disk: bool,
    progress: Callable[[int, int], None] | None = None,
) -> NormalizedExport | None:
    """Parse the export into the temp table `staged`; None when the file should take the
    Python path. `on_disk`: export.path holds exactly the decoded bytes as UTF-8."""
    text = export.text
    # Blank lines above the header (a workbook's title rows, workbook.py) are left out of what
    # DuckDB reads and added back to its line numbers, which stay the file's (the sheet's).
    body, lead = _after_leading_blank_lines(text)
    physical_lines = body.count("\n") + (0 if body.endswith("\n") else 1)
    if physical_lines - 1 < min_rows() or body[:1] in ("\n", "\r"):
        return None
    check_columns(export)
    fallback_date, fallback_source = file_snapshot_date(export.path.name, as_of)
    if progress:
        progress(0, physical_lines - 1)
    fit_writer_memory(con, sys.getsizeof(text))

    temp_path = None
    source = export.path
    if not (on_disk and export.encoding == "UTF-8" and not lead):
        handle = tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False)
        with handle:
            handle.write(body.encode("utf-8"))
        source = temp_path = Path(handle.name)
    try:
        rows = _read_csv(con, source, export)
    finally:
        if temp_path is not None:
            temp_path.unlink(missing_ok=True)
    if rows is None or rows + 1 != physical_lines:
        drop(con)
        return None

    classes = text_classes(text)
    _register_value_maps(con, export, has_control=has_control_characters(text), classes=classes,
                         first_line=lead + 2)
    con.execute(sql_file("load/host_macros.sql"))
    con.execute(
        "create or replace temp table export_parsed as " + sql_file("load/parse_export_rows.sql"),
        {
            "fallback_date": fallback_date,
            "max_views": MAX_VIEWS,
            "max_title_chars": MAX_TITLE_CHARS,
            "region_pattern": region_pattern(),
            "region_names": list(gazetteer.REGIONS),
            **date_rules(),
            **{f"{name}_class": pattern for name, pattern in classes.items()},
            **gazetteer_keys(),
        },
    )
    lines: list[str] | None = None

    def raw_line(number: int) -> str:
        nonlocal lines
        if lines is None:
            lines = text.split("\n")
        return lines[number - 1].rstrip("\r")

    python_stored, problems, sources, notes = _python_rows(con, export, fallback_date, fallback_source, raw_line)
    # where the rows SQL parsed took their date: their own cell, else the file's (counted
    # before duplicates are dropped, as rows.normalize counts them)
    fast_rows, fast_from_column = con.execute(
        "select count(*), count(*) filter (where not sd.is_empty) "
        "from export_parsed as p join export_cells as c using (row_index) "
        "join snapshot_date_map as sd on sd.value = c.snapshot_text where not p.needs_python"
    ).fetchall()[0]
    _build_staged(con, python_stored, every_row_in_sql=not python_stored and not problems)
    problems += drop_staged_duplicates(con, raw_line)
    problems.sort(key=lambda p: p.line_number)
    # the file's date: the most common, the first in the file of equals (as Counter.most_common
    # gives it on the Python path)
    counts = con.execute(
        "select count(*), min(snapshot_date), "
        "(select snapshot_date from staged group by 1 order by count(*) desc, min(line_number) limit 1) "
        "from staged"
    ).fetchall()[0]
    staged_rows, first_date, common_date = counts
    if progress:
        progress(rows, rows)
    if staged_rows == 0:
        drop(con, staged=True)
        return None          # no usable row: let the Python path say why, in its words
    if fast_from_column:
        sources["column"] += fast_from_column
    if fast_rows > fast_from_column:
        sources[fallback_source] += fast_rows - fast_from_column
    drop(con)
    return NormalizedExport(
        records=[],
        problems=problems,
        snapshot_date=common_date,
        snapshot_date_source=" and ".join(sorted(s for s in sources if sources[s])),
        rows_read=rows,
        unknown_columns=export.unknown_columns,
        staged_rows=staged_rows,
        first_snapshot_date=first_date,
        notes=notes,
    )


def _after_leading_blank_lines(text: str) -> tuple[str, int]:
    """The text from its first non-empty line, and how many empty lines came before it."""
    body = text.lstrip("\n")
    lead = len(text) - len(body)
    return body, lead


def _read_csv(con, source: Path, export: ExportText) -> int | None:
    width = len(export.header)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    delimiter = {"\t": "\\t"}.get(export.delimiter, export.delimiter)
    con.execute("drop table if exists sorot_csv_errors")
    con.execute("drop table if exists sorot_csv_scans")
    try:
        con.execute(
            "create or replace temp table export_raw as select * from read_csv($path, "
            f"delim = e'{delimiter}', quote = '\"', escape = '\"', header = true, "
            f"auto_detect = false, columns = {columns}, strict_mode = true, null_padding = false, "
            "store_rejects = true, rejects_table = 'sorot_csv_errors', rejects_scan = 'sorot_csv_scans', "
            "max_line_size = 10000000)",
            {"path": str(source)},
        )
    except duckdb.Error:
        return None
    errors = con.execute("select count(*) from sorot_csv_errors").fetchall()[0][0]
    if errors:
        return None
    return con.execute("select count(*) from export_raw").fetchall()[0][0]


def _cell_sql(export: ExportText, name: str) -> str:
    index = export.columns.get(name)
    return f"coalesce(c{index}, '')" if index is not None else "''"


def _register_value_maps(con, export: ExportText, *, has_control: bool, classes: dict[str, str],
                         first_line: int) -> None:
    """`first_line`: the file's line number of the first row DuckDB read."""
    cells = ",\n    ".join(f"{_cell_sql(export, canonical)} as {alias}" for alias, canonical in CELL_COLUMNS.items())
    # the summary, body and tags cells as infer_regions reads them after the title: stripped,
    # the non-empty ones joined by line breaks (Python strips more than spaces: a cell with
    # other whitespace at an end goes to the Python path)
    present = [_cell_sql(export, c) for c in EXTRA_TEXT_COLUMNS if c in export.columns]
    extra = (f"concat_ws(chr(10), {', '.join(f'nullif(trim({c}), {chr(39) * 2})' for c in present)})"
             if present else "''")
    space = f"[\\s\\x0b]|{classes['space']}"
    extra_odd = " or ".join(f"regexp_matches(trim({c}), '^(?:{space})|(?:{space})$')" for c in present) or "false"
    # A row with a control character in any cell Sorot reads goes to the Python path, which
    # cleans it and warns (rows.clean_row). Most files have none anywhere: one search of the
    # text spares the per-row check.
    control = "false"
    if has_control:
        read = " || ".join(_cell_sql(export, c) for c in (*CELL_COLUMNS.values(), *EXTRA_TEXT_COLUMNS))
        control = f"regexp_matches({read}, '{control_characters_re2()}')"
    con.execute(
        "create or replace temp view export_cells as select rowid as row_index, "
        f"rowid + {first_line} as line_number, {cells}, coalesce({extra}, '') as extra_text, {extra_odd} as extra_needs_python, "
        f"{control} as has_control from export_raw"
    )
    # Plain bylines are split in SQL; the rest, like every other value that repeats across
    # rows, are parsed once each by the Python functions.
    con.execute(sql_file("load/plain_bylines.sql"))
    # table: (the values to parse, output column, its column builder, the Python parser);
    # etl.ingest.columns builds Arrow columns without pa.array, which imports pandas (issue #16)
    maps = {
        "byline_python_map": ("select value from byline_sql where authors is null", "authors",
                              arrow.string_lists, lambda v: split_byline(v.strip())),
        "region_column_map": ("select distinct region from export_cells", "regions", arrow.string_lists,
                              lambda v: gazetteer.regions_from_column(v.strip())),
        "photographer_map": ("select distinct photographer from export_cells", "photographer_clean",
                             arrow.strings, lambda v: " ".join(v.split()) or None),
        "category_map": ("select distinct category from export_cells", "category_clean", arrow.strings,
                         lambda v: v.strip() or None),
        # the same snapshot date is in every row: parsed once per distinct cell
        "snapshot_date_map": ("select distinct snapshot_text from export_cells", "snapshot_cell_date",
                              arrow.dates, _snapshot_cell_date),
    }
    for table, (distinct, out, kind, parse) in maps.items():
        values = [v for (v,) in con.execute(distinct).fetchall()]
        found = {"value": arrow.strings(values), out: kind([parse(v) for v in values])}
        if table == "snapshot_date_map":
            # an empty cell (as rows.py strips it) takes the file's date
            found["is_empty"] = arrow.booleans([not v.strip() for v in values])
        con.register(table, pa.table(found))
    con.execute("create or replace temp view byline_map as "
                "select value, authors from byline_sql where authors is not null "
                "union all select value, authors from byline_python_map")


def _snapshot_cell_date(text: str) -> date | None:
    """parse_date of a snapshot cell; None when empty or unreadable (the Python path then
    takes the row: the file's date, or the rejection with its reason)."""
    try:
        return parse_date(text.strip()) if text.strip() else None
    except ValueError:
        return None


# Rows SQL did not parse go through Python this many at a time: only one chunk's Python
# objects are alive at once, whatever share of the file is odd (issue #16, bounded memory).
PYTHON_CHUNK_ROWS = 20_000


def _python_rows(con, export: ExportText, fallback_date, fallback_source, raw_line):
    """Rows SQL did not parse: the exact Python path, record or reasoned rejection. The
    records go, chunk by chunk, into the temp table `python_rows` (absent when none);
    returns (how many records, problems, snapshot-date sources, notes)."""
    from etl.ingest.load import records_table

    width = len(export.header)
    fields_sql = ", ".join(f"coalesce(r.c{i}, '')" for i in range(width))
    col = export.columns

    def cell(row: RawRow, name: str) -> str:
        index = col.get(name)
        return row.fields[index].strip() if index is not None else ""

    stored, problems, sources, notes = 0, [], Counter(), []
    con.execute("drop table if exists python_rows")
    after = 0
    while True:
        # by line number, from where the last chunk ended: DuckDB runs one statement at a
        # time per connection, so a chunk is fetched whole before the next statement
        flagged = con.execute(
            f"select p.line_number, {fields_sql} from export_parsed as p "
            "join export_raw as r on r.rowid = p.row_index "
            f"where p.needs_python and p.line_number > $after order by p.line_number limit {PYTHON_CHUNK_ROWS}",
            {"after": after},
        ).fetchall()
        if not flagged:
            break
        records = []
        for line, *fields in flagged:
            row = RawRow(line, line, list(fields))
            cleaned = clean_row(row, col)
            try:
                snapshot, source = row_snapshot_date(
                    cell(row, "snapshot_date"), fallback_date, fallback_source, export.path.name
                )
                records.append(snapshot_record(row, cell, snapshot))
                sources[source] += 1
                if cleaned:
                    notes.append((line, cleaned, records[-1].article_id))
            except ValueError as problem:
                problems.append(RowProblem(line, raw_line(line), str(problem)))
        after = flagged[-1][0]
        del flagged
        if records:
            con.register("python_chunk", records_table(records))
            con.execute("create temp table python_rows as select * from python_chunk" if not stored
                        else "insert into python_rows select * from python_chunk")
            con.unregister("python_chunk")
            stored += len(records)
    return stored, problems, sources, notes


def _build_staged(con, python_rows: int, *, every_row_in_sql: bool) -> None:
    if every_row_in_sql:
        # The parse's own table becomes `staged`: dropping two columns and renaming cost
        # nothing, copying a million rows ~0.5 s.
        con.execute("drop table if exists staged")
        con.execute("alter table export_parsed drop column row_index")
        con.execute("alter table export_parsed drop column needs_python")
        con.execute("alter table export_parsed rename to staged")
    else:
        columns = ("article_id, snapshot_date, views, url, title, published_at, published_date, "
                   "category, photographer, authors, regions, line_number, title_key")
        python = f" union all select {columns} from python_rows" if python_rows else ""
        con.execute(
            f"create or replace temp table staged as "
            f"select {columns} from export_parsed where not needs_python{python}"
        )
        con.execute("drop table if exists python_rows")


def fill_title_keys(con) -> None:
    """Title keys matter only where a saved web page left an article without URL: looked up
    in the outlet the connection reads, the one the file goes to (etl.ingest.files)."""
    if not con.execute("select count(*) from articles where article_id like 'title:%'").fetchall()[0][0]:
        return
    from etl.newsroom.cells import title_key

    candidates = con.execute(
        "select distinct s.title, s.published_date from staged as s "
        "semi join articles as a on a.article_id like 'title:%' and a.published_date = s.published_date"
    ).fetchall()
    keys = pa.table({
        "title": arrow.strings([t for t, _ in candidates]),
        "published_date": arrow.dates([d for _, d in candidates]),
        "key": arrow.strings([title_key(t, d) for t, d in candidates]),
    })
    con.register("title_keys", keys)
    con.execute(
        "update staged as s set title_key = k.key from title_keys as k "
        "where k.title = s.title and k.published_date = s.published_date"
    )
    con.unregister("title_keys")


def drop_staged_duplicates(con, raw_line) -> list[RowProblem]:
    """rows.drop_duplicates in SQL, over the temp table `staged`: per (article, snapshot
    date) the row with the most views stays (the first of equals, by line), the others
    become duplicates with the same reason."""
    # Most files have no duplicate: a grouping finds the repeated keys (if any) in a third
    # of the time the window over every row took, and the window then ranks only those.
    con.execute(
        "create or replace temp table duplicate_rows as "
        "with repeated as ("
        "  select article_id, snapshot_date from staged group by all having count(*) > 1"
        ") "
        "select line_number, kept_line from ("
        "  select line_number, first_value(line_number) over w as kept_line, row_number() over w as place"
        "  from staged semi join repeated using (article_id, snapshot_date)"
        "  window w as (partition by article_id, snapshot_date order by views desc, line_number)"
        ") where place > 1"
    )
    rows = con.execute("select line_number, kept_line from duplicate_rows order by line_number").fetchall()
    if rows:
        con.execute("delete from staged where line_number in (select line_number from duplicate_rows)")
    con.execute("drop table duplicate_rows")
    return [
        RowProblem(line, raw_line(line), duplicate_reason(kept), kind="duplicate")
        for line, kept in rows
    ]


def drop(con, staged: bool = False) -> None:
    for view in ("byline_map", "export_cells"):
        con.execute(f"drop view if exists {view}")
    for table in ("byline_sql", "export_parsed", "export_raw", "python_rows", "sorot_csv_errors", "sorot_csv_scans",
                  *(("staged",) if staged else ())):
        con.execute(f"drop table if exists {table}")
    for name in ("byline_python_map", "region_column_map", "photographer_map", "category_map",
                 "snapshot_date_map"):
        try:
            con.unregister(name)
        except Exception:  # not registered on this path
            pass

