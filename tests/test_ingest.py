"""Ingest, one real fixture file per format and per bad-input case (tests/fixtures/ingest).
Expected values are read off the fixture files by hand; see the comments."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

import etl.ingest.load
from etl.db import checks, compiler
from etl.newsroom.regions import REGIONS
from tests.old_databases import back_to_tag_tables
from etl.db.connect import connect, reading
from etl.db.connect import upgrade_database
from etl.db.schema import applied_version, changed_marts, migrations
from etl.ingest.files import ingest_file, ingest_paths

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ROOT = Path(__file__).resolve().parent.parent
TABLES = ("ingests", "snapshots", "rejects", "ingest_warnings", "articles", "authors")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "sorot.duckdb"


@pytest.fixture(params=["0", "1000000000"], ids=["fast path", "python path"])
def either_parse_path(request, monkeypatch):
    """Runs the test twice: every file through the SQL fast path, then through Python."""
    monkeypatch.setenv("SOROT_FAST_PATH_MIN_ROWS", request.param)


def ingest(db_path: Path, *names: str, as_of: date | None = None, outlet: str | None = None):
    return ingest_paths(db_path, [FIXTURES / n for n in names], as_of=as_of, outlet=outlet)


def query(db_path: Path, sql: str, params=None):
    with reading(db_path) as con:
        return con.execute(sql, params or []).fetchall()


def details(db_path: Path) -> list[tuple]:
    """(article_id, title, authors, regions) as reports list them: display names in byline
    order, regions in the order of the seven."""
    with reading(db_path) as con:
        return compiler.query(con, "select article_id, title, authors, regions from {{ ref('article_details') }} "
                              "order by 1", {"region_order": list(REGIONS)}).rows()


def assert_every_check_passes(db_path: Path) -> None:

    with reading(db_path) as con:
        assert set(checks.run_checks(con).values()) == {0}


def snapshot_views(db_path: Path) -> dict[str, int]:
    return dict(query(db_path, "select article_id, views from snapshots"))


def dump_all(db_path: Path) -> dict[str, list]:
    with reading(db_path) as con:
        return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in TABLES}


# --- formats ----------------------------------------------------------------------------

def test_utf8_comma_with_indonesian_headers(db):
    [report] = ingest(db, "utf8_comma_2024-11-10.csv")
    assert (report.status, report.encoding, report.delimiter) == ("loaded", "UTF-8", "comma")
    assert report.snapshot_date == date(2024, 11, 10)
    assert report.snapshot_date_source == "file name"
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (3, 3, 0)
    assert snapshot_views(db) == {
        "beritajakarta.id/read/101/banjir-tebet": 2233,
        "beritajakarta.id/read/102/rakor": 1219,          # 1.219
        "beritajakarta.id/read/103/hujan": 989,           # m. host, query and slash dropped
    }
    rows = query(db, "select article_id, authors, regions, photographer, published_date "
                     "from snapshots order by article_id")
    assert rows == [
        # the photographer is recorded, never credited as author
        ("beritajakarta.id/read/101/banjir-tebet", ["Tiyo Surya Sakti"], ["Jakarta Selatan"],
         "Aldi Geri Lumban Tobing", date(2024, 11, 5)),
        # "Oleh:" dropped, split on " dan "; region column says DKI Jakarta
        ("beritajakarta.id/read/102/rakor", ["Dessy Suciati", "Nurito"], ["DKI Jakarta"], None,
         date(2024, 11, 5)),
        # Jaksel and Jaktim in the title: two regions; 6 November 20:15 WIB
        ("beritajakarta.id/read/103/hujan", ["Rudi Hermawan"], ["Jakarta Selatan", "Jakarta Timur"],
         None, date(2024, 11, 6)),
    ]


def test_utf8_bom_semicolon_english_headers(db):
    [report] = ingest(db, "utf8bom_semicolon_2024-11-10.csv")
    assert (report.encoding, report.delimiter) == ("UTF-8 (BOM)", "semicolon")
    assert snapshot_views(db) == {
        "beritajakarta.id/read/201/kafe": 1_234_567,      # 1.234.567
        "beritajakarta.id/read/202/koja": 2233,           # 2,233
    }
    rows = query(db, "select authors, regions, published_date from snapshots order by article_id")
    assert rows == [
        (["Anita Karyati"], ["Jakarta Pusat"], date(2024, 11, 1)),           # Jakpus column
        (["Folmer Silalahi", "Nurito"], ["Jakarta Utara"], date(2024, 11, 1)),  # Koja in title
    ]


def test_utf16_tab_excel_unicode_text(db):
    [report] = ingest(db, "utf16_tab_2024-11-10.txt")
    assert (report.encoding, report.delimiter) == ("UTF-16 LE", "tab")
    rows = query(db, "select article_id, views, regions, published_date from snapshots order by 1")
    assert rows == [
        ("beritajakarta.id/read/301/cilincing", 2233, ["Jakarta Utara"], date(2023, 11, 29)),
        # Kepulauan Seribu Utara is a kecamatan of Kepulauan Seribu, not Jakarta Utara
        ("beritajakarta.id/read/302/perahu", 450, ["Kepulauan Seribu"], date(2024, 11, 1)),
    ]


def test_windows_1252_semicolon(db):
    [report] = ingest(db, "cp1252_semicolon_2024-11-10.csv")
    assert (report.encoding, report.delimiter) == ("Windows-1252", "semicolon")
    rows = query(db, "select title, views, regions, published_date from snapshots order by article_id")
    assert rows == [
        ("Kafe ‘Rindu’ di Senen Tawarkan Crème Brûlée", 3100, ["Jakarta Pusat"], date(2024, 11, 10)),
        ("Jalan Tol Cakung Dibuka", 120, ["Jakarta Timur"], date(2024, 11, 9)),
    ]


def test_pipe_delimiter(db):
    [report] = ingest(db, "pipe_2024-11-10.csv")
    assert report.delimiter == "pipe"
    assert query(db, "select views, regions from snapshots") == [(77, ["Jakarta Barat"])]


def test_context_words_decide_tambora_and_pancoran(db, either_parse_path):
    # "Gunung Tambora" is the volcano and "Pancoran Mas" is in Depok; on their own, or with
    # the context word elsewhere in the title, they are the Jakarta kecamatan. Same answer
    # from the SQL fast path and the Python path.
    ingest(db, "region_context_2024-11-10.csv")
    assert query(db, "select title, regions from snapshots order by article_id") == [
        ("Gunung Tambora Jadi Tema Pameran di Menteng", ["Jakarta Pusat"]),
        ("Banjir Surut di Tambora", ["Jakarta Barat"]),
        ("Warga Pancoran Mas Depok Belajar ke Jakarta", ["DKI Jakarta"]),
        ("Kebakaran di Pancoran Jaksel", ["Jakarta Selatan"]),
        ("Gn. Tambora dan Pancoran", ["Jakarta Selatan"]),
        ("Pendaki Gn Tambora Asal Tambora", ["Jakarta Barat"]),
        ("Pancoran-Mas Bukan Pancoran", ["Jakarta Selatan"]),
    ]


def test_www_and_m_prefixes_are_dropped_but_never_down_to_a_top_level_domain(db, either_parse_path):
    # its rows are on several sites: one outlet only because the load says so (issue #18)
    ingest(db, "hosts_2024-11-10.csv", outlet="Uji")
    assert query(db, "select title, article_id from snapshots order by views") == [
        ("Satu", "beritajakarta.id/read/1/a"),
        ("Dua", "beritajakarta.id/read/2/b"),
        ("Tiga", "beritajakarta.id/read/3/c"),      # a third prefix: the Python path
        ("Empat", "www.id/read/4/d"),
        ("Lima", "co.id/read/5/e"),
        ("Enam", "m.id/read/6/f"),
    ]


def test_every_views_notation(db):
    [report] = ingest(db, "views_notations_2024-11-10.csv")
    # rows 1-5 (lines 2-6) are valid notations; 2.5, n/a, -4 and empty (lines 7-10) are not
    assert (report.rows_loaded, report.rows_rejected) == (5, 4)
    views = query(db, "select views from snapshots order by article_id")
    assert [v for (v,) in views] == [2233, 2233, 2233, 1_234_567, 2233]
    rejects = query(db, "select line_number, reason, kind from rejects order by line_number")
    assert [r[0] for r in rejects] == [7, 8, 9, 10]
    assert all("views" in r[1] and r[2] == "rejected" for r in rejects)
    raw = query(db, "select raw_text from rejects where line_number = 8")[0][0]
    assert raw == 'Artikel Angka 7,https://www.beritajakarta.id/read/607/angka,2024-11-05,Nurito,,Sosial,,"n/a"'


def test_every_publish_date_notation(db):
    [report] = ingest(db, "dates_2024-11-10.csv")
    assert (report.rows_loaded, report.rows_rejected) == (15, 2)
    got = dict(query(db, "select title, published_date from snapshots"))
    expected = {
        1: date(2024, 11, 5), 2: date(2024, 11, 5),
        3: date(2024, 11, 6),     # 23:30 UTC is 06:30 WIB the next day
        4: date(2024, 11, 5), 5: date(2024, 11, 5), 6: date(2024, 11, 5), 7: date(2024, 11, 5),
        8: date(2024, 11, 5), 9: date(2024, 11, 5), 10: date(2024, 11, 5), 11: date(2024, 11, 5),
        12: date(2024, 11, 1), 13: date(2023, 8, 29), 14: date(2023, 12, 1), 15: date(2024, 5, 10),
    }
    assert got == {f"Artikel Tanggal {i}": d for i, d in expected.items()}
    # 31/02/2024 does not exist; "kemarin" is not a date
    assert [line for (line,) in query(db, "select line_number from rejects order by 1")] == [17, 18]


def test_article_id_column_and_unknown_columns(db):
    [report] = ingest(db, "article_id_2024-11-10.csv")
    assert report.unknown_columns == ["Editor"]
    rows = query(db, "select article_id, authors, regions, url from snapshots order by 1")
    assert rows == [
        ("BJ-1", ["Tiyo Surya Sakti", "Dessy Suciati"], ["Jakarta Barat"], None),  # Taman Sari
        ("BJ-2", [], ["DKI Jakarta"], None),   # Makassar is not the kecamatan Makasar
    ]


# --- refused files leave nothing behind -------------------------------------------------

@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("missing_column_2024-11-10.csv", "lacks the required column 'views'"),
        ("no_snapshot_date.csv", "--as-of"),
        ("undecodable_2024-11-10.csv", "cannot be decoded"),
        ("empty_2024-11-10.csv", "is empty"),
        ("header_only_2024-11-10.csv", "no rows"),
        ("all_rejected_2024-11-10.csv", "no usable row"),
    ],
)
def test_refused_file_changes_nothing(db, name, words):
    ingest(db, "week_2024-11-03.csv")
    before = dump_all(db)
    [report] = ingest(db, name)
    assert report.status == "refused"
    assert words in report.message
    assert report.message.count(". ") <= 1 and "\n" not in report.message   # one sentence
    assert dump_all(db) == before


def test_snapshot_date_from_option_and_from_column(db):
    [report] = ingest(db, "no_snapshot_date.csv", as_of=date(2024, 11, 17))
    assert (report.status, report.snapshot_date_source) == ("loaded", "--as-of")
    [report] = ingest(db, "snapshot_column.csv")
    assert (report.snapshot_date, report.snapshot_date_source) == (date(2024, 11, 17), "column")
    # same article, same date: the second file replaced the first one's row (5 -> 500)
    assert query(db, "select snapshot_date, views from snapshots") == [(date(2024, 11, 17), 500)]


def test_ragged_rows_are_rejected_with_their_reason(db):
    [report] = ingest(db, "ragged_2024-11-10.csv")
    assert (report.rows_loaded, report.rows_rejected) == (1, 2)
    rejects = query(db, "select line_number, reason from rejects order by 1")
    assert [r[0] for r in rejects] == [3, 4]
    assert "3 fields but the header has 8" in rejects[0][1]
    assert "10 fields but the header has 8" in rejects[1][1]


def test_duplicates_keep_the_row_with_most_views(db, either_parse_path):
    [report] = ingest(db, "duplicates_2024-11-10.csv")
    # lines 2, 3, 4 are one article (URL variants) with 500, 700, 600 views: line 3 kept
    assert (report.rows_loaded, report.rows_duplicate, report.rows_rejected) == (2, 2, 0)
    assert snapshot_views(db) == {"beritajakarta.id/read/101/banjir-tebet": 700,
                                  "beritajakarta.id/read/104/lain": 1}
    dups = query(db, "select line_number, kind, reason from rejects order by 1")
    assert [(d[0], d[1]) for d in dups] == [(2, "duplicate"), (4, "duplicate")]
    assert all("line 3" in d[2] for d in dups)


# --- repeats, corrections, order --------------------------------------------------------

def test_views_going_down_is_stored_and_warned(db):
    ingest(db, "week_2024-11-03.csv")
    [report] = ingest(db, "week_2024-11-10.csv")
    assert len(report.warnings) == 1
    line, message = report.warnings[0]
    assert line == 2 and "1000" in message and "900" in message
    assert query(db, "select views from snapshots where article_id like '%101%' order by snapshot_date") == [(1000,), (900,)]
    assert query(db, "select count(*) from ingest_warnings") == [(1,)]


def test_resent_file_changes_nothing_and_says_so(db):
    ingest(db, "week_2024-11-03.csv")
    before = dump_all(db)
    [report] = ingest(db, "week_2024-11-03.csv")
    assert report.status == "unchanged"
    assert "already ingested" in report.message
    assert dump_all(db) == before


def test_later_file_for_same_date_replaces(db):
    ingest(db, "week_2024-11-10.csv")
    [report] = ingest(db, "utf8_comma_2024-11-10.csv")
    assert report.rows_replaced == 1      # article 101 on 2024-11-10: 900 -> 2233
    assert query(db, "select count(*), max(views) from snapshots where article_id like '%/101/%'") == [(1, 2233)]


def test_files_out_of_order_keep_latest_metadata(db):
    ingest(db, "week_2024-11-10.csv")
    [report] = ingest(db, "week_2024-11-03.csv")
    # the older file's 1000 is above the later 900: reported, stored as given
    assert len(report.warnings) == 1
    # the title of the latest snapshot (11-10) wins even though 11-03 came last
    assert query(db, "select title, first_snapshot_date, latest_snapshot_date from articles "
                     "where article_id like '%/101/%'") == [
        ("Banjir di Tebet Surut", date(2024, 11, 3), date(2024, 11, 10))]


def test_folder_is_ingested_in_snapshot_order(tmp_path, db):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("week_2024-11-10.csv", "week_2024-11-03.csv"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    reports = ingest_paths(db, [folder])
    assert [r.file_name for r in reports] == ["week_2024-11-03.csv", "week_2024-11-10.csv"]


# --- atomicity --------------------------------------------------------------------------

def test_failure_inside_the_transaction_rolls_everything_back(db, monkeypatch):
    ingest(db, "week_2024-11-03.csv")
    before = dump_all(db)

    def boom(con, since, **options):
        raise RuntimeError("disk full")

    monkeypatch.setattr(etl.ingest.load, "refresh_marts", boom)
    con = connect(db)
    try:
        with pytest.raises(RuntimeError):
            ingest_file(con, FIXTURES / "week_2024-11-10.csv")
    finally:
        con.close()
    assert dump_all(db) == before


def test_ingest_killed_mid_load_leaves_previous_data(db, killed_at_pause):
    ingest(db, "week_2024-11-03.csv")
    before = dump_all(db)
    killed_at_pause("ingest", str(FIXTURES / "week_2024-11-10.csv"), "--db", str(db))
    assert dump_all(db) == before


# --- the command line -------------------------------------------------------------------

def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_demo_command_writes_the_exports_and_loads_them(tmp_path, monkeypatch):
    # `./dev demo` runs this on a fresh clone; a four-week newsroom keeps the test quick
    from functools import partial

    from typer.testing import CliRunner

    import etl.demo
    from etl.cli import app

    monkeypatch.setattr(etl.demo, "write_demo_exports",
                        partial(etl.demo.write_demo_exports, weeks=4, articles_per_day=5))
    db, out = tmp_path / "demo.duckdb", tmp_path / "exports"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 4 and f"Wrote 4 weekly demo exports to {out}/." in result.output
    [(loaded, files)] = query(db, "select count(*), count(distinct ingest_id) from snapshots")
    assert files == 4 and f"{loaded:,} snapshot rows loaded" in result.output


def test_cli_exit_codes_and_one_sentence_errors(db):
    ok = run_cli("ingest", str(FIXTURES / "ragged_2024-11-10.csv"), "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    assert "rejected 2" in ok.stdout and "line 3" in ok.stdout
    bad = run_cli("ingest", str(FIXTURES / "missing_column_2024-11-10.csv"), "--db", str(db))
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "lacks the required column 'views'" in bad.stderr
    mixed = run_cli("ingest", str(FIXTURES / "week_2024-11-03.csv"),
                    str(FIXTURES / "empty_2024-11-10.csv"), "--db", str(db))
    assert mixed.returncode == 1          # one refused file makes the run fail…
    assert query(db, "select count(*) from ingests where file_name = 'week_2024-11-03.csv'") == [(1,)]  # …but the good one loaded


def test_cli_bad_option_and_missing_file(db):
    bad_date = run_cli("ingest", str(FIXTURES / "no_snapshot_date.csv"), "--as-of", "10/13/2024", "--db", str(db))
    assert bad_date.returncode != 0 and "Traceback" not in bad_date.stderr
    assert "--as-of" in bad_date.stderr
    missing = run_cli("ingest", "no/such/file.csv", "--db", str(db))
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_cli_waits_for_a_busy_database_then_gives_up(db):
    ingest(db, "week_2024-11-03.csv")
    holder = duckdb.connect(str(db))      # another process would hold this lock; same effect
    try:
        result = run_cli("ingest", str(FIXTURES / "week_2024-11-10.csv"), "--db", str(db),
                         env_extra={"SOROT_LOCK_WAIT": "1"})
    finally:
        holder.close()
    assert result.returncode == 1
    assert "in use by another process" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("order", [("03", "10"), ("10", "03")])
def test_author_name_as_spelled_in_latest_snapshot(db, order):
    ingest(db, *(f"spelling_2024-11-{day}.csv" for day in order))
    # one author whatever the case and spacing; the 11-10 spelling is the latest that used it
    assert query(db, "select author_id, name from authors order by 1") == [
        ("nurito", "Nurito"), ("tiyo surya sakti", "Tiyo Surya Sakti")]
    # article B's latest snapshot (11-03) credits both writers
    assert query(db, "select article_id, len(author_ids) from articles order by 1") == [
        ("x.id/a", 1), ("x.id/b", 2)]


def test_two_spellings_in_one_first_file_show_the_display_name(db, either_parse_path):
    # "Tiyo Surya Sakti" twice, "tiyo surya sakti" once, on the same date: the most used
    # spelling is the display name, on article B too (its details cannot be copied from its
    # byline as spelled, so they are computed from the tags)
    ingest(db, "spelled_twice_2024-11-10.csv")
    assert [(article, authors) for article, _title, authors, _regions in details(db)] == [
        ("x.id/a", ["Tiyo Surya Sakti"]),
        ("x.id/b", ["Tiyo Surya Sakti", "Nurito"]),
        ("x.id/c", ["Tiyo Surya Sakti"]),
    ]
    assert_every_check_passes(db)


def test_incremental_article_metadata_equals_a_full_recomputation(db):
    # out of order, a replacement, and a re-sent file: articles must match the snapshots
    ingest(db, "week_2024-11-10.csv", "week_2024-11-03.csv", "duplicates_2024-11-10.csv",
           "utf8_comma_2024-11-10.csv", "week_2024-11-03.csv")
    stored = query(db, "select article_id, title, category, first_snapshot_date, latest_snapshot_date "
                       "from articles order by 1")
    recomputed = query(db, """
        select article_id, arg_max(title, snapshot_date), arg_max(category, snapshot_date),
               min(snapshot_date), max(snapshot_date)
        from snapshots group by 1 order by 1""")
    assert stored == recomputed
    authors = query(db, "select article_id, unnest(author_ids) from articles order by 1, 2")
    expected = query(db, """
        select article_id, lower(unnest(arg_max(authors, snapshot_date))) from snapshots
        group by article_id order by 1, 2""")
    assert authors == expected


def test_known_articles_next_week_keep_or_replace_their_metadata(db, either_parse_path):
    # Week two re-sends a unchanged, retitles b, adds a co-author to c, spells d's author
    # with capitals (same author, new display name) and moves e to another region. Ingest
    # only rewrites the rows that changed; what is stored must be what SPEC says either way.
    ingest(db, "resend_2024-11-03.csv", "resend_2024-11-10.csv")
    assert query(db, "select article_id, title, first_snapshot_date, latest_snapshot_date "
                     "from articles order by 1") == [
        ("x.id/a", "Rapat Anggaran", date(2024, 11, 3), date(2024, 11, 10)),
        ("x.id/b", "Judul Baru", date(2024, 11, 3), date(2024, 11, 10)),
        ("x.id/c", "Pasar Murah", date(2024, 11, 3), date(2024, 11, 10)),
        ("x.id/d", "Lomba Lari", date(2024, 11, 3), date(2024, 11, 10)),
        ("x.id/e", "Taman Kota", date(2024, 11, 3), date(2024, 11, 10)),
    ]
    assert query(db, "select article_id, author_ids, regions from articles order by 1") == [
        ("x.id/a", ["nurito"], ["Jakarta Pusat"]), ("x.id/b", ["nurito"], ["DKI Jakarta"]),
        ("x.id/c", ["nurito", "budi santoso"], ["Jakarta Barat"]),
        ("x.id/d", ["budi santoso"], ["DKI Jakarta"]), ("x.id/e", ["nurito"], ["Jakarta Timur"]),
    ]
    assert details(db) == [
        ("x.id/a", "Rapat Anggaran", ["Nurito"], ["Jakarta Pusat"]),
        ("x.id/b", "Judul Baru", ["Nurito"], ["DKI Jakarta"]),
        ("x.id/c", "Pasar Murah", ["Nurito", "Budi Santoso"], ["Jakarta Barat"]),
        ("x.id/d", "Lomba Lari", ["Budi Santoso"], ["DKI Jakarta"]),
        ("x.id/e", "Taman Kota", ["Nurito"], ["Jakarta Timur"]),
    ]
    assert_every_check_passes(db)

def test_a_file_of_several_snapshot_dates_keeps_each_articles_first_and_latest(db, either_parse_path):
    # A backlog sent as one file: a is in it on 10-27 and 11-03 (retitled), b on 11-03 only,
    # c on 10-27 only. Then an older file brings a on 10-20 (publish date corrected).
    ingest(db, "backlog_dates.csv")
    dates = "select article_id, title, first_snapshot_date, latest_snapshot_date from articles order by 1"
    assert query(db, dates) == [
        ("x.id/a", "Judul Baru", date(2024, 10, 27), date(2024, 11, 3)),
        ("x.id/b", "Pasar Murah", date(2024, 11, 3), date(2024, 11, 3)),
        ("x.id/c", "Lomba Lari", date(2024, 10, 27), date(2024, 10, 27)),
    ]
    ingest(db, "backlog_older_2024-10-20.csv")
    # only a's first date moves: the 11-03 title still wins (SPEC: the latest snapshot)
    assert query(db, dates)[0] == ("x.id/a", "Judul Baru", date(2024, 10, 20), date(2024, 11, 3))
    assert query(db, "select count(*) from snapshots") == [(5,)]
    assert_every_check_passes(db)


def test_database_from_an_older_sorot_is_upgraded_before_the_next_read(db):
    from etl import metrics

    ingest(db, "week_2024-11-03.csv", "week_2024-11-10.csv")
    with reading(db) as con:
        expected = checks.run_checks(con), metrics.reporters(con, metrics.resolve_period(con)).rows()
    # an older Sorot knew neither migrations, nor mart definitions, nor the newer marts' rows
    con = duckdb.connect(str(db))
    back_to_tag_tables(con)   # migration 005 made the lists
    con.execute("drop table schema_migrations; drop table mart_definitions")
    con.execute("drop table users")   # migration 003 made it
    con.execute("create table sorot_meta (key varchar primary key, value varchar not null)")
    con.execute("delete from period_reporters")
    # nor that the tag copies of the first session are gone (article_details holds them)
    con.execute("create table mart_article_authors (article_id varchar not null, author_id varchar not null)")
    con.execute("create table mart_article_regions (article_id varchar not null, region varchar not null)")
    con.close()
    upgrade_database(db)   # what `sorot upgrade` or the next ingest does; readers never write
    with reading(db) as con:
        assert (applied_version(con), changed_marts(con)) == (len(migrations()), [])
        assert (checks.run_checks(con), metrics.reporters(con, metrics.resolve_period(con)).rows()) == expected
        tables = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
        assert not tables & {"mart_article_authors", "mart_article_regions"}
