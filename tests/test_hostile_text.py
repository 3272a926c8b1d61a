"""Hostile text in, safe files and renders out (issue #15).

- Control characters are cleaned once, at ingest, by one rule (cells.clean_text: each becomes
  a space) on both paths and in saved pages, and the row that held them gets a warning.
  tests/fixtures/hostile/*.csv are globbed: each row says what must be stored (expected_*
  columns, which Sorot ignores), worked out by hand.
- Every renderer is safe on its own: a database an older Sorot wrote, holding every control
  character in titles, a byline, categories and URLs, goes through every chart export (PNG,
  SVG), the briefing and the CLI — in a subprocess, because vl-convert aborts the process
  (SIGABRT) on such text and a panic must show as a failure, not kill pytest.
- Every CSV/XLSX Sorot writes neutralises formula cells; the CLI's table and CSV carry no
  terminal escape; md_escape disarms Streamlit's directives.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from etl import metrics
from etl.cli import app
from etl.db.connect import connect, reading
from etl.db.marts import refresh_marts
from etl.ingest.files import ingest_paths
from etl.ingest.saved_pages import ingest_pages
from etl.newsroom.cells import (
    CONTROL_CHARACTERS,
    clean_text,
    control_characters_re2,
    has_control_characters,
)
from etl.present import charts, export, safe_text
from etl.present import formats as fmt
from etl.present.formats import WORD_JOINER, md_escape

ROOT = Path(__file__).parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
EXPORT_FIXTURES = ROOT / "tests" / "fixtures" / "export"
PAGE = ROOT / "tests" / "fixtures" / "pages" / "beritajakarta_2024-11-06.txt"

# Every character the rule covers that UTF-8 text (a file, DuckDB) can hold, written out by
# range from the issue: C0 without tab/LF/CR, DEL, C1, U+FDD0-FDEF, the end of every plane.
EVERY_CONTROL = (
    [chr(c) for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0D)]
    + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane + end) for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)]
)
ALL_CONTROLS = "".join(EVERY_CONTROL)
LISTED = set(EVERY_CONTROL) | {chr(c) for c in range(0xD800, 0xE000)}   # and the lone surrogates


def code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


# --------------------------------------------------------------------------- the rule

def test_clean_text_replaces_each_control_character_by_a_space():
    assert clean_text("Jakarta\x00Barat") == "Jakarta Barat"
    assert clean_text("\x1b[31mMerah\x1b[0m") == " [31mMerah [0m"
    assert clean_text("Kafe\ufffeRindu\uffff") == "Kafe Rindu "
    assert clean_text("lone \ud800 surrogate") == "lone   surrogate"
    # tab, line breaks and every printable character are not the rule's business
    kept = "a\tb\nc\rd é ‘Rindu’ \u00a0 \u200b \ufffd 😀 \u2028"
    assert clean_text(kept) == kept


def test_the_rule_covers_exactly_the_listed_characters():
    assert len(EVERY_CONTROL) == 29 + 1 + 32 + 32 + 34
    assert all(CONTROL_CHARACTERS.fullmatch(ch) for ch in EVERY_CONTROL)
    assert all(CONTROL_CHARACTERS.fullmatch(chr(c)) for c in range(0xD800, 0xE000))
    others = [chr(c) for c in range(0x110000) if chr(c) not in LISTED]
    assert not any(CONTROL_CHARACTERS.fullmatch(ch) for ch in others)


def test_the_whole_file_check_agrees_with_the_rule():
    for point in range(0x110000):
        ch = chr(point)
        assert has_control_characters(f"ab{ch}cd") == (ch in LISTED), hex(point)


def test_the_sql_pattern_matches_exactly_what_the_python_rule_matches():
    # every code point DuckDB can hold (all but the surrogates), one row each
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    con = duckdb.connect()
    con.register("points", pa.table({"ch": pa.array(points, pa.string())}))
    in_sql = {ch for (ch,) in con.execute(
        f"select ch from points where regexp_matches(ch, '{control_characters_re2()}')").fetchall()}
    assert in_sql == set(EVERY_CONTROL)


# --------------------------------------------------------------------------- ingest

def fixture_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for number, row in enumerate(rows, start=2):
        row["line"] = number
    return rows


@pytest.fixture(params=["python", "fast"])
def ingest_path(request, monkeypatch):
    monkeypatch.setenv("SOROT_FAST_PATH_MIN_ROWS", "1000000000" if request.param == "python" else "0")
    return request.param


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("*.csv")))
def test_each_hostile_fixture_loads_as_its_expected_columns_say(tmp_path, ingest_path, name):
    db = tmp_path / "sorot.duckdb"
    [report] = ingest_paths(db, [HOSTILE / name])
    assert report.status == "loaded", report.message
    expected = fixture_rows(HOSTILE / name)
    with reading(db) as con:
        snapshots = con.execute(
            "select title, authors, coalesce(category, ''), regions, views, url from snapshots").fetchall()
        rejects = con.execute("select line_number, reason from rejects").fetchall()
        warnings = con.execute("select line_number, message, article_id from ingest_warnings").fetchall()
    loaded = [r for r in expected if not r["expected_reason"]]
    assert sorted(snapshots) == sorted(
        (r["expected_title"], r["expected_authors"].split("; ") if r["expected_authors"] else [],
         r["expected_category"], r["expected_regions"].split("; "), int(r["expected_views"]),
         r["expected_url"]) for r in loaded)
    assert sorted(rejects) == sorted((r["line"], r["expected_reason"]) for r in expected if r["expected_reason"])
    # the warning names the row's article (the canonical URL)
    assert sorted(warnings) == sorted(
        (r["line"], r["expected_warning"], r["expected_url"].split("://", 1)[1])
        for r in loaded if r["expected_warning"])
    assert sorted(report.warnings) == sorted((line, message) for line, message, _key in warnings)
    # nothing stored and no reason carries a control character
    for row in [*snapshots, *rejects]:
        assert not CONTROL_CHARACTERS.search(repr(row)), row


def test_every_control_character_in_a_title_and_a_byline_is_replaced_and_warned(tmp_path, ingest_path):
    path = tmp_path / "every_2024-11-10.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["Judul", "Tautan", "Tanggal Terbit", "Penulis", "Dilihat"])
        for i, ch in enumerate(EVERY_CONTROL):
            writer.writerow([f"Judul {i} A{ch}B", f"https://x.id/read/{i}", "2024-11-01",
                             f"Budi{ch}Santoso", 10 + i])
    [report] = ingest_paths(tmp_path / "sorot.duckdb", [path])
    assert report.status == "loaded" and report.rows_loaded == len(EVERY_CONTROL), report.message
    with reading(tmp_path / "sorot.duckdb") as con:
        stored = con.execute("select views, title, authors from snapshots order by views").fetchall()
        warnings = con.execute("select line_number, message from ingest_warnings order by line_number").fetchall()
    assert stored == [(10 + i, f"Judul {i} A B", ["Budi Santoso"]) for i in range(len(EVERY_CONTROL))]
    assert warnings == [
        (i + 2, f"control characters ({code(ch)}) in author, title were replaced by spaces")
        for i, ch in enumerate(EVERY_CONTROL)]


def test_a_saved_page_is_cleaned_and_each_line_warned(tmp_path):
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    # line 29: entry 1's title; 32: entry 2's title; 37: entry 3's icon line (its author)
    lines[28] = lines[28].replace("Puskesmas Mampang", "Puskesmas\x0cMampang")
    lines[31] = lines[31].replace("Rintik Hujan", "Rintik\x1b[2JHujan")
    lines[36] = lines[36].replace("personAldi Geri", "personAldi\x00Geri\ufffe")
    page = tmp_path / "beritajakarta_2024-11-06.txt"
    page.write_text("\n".join(lines), encoding="utf-8")
    [report] = ingest_pages(tmp_path / "sorot.duckdb", [page])
    assert report.status == "loaded", report.message
    with reading(tmp_path / "sorot.duckdb") as con:
        titles = {t for (t,) in con.execute("select title from snapshots").fetchall()}
        authors = {a for (names,) in con.execute("select authors from snapshots").fetchall() for a in names}
        warnings = con.execute("select line_number, message, article_id from ingest_warnings "
                               "where message like 'control%' order by line_number").fetchall()
    assert "Puskesmas Mampang Prapatan Wakili Jaksel di Lomba Konvensi Mutu Tingkat Provinsi" in titles
    assert "Rintik [2JHujan Diprediksi Basahi Jaksel dan Jaktim di Malam Hari" in titles
    assert "Aldi Geri Lumban Tobing" in authors
    assert [(line, message) for line, message, _key in warnings] == [
        (29, "control characters (U+000C) in line 29 were replaced by spaces"),
        (32, "control characters (U+001B) in line 32 were replaced by spaces"),
        (37, "control characters (U+0000, U+FFFE) in line 37 were replaced by spaces"),
    ]
    # each warning carries the key of the entry its line belongs to
    assert all(key and key.startswith("title:") for _line, _message, key in warnings)


# --------------------------------------------------------------------------- renders

BYLINE = "Budi" + ALL_CONTROLS + "Santoso"
ARTICLE = "warta.example.id/read/1/banjir-rob"


@pytest.fixture(scope="module")
def older_db(tmp_path_factory) -> Path:
    """The export fixtures, then every control character written straight into the base
    tables (titles, a byline, categories, URLs) and the marts rebuilt: a database as a Sorot
    before the ingest rule could have left it."""
    db = tmp_path_factory.mktemp("older") / "sorot.duckdb"
    assert all(r.status == "loaded" for r in ingest_paths(db, sorted(EXPORT_FIXTURES.glob("*.csv"))))
    con = connect(db)
    try:
        con.execute("begin transaction")
        for table in ("snapshots", "articles"):
            con.execute(f"update {table} set title = 'Judul ' || $h || ' ' || title, "
                        "category = category || $h, url = url || $h", {"h": ALL_CONTROLS})
        con.execute("update snapshots set authors = list_transform(authors, "
                    "lambda a: case when a = 'Budi Santoso' then $n else a end)", {"n": BYLINE})
        # the author key as the queries compute it from a name (queries/reporter_history.sql)
        key = con.execute("select lower(regexp_replace(trim($n::varchar), '\\s+', ' ', 'g'))",
                          {"n": BYLINE}).fetchall()[0][0]
        con.execute("update articles set author_ids = list_transform(author_ids, "
                    "lambda a: case when a = 'budi santoso' then $k else a end)", {"k": key})
        seen = con.execute("select name_seen_on from authors where author_id = 'budi santoso'").fetchall()[0][0]
        con.execute("delete from authors where author_id = 'budi santoso'")
        con.execute("insert into authors values ($k, $n, $d)", {"k": key, "n": BYLINE, "d": seen})
        refresh_marts(con, None)
        con.execute("commit")
    finally:
        con.close()
    with reading(db) as con:
        period = metrics.resolve_period(con, as_of=date(2024, 11, 10))
        top = metrics.trending(con, period, limit=10)
        reporters = metrics.reporters(con, period)
    # the precondition: the reads really hand out every character
    assert all(ALL_CONTROLS in title for title in top["title"])
    assert BYLINE in reporters["author"].to_list()
    return db


RENDER_ALL = r"""
import json, sys
from pathlib import Path
from datetime import date
from typer.testing import CliRunner
from etl import metrics
from etl.cli import app
from etl.db.connect import reading
from etl.present import briefing, export

db, out, author, article = json.load(sys.stdin)   # argv cannot carry a NUL
done = {}
with reading(Path(db)) as con:
    period = metrics.resolve_period(con, as_of=date(2024, 11, 10))
    for name in export.chart_names():
        for lang in ("id", "en"):
            chart = export.build_chart(con, name, period, author=author, article=article, lang=lang)
            done[f"{name}.{lang}.png"] = export.chart_png(chart)[:8].hex()
            done[f"{name}.{lang}.svg"] = export.chart_svg(chart)
    done["briefing"] = briefing.briefing_html(con, period, "id", appendix=True)
runner = CliRunner()
commands = {
    "export chart top_trending": ["export", "chart", "top_trending", "--out", f"{out}/top.png"],
    "export chart reporter_history": ["export", "chart", "reporter_history", "--author", author,
                                      "--out", f"{out}/reporter.svg"],
    "export briefing": ["export", "briefing", "--out", f"{out}/briefing.html"],
    "report trending table": ["report", "trending", "--format", "table"],
    "report trending csv": ["report", "trending", "--format", "csv"],
    "report trending json": ["report", "trending", "--format", "json"],
    "report reporters table": ["report", "reporters", "--format", "table"],
}
for label, args in commands.items():
    result = runner.invoke(app, [*args, "--db", db])
    done[label] = [result.exit_code, result.output]
print(json.dumps(done))
"""


def test_every_render_of_a_database_holding_control_characters_survives(older_db, tmp_path):
    run = subprocess.run([sys.executable, "-c", RENDER_ALL], cwd=ROOT, capture_output=True, text=True,
                         input=json.dumps([str(older_db), str(tmp_path), BYLINE, ARTICLE]), timeout=600)
    # a vl-convert panic ends the process with SIGABRT: -6 here, 134 from a shell
    assert run.returncode == 0, run.stderr[-3000:]
    done = json.loads(run.stdout)
    names = export.chart_names()
    assert len(names) == 12
    for name in names:
        for lang in ("id", "en"):
            assert done[f"{name}.{lang}.png"] == "89504e470d0a1a0a", name
            assert not CONTROL_CHARACTERS.search(done[f"{name}.{lang}.svg"]), name
    # the byline's name, cleaned, is in its chart's filter line
    assert "Budi" in done["reporter_history.id.svg"] and "Santoso" in done["reporter_history.id.svg"]
    assert not CONTROL_CHARACTERS.search(done["briefing"])
    assert "Banjir Rob di Muara Angke" in done["briefing"]
    for label in ("export chart top_trending", "export chart reporter_history", "export briefing"):
        assert done[label][0] == 0, (label, done[label][1])
    assert (tmp_path / "top.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not CONTROL_CHARACTERS.search((tmp_path / "briefing.html").read_text(encoding="utf-8"))
    for label in ("report trending table", "report trending csv", "report trending json",
                  "report reporters table"):
        code_, output = done[label]
        assert code_ == 0, (label, output)
        assert not CONTROL_CHARACTERS.search(output), label
    # the table: one line per row, no ESC; the JSON keeps the values exact (as \u escapes)
    assert "\x1b" not in done["report trending table"][1]
    rows = json.loads(done["report trending json"][1])["rows"]
    assert all(ALL_CONTROLS in row["title"] for row in rows)
    assert any(BYLINE in row["authors"] for row in rows)


def test_the_cli_chart_export_from_the_issue_exits_zero(older_db, tmp_path):
    # `sorot export chart top_trending` exited 134 with a Rust backtrace
    out = tmp_path / "top.svg"
    run = subprocess.run([sys.executable, "-m", "etl.cli", "export", "chart", "top_trending",
                          "--db", str(older_db), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    svg = out.read_text(encoding="utf-8")
    assert "Banjir Rob di Muara Angke" in svg and not CONTROL_CHARACTERS.search(svg)


def test_chart_data_holds_no_control_character_even_in_the_browser():
    # the dashboard's charts go to Vega in the browser, not through vl-convert
    frame = pl.DataFrame({"rank": [1], "title": [f"Banjir{ALL_CONTROLS}Rob"], "views_gained": [5],
                          "views_total": [9], "movement": ["baru"]})
    spec = charts.top_trending(frame, "id").to_dict()
    [row] = next(iter(spec["datasets"].values()))
    assert row["title"] == "Banjir" + " " * len(ALL_CONTROLS) + "Rob"
    assert row["label"].startswith("1. Banjir ")


def test_the_harness_sees_a_vl_convert_panic_as_a_failure():
    # Without the guard vl-convert aborts on an ESC in a label: the reason for the guard,
    # and proof that the subprocess above would report a panic instead of passing.
    spec = {"data": {"values": [{"a": "x\x1by", "b": 1}]}, "mark": "bar",
            "encoding": {"y": {"field": "a", "type": "nominal"}, "x": {"field": "b", "type": "quantitative"}}}
    script = f"import vl_convert as vlc; vlc.vegalite_to_svg({spec!r})"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    guarded = f"import vl_convert as vlc; from etl.present.safe_text import vega_spec; vlc.vegalite_to_svg(vega_spec({spec!r}))"
    assert subprocess.run([sys.executable, "-c", guarded], cwd=ROOT, capture_output=True,
                          timeout=120).returncode == 0


# --------------------------------------------------------------------------- spreadsheets

FORMULA_TITLES = {  # as stored (tests/fixtures/hostile/formula_cells_2024-11-10.csv) → as written
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","klik")': '\'=HYPERLINK("http://evil.example","klik")',
    "@SUM(1+1)*cmd|' /C calc'!A0": "'@SUM(1+1)*cmd|' /C calc'!A0",
    "+SUM(1,1)": "'+SUM(1,1)",
    "-2+3": "'-2+3",
}
FORMULA_AUTHORS = {"=1+1": "'=1+1", "@Budi": "'@Budi", "+Rina": "'+Rina", "-Joko": "'-Joko", "Siti": "Siti"}


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("formula") / "sorot.duckdb"
    assert ingest_paths(db, [HOSTILE / "formula_cells_2024-11-10.csv"])[0].status == "loaded"
    return db


def report_output(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["report", *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_report_csv_neutralises_formula_cells_and_keeps_numbers(formula_db):
    rows = list(csv.DictReader(io.StringIO(report_output(formula_db, "trending", "--format", "csv"))))
    assert {r["title"] for r in rows} == set(FORMULA_TITLES.values())
    assert {r["authors"] for r in rows} == set(FORMULA_AUTHORS.values())
    assert {r["category"] for r in rows} == {"'=cat", "Metro"}
    # views stay plain numbers: 500 is gained and total for the first article
    assert {(r["views_gained"], r["views_total"]) for r in rows} == {
        ("500", "500"), ("400", "400"), ("300", "300"), ("200", "200"), ("100", "100")}
    reporters = list(csv.DictReader(io.StringIO(report_output(formula_db, "reporters", "--format", "csv"))))
    assert {r["author"] for r in reporters} == set(FORMULA_AUTHORS.values())


def test_dashboard_downloads_neutralise_the_same_cells(formula_db):
    with reading(formula_db) as con:
        period = metrics.resolve_period(con)
        frame = fmt.with_movement(metrics.trending(con, period), "id")
    back = pl.read_csv(io.BytesIO(export.table_csv(frame)))
    assert set(back["title"]) == set(FORMULA_TITLES.values())
    assert set(back["authors"]) == set(FORMULA_AUTHORS.values())
    sheet = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(frame))).active
    header = [c.value for c in sheet[1]]
    titles = {row[header.index("title")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    views = {row[header.index("views_gained")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == set(FORMULA_TITLES.values())
    assert views == {500, 400, 300, 200, 100}     # numbers, not text
    assert not any(isinstance(v, str) and v.startswith("=") for row in sheet.iter_rows(values_only=True)
                   for v in row)


def test_a_spreadsheet_cell_is_cleaned_then_neutralised():
    assert safe_text.spreadsheet_cell("Banjir\x1b[2J") == "Banjir [2J"
    assert safe_text.spreadsheet_cell("\x00=1+1") == "' =1+1"    # the space does not hide the formula
    assert safe_text.spreadsheet_cell(" -2") == "' -2"
    assert safe_text.spreadsheet_cell(-2) == -2
    assert safe_text.spreadsheet_cell("Kafe -2") == "Kafe -2"


def test_the_unchanged_rank_needs_no_neutralisation_in_a_download():
    frame = fmt.with_movement(pl.DataFrame({"rank": [1, 2, 3], "previous_rank": [1, 4, None],
                                            "title": ["A", "B", "C"]}), "id")
    assert pl.read_csv(io.BytesIO(export.table_csv(frame)))["movement"].to_list() == ["tetap", "↑2", "baru"]
    english = fmt.with_movement(frame, "en")
    assert pl.read_csv(io.BytesIO(export.table_csv(english)))["movement"].to_list() == ["same", "↑2", "new"]


# --------------------------------------------------------------------------- terminal

def test_cli_report_table_prints_markup_and_escapes_as_plain_text(tmp_path):
    path = tmp_path / "markup_2024-11-10.csv"
    path.write_text("Judul,Tautan,Tanggal Terbit,Penulis,Dilihat\n"
                    "[bold]Tebal[/bold] [/x] [link=http://evil.example]klik[/link],https://x.id/1,2024-11-05,Rina,50\n",
                    encoding="utf-8")
    db = tmp_path / "sorot.duckdb"
    assert ingest_paths(db, [path])[0].status == "loaded"
    # an ESC a database from an older Sorot may hold
    with connect(db) as con:
        con.execute("update snapshots set authors = ['Rina\x1b]0;owned\x07\x1b[2J']")
        con.execute("update authors set name = 'Rina\x1b]0;owned\x07\x1b[2J'")
        refresh_marts(con, None)
    table = report_output(db, "trending", "--format", "table")
    assert "[bold]Tebal[/bold] [/x]" in table        # rich read none of it as markup
    assert "\x1b" not in table and "\x07" not in table
    assert "Rina ]0;owned  [2J" in table
    assert "\x1b" not in report_output(db, "trending", "--format", "csv")
    assert "\x1b" not in report_output(db, "reporters", "--format", "table")


def test_terminal_text_is_one_line_without_controls():
    assert safe_text.terminal_text("a\x1b[2Jb\r\nc\u2028d") == "a [2Jb  c d"


def test_json_keeps_values_exact_but_escapes_raw_controls():
    text = json.dumps({"t": "a\x7f\x9b\ufffe\U0001fffe"}, ensure_ascii=False)
    safe = safe_text.json_text(text)
    assert not CONTROL_CHARACTERS.search(safe)
    assert json.loads(safe) == {"t": "a\x7f\x9b\ufffe\U0001fffe"}


# --------------------------------------------------------------------------- Markdown

@pytest.mark.parametrize("text", [":material/home:", ":streamlit:", ":smile:", ":+1:", ":-1:",
                                  ":red[x]", ":blue-background[x]", ":green-badge[x]", ":small[x]",
                                  ":help[x]", ":shimmer[x]", "a -> b", "a <- b", "a <-> b", "a -- b",
                                  "a >= b", "a <= b", "a ~= b"])
def test_md_escape_leaves_no_streamlit_rewrite_to_match(text):
    import re

    escaped = md_escape(text)
    # what Streamlit's text-level rewrites see once Markdown has resolved the escapes
    seen = re.sub(r"\\(.)", r"\1", escaped)
    assert seen.replace(WORD_JOINER, "") == text          # reads the same
    assert not re.search(r":material/|:material_\w+:|:streamlit:|:[\w+-][\w+-]*:|:[a-z][a-z0-9-]*\[", seen)
    assert not re.search(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)", seen)
    if ":" in text:
        assert "\\:" in escaped                              # directives stay escaped for the parser
