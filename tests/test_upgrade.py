"""A database made by an older Sorot: readers refuse it in one sentence and never write; the
next writer (an ingest, `sorot upgrade`, `sorot serve`) applies the new migrations and rebuilds
the marts whose definition changed, after which every check passes and the reports are as before.

A "newer Sorot" is played by a copy of etl/sql with one change, pointed at through
etl.db.compiler.sql_dir. The database is tests/fixtures/ingest/week_2024-11-03.csv and
week_2024-11-10.csv, whose numbers are worked out by hand below.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from etl import cli as sorot_cli
from etl import metrics
from etl.cli import app
from etl.db import checks, compiler
from etl.db.connect import reading, upgrade_database
from etl.db.schema import applied_version, changed_marts, migrations
from etl.errors import DatabaseNeedsUpgrade, SorotError
from etl.ingest.files import ingest_paths
from tests.old_databases import back_to_tag_tables, open_duckdb

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
S1, S2 = date(2024, 11, 3), date(2024, 11, 10)
A104 = "beritajakarta.id/read/104/lain"
# The migrations this Sorot has, and the number a "newer Sorot"'s next one takes.
CURRENT = [(m.version, m.name) for m in migrations()]
NEXT = len(CURRENT) + 1

# By hand from the two files. P2 = (3 Nov, 10 Nov]: 101 goes 1000 -> 900 (gain 0, never
# negative), 104 goes 50 -> 80 (gain 30); neither was published in P2 (1 and 2 Nov).
# P1 = (27 Oct, 3 Nov], the first: both published in it, so V(a) = 0: gains 1000 and 50.
HAND_P2 = {
    "trending": [(1, A104, 30, 80)],                       # 101 gained 0: not ranked
    "reporters": [("Nurito", 0, 30, 0, None)],             # articles, views, views_new, median
    "overview": {"articles_published": (0, 2), "views_gained": (30, 1050), "active_reporters": (1, 1)},
}


def report_numbers(db: Path) -> dict:
    with reading(db) as con:
        period = metrics.resolve_period(con)
        assert period == metrics.Period(S1, S2, True)
        trending = metrics.trending(con, period).select("rank", "article_id", "views_gained", "views_total")
        summary = metrics.overview(con, period)
        return {
            "trending": trending.rows(),
            "reporters": metrics.reporters(con, period).rows(),
            "overview": {k: (v["value"], v["previous"]) for k, v in summary.items()},
            "regions": metrics.regions(con, period).rows(),
        }


def assert_every_check_passes(db: Path) -> None:
    with reading(db) as con:
        assert checks.run_checks(con) == dict.fromkeys(checks.check_names(), 0)


def assert_as_before(db: Path, before: dict) -> None:
    """After an upgrade: every check passes and the reports give the numbers of before."""
    assert_every_check_passes(db)
    assert report_numbers(db) == before


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "sorot.duckdb"
    reports = ingest_paths(path, [FIXTURES / "week_2024-11-03.csv", FIXTURES / "week_2024-11-10.csv"])
    assert [r.status for r in reports] == ["loaded", "loaded"]
    return path


@pytest.fixture
def newer_sorot(tmp_path, monkeypatch):
    """newer_sorot(): from now on the code reads a fresh copy of etl/sql, to be changed
    before anything reads it (files are cached once read)."""
    def switch() -> Path:
        copy = tmp_path / "sql"
        shutil.copytree(compiler.SQL_DIR, copy)
        monkeypatch.setattr(compiler, "sql_dir", lambda: copy)
        return copy
    return switch


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer has {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def file_state(db: Path) -> tuple:
    wal = db.with_name(db.name + ".wal")
    return (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns, wal.exists())


def test_the_fixture_gives_the_hand_worked_numbers(db):
    numbers = report_numbers(db)
    assert {k: numbers[k] for k in HAND_P2} == HAND_P2
    assert_every_check_passes(db)


def test_a_changed_mart_column_is_rebuilt_by_the_writer_and_not_by_a_reader(db, newer_sorot):
    before = report_numbers(db)
    newer = newer_sorot()
    # the newer Sorot adds known_articles (articles with a known gain) to period_totals
    edit(newer / "stored" / "period_totals.table.sql",
         "    active_reporters   bigint not null\n",
         "    active_reporters   bigint not null,\n    known_articles     bigint not null\n")
    edit(newer / "stored" / "period_totals.sql",
         "        sum(gained) as views_gained\n",
         "        sum(gained) as views_gained,\n        count(*) as known_articles\n")
    edit(newer / "stored" / "period_totals.sql",
         "        cast(coalesce(r.active_reporters, 0) as bigint) as active_reporters\n",
         "        cast(coalesce(r.active_reporters, 0) as bigint) as active_reporters,\n"
         "        cast(coalesce(pp.known_articles, 0) as bigint) as known_articles\n")
    state = file_state(db)
    with pytest.raises(DatabaseNeedsUpgrade) as refused:
        reading(db).__enter__()
    sentence = str(refused.value)
    assert "sorot upgrade" in sentence and sentence.count(". ") == 0 and sentence.endswith(".")
    assert file_state(db) == state   # the reader wrote nothing

    done = upgrade_database(db)
    assert (done.migrations, done.rebuilt) == ([], ["period_totals"])
    with reading(db) as con:
        # both articles have a known gain in both periods (published in P1, so V(a) = 0 there)
        assert con.execute("select period_end, known_articles from period_totals order by 1").fetchall() == [
            (S1, 2), (S2, 2)]
    assert_as_before(db, before)
    assert str(upgrade_database(db)) == "already up to date"


def test_a_new_base_column_with_a_default_comes_from_a_new_migration(db, newer_sorot):
    before = report_numbers(db)
    newer = newer_sorot()
    (newer / "migrations" / f"{NEXT:03d}_warning_severity.sql").write_text(
        "-- scope: outlet\n"
        "alter table ingest_warnings add column severity varchar not null default 'warning';\n")
    with pytest.raises(DatabaseNeedsUpgrade):
        reading(db).__enter__()
    done = upgrade_database(db)
    assert (done.migrations, done.rebuilt) == ([f"{NEXT:03d}_warning_severity"], [])
    with reading(db) as con:
        # line 2 of the 10 Nov file took 101 from 1000 to 900 views: one warning, now with the default
        assert con.execute("select line_number, severity from ingest_warnings").fetchall() == [(2, "warning")]
        assert con.execute("select version, name from schema_migrations order by 1").fetchall() == [
            *CURRENT, (NEXT, "warning_severity")]
    assert_as_before(db, before)


def test_a_new_table_from_a_new_migration_is_made_by_the_next_ingest(db, newer_sorot):
    before = report_numbers(db)
    newer = newer_sorot()
    (newer / "migrations" / f"{NEXT:03d}_article_notes.sql").write_text(
        "-- scope: outlet\n"
        "-- an editor's note on an article\n"
        "create table article_notes (\n    article_id varchar not null,\n    note varchar not null\n);\n")
    [report] = ingest_paths(db, [FIXTURES / "week_2024-11-10.csv"])   # any writer upgrades
    assert report.status == "unchanged"
    with reading(db) as con:
        assert con.execute("select count(*) from article_notes").fetchall() == [(0,)]
        assert applied_version(con) == NEXT
    assert_as_before(db, before)


def test_a_failed_migration_leaves_the_previous_version(db, newer_sorot):
    # the column is added, then the migration fails: its transaction takes the column back
    newer = newer_sorot()
    (newer / "migrations" / f"{NEXT:03d}_half_done.sql").write_text(
        "-- scope: outlet\n"
        "alter table ingest_warnings add column severity varchar default 'warning';\n"
        "insert into no_such_table values (1);\n")
    with pytest.raises(duckdb.CatalogException):
        upgrade_database(db)
    con = open_duckdb(db, read_only=True)
    try:
        assert applied_version(con) == NEXT - 1
        columns = {name for (name,) in con.execute(
            "select column_name from information_schema.columns where table_name = 'ingest_warnings'").fetchall()}
        assert "severity" not in columns
    finally:
        con.close()
    with pytest.raises(DatabaseNeedsUpgrade):   # the new migration is still to do
        reading(db).__enter__()


def downgrade_to_before_migrations(db: Path) -> None:
    """What a database of the previous Sorot looks like: the same base tables and marts, its
    schema hash in sorot_meta, no migration or mart definition recorded."""
    con = duckdb.connect(str(db))
    back_to_tag_tables(con)   # migration 005 made the lists
    con.execute("drop table schema_migrations; drop table mart_definitions")
    con.execute("drop table users")   # migration 003 made it
    con.execute("create table sorot_meta (key varchar primary key, value varchar not null)")
    con.execute("insert into sorot_meta values ('schema_version', '0123456789abcdef')")
    con.close()


def test_a_database_from_before_migrations_is_refused_by_readers_and_upgraded_by_sorot_upgrade(db):
    before = report_numbers(db)
    downgrade_to_before_migrations(db)
    next_id = duckdb.connect(str(db)).execute("select max(ingest_id) from ingests").fetchall()[0][0] + 1
    state = file_state(db)
    runner = CliRunner()
    refused = runner.invoke(app, ["report", "overview", "--db", str(db)])
    assert refused.exit_code != 0 and isinstance(refused.exception, DatabaseNeedsUpgrade)
    assert file_state(db) == state

    result = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "applied migrations 001_base_tables, 002_mart_definitions" in result.output
    assert "rebuilt period_ends, article_period_gains" in result.output
    assert_as_before(db, before)
    with reading(db) as con:
        assert changed_marts(con) == [] and applied_version(con) == len(migrations())
        tables = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
        assert "sorot_meta" not in tables
    # the sequence survived: the next file gets the next ingest id
    [report] = ingest_paths(db, [FIXTURES / "week_2024-11-03.csv"], as_of=date(2024, 11, 17))
    with reading(db) as con:
        assert con.execute("select max(ingest_id) from ingests").fetchall() == [(next_id,)]
    again = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert again.exit_code == 0 and "already up to date" in again.output


def test_upgrade_of_a_missing_database_says_how_to_make_one(tmp_path):
    with pytest.raises(SorotError, match="no Sorot database"):
        upgrade_database(tmp_path / "none.duckdb")


def test_serve_upgrades_before_starting_the_dashboard(db, monkeypatch):
    downgrade_to_before_migrations(db)
    started = []
    monkeypatch.setattr(sorot_cli, "run_forwarding_signals", lambda command, env: started.append(env["SOROT_DB"]) or 0)
    result = CliRunner().invoke(app, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Upgraded" in result.output and started == [str(db.resolve())]
    assert_every_check_passes(db)


def test_serve_starts_when_an_ingest_holds_the_database(db, monkeypatch):
    downgrade_to_before_migrations(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = []
        monkeypatch.setattr(sorot_cli, "run_forwarding_signals", lambda command, env: started.append(command) or 0)
        t0 = time.monotonic()
        result = CliRunner().invoke(app, ["serve", "--db", str(db)])
        assert result.exit_code == 0 and len(started) == 1
        assert time.monotonic() - t0 < 20
    finally:
        holder.kill()
        holder.wait()


def test_a_database_with_tag_tables_gets_the_lists_of_migration_005(tmp_path):
    # version 4 kept each byline credit and region tag as a row of article_authors /
    # article_regions; 005 moves them into the lists of `articles` and drops the tables
    db = tmp_path / "sorot.duckdb"
    ingest_paths(db, [FIXTURES / "resend_2024-11-03.csv", FIXTURES / "resend_2024-11-10.csv"])
    con = duckdb.connect(str(db))
    back_to_tag_tables(con)
    # a second region for c, tagged before its first (row order must not matter): the list
    # is stored sorted by name and reports list it in the order of the seven regions
    con.execute("insert into article_regions values ('x.id/c', 'Jakarta Utara')")
    con.close()
    upgrade_database(db)
    with reading(db) as con:
        assert applied_version(con) == len(migrations())
        assert con.execute("select article_id, author_ids, regions from articles order by 1").fetchall() == [
            ("x.id/a", ["nurito"], ["Jakarta Pusat"]),
            ("x.id/b", ["nurito"], ["DKI Jakarta"]),
            ("x.id/c", ["nurito", "budi santoso"], ["Jakarta Barat", "Jakarta Utara"]),
            ("x.id/d", ["budi santoso"], ["DKI Jakarta"]),
            ("x.id/e", ["nurito"], ["Jakarta Timur"]),
        ]
        tables = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
        assert not tables & {"article_authors", "article_regions", "article_details", "mart_author_names"}
        trending = metrics.trending(con, metrics.resolve_period(con))
        c = trending.filter(trending["article_id"] == "x.id/c").row(0, named=True)
        assert (c["authors"], c["regions"]) == (["Nurito", "Budi Santoso"], ["Jakarta Utara", "Jakarta Barat"])
    assert_every_check_passes(db)
