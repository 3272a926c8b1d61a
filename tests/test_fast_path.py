"""The SQL fast path and the Python path must store exactly the same thing.

Every ingest fixture and a small demo newsroom are loaded twice — once with the fast path
forced on for every file (SOROT_FAST_PATH_MIN_ROWS=0), once with it off — and every table
is compared row for row."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from etl.db.connect import reading
from etl.demo import write_demo_exports
from etl.ingest.files import ingest_paths
from etl.newsroom.cells import split_byline

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
# hostile text (control characters, formula cells): the fast path sends such rows to Python
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
COMPARED = {
    "snapshots": "article_id, snapshot_date, views, url, title, published_at, published_date, "
                 "category, photographer, authors, regions",
    "rejects": "file_name, line_number, raw_text, reason, kind",
    "ingest_warnings": "line_number, message",
    "ingests": "file_name, snapshot_date, snapshot_date_source, encoding, delimiter, rows_read, "
               "rows_loaded, rows_duplicate, rows_rejected, rows_warned",
    "articles": "*",
    "authors": "*",
    "article_period_gains": "*",
}


def load_both(tmp_path: Path, monkeypatch, files: list[Path]) -> tuple[dict, dict, list, list]:
    dumps, reports = [], []
    for name, threshold in (("fast", "0"), ("python", "1000000000")):
        monkeypatch.setenv("SOROT_FAST_PATH_MIN_ROWS", threshold)
        db = tmp_path / f"{name}.duckdb"
        reports.append([(r.file_name, r.status, r.message, r.rows_loaded, r.rows_rejected,
                         r.rows_duplicate, len(r.warnings)) for r in ingest_paths(db, files)])
        with reading(db) as con:
            dumps.append({
                table: sorted(repr(row) for row in con.execute(f"select {cols} from {table}").fetchall())
                for table, cols in COMPARED.items()
            })
    return dumps[0], dumps[1], reports[0], reports[1]


@pytest.mark.parametrize("path", sorted([*FIXTURES.iterdir(), *HOSTILE.glob("*.csv")]),
                         ids=lambda p: p.name)
def test_each_fixture_file_gives_the_same_result(tmp_path, monkeypatch, path):
    fast, python, fast_reports, python_reports = load_both(tmp_path, monkeypatch, [path])
    assert fast_reports == python_reports
    assert fast == python


BOUNDS = Path(__file__).parent / "fixtures" / "bounds"


@pytest.mark.parametrize("name", sorted(p.name for p in BOUNDS.iterdir()))
def test_each_bounds_fixture_gives_the_same_result(tmp_path, monkeypatch, name):
    # views past 10^12, a 200,000-character title, non-ASCII digits (tests/test_bounds.py)
    fast, python, fast_reports, python_reports = load_both(tmp_path, monkeypatch, [BOUNDS / name])
    assert fast_reports == python_reports
    assert fast == python


def test_demo_newsroom_gives_the_same_result(tmp_path, monkeypatch):
    # four weeks in every format the demo writes: cp1252, UTF-16, BOM + pipe, long dates, bad rows
    files = write_demo_exports(tmp_path / "exports", weeks=7, articles_per_day=12)
    fast, python, fast_reports, python_reports = load_both(tmp_path, monkeypatch, files)
    assert fast_reports == python_reports
    for table in COMPARED:
        assert fast[table] == python[table], table


def assert_both_paths_agree(tmp_path: Path, path: Path) -> None:
    """For property tests (one tmp folder per example): the fast path stores and reports
    what the Python path does."""
    from _pytest.monkeypatch import MonkeyPatch

    with MonkeyPatch.context() as monkeypatch:
        fast, python, fast_reports, python_reports = load_both(tmp_path, monkeypatch, [path])
    assert fast_reports == python_reports
    for table in COMPARED:
        assert fast[table] == python[table], table


def rows_sent_to_python(monkeypatch) -> list:
    """Every file through the fast path; the list fills with each row it hands to the per-row
    parsers."""
    from etl.ingest import fast_path

    calls = []
    real = fast_path.snapshot_record
    monkeypatch.setattr(fast_path, "snapshot_record", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setenv("SOROT_FAST_PATH_MIN_ROWS", "0")
    return calls


# --- bylines split in SQL ----------------------------------------------------------------

BYLINE_TOKENS = ["Budi", "budi", "BUDI", "Rina", "Sari 3", "O'Brien", "Jean-Luc", "A.", " ", "  ", ",",
                 ", ", " dan ", " DAN ", " and ", "dan", "Dan", "Danu", "Oleh: ", "oleh ", "By ", "by",
                 "Byron", "Editor: ", "Redaktur", "Penulisan", ";", "/", "&", "|", "\t", "é", "\u00a0", ":"]


def split_in_sql(values: list[str]) -> dict[str, list[str] | None]:
    """byline -> the names plain_bylines.sql gives (None: left to split_byline)."""
    import duckdb
    import pyarrow as pa

    from etl.db.compiler import sql_file

    con = duckdb.connect()
    con.register("export_cells", pa.table({"author": pa.array(values, pa.string())}))
    con.execute(sql_file("load/plain_bylines.sql"))
    return dict(con.execute("select value, authors from byline_sql").fetchall())


def test_plain_bylines_are_split_in_sql():
    assert split_in_sql(["Budi Santoso dan Siti Aminah", " Budi ,  budi  Santoso , BUDI",
                         "Oleh: Budi", "Budi; Rina"]) == {
        "Budi Santoso dan Siti Aminah": ["Budi Santoso", "Siti Aminah"],
        " Budi ,  budi  Santoso , BUDI": ["Budi", "budi Santoso"],
        "Oleh: Budi": None,   # a label: split_byline decides
        "Budi; Rina": None,   # a separator SQL does not handle
    }


# each example is one SQL run (~50 ms), so examples are batches of bylines
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(BYLINE_TOKENS), max_size=8).map("".join), min_size=1, max_size=80))
def test_sql_splits_a_byline_exactly_as_split_byline(values):
    for value, names in split_in_sql(values).items():
        if names is not None:
            assert names == split_byline(value.strip()), value


# --- URLs and titles parsed in SQL ---------------------------------------------------------

URL_TOKENS = ["https://", "http://", "HTTPS://", "www.", "m.", "WWW.", "M.", "beritajakarta", "x", ".id",
              ".co", "-", "/", "read", "/12/", "?", "utm=1", "#top", "a b", ".", "..", ":8080", "%20",
              "é", "//", " ", "\t", "_", "\x00"]
TITLE_TOKENS = ["Banjir di ", "Tambora", "Gunung ", "Gn. ", "Pancoran", " Mas", "Tebet", "Kebon Jeruk",
                "kebon-jeruk", "Kep. Seribu", "Menteng", "Cilincing", "Jakarta", "Jakut", "Jaksel",
                "Depok", " ", "  ", "-", "é", "\u00a0", "Kalideres", "Kali Deres", "Setiabudi", "budi",
                # control characters: cleaned (each a space) and warned on both paths
                "\x1b", "\x85", "\ufffe"]
REGION_CELLS = ["", "", "", "Jakarta Barat", "Jakut", "jakarta selatan", "Depok", "Jakarta Pusat, Jaktim"]


def _cells(tokens):
    """Up to 40 cells, each up to 7 tokens glued together."""
    return st.lists(st.lists(st.sampled_from(tokens), min_size=1, max_size=7).map("".join),
                    min_size=1, max_size=40)


# each example is two ingests of one file (~1 s), so examples are batches of rows
@settings(max_examples=20, deadline=None)
@given(urls=_cells(URL_TOKENS), titles=_cells(TITLE_TOKENS),
       regions=st.lists(st.sampled_from(REGION_CELLS), min_size=1, max_size=40))
# RE2's \b is ASCII, Python's Unicode: "é" glued to a name must not make it a kecamatan
@example(urls=["https://x.id/a", "https://x.id/b", "https://WWW.x.id/c/?utm=1"],
         titles=["éTambora", "Banjir éTebet di Cilincing"], regions=[""])
def test_sql_parses_urls_and_titles_exactly_as_python(tmp_path_factory, urls, titles, regions):
    # Whatever SQL takes, it must store what the Python parsers store: the article key and
    # URL from canonical_url, the regions from the region cell or the title's kecamatan.
    import csv

    tmp_path = tmp_path_factory.mktemp("urls")
    path = tmp_path / "random_2024-11-10.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["Judul", "Tautan", "Tanggal Terbit", "Penulis", "Wilayah", "Dilihat"])
        for i, url in enumerate(urls):
            writer.writerow([titles[i % len(titles)], url, "2024-11-01 10:00", "Nurito",
                             regions[i % len(regions)], i + 1])
    assert_both_paths_agree(tmp_path, path)


# --- the snapshot-date column and ISO offsets (issue #16) ----------------------------------

SNAPSHOT_CELLS = ["", " ", "2024-11-10", "10/11/2024", "10 November 2024", "Minggu, 10 November 2024",
                  "2024-11-09 23:59", "2024-11-10T23:59:00+07:00", "Nov 9, 2024", "09.11.2024",
                  "Senin, 10 November 2024",   # the weekday contradicts the date: rejected
                  "2024-02-30", "kemarin"]
PUBLISHED_CELLS = ["2024-11-05T10:30:00+07:00", "2024-11-05T23:30:00+07:00", "2024-11-05T20:30:00Z",
                   "2024-11-05T10:30:00+0700", "2024-11-05T23:30:00+08:00", "2024-11-05T23:59:59.123+09:00",
                   "2024-11-05T22:30:00-05:00", "2024-11-05T10:30:00+15:00", "2024-11-05T10:30+07:00",
                   "2024-11-05 10:30:00+07", "2024-11-05T10:30:00z", "2024-11-05T10:30:00 WITA",
                   "2024-11-05T24:30:00+07:00", "2024-11-05"]


def write_export(path: Path, snapshots: list[str], published: list[str], rows: int) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["title", "url", "published_at", "author", "views", "snapshot_date"])
        for i in range(rows):
            writer.writerow([f"Berita {i}", f"https://x.id/read/{i}", published[i % len(published)], "Nurito", i + 1,
                             snapshots[i % len(snapshots)]])


@settings(max_examples=20, deadline=None)
@given(snapshots=st.lists(st.sampled_from(SNAPSHOT_CELLS), min_size=1, max_size=30),
       published=st.lists(st.sampled_from(PUBLISHED_CELLS), min_size=1, max_size=30),
       dated_name=st.booleans())
@example(snapshots=SNAPSHOT_CELLS, published=PUBLISHED_CELLS, dated_name=True)
@example(snapshots=["", "2024-11-10"], published=PUBLISHED_CELLS, dated_name=False)
def test_sql_reads_snapshot_cells_and_offsets_exactly_as_python(tmp_path_factory, snapshots, published,
                                                                 dated_name):
    # a snapshot_date column in several notations, mixed with empty cells that take the
    # file name's date (or, without one, refuse the file), and publish dates with offsets
    tmp_path = tmp_path_factory.mktemp("snapshots")
    path = tmp_path / ("export_2024-11-08.csv" if dated_name else "export.csv")
    write_export(path, snapshots, published, rows=max(len(snapshots), len(published)) * 2)
    assert_both_paths_agree(tmp_path, path)


def test_a_snapshot_column_and_offsets_send_no_row_to_python(tmp_path, monkeypatch):
    calls = rows_sent_to_python(monkeypatch)
    path = tmp_path / "export_2024-11-08.csv"
    # 20:30Z is 03:30 WIB the next day; 23:30+08:00 is 22:30 WIB the same day
    write_export(path, ["10/11/2024", "", "Minggu, 10 November 2024"],
                 ["2024-11-05T20:30:00Z", "2024-11-05T23:30:00+08:00"], rows=60)
    db = tmp_path / "s.duckdb"
    [report] = ingest_paths(db, [path])
    assert report.rows_loaded == 60
    assert calls == []
    with reading(db) as con:
        dates = con.execute("select snapshot_date::varchar, published_date::varchar, count(*) from snapshots "
                            "group by all order by all").fetchall()
        source = con.execute("select snapshot_date_source from ingests").fetchall()
    # rows 0, 3, 6...: cell 10/11; 1, 4, ...: empty → the file name's 8 November
    assert dates == [("2024-11-08", "2024-11-05", 10), ("2024-11-08", "2024-11-06", 10),
                     ("2024-11-10", "2024-11-05", 20), ("2024-11-10", "2024-11-06", 20)]
    assert source == [("column and file name",)]


# --- every date notation in SQL (issue #16) -------------------------------------------------

# Pieces of publish dates in every notation parse_published reads, and near misses it refuses:
# hypothesis glues a day, a gap, a time and a zone in each of the orders SPEC §1 allows.
WEEKDAY_WORDS = ["", "Selasa, ", "selasa ", "SELASA, ", "Tuesday, ", "Tue, ", "Tues. ", "Senin, ", "Jum'at, ",
                 "Jum\u2019at, ", "Ahad, ", "Rabu,", "Kamis "]
MONTH_WORDS = ["November", "november", "Nov", "Nov.", "Nopember", "Nop", "NOVEMBER", "Pebruari", "Feb",
               "Agustus", "Agt", "Aug", "Sept", "Mei", "May", "Desember", "Dec", "Novembre", "Okt"]
DAYS = ["5", "05", "29", "30", "31", "1st", "2nd", "5th", "0", "32"]
YEARS = ["2024", "2023", "1899", "2199", "2200", "2100"]
TIMES = ["", " 14:05", " 14.05", " 2:05 pm", " 2:05 PM", " 12:00 a.m.", " 13:05 pm", " 14:05:33", " 14:05:33.5",
         " 24:00", " 23:60", " pukul 14.05", ", 14:05", " - 14:05", " jam 9.30", " at 9:30", "T14:05", " 9:5"]
ZONES = ["", " WIB", " wib", "WIB", " WITA", " WIT", " Z", "Z", "z", " UTC", " GMT", "+07:00", " +0700", "+7",
         " UTC+7", " UTC +08:00", "-05:00", "+15:00", "+07:60", " \u22127", " WET"]
NUMERIC_DAYS = ["2024-11-05", "2024/11/05", "2024.11.5", "2024-11/05", "2024-2-30", "05/11/2024", "5-11-2024",
                "05.11.2024", "5/11-2024", "31/04/2024", "2024-11-5", "29/02/2023", "1900-01-01", "0224-11-05"]


def _long_day_first(weekday, day, month, year):
    return f"{weekday}{day} {month} {year}"


def _long_month_first(weekday, day, month, year):
    return f"{weekday}{month} {day}, {year}"


published_cells = st.one_of(
    st.builds(lambda d, t, z: d + t + z, st.sampled_from(NUMERIC_DAYS), st.sampled_from(TIMES), st.sampled_from(ZONES)),
    st.builds(lambda w, d, m, y, t, z: _long_day_first(w, d, m, y) + t + z, st.sampled_from(WEEKDAY_WORDS),
              st.sampled_from(DAYS), st.sampled_from(MONTH_WORDS), st.sampled_from(YEARS), st.sampled_from(TIMES),
              st.sampled_from(ZONES)),
    st.builds(lambda w, d, m, y, t, z: _long_month_first(w, d, m, y) + t + z, st.sampled_from(WEEKDAY_WORDS),
              st.sampled_from(DAYS), st.sampled_from(MONTH_WORDS), st.sampled_from(YEARS), st.sampled_from(TIMES),
              st.sampled_from(ZONES)),
    # whitespace and case as editors type them
    st.sampled_from(["  2024-11-05   14:05 ", "2024-11-05\t14:05", "selasa,  5   november 2024",
                     "2024-11-05 14:05 wib", "\u0662\u0660\u0662\u0664-11-05", "kemarin", ""]),
)


@settings(max_examples=25, deadline=None)
@given(published=st.lists(published_cells, min_size=1, max_size=60))
@example(published=["Selasa, 5 November 2024 14:05 WIB", "Tuesday, November 5, 2024 2:05 pm",
                    "5 Nopember 2024 pukul 14.05 WITA", "2024/11/05 14:05:33 UTC+7", "05-11-2024 14.05",
                    "Jum\u2019at, 8 November 2024", "Senin, 5 November 2024", "2024-11-05T10:30:00 WITA",
                    "2024-11-05 10:30:00z", "Nov 5th, 2024 12:00 a.m."])
def test_sql_reads_every_date_notation_exactly_as_python(tmp_path_factory, published):
    tmp_path = tmp_path_factory.mktemp("dates")
    path = tmp_path / "export_2024-11-10.csv"
    write_export(path, [""], published, rows=len(published))
    assert_both_paths_agree(tmp_path, path)


def test_every_date_notation_of_spec_is_read_in_sql(tmp_path, monkeypatch):
    # one of each form SPEC §1 lists; none goes to the per-row parsers, and each is the
    # instant worked out by hand (WIB is UTC+7, WITA +8, WIT +9)
    calls = rows_sent_to_python(monkeypatch)
    forms = {
        "2024-11-05": "2024-11-04 17:00:00",
        "2024-11-05 14:05": "2024-11-05 07:05:00",
        "2024/11/05 14.05": "2024-11-05 07:05:00",
        "2024-11-05T14:05:00+08:00": "2024-11-05 06:05:00",
        "2024-11-05T14:05:00z": "2024-11-05 14:05:00",
        "2024-11-05 14:05 WITA": "2024-11-05 06:05:00",
        "2024-11-05 14:05 UTC+7": "2024-11-05 07:05:00",
        "05/11/2024 14.05 WIB": "2024-11-05 07:05:00",
        "5-11-2024 14:05:33": "2024-11-05 07:05:33",
        "05.11.2024 14:05 WIT": "2024-11-05 05:05:00",
        "Selasa, 5 November 2024 14:05 WIB": "2024-11-05 07:05:00",
        "Selasa, 5 Nopember 2024 pukul 14.05": "2024-11-05 07:05:00",
        "Tuesday, November 5, 2024 2:05 pm": "2024-11-05 07:05:00",
        "Tue, 5 Nov 2024": "2024-11-04 17:00:00",
        "Jum\u2019at, 8 Nov 2024 00:30": "2024-11-07 17:30:00",
    }
    path = tmp_path / "export_2024-11-10.csv"
    write_export(path, [""], list(forms), rows=len(forms))
    db = tmp_path / "s.duckdb"
    [report] = ingest_paths(db, [path])
    assert report.rows_loaded == len(forms) and calls == []
    with reading(db) as con:
        stored = dict(con.execute("select url, published_at::varchar from snapshots").fetchall())
    assert [stored[f"https://x.id/read/{i}"] for i in range(len(forms))] == list(forms.values())


# --- title inference on any text (issue #16) ------------------------------------------------

TEXT_TOKENS = [*TITLE_TOKENS, "\u201cBanjir\u201d ", "\u2014", "\u2013", "Jak\u017fel", "\u212aebayoran Lama", "Stra\u00dfe ",
               "\u0130", "\u00e9", "Caf\u00e9 ", "\u03a4\u03b1\u03bc\u03c0\u03bf\u03c1\u03b1 ", "\u00a0Menteng", "\u3000",
               "Menteng\u00a0", "\u2009Tebet", "Jakarta\u00a0Pusat", "Kebayoran\u2009Baru", "\u0301", "Pesanggrahan"]


@settings(max_examples=20, deadline=None)
@given(titles=_cells(TEXT_TOKENS), summaries=_cells(["", "", *TEXT_TOKENS]), tags=_cells(["", "", " ", *TEXT_TOKENS]))
@example(titles=["\u201cBanjir di Tebet\u201d \u2014 Warga Mengungsi", "Caf\u00e9 Baru", "\u00e9Tambora",
                 "Jak\u017fel Bersih", "\u212aebayoran Lama", "Gunung\u00a0Tambora"],
         summaries=["", "Di Jakarta\u00a0Pusat", " Cilincing "], tags=["", "Jaksel\u2009"])
def test_sql_infers_regions_from_any_text_exactly_as_python(tmp_path_factory, titles, summaries, tags):
    # non-ASCII titles, summaries and tags: Unicode spaces, letters and punctuation around
    # the names, letters that fold to ASCII (ſ, K, ß, İ)
    import csv

    tmp_path = tmp_path_factory.mktemp("texts")
    path = tmp_path / "texts_2024-11-10.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["Judul", "Tautan", "Tanggal Terbit", "Penulis", "Ringkasan", "Tag", "Dilihat"])
        for i, title in enumerate(titles):
            writer.writerow([title, f"https://x.id/read/{i}", "2024-11-01 10:00", "Nurito",
                             summaries[i % len(summaries)], tags[i % len(tags)], i + 1])
    assert_both_paths_agree(tmp_path, path)


def test_curly_quotes_and_a_summary_column_keep_titles_in_sql(tmp_path, monkeypatch):
    calls = rows_sent_to_python(monkeypatch)
    path = tmp_path / "texts_2024-11-10.csv"
    path.write_text(
        "Judul,Tautan,Tanggal Terbit,Penulis,Ringkasan,Dilihat\n"
        "\u201cBanjir\u201d di Tebet \u2014 Warga Mengungsi,https://x.id/read/1,2024-11-01,Ani,,10\n"
        "Caf\u00e9 Baru,https://x.id/read/2,2024-11-01,Ani,Dibuka di Kali Deres,10\n"
        "Lomba Kebersihan,https://x.id/read/3,2024-11-01,Ani,Warga Jakarta\u00a0Pusat ikut,10\n",
        encoding="utf-8")
    db = tmp_path / "s.duckdb"
    [report] = ingest_paths(db, [path])
    assert report.rows_loaded == 3 and calls == []
    with reading(db) as con:
        regions = con.execute("select article_id, unnest(regions) from articles order by 1").fetchall()
    # Tebet is in Jakarta Selatan, Kalideres in Jakarta Barat; the no-break space joins "Jakarta Pusat"
    assert regions == [("x.id/read/1", "Jakarta Selatan"), ("x.id/read/2", "Jakarta Barat"),
                       ("x.id/read/3", "Jakarta Pusat")]


VIEW_TOKENS = ["0", "2", "23", "233", "2233", ".", ",", " ", "  ", "\u00a0", "\u202f", "-", "\u2212", "\u0662", "x", "000"]


@settings(max_examples=20, deadline=None)
@given(views=_cells(VIEW_TOKENS))
@example(views=[" 2233 ", "2 233", "1 234 567", "2.233", " 2,233", "2\u00a0233", "1.234,567", "2  233", "-5"])
def test_sql_reads_view_counts_exactly_as_python(tmp_path_factory, views):
    import csv

    tmp_path = tmp_path_factory.mktemp("views")
    path = tmp_path / "views_2024-11-10.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["Judul", "Tautan", "Tanggal Terbit", "Penulis", "Dilihat"])
        for i, count in enumerate(views):
            writer.writerow([f"Berita {i}", f"https://x.id/read/{i}", "2024-11-01 10:00", "Nurito", count])
    assert_both_paths_agree(tmp_path, path)


def test_rows_for_python_are_parsed_in_chunks_and_all_stored(tmp_path, monkeypatch):
    # chunks of 7 rows: 100 rows with no-break-space views (parsed by Python), every 9th
    # rejected, every 10th a duplicate of the row before; the same tables as the Python path
    from etl.ingest import fast_path

    monkeypatch.setattr(fast_path, "PYTHON_CHUNK_ROWS", 7)
    path = tmp_path / "odd_2024-11-10.csv"
    lines = ["Judul,Tautan,Tanggal Terbit,Penulis,Dilihat"]
    for i in range(100):
        article = i - 1 if i % 10 == 9 else i
        views = "n/a" if i % 9 == 4 else f"{i}\u00a0{i:03d}"
        lines.append(f"Berita {article},https://x.id/read/{article},2024-11-01 10:00,Nurito,{views}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast, python, fast_reports, python_reports = load_both(tmp_path, monkeypatch, [path])
    assert fast_reports == python_reports
    assert fast == python
    # rejected: i % 9 == 4, i.e. 4, 13, ..., 94: 11 rows. Duplicates: the 10 rows i % 10 == 9
    # repeat article i - 1, except where one of the pair is rejected (i = 49; i - 1 = 58): 8.
    [(_, status, _, loaded, rejected, duplicate, _)] = fast_reports
    assert (status, loaded, rejected, duplicate) == ("loaded", 81, 11, 8)


def test_a_large_decoded_text_takes_its_size_off_duckdbs_memory_limit(tmp_path, monkeypatch):
    # 1 GB limit; a text of 800 MiB is 500 MiB past the 300 MiB allowance: 1,000,000,000 B -
    # 524,288,000 B = 475,712,000 B = 453 MiB (DuckDB shows it as 453.0 MiB); never below 256 MiB
    import duckdb

    from etl.db.connect import fit_writer_memory

    monkeypatch.setenv("SOROT_MEMORY_LIMIT", "1GB")
    con = duckdb.connect()
    fit_writer_memory(con, 800 * 2**20)
    assert con.execute("select current_setting('memory_limit')").fetchall() == [("453.0 MiB",)]
    fit_writer_memory(con, 100 * 2**20)     # within the allowance: the configured 1 GB, in whole MiB
    assert con.execute("select current_setting('memory_limit')").fetchall() == [("953.0 MiB",)]
    fit_writer_memory(con, 5 * 2**30)
    assert con.execute("select current_setting('memory_limit')").fetchall() == [("256.0 MiB",)]
