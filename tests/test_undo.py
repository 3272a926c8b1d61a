"""The audit trail and undo (issue #17): after "ingest X, undo X" every base table (but the
audit rows of `ingests`), every mart and every report equal, exactly, those of before X.

The files are the hand-checked fixtures of tests/fixtures/ingest and tests/fixtures/pages, and
a few small ones written here; the numbers asserted are worked out from them by hand.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import metrics
from etl.db import checks
from etl.db.connect import reading
from etl.db.marts import STORED_MARTS
from etl.errors import NotAllowed, NothingToUndo, UndoRefused
from etl.ingest.files import ingest_history, ingest_paths, undo_ingest
from etl.ingest.saved_pages import ingest_pages
from etl.newsroom.access import Caller, shell_caller
from etl.newsroom.cells import title_key
from tests.old_databases import back_to_single_outlet, back_to_tag_tables

ROOT = Path(__file__).resolve().parents[1]
INGEST = ROOT / "tests" / "fixtures" / "ingest"
PAGES = ROOT / "tests" / "fixtures" / "pages"
HEADER = "Judul,Tautan,Tanggal Terbit,Penulis,Fotografer,Kanal,Wilayah,Dilihat\n"
A101 = "beritajakarta.id/read/101/banjir-tebet"
A104 = "beritajakarta.id/read/104/lain"
S1, S2 = date(2024, 11, 3), date(2024, 11, 10)
# (title, publish date) of the popular list of beritajakarta_2024-11-06.txt (tests/test_pages.py)
PAGE_ENTRIES = [
    ("Puskesmas Mampang Prapatan Wakili Jaksel di Lomba Konvensi Mutu Tingkat Provinsi", date(2024, 11, 5)),
    ("Rintik Hujan Diprediksi Basahi Jaksel dan Jaktim di Malam Hari", date(2024, 10, 30)),
    ("Pemprov DKI Adakan Rakor Pilkada Ramah Anak", date(2024, 10, 29)),
    ("DPRD-Kanwil Kemenag DKI Bahas Sekolah Madrasah Gratis", date(2024, 10, 29)),
    ("Pimpinan Dewan-Pj Gubernur DKI Teken MoU KUA-PPAS APBD 2025", date(2024, 11, 1)),
]

# Every table a load writes, the audit trail (ingests) aside: the kept rows are in it too, so
# an undo that left a kept row behind (or lost one) shows.
BASE_TABLES = ("snapshots", "rejects", "ingest_warnings", "articles", "authors",
               "replaced_snapshots", "renamed_snapshots", "replaced_authors")


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "sorot.duckdb"


def write(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / "files" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def everything(db: Path) -> dict:
    """Every base table and mart as sorted rows, and every report of every period (each week
    and the range of all of them), and each article's details."""
    with reading(db) as con:
        state = {table: sorted(map(repr, con.execute(f"select * from {table}").fetchall()))
                 for table in BASE_TABLES + STORED_MARTS}
        ends = [d for (d,) in con.execute("select distinct snapshot_date from snapshots order by 1").fetchall()]
        periods = [metrics.resolve_period(con, as_of=end) for end in ends]
        if len(ends) > 1:
            periods.append(metrics.resolve_period(con, date_from=ends[0], date_to=ends[-1]))
        for period in periods:
            for kind in ("trending", "reporters", "regions"):
                state[f"{kind} {period}"] = getattr(metrics, kind)(con, period).rows()
            state[f"overview {period}"] = metrics.overview(con, period)
        for (article_id,) in con.execute("select article_id from articles order by 1").fetchall():
            state[f"article {article_id}"] = (metrics.article(con, article_id),
                                              metrics.article_history(con, article_id).rows())
        assert checks.run_checks(con) == dict.fromkeys(checks.check_names(), 0)
    return state


def last_ingest_id(db: Path) -> int:
    with reading(db) as con:
        return con.execute("select max(ingest_id) from ingests").fetchall()[0][0]


def undo(db: Path, ingest_id: int, caller: Caller | None = None):
    return undo_ingest(db, ingest_id, caller=caller or shell_caller())


def rows(db: Path, sql: str, params=None) -> list:
    with reading(db) as con:
        return con.execute(sql, params or []).fetchall()


def assert_undo_gives_back(db: Path, load) -> None:
    """`load()` stores one ingest; undoing it gives back everything of before."""
    before = everything(db)
    load()
    after_load = everything(db)
    assert after_load != before
    ingest_id = last_ingest_id(db)
    undo(db, ingest_id)
    assert everything(db) == before
    [(undone_at, undone_by)] = rows(db, "select undone_at, undone_by from ingests where ingest_id = ?", [ingest_id])
    assert undone_at is not None and undone_by == shell_caller().email


# --- "ingest, undo" equals "never ingested" --------------------------------------------------

def test_undo_of_a_new_week(db):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    def load():
        ingest_paths(db, [INGEST / "week_2024-11-10.csv"])
        # a new week replaces nothing: no kept snapshot rows (the load stays as fast as before)
        assert rows(db, "select count(*) from replaced_snapshots") == [(0,)]
        assert rows(db, "select rows_replaced from ingests where ingest_id = 2") == [(0,)]

    assert_undo_gives_back(db, load)
    # by hand: only the first week is left, 1000 and 50 views; its one period (27 Oct, 3 Nov]
    assert rows(db, "select article_id, snapshot_date, views from snapshots order by 1") == [
        (A101, S1, 1000), (A104, S1, 50)]
    assert rows(db, "select title from articles where article_id = ?", [A101]) == [("Banjir di Tebet",)]
    assert rows(db, "select period_end from period_ends") == [(S1,)]
    assert rows(db, "select count(*) from ingest_warnings") == [(0,)]   # 10 Nov's "views went down" went


def test_undo_of_a_resent_week_brings_the_replaced_rows_back(db, tmp_path):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv", INGEST / "week_2024-11-10.csv"])
    original = rows(db, "select * from snapshots where snapshot_date = ? order by article_id", [S2])
    # 10 Nov sent again: 101 corrected to 950 views, a new title and a new reporter
    resent = write(tmp_path, "week_2024-11-10.csv",
                   "Banjir Surut,https://www.beritajakarta.id/read/101/banjir-tebet,2024-11-01,Budi Santoso,,"
                   "Lingkungan,,950\n"
                   "Lain,https://www.beritajakarta.id/read/104/lain,2024-11-02,Nurito,,,,80\n")

    def load():
        [report] = ingest_paths(db, [resent])
        assert (report.status, report.rows_replaced) == ("loaded", 2)
        assert rows(db, "select count(*) from replaced_snapshots") == [(2,)]
        assert rows(db, "select name from authors where author_id = 'budi santoso'") == [("Budi Santoso",)]

    assert_undo_gives_back(db, load)
    # by hand: the rows of the second file are back as they were, ingest 2 and all
    assert rows(db, "select * from snapshots where snapshot_date = ? order by article_id", [S2]) == original
    assert [(r[0], r[2], r[4], r[11]) for r in original] == [
        (A101, 900, "Banjir di Tebet Surut", 2), (A104, 80, "Lain", 2)]
    assert rows(db, "select author_id from authors") == [("nurito",)]
    assert rows(db, "select count(*) from replaced_snapshots") == [(0,)]


def test_undo_of_a_file_with_rejects_and_duplicates(db, tmp_path):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    messy = write(tmp_path, "messy_2024-11-10.csv",
                  "Lain,https://www.beritajakarta.id/read/104/lain,2024-11-02,Nurito,,,,80\n"
                  "Lain,https://beritajakarta.id/read/104/lain/,2024-11-02,Nurito,,,,81\n"   # duplicate key
                  "Tanpa Dilihat,https://x.id/z,2024-11-02,Nurito,,,,banyak\n")               # rejected

    def load():
        [report] = ingest_paths(db, [messy])
        assert (report.rows_loaded, report.rows_duplicate, report.rows_rejected) == (1, 1, 1)
        assert rows(db, "select kind from rejects order by kind") == [("duplicate",), ("rejected",)]

    assert_undo_gives_back(db, load)
    assert rows(db, "select count(*) from rejects") == [(0,)]
    [(loaded, duplicates, rejected)] = rows(db, "select rows_loaded, rows_duplicate, rows_rejected from ingests "
                                                "where ingest_id = 2")
    assert (loaded, duplicates, rejected) == (1, 1, 1)   # the history keeps what the file did


def test_undo_of_a_saved_page(db):
    ingest_paths(db, [PAGES / "beritajakarta_export_2024-10-30.csv"])

    def load():
        [report] = ingest_pages(db, [PAGES / "beritajakarta_2024-11-06.txt"])
        assert report.status == "loaded"

    assert_undo_gives_back(db, load)
    assert rows(db, "select distinct snapshot_date from snapshots") == [(date(2024, 10, 30),)]


def test_undo_of_an_export_that_merged_a_saved_pages_article(db):
    ingest_pages(db, [PAGES / "beritajakarta_2024-11-06.txt"])
    # the text page has no links: its five entries are keyed by title until an export brings
    # their URLs (tests/test_pages.py: POPULAR, the five entries, top to bottom)
    page_keys = sorted(title_key(title, published) for title, published in PAGE_ENTRIES)
    assert rows(db, "select article_id from articles order by 1") == [(key,) for key in page_keys]

    def load():
        ingest_paths(db, [PAGES / "beritajakarta_export_2024-11-13.csv"])
        assert rows(db, "select count(*) from snapshots where article_id like 'title:%'") == [(0,)]
        assert rows(db, "select count(*) from renamed_snapshots") == [(5,)]

    assert_undo_gives_back(db, load)
    # by hand: the page's rows are under their title keys again; the fourth had 1070 views
    assert rows(db, "select article_id from snapshots order by 1") == [(key,) for key in page_keys]
    assert rows(db, "select snapshot_date, views, ingest_id from snapshots where article_id = ?",
                [title_key(*PAGE_ENTRIES[3])]) == [(date(2024, 11, 6), 1070, 1)]


# --- what an undo refuses --------------------------------------------------------------------

def test_an_ingest_a_later_one_replaced_is_undone_only_after_the_later_one(db, tmp_path):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    before = everything(db)
    ingest_paths(db, [INGEST / "week_2024-11-10.csv"])               # ingest 2
    resent = write(tmp_path, "ulang_2024-11-10.csv",
                   "Lain,https://www.beritajakarta.id/read/104/lain,2024-11-02,Nurito,,,,85\n")
    ingest_paths(db, [resent])                                        # ingest 3 replaces a row of 2
    with pytest.raises(UndoRefused) as refused:
        undo(db, 2)
    assert str(refused.value).endswith("undo ingest 3 (ulang_2024-11-10.csv) first.")
    assert rows(db, "select count(*) from ingests where undone_at is not null") == [(0,)]   # nothing changed
    undo(db, 3)
    assert rows(db, "select views from snapshots where article_id = ? and snapshot_date = ?", [A104, S2]) == [(80,)]
    undo(db, 2)
    assert everything(db) == before


def test_a_saved_page_merged_by_a_later_export_is_undone_only_after_it(db):
    ingest_pages(db, [PAGES / "beritajakarta_2024-11-06.txt"])          # ingest 1
    ingest_paths(db, [PAGES / "beritajakarta_export_2024-11-13.csv"])   # ingest 2 merges its article
    with pytest.raises(UndoRefused) as refused:
        undo(db, 1)
    assert "undo ingest 2 (beritajakarta_export_2024-11-13.csv) first" in str(refused.value)
    undo(db, 2)
    undo(db, 1)
    assert rows(db, "select count(*) from snapshots") == [(0,)]
    assert rows(db, "select count(*) from articles") == [(0,)]


def test_an_export_whose_urls_a_later_saved_page_took_is_undone_only_after_it(db):
    ingest_paths(db, [PAGES / "beritajakarta_export_2024-10-30.csv"])   # ingest 1
    ingest_pages(db, [PAGES / "beritajakarta_2024-11-06.txt"])           # ingest 2 takes its URL keys
    # the export's two articles (entries 3 and 4 of the page); the other three keep title keys
    assert rows(db, "select count(*) from snapshots where ingest_id = 2 and article_id like 'title:%'") == [(3,)]
    with pytest.raises(UndoRefused, match=r"undo ingest 2 \(beritajakarta_2024-11-06.txt\) first\.$"):
        undo(db, 1)
    undo(db, 2)
    undo(db, 1)
    assert rows(db, "select count(*) from snapshots") == [(0,)]


def test_an_older_week_can_be_undone_while_a_later_one_stands(db):
    # the later week replaced nothing of the older one: no dependency
    ingest_paths(db, [INGEST / "week_2024-11-10.csv"])
    before = everything(db)
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])   # a week sent late, older than the stored one
    undo(db, 2)
    assert everything(db) == before


def test_unknown_and_already_undone_ingests(db):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    with pytest.raises(NothingToUndo, match="There is no ingest 7"):
        undo(db, 7)
    undo(db, 1)
    with pytest.raises(NothingToUndo, match=r"Ingest 1 \(week_2024-11-03.csv\) was already undone"):
        undo(db, 1)


def test_the_roles_of_an_undo(db):
    editor = Caller("rina@newsroom.id", "editor", "dashboard from 10.0.0.5")
    other = Caller("budi@newsroom.id", "editor", "dashboard from 10.0.0.6")
    viewer = Caller("tamu@newsroom.id", "viewer", "dashboard from 10.0.0.7")
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"], caller=editor)
    for caller in (viewer, other):
        with pytest.raises(NotAllowed):
            undo(db, 1, caller)
    assert rows(db, "select undone_at from ingests") == [(None,)]
    undo(db, 1, editor)                              # one's own upload
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"], caller=editor)
    undo(db, 2, Caller("admin@newsroom.id", "admin", "dashboard from 10.0.0.8"))   # an admin: anyone's
    assert rows(db, "select ingest_id, ingested_by, ingested_from, undone_by from ingests order by 1") == [
        (1, editor.email, editor.origin, editor.email), (2, editor.email, editor.origin, "admin@newsroom.id")]


def test_an_undone_file_can_be_loaded_again(db):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    undo(db, 1)
    [again] = ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    assert again.status == "loaded"
    assert rows(db, "select count(*) from snapshots where ingest_id = 2") == [(2,)]
    [unchanged] = ingest_paths(db, [INGEST / "week_2024-11-03.csv"])   # in force again: the same file skips
    assert unchanged.status == "unchanged"


# --- the audit trail ---------------------------------------------------------------------------

def test_every_ingest_records_who_from_where_size_and_hash(db):
    editor = Caller("rina@newsroom.id", "editor", "dashboard from 10.0.0.5")
    path = INGEST / "week_2024-11-03.csv"
    ingest_paths(db, [path], caller=editor)
    ingest_pages(db, [PAGES / "beritajakarta_2024-11-06.txt"])
    import hashlib
    with reading(db) as con:
        history = ingest_history(con).to_dicts()
    page, export = history
    assert (export["ingested_by"], export["ingested_from"]) == (editor.email, editor.origin)
    assert export["file_size_bytes"] == len(path.read_bytes())
    assert export["content_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (export["rows_loaded"], export["rows_replaced"], export["rows_rejected"]) == (2, 0, 0)
    assert page["ingested_by"] == shell_caller().email and page["ingested_from"].startswith("cli on ")
    assert page["file_size_bytes"] == (PAGES / "beritajakarta_2024-11-06.txt").stat().st_size


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_history_and_undo(db, tmp_path):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv", INGEST / "week_2024-11-10.csv"])
    done = run_cli("undo", "2", "--db", str(db))
    assert done.returncode == 0 and done.stdout.strip() == (
        "Undid ingest 2 (week_2024-11-10.csv): removed 2 snapshot rows.")
    listed = run_cli("history", "--format", "json", "--db", str(db))
    assert listed.returncode == 0
    ingests = json.loads(listed.stdout)["ingests"]
    assert [(i["ingest_id"], i["file_name"], i["snapshot_date"], i["rows_loaded"], i["undone"]) for i in ingests] == [
        (2, "week_2024-11-10.csv", "2024-11-10", 2, True), (1, "week_2024-11-03.csv", "2024-11-03", 2, False)]
    assert ingests[0]["undone_by"] == ingests[0]["ingested_by"] == shell_caller().email
    assert set(ingests[0]) >= {"ingest_id", "file_name", "snapshot_date", "rows_loaded", "rows_replaced",
                               "rows_rejected", "ingested_by", "ingested_at", "undone_at", "undone_by"}
    assert run_cli("history", "--format", "csv", "--limit", "1", "--db", str(db)).stdout.count("\n") == 2
    table = run_cli("history", "--db", str(db)).stdout
    assert "week_2024-11-10.csv" in table and "by " + shell_caller().email in table
    for args, code, text in ((("undo", "2"), 2, "already undone"), (("undo", "9"), 2, "There is no ingest 9"),
                             (("history", "--format", "xml"), 2, "--format 'xml'")):
        refused = run_cli(*args, "--db", str(db))
        assert refused.returncode == code and text in refused.stderr and "Traceback" not in refused.stderr
        assert refused.stderr.count("\n") == 1


def test_cli_refuses_an_undo_built_upon_in_one_sentence(db, tmp_path):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    ingest_paths(db, [write(tmp_path, "ulang_2024-11-03.csv",
                            "Lain,https://www.beritajakarta.id/read/104/lain,2024-11-02,Nurito,,,,55\n")])
    refused = run_cli("undo", "1", "--db", str(db))
    assert refused.returncode == 1 and refused.stderr.strip() == (
        "Error: Ingest 2 (ulang_2024-11-03.csv) was loaded later and builds on the rows of ingest 1 "
        "(week_2024-11-03.csv); undo ingest 2 (ulang_2024-11-03.csv) first.")


def test_a_database_from_before_the_audit_trail_upgrades_and_shows_who_unknown(db):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    before = everything(db)
    # what a Sorot before migration 004 made: no audit columns, no kept tables, version 2
    con = duckdb.connect(str(db))
    back_to_single_outlet(con)   # and before 006: one implicit outlet, in `main`
    for column in ("ingested_by", "ingested_from", "file_size_bytes", "rows_replaced", "undone_at",
                   "undone_by", "undone_from"):
        con.execute(f"alter table ingests drop column {column}")
    con.execute("drop table replaced_snapshots; drop table renamed_snapshots; drop table replaced_authors; "
                "drop table users")   # and 003's users table: version 2 had none
    back_to_tag_tables(con)   # and 005's lists
    con.execute("delete from schema_migrations where version > 2")
    con.close()
    ingest_paths(db, [INGEST / "week_2024-11-10.csv"])   # any writer upgrades
    with reading(db) as con:
        old, new = ingest_history(con).to_dicts()[::-1]
    assert (old["ingested_by"], old["ingested_from"], old["file_size_bytes"], old["undone_at"]) == (
        "unknown", "unknown", None, None)
    assert new["ingested_by"] == shell_caller().email
    undo(db, 2)
    before["replaced_authors"] = []   # the old database kept nothing of ingest 1
    assert everything(db) == before
    # what ingest 1 replaced was not kept (it may have been anything): it cannot be undone
    with pytest.raises(UndoRefused, match=r"Ingest 1 \(week_2024-11-03.csv\) was loaded before"):
        undo(db, 1)
    table = run_cli("history", "--db", str(db)).stdout
    assert "unknown" in table


# --- kill -9 during an undo ---------------------------------------------------------------------

@pytest.mark.parametrize("moment", ["transaction", "committed"])
def test_an_undo_killed_midway_leaves_the_database_as_before_or_as_after(db, killed_at_pause, moment):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    undone = everything(db)
    ingest_paths(db, [INGEST / "week_2024-11-10.csv"])
    loaded = everything(db)
    killed_at_pause("undo", "2", "--db", str(db), moment=moment)
    assert everything(db) == (loaded if moment == "transaction" else undone)
    undone_at = rows(db, "select undone_at from ingests where ingest_id = 2")[0][0]
    assert (undone_at is None) == (moment == "transaction")


# --- the upload page -----------------------------------------------------------------------------

def open_upload_page(db: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SOROT_DB", str(db))
    at = AppTest.from_file("../dashboard/app.py", default_timeout=90)
    at.run()
    at.switch_page("app_pages/ingest.py").run()
    assert not at.exception, at.exception
    return at


def test_the_upload_page_lists_who_and_undoes_after_a_confirmation(db, monkeypatch):
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    before = everything(db)
    ingest_paths(db, [INGEST / "week_2024-11-10.csv"])
    at = open_upload_page(db, monkeypatch)
    history = at.dataframe[-2].value  # [-1] is its phone twin (ui.table compact)
    assert history["ingest_id"].tolist() == [2, 1]
    assert history["ingested_by"].tolist() == [shell_caller().email] * 2
    assert history["undone"].tolist() == ["", ""]
    choose = at.selectbox(key="undo_choose")
    assert choose.options == ["2 · week_2024-11-10.csv · 10 Nov 2024", "1 · week_2024-11-03.csv · 3 Nov 2024"]
    choose.set_value(2).run()
    assert at.button(key="undo_button").disabled        # not before the tick
    at.checkbox(key="undo_confirm").check().run()
    at.button(key="undo_button").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        "Unggahan 2 (week_2024-11-10.csv) dibatalkan: 2 baris dihapus, 0 baris yang diganti dikembalikan."]
    history = at.dataframe[-2].value  # [-1] is its phone twin (ui.table compact)
    from dashboard import queries
    undone = history["undone"].tolist()
    assert undone[0].endswith(f"oleh {queries.LOCAL_CALLER.email}") and undone[1] == ""
    assert at.selectbox(key="undo_choose").options == ["1 · week_2024-11-03.csv · 3 Nov 2024"]
    assert everything(db) == before


def test_the_upload_page_offers_an_editor_only_their_own_uploads(db, tmp_path, monkeypatch):
    from dashboard import queries

    editor = Caller("rina@newsroom.id", "editor", "dashboard")
    ingest_paths(db, [INGEST / "week_2024-11-03.csv"], caller=editor)
    ingest_paths(db, [INGEST / "week_2024-11-10.csv"])       # someone else's (the shell user)
    monkeypatch.setattr(queries, "LOCAL_CALLER", editor)
    at = open_upload_page(db, monkeypatch)
    assert at.selectbox(key="undo_choose").options == ["1 · week_2024-11-03.csv · 3 Nov 2024"]
    # the refusal of an undo built upon comes back from the write child as its sentence
    monkeypatch.setattr(queries, "LOCAL_CALLER", shell_caller())
    ingest_paths(db, [write(tmp_path, "ulang_2024-11-03.csv",
                            "Lain,https://www.beritajakarta.id/read/104/lain,2024-11-02,Nurito,,,,55\n")])
    with pytest.raises(UndoRefused) as refused:
        queries.undo_ingest(1, db=db, caller=shell_caller())
    assert (refused.value.later_id, refused.value.later_file) == (3, "ulang_2024-11-03.csv")
