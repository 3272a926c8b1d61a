"""Excel uploads (issue #20): real .xlsx workbooks written here with xlsxwriter, read like
a CSV export. Expected values are worked out by hand from the cells written below."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from etl.db.connect import reading
from etl.ingest.files import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["url", "title", "published_at", "author", "views"]


def _workbook(path: Path, *, cover: bool = False, title_row: bool = False) -> Path:
    book = xlsxwriter.Workbook(str(path))
    if cover:
        book.add_worksheet("Sampul").write(0, 0, "Laporan mingguan redaksi")
    sheet = book.add_worksheet("Artikel")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    top = 0
    if title_row:
        sheet.write(0, 0, "Artikel terpopuler pekan ini")
        top = 2                                   # title, a blank row, then the header
    for col, name in enumerate(HEADER):
        sheet.write(top, col, name)
    r = top + 1
    # A serial date stored as a number with a date format: 46351.5 = 2026-11-25 12:00
    # (serial 46023 is 2026-01-01; +328 days is 25 November).
    sheet.write(r, 0, "https://berita.example/a1"); sheet.write(r, 1, "Banjir di Kemang")
    sheet.write_number(r, 2, 46351.5, when); sheet.write(r, 3, "Sari"); sheet.write_number(r, 4, 1200)
    # A real datetime cell.
    sheet.write(r + 1, 0, "https://berita.example/a2"); sheet.write(r + 1, 1, "Macet di Sudirman")
    sheet.write_datetime(r + 1, 2, datetime(2026, 11, 28, 9, 15), when); sheet.write(r + 1, 3, "Budi")
    sheet.write_number(r + 1, 4, 845)
    # A date without a time, and views that are not a number: rejected like in a CSV.
    sheet.write(r + 2, 0, "https://berita.example/a3"); sheet.write(r + 2, 1, "Pasar Senen")
    sheet.write_datetime(r + 2, 2, datetime(2026, 11, 27), day); sheet.write(r + 2, 3, "Sari")
    sheet.write(r + 2, 4, "banyak")
    book.close()
    return path


def _stored(db: Path) -> list[tuple]:
    with reading(db) as con:
        return con.execute(
            "select a.url, a.published_at, s.views from snapshots s join articles a using (article_id) "
            "order by a.url"
        ).fetchall()


@pytest.mark.parametrize("layout", [{}, {"cover": True}, {"title_row": True}, {"cover": True, "title_row": True}],
                         ids=["plain", "cover sheet first", "title row", "cover and title row"])
def test_workbook_loads_like_a_csv(tmp_path, layout):
    path = _workbook(tmp_path / "ekspor_2026-11-30.xlsx", **layout)
    [report] = ingest_paths(tmp_path / "sorot.duckdb", [path])
    assert report.status == "loaded", report.message
    assert report.snapshot_date == date(2026, 11, 30)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (3, 2, 1)
    # Line numbers are the sheet's rows: header on row 1 (or 3 below a title), a3 two rows on.
    header_row = 3 if layout.get("title_row") else 1
    [problem] = report.problems
    assert problem.line_number == header_row + 3
    assert "views" in problem.reason and "banyak" in problem.reason
    # Cells without an offset are WIB (SPEC §1); stored in UTC, seven hours earlier.
    assert _stored(tmp_path / "sorot.duckdb") == [
        ("https://berita.example/a1", datetime(2026, 11, 25, 5, 0), 1200),
        ("https://berita.example/a2", datetime(2026, 11, 28, 2, 15), 845),
    ]


def test_workbook_text_is_the_csv_path_input(tmp_path):
    from etl.ingest.workbook import workbook_text

    data = _workbook(tmp_path / "x.xlsx", title_row=True).read_bytes()
    assert workbook_text(data, "x.xlsx").splitlines() == [
        "", "",
        "url,title,published_at,author,views",
        "https://berita.example/a1,Banjir di Kemang,2026-11-25 12:00:00,Sari,1200",
        "https://berita.example/a2,Macet di Sudirman,2026-11-28 09:15:00,Budi,845",
        "https://berita.example/a3,Pasar Senen,2026-11-27,Sari,banyak",
    ]


def test_serial_date_without_date_format_in_a_date_column(tmp_path):
    from etl.ingest.workbook import workbook_text

    book = xlsxwriter.Workbook(str(tmp_path / "y.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["https://berita.example/b", "Judul", 46023, "Rina", 7.0])
    book.close()
    assert workbook_text((tmp_path / "y.xlsx").read_bytes(), "y.xlsx").splitlines()[1] == \
        "https://berita.example/b,Judul,2026-01-01,Rina,7"


def _refusal(tmp_path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    [report] = ingest_paths(tmp_path / "sorot.duckdb", [tmp_path / name])
    assert report.status == "refused"
    assert "\n" not in report.message
    return report.message


def test_no_sheet_with_the_columns_names_the_sheets(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "z.xlsx"))
    book.add_worksheet("Sampul").write(0, 0, "Laporan")
    book.add_worksheet("Grafik").write_row(0, 0, ["url", "views"])
    book.close()
    message = _refusal(tmp_path, "z2.xlsx", (tmp_path / "z.xlsx").read_bytes())
    assert "'Sampul'" in message and "'Grafik'" in message


def test_old_xls_and_broken_workbook_are_refused_in_one_sentence(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "save it as .xlsx or CSV" in _refusal(tmp_path, "lama.xls", ole)
    assert "password" in _refusal(tmp_path, "terkunci.xlsx", ole)
    broken = _workbook(tmp_path / "ok.xlsx").read_bytes()[:300]
    assert "not a readable Excel workbook" in _refusal(tmp_path, "rusak.xlsx", broken)
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as z:
        z.writestr("hello.txt", "hi")
    assert "not a readable Excel workbook" in _refusal(tmp_path, "zip.xlsx", (tmp_path / "empty.zip").read_bytes())
    assert not (tmp_path / "sorot.duckdb").exists() or _nothing_stored(tmp_path / "sorot.duckdb")


def _nothing_stored(db: Path) -> bool:
    with reading(db) as con:
        return con.execute("select count(*) from snapshots").fetchone()[0] == 0


def test_cli_ingests_a_workbook(tmp_path):
    path = _workbook(tmp_path / "ekspor_2026-11-30.xlsx", cover=True)
    done = subprocess.run([sys.executable, "-m", "etl.cli", "ingest", str(path), "--db", str(tmp_path / "s.duckdb")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "loaded 2" in done.stdout and "rejected 1" in done.stdout
    # A workbook is named by its kind and the sheet read, not as "comma-separated" text.
    assert "Excel workbook, sheet 'Artikel'" in done.stdout
    assert "separated" not in done.stdout and "comma" not in done.stdout


@pytest.mark.parametrize("lang, expected", [
    ("id", {"Berkas": "Buku kerja Excel", "Lembar": "Artikel"}),
    ("en", {"File": "Excel workbook", "Sheet": "Artikel"}),
])
def test_upload_preview_names_the_workbook_and_its_sheet(tmp_path, monkeypatch, lang, expected):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SOROT_DB", str(tmp_path / "sorot.duckdb"))
    data = _workbook(tmp_path / "ekspor_2026-11-30.xlsx", cover=True).read_bytes()
    at = AppTest.from_file("../dashboard/app.py", default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/ingest.py").run()
    at.file_uploader[0].set_value([("ekspor_2026-11-30.xlsx", data, "application/vnd.ms-excel")]).run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert {label: shown.get(label) for label in expected} == expected
    assert not {"Encoding", "Pemisah", "Delimiter"} & set(shown)


def _large_workbook(path: Path, *, title_row: bool, rows: int = 1500) -> Path:
    """A sheet over the fast path's 1,000-row threshold; its last row's views are a word."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Artikel")
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    top = 0
    if title_row:
        sheet.write(0, 0, "Artikel terpopuler pekan ini")
        top = 2
    sheet.write_row(top, 0, HEADER)
    for i in range(rows):
        r = top + 1 + i
        sheet.write(r, 0, f"https://berita.example/n{i}")
        sheet.write(r, 1, f"Berita nomor {i}")
        # a serial date: day 46351 is 2026-11-25 (see _workbook), plus i minutes
        sheet.write_number(r, 2, 46351 + i / 1440, when)
        sheet.write(r, 3, ("Sari", "Budi", "Rina")[i % 3])
        sheet.write(r, 4, "banyak" if i == rows - 1 else 10 + i)
    book.close()
    return path


def test_a_large_sheet_with_a_title_row_takes_the_fast_path(tmp_path, monkeypatch):
    from etl.ingest import fast_path
    from test_fast_path import rows_sent_to_python

    calls = rows_sent_to_python(monkeypatch)
    monkeypatch.delenv("SOROT_FAST_PATH_MIN_ROWS")   # the real threshold: the sheet is large
    staged = []
    real_stage = fast_path.stage
    monkeypatch.setattr(fast_path, "stage", lambda *a, **k: staged.append(real_stage(*a, **k)) or staged[-1])
    reports, stored = {}, {}
    for title_row in (False, True):
        folder = tmp_path / str(title_row)
        folder.mkdir()
        path = _large_workbook(folder / "ekspor_2026-11-30.xlsx", title_row=title_row)
        [reports[title_row]] = ingest_paths(folder / "sorot.duckdb", [path])
        stored[title_row] = _stored(folder / "sorot.duckdb")
    assert [export is not None for export in staged] == [True, True]   # neither declined to Python
    # Only the row SQL cannot read goes to the per-row parser (for its reason), by its sheet row.
    assert [row.line_number for row, *_ in calls] == [1501, 1503]
    for title_row, report in reports.items():
        assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (1500, 1499, 1)
        # The last article is on sheet row 1 + 1500 = 1501 below a header on row 1, 1503 below
        # a title, a blank row and the header.
        [problem] = report.problems
        assert problem.line_number == (1503 if title_row else 1501)
        assert "banyak" in problem.reason
    assert stored[True] == stored[False]
    # Row n5 (i = 5): 2026-11-25 00:05 WIB is 2026-11-24 17:05 UTC, 15 views.
    assert ("https://berita.example/n5", datetime(2026, 11, 24, 17, 5), 15) in stored[True]
