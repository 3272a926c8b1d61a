"""`sorot watch INBOX` (issue #22): good, refused, re-dropped and half-written files; the
order; filing with the report beside each file; a kill -9 in the middle, then a rerun."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.old_databases import open_duckdb
from etl.ingest import inbox
from etl.ingest.files import ingest_history, ingest_uploads
from etl.ingest.saved_pages import is_saved_page
from etl.newsroom.access import shell_caller
from etl.present.ingest_report import report_text

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "tests" / "fixtures" / "export"
INGEST = ROOT / "tests" / "fixtures" / "ingest"
PAGES = ROOT / "tests" / "fixtures" / "pages"
# A header without the url column: refused with the front door's sentence.
REFUSED_TEXT = "title,views\nBanjir,100\n"


def watch_once(db: Path, folder: Path, **options):
    options.setdefault("settle", 0)
    return inbox.watch(db, folder, report_text=report_text, once=True, **options)


def ingests(db: Path) -> list[tuple]:
    con = open_duckdb(db, read_only=True)
    try:
        return con.execute("select file_name, snapshot_date::varchar, rows_loaded, ingested_from "
                           "from ingests order by ingest_id").fetchall()
    finally:
        con.close()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


@pytest.fixture
def box(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_good_and_refused_files_are_loaded_in_date_order_and_filed_with_their_reports(tmp_path, box):
    db = tmp_path / "sorot.duckdb"
    shutil.copy(EXPORTS / "week_2024-11-10.csv", box)
    shutil.copy(EXPORTS / "week_2024-11-03.csv", box)
    (box / "broken_2024-11-17.csv").write_text(REFUSED_TEXT)

    passes = watch_once(db, box)

    statuses = [(f.report.file_name, f.report.status) for p in passes for f in p.filed]
    # Oldest snapshot first, whatever order the names were written in.
    assert statuses == [("week_2024-11-03.csv", "loaded"), ("week_2024-11-10.csv", "loaded"),
                        ("broken_2024-11-17.csv", "refused")]
    assert sorted(p.name for p in box.iterdir()) == ["dimuat", "ditolak"]
    assert sorted(p.name for p in (box / "dimuat").iterdir()) == [
        "week_2024-11-03.csv", "week_2024-11-03.csv.laporan.txt",
        "week_2024-11-10.csv", "week_2024-11-10.csv.laporan.txt"]
    assert sorted(p.name for p in (box / "ditolak").iterdir()) == [
        "broken_2024-11-17.csv", "broken_2024-11-17.csv.laporan.txt"]
    # The files are moved whole, and the reports say what `sorot ingest` says.
    assert (box / "dimuat" / "week_2024-11-03.csv").read_bytes() == (EXPORTS / "week_2024-11-03.csv").read_bytes()
    report = (box / "dimuat" / "week_2024-11-03.csv.laporan.txt").read_text().splitlines()
    assert report[0] == "week_2024-11-03.csv: loaded"
    assert report[2].startswith("  rows read 5 · loaded 5 · duplicates 0 · rejected 0")   # 5 rows in the file
    refused = (box / "ditolak" / "broken_2024-11-17.csv.laporan.txt").read_text()
    assert refused.startswith("broken_2024-11-17.csv: refused — broken_2024-11-17.csv lacks the required column 'url'")
    host = shell_caller().origin.split(" on ", 1)[1]
    assert ingests(db) == [("week_2024-11-03.csv", "2024-11-03", 5, f"watch on {host}"),
                           ("week_2024-11-10.csv", "2024-11-10", 7, f"watch on {host}")]


def test_a_file_dropped_again_is_filed_as_already_loaded_never_loaded_twice(tmp_path, box):
    db = tmp_path / "sorot.duckdb"
    shutil.copy(EXPORTS / "week_2024-11-03.csv", box)
    watch_once(db, box)
    shutil.copy(EXPORTS / "week_2024-11-03.csv", box)   # the CMS sends last week's file again

    passes = watch_once(db, box)

    [filed] = passes[0].filed
    assert filed.report.status == "unchanged"
    assert filed.moved_to == box / "dimuat" / "week_2024-11-03 (2).csv"
    assert "was already ingested" in (box / "dimuat" / "week_2024-11-03 (2).csv.laporan.txt").read_text()
    assert (box / "dimuat" / "week_2024-11-03.csv.laporan.txt").read_text().startswith("week_2024-11-03.csv: loaded")
    assert [row[0] for row in ingests(db)] == ["week_2024-11-03.csv"]


def test_the_upload_page_and_the_inbox_share_one_history(tmp_path, box):
    """Bytes uploaded on the dashboard and then dropped into the inbox are not loaded again."""
    db = tmp_path / "sorot.duckdb"
    data = (EXPORTS / "week_2024-11-03.csv").read_bytes()
    [uploaded] = ingest_uploads(db, [("week_2024-11-03.csv", data)], caller=shell_caller(), in_child=False)
    assert uploaded.status == "loaded"
    (box / "week_2024-11-03.csv").write_bytes(data)

    [filed] = watch_once(db, box)[0].filed

    assert filed.report.status == "unchanged"
    con = open_duckdb(db, read_only=True)
    try:
        history = ingest_history(con)
    finally:
        con.close()
    assert history["file_name"].to_list() == ["week_2024-11-03.csv"]


def test_a_file_still_growing_is_left_alone_until_it_is_stable(tmp_path, box):
    db = tmp_path / "sorot.duckdb"
    growing = box / "week_2024-11-03.csv"
    text = (EXPORTS / "week_2024-11-03.csv").read_text()
    growing.write_text(text[:60])   # half of the header arrived so far

    def copy_goes_on(_seconds: float) -> None:   # the settle wait, while the copy writes on
        growing.write_text(text[: len(growing.read_text()) + 200])

    passes = watch_once(db, box, sleep=copy_goes_on, max_wait=0)

    assert passes[-1].growing == ["week_2024-11-03.csv"] and passes[-1].filed == []
    assert growing.exists() and not (box / "dimuat").exists() and not (box / "ditolak").exists()
    assert not db.exists()   # nothing to load: the database was not even opened

    growing.write_text(text)   # the copy finished
    [filed] = watch_once(db, box)[0].filed
    assert filed.report.status == "loaded" and filed.report.rows_loaded == 5


def test_once_waits_for_a_growing_file_then_loads_it(tmp_path, box):
    db = tmp_path / "sorot.duckdb"
    growing = box / "week_2024-11-03.csv"
    text = (EXPORTS / "week_2024-11-03.csv").read_text()
    growing.write_text(text[:100])
    waits = []

    def copy_finishes(_seconds: float) -> None:
        waits.append(_seconds)
        if len(waits) == 1:
            growing.write_text(text)

    passes = watch_once(db, box, settle=3, sleep=copy_finishes, max_wait=600)

    assert [p.growing for p in passes] == [["week_2024-11-03.csv"], []]
    assert [f.report.status for f in passes[1].filed] == ["loaded"]
    assert waits == [3, 3]


def test_files_dated_only_inside_come_after_the_named_ones_in_arrival_order(box):
    for name in ("b_week_2024-11-10.csv", "a_week_2024-11-17.csv", "z_no_date.csv", "y_no_date.csv"):
        (box / name).write_text("x")
    os.utime(box / "z_no_date.csv", ns=(1_000_000_000, 1_000_000_000))   # arrived first
    os.utime(box / "y_no_date.csv", ns=(2_000_000_000, 2_000_000_000))

    stable, growing = inbox.settled(box, 0, sleep=lambda _s: None)

    assert [p.name for p in stable] == ["b_week_2024-11-10.csv", "a_week_2024-11-17.csv",
                                        "z_no_date.csv", "y_no_date.csv"]
    assert growing == []


def test_only_exports_and_pages_in_the_inbox_itself_are_taken(box):
    for name in ("week_2024-11-03.csv", "week.xlsx", "page_2024-11-06.html", "page.txt", "data.tsv",
                 "notes.docx", ".hidden.csv", "~$week.xlsx", "week.csv.part"):
        (box / name).write_text("x")
    (box / "dimuat").mkdir()
    (box / "dimuat" / "old_2024-10-27.csv").write_text("x")

    assert sorted(p.name for p in inbox.candidates(box)) == [
        "data.tsv", "page.txt", "page_2024-11-06.html", "week.xlsx", "week_2024-11-03.csv"]


def test_saved_pages_are_told_from_exports():
    assert is_saved_page(PAGES / "beritajakarta_2024-11-06.txt")
    assert is_saved_page(PAGES / "beritajakarta_2024-11-06.html")
    assert not is_saved_page(INGEST / "utf16_tab_2024-11-10.txt")   # a tab-separated export
    assert not is_saved_page(EXPORTS / "week_2024-11-03.csv")


def test_a_saved_page_in_the_inbox_is_loaded_as_a_page(tmp_path, box):
    db = tmp_path / "sorot.duckdb"
    shutil.copy(PAGES / "beritajakarta_2024-11-06.txt", box)

    [filed] = watch_once(db, box)[0].filed

    assert filed.report.status == "loaded" and filed.report.rows_loaded == 5   # five entries in the list
    assert "saved text page, 'Berita Terpopuler' list" in filed.report_file.read_text()
    con = open_duckdb(db, read_only=True)
    try:
        assert con.execute("select source_kind from ingests").fetchall() == [("page",)]
    finally:
        con.close()


def test_a_second_copy_keeps_both_names(tmp_path):
    (tmp_path / "a.csv").write_text("x")
    (tmp_path / "a (2).csv.laporan.txt").write_text("x")   # a report whose file went away
    assert inbox.free_target(tmp_path, "a.csv") == tmp_path / "a (3).csv"
    assert inbox.free_target(tmp_path, "b.csv") == tmp_path / "b.csv"


# --- the command -------------------------------------------------------------------------

def test_watch_once_exits_1_when_a_file_was_refused_and_0_when_all_loaded(tmp_path, box):
    db = tmp_path / "sorot.duckdb"
    shutil.copy(EXPORTS / "week_2024-11-03.csv", box)
    (box / "broken_2024-11-17.csv").write_text(REFUSED_TEXT)

    done = run_cli("watch", str(box), "--once", "--settle", "0", "--db", str(db))
    assert done.returncode == 1, done.stderr
    assert "broken_2024-11-17.csv: refused — " in done.stderr and "Traceback" not in done.stderr
    assert "1 loaded (in dimuat/), 0 already loaded (in dimuat/), 1 refused (in ditolak/)" in done.stdout

    shutil.copy(EXPORTS / "week_2024-11-10.csv", box)
    again = run_cli("watch", str(box), "--once", "--settle", "0", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "  → dimuat/week_2024-11-10.csv" in again.stdout


def test_watch_refuses_a_missing_inbox_in_one_sentence(tmp_path):
    done = run_cli("watch", str(tmp_path / "nowhere"), "--once", "--db", str(tmp_path / "s.duckdb"))
    assert done.returncode == 2
    assert done.stderr.strip() == (f"Error: The inbox {tmp_path / 'nowhere'} is not a folder; create it "
                                   f"(mkdir -p {tmp_path / 'nowhere'}) or give the right path.")


@pytest.mark.parametrize("moment", ["transaction", "committed"])
def test_kill_9_in_the_middle_then_a_rerun_loses_nothing_and_loads_nothing_twice(tmp_path, box, killed_at_pause,
                                                                                  moment):
    """Killed inside the first file's transaction, or just after its commit and before it was
    moved: the rerun loads each file exactly once and files both."""
    db = tmp_path / "sorot.duckdb"
    shutil.copy(EXPORTS / "week_2024-11-03.csv", box)
    shutil.copy(EXPORTS / "week_2024-11-10.csv", box)

    killed_at_pause("watch", str(box), "--once", "--settle", "0", "--db", str(db), moment=moment)
    # Nothing was moved: the first file's commit (if any) came before its move.
    assert sorted(p.name for p in box.iterdir() if p.is_file()) == ["week_2024-11-03.csv", "week_2024-11-10.csv"]

    done = run_cli("watch", str(box), "--once", "--settle", "0", "--db", str(db))

    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in box.iterdir()) == ["dimuat"]
    assert [(row[0], row[2]) for row in ingests(db)] == [("week_2024-11-03.csv", 5), ("week_2024-11-10.csv", 7)]
    first = (box / "dimuat" / "week_2024-11-03.csv.laporan.txt").read_text()
    if moment == "committed":
        assert "was already ingested" in first   # stored by the killed run, filed by this one
    else:
        assert first.startswith("week_2024-11-03.csv: loaded")
