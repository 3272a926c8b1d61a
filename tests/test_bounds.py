"""Values past sane bounds, odd notations and odd names (issue #15): each gives one clear
sentence or a clean load, on both parse paths, and no sum overflows anywhere.

One fixture per case in tests/fixtures/bounds (add a file, add its line to EXPECTED, get a
test). The expected outcomes are worked out by hand from SPEC §1 and docs/decisions.md
("Hardening (issue #15): bounds"): views over 10^12 and titles over 2,000 characters reject
their row; dates, like views, take ASCII digits only; two columns meaning one field refuse the
file. `gained` is the views gained in the period (2024-11-03, 2024-11-10]: every article of
the fixtures is published in it, so its gain is its views.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl import metrics
from etl.cli import app
from etl.db.connect import connect, reading
from etl.db.marts import refresh_marts
from etl.errors import RefusedFile
from etl.ingest import fast_path
from etl.ingest.files import ingest_paths, preview
from etl.newsroom.cells import MAX_VIEWS, date_from_filename

BOUNDS = Path(__file__).parent / "fixtures" / "bounds"
OVER = "is more than 1,000,000,000,000 (10^12), which no article reaches"

# file -> (status, rows loaded, {line: words its reject reason contains}, views gained)
EXPECTED = {
    "huge_views_2024-11-10.csv": (
        "loaded", 2, {3: f"views '99999999999999999999' {OVER}",
                      5: f"views '1.000.000.000.001' {OVER}",
                      6: f"views '9223372036854775808' {OVER}"},
        1500 + 10**12),
    "overflowing_sum_2024-11-10.csv": (
        "loaded", 1, {2: f"views '9000000000000000000' {OVER}", 3: f"views '9000000000000000000' {OVER}"},
        250),
    # 12 x 999.999.999.999: exact, past what a float would keep
    "bounded_sum_2024-11-10.csv": ("loaded", 12, {}, 11_999_999_999_988),
    "long_title_2024-11-10.csv": (
        "loaded", 2, {3: "title is 200,000 characters long, more than the 2,000 a headline can have"},
        900 + 700),
    "long_body_2024-11-10.csv": ("loaded", 2, {}, 900 + 700),
    "digits_2024-11-10.csv": (
        "loaded", 1, {3: "publish date '٢٠٢٤-١١-٠٥' is not a date Sorot can read",
                      4: "publish date '２０２４-１１-０５' is not a date Sorot can read",
                      5: "views '٨٠٠' is not a whole number",
                      6: "views '８００' is not a whole number",
                      7: "date '２０２４-１１-１０' is written with digits other than 0-9"},
        900),
    "repeated_header_2024-11-10.csv": (
        "refused", 0, {"message": "repeated_header_2024-11-10.csv has two columns that both mean 'views' "
                                  "('views' and 'dilihat')"},
        None),
}


@pytest.fixture(params=["0", "1000000000"], ids=["fast path", "python path"])
def parse_path(request, monkeypatch):
    monkeypatch.setenv("SOROT_FAST_PATH_MIN_ROWS", request.param)


def test_every_fixture_has_its_expectation():
    assert sorted(p.name for p in BOUNDS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(p.name for p in BOUNDS.iterdir()))
def test_bounds_fixture(tmp_path, parse_path, name):
    status, loaded, reasons, gained = EXPECTED[name]
    db = tmp_path / "sorot.duckdb"
    [report] = ingest_paths(db, [BOUNDS / name])
    assert report.status == status, report.message
    if status == "refused":
        assert reasons["message"] in report.message
        assert report.message.endswith("ingest the file again.")
        return
    assert report.rows_loaded == loaded
    assert {p.line_number for p in report.problems} == set(reasons)
    for problem in report.problems:
        assert reasons[problem.line_number] in problem.reason, problem.reason
    with reading(db) as con:
        period = metrics.resolve_period(con)
        assert metrics.overview(con, period)["views_gained"]["value"] == gained
        assert metrics.trending(con, period)["views_gained"].sum() == gained
        assert metrics.regions(con, period)["views"].sum() == gained   # each title names one region
        assert metrics.reporters(con, period)["views"].to_list() == [gained]


def test_a_file_name_with_a_byte_that_is_not_utf8(tmp_path, parse_path):
    # a name from an old Windows share: cp1252 "é" (0xE9) is no UTF-8
    odd = tmp_path / os.fsdecode(b"ekspor-caf\xe9-2024-11-10.csv")
    odd.write_bytes((BOUNDS / "bounded_sum_2024-11-10.csv").read_bytes())
    db = tmp_path / "sorot.duckdb"
    [report] = ingest_paths(db, [odd])
    assert report.status == "loaded" and report.rows_loaded == 12
    assert report.file_name == "ekspor-caf\ufffd-2024-11-10.csv"
    assert report.snapshot_date == date(2024, 11, 10)
    with reading(db) as con:
        assert con.execute("select file_name from ingests").fetchall() == [("ekspor-caf\ufffd-2024-11-10.csv",)]
    # the CLI prints it and exits 0
    again = tmp_path / "second.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(odd), "--db", str(again)])
    assert result.exit_code == 0, result.output
    assert "ekspor-caf\ufffd-2024-11-10.csv" in result.output
    # a missing file with such a name: its sentence, exit 1
    missing = odd.with_name(os.fsdecode(b"hilang-\xff-2024-11-10.csv"))
    result = CliRunner().invoke(app, ["ingest", str(missing), "--db", str(again)])
    assert result.exit_code == 1
    assert "hilang-\ufffd-2024-11-10.csv does not exist; check the path and try again." in result.output


def older_database_with_huge_values(tmp_path) -> Path:
    """A database an older Sorot filled: three weeks loaded (article n has 50n, 100n, 200n
    views), then views no ingest accepts today (each fits a BIGINT, their sum does not)
    written straight into the base table, and into the stored gains as the older Sorot
    stored them, for articles 1 and 2 on 2024-11-10."""
    db = tmp_path / "older.duckdb"
    head = "url,title,published_at,author,views\n"
    weeks = []
    for day, factor in (("2024-10-27", 50), ("2024-11-03", 100), ("2024-11-10", 200)):
        week = tmp_path / f"week_{day}.csv"
        week.write_text(head + "".join(f"https://x.id/read/{n},Artikel {n},2024-10-01,Nurito,{factor * n}\n"
                                       for n in range(1, 4)))
        weeks.append(week)
    assert [r.status for r in ingest_paths(db, weeks)] == ["loaded"] * 3
    con = connect(db)
    try:
        con.execute("update snapshots set views = 9000000000000000000 "
                    "where snapshot_date = date '2024-11-10' and article_id <> 'x.id/read/3'")
        con.execute("update article_period_gains set views_b = 9000000000000000000, "
                    "gained = 9000000000000000000 "
                    "where period_end = date '2024-11-10' and article_id <> 'x.id/read/3'")
    finally:
        con.close()
    return db


def test_reports_over_an_older_database_with_huge_values_do_not_crash(tmp_path):
    db = older_database_with_huge_values(tmp_path)
    runner = CliRunner()
    for args in (["report", "trending"], ["report", "reporters"], ["report", "regions"],
                 ["report", "trending", "--from", "2024-10-27", "--to", "2024-11-10"],
                 ["report", "reporters", "--from", "2024-10-30", "--to", "2024-11-10", "--format", "json"],
                 ["report", "regions", "--from", "2024-10-27", "--to", "2024-11-10", "--format", "csv"]):
        result = runner.invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 0, (args, result.output)
    with reading(db) as con:
        # the series sum the stored gains as the older Sorot left them: 2 x 9e18 passes
        # 2^63 - 1, and the sum is held at the largest BIGINT instead of failing the cast
        series = metrics.views_per_period(con, date(2024, 11, 10), 4)
        assert series.filter(series["period_end"] == date(2024, 11, 10))["views_gained"].to_list() == [2**63 - 1]
        history = metrics.reporter_history(con, "nurito", date(2024, 11, 10), 4)
        assert history.filter(history["period_end"] == date(2024, 11, 10))["views"].to_list() == [2**63 - 1]
        # two weeks at once are computed afresh from the snapshots, where a count past the bound
        # is left out as if its row had been rejected: V(b) of articles 1 and 2 is their
        # 2024-11-03 count carried forward. Gains: 600 - 150, 200 - 100, 100 - 50.
        fresh = metrics.resolve_period(con, date_from=date(2024, 10, 27), date_to=date(2024, 11, 10))
        assert metrics.trending(con, fresh)["views_gained"].to_list() == [450, 100, 50]
        assert metrics.overview(con, fresh)["views_gained"]["value"] == 600
        assert metrics.reporters(con, fresh)["views"].to_list() == [600]


def test_refreshing_the_marts_of_an_older_database_with_huge_values(tmp_path):
    db = older_database_with_huge_values(tmp_path)
    con = connect(db)
    try:
        refresh_marts(con, None)      # every mart from the base tables, as an upgrade does
    finally:
        con.close()
    with reading(db) as con:
        period = metrics.resolve_period(con)
        # (2024-11-03, 2024-11-10]: article 3 gained 600 - 300; articles 1 and 2 carry their
        # 2024-11-03 count forward and gain nothing
        assert metrics.overview(con, period)["views_gained"]["value"] == 300
        assert metrics.reporters(con, period)["views"].to_list() == [300]
        assert metrics.trending(con, period)["views_gained"].to_list() == [300]


@pytest.mark.parametrize("name", sorted(p.name for p in BOUNDS.iterdir()))
def test_the_upload_preview_of_each_bounds_fixture(name):
    # the upload page's first look: a preview, or the refusal's sentence (never a traceback)
    status = EXPECTED[name][0]
    data = (BOUNDS / name).read_bytes()
    if status == "refused":
        with pytest.raises(RefusedFile, match="two columns that both mean 'views'"):
            preview(Path(name), data=data)
        return
    shown = preview(Path(name), data=data)
    assert shown.rows == len(data.decode("utf-8").splitlines()) - 1
    assert shown.snapshot_date == date(2024, 11, 10)


def test_the_staging_model_leaves_out_what_ingest_rejects():
    # the SQL writes the bound as a literal; it must be the one rows.row_views applies
    text = (Path(__file__).parent.parent / "etl" / "sql" / "staging" / "stg_snapshots.sql").read_text()
    assert f"where views <= {MAX_VIEWS}\n" in text


def test_a_large_file_takes_the_fast_path_and_rejects_only_its_long_title_and_huge_views(tmp_path, monkeypatch):
    # 1,200 rows: past fast_path.min_rows(), so DuckDB's reader splits it (no csv field limit
    # there either); the long title and the 20-digit views go to Python, which rejects them
    monkeypatch.delenv("SOROT_FAST_PATH_MIN_ROWS", raising=False)
    taken = []
    real_stage = fast_path.stage

    def spy(*args, **kwargs):
        staged = real_stage(*args, **kwargs)
        taken.append(staged is not None)
        return staged

    monkeypatch.setattr(fast_path, "stage", spy)
    lines = ["url,title,published_at,author,views"]
    lines += [f"https://x.id/read/{n},Artikel {n},2024-11-05,Nurito,10" for n in range(1, 1201)]
    lines[500] = f"https://x.id/read/500,{'x' * 200_000},2024-11-05,Nurito,10"
    lines[700] = "https://x.id/read/700,Artikel 700,2024-11-05,Nurito,99999999999999999999"
    big = tmp_path / "besar_2024-11-10.csv"
    big.write_text("\n".join(lines) + "\n")
    [report] = ingest_paths(tmp_path / "sorot.duckdb", [big])
    assert taken == [True]
    assert report.status == "loaded" and report.rows_loaded == 1198
    assert [(p.line_number, p.reason[:30]) for p in report.problems] == [
        (501, "title is 200,000 characters lo"), (701, "views '99999999999999999999' i")]


def test_non_ascii_digits_are_no_date_in_a_file_name_or_in_as_of(tmp_path):
    assert date_from_filename("ekspor-٢٠٢٤-١١-١٠.csv") is None
    assert date_from_filename("ekspor-２０２４１１１０.csv") is None
    assert date_from_filename("ekspor-2024-11-10.csv") == date(2024, 11, 10)
    result = CliRunner().invoke(app, ["ingest", str(BOUNDS / "bounded_sum_2024-11-10.csv"),
                                      "--as-of", "２０２４-１１-１０", "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "--as-of '２０２４-１１-１０' is not a date; write it as YYYY-MM-DD" in result.output


def test_a_reason_quotes_the_start_of_a_long_cell(tmp_path, parse_path):
    # the row's raw text keeps the whole cell; the reason shown in the report quotes its start
    views = "9" * 150_000
    export = tmp_path / "panjang_2024-11-10.csv"
    export.write_text("url,title,published_at,author,views\n"
                      "https://x.id/1,Satu,2024-11-05,Nurito,10\n"
                      f"https://x.id/2,Dua,2024-11-05,Nurito,{views}\n")
    [report] = ingest_paths(tmp_path / "sorot.duckdb", [export])
    [problem] = report.problems
    assert problem.reason == (f"views '{'9' * 100}… (150,000 characters)' is more than 1,000,000,000,000 "
                              "(10^12), which no article reaches; check the export's views column")
    assert views in problem.raw_text


@pytest.mark.parametrize("cell, reason", [
    ("9" * 5_000, f"views '{'9' * 100}… (5,000 characters)' {OVER}; check the export's views column"),
    ("n/a " * 1_000, f"views '{('n/a ' * 25)[:100]}… (3,999 characters)' is not a whole number"),
    ("2024-11-05 " * 30, f"publish date '{('2024-11-05 ' * 10)[:100]}… (329 characters)' is not a date "
                         "Sorot can read"),
])
def test_long_cells_in_views_and_dates(tmp_path, parse_path, cell, reason):
    column = "published_at" if "publish" in reason else "views"
    row = {"url": "https://x.id/2", "title": "Dua", "published_at": "2024-11-05", "author": "Nurito",
           "views": "10", column: cell}
    export = tmp_path / "panjang_2024-11-10.csv"
    export.write_text("url,title,published_at,author,views\n"
                      "https://x.id/1,Satu,2024-11-05,Nurito,10\n" + ",".join(row.values()) + "\n")
    [report] = ingest_paths(tmp_path / "sorot.duckdb", [export])
    assert [p.reason for p in report.problems] == [reason]
