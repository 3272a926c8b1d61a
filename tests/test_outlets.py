"""Several outlets in one database (issue #18): each outlet's numbers are those of a database
holding it alone, the rollup's are worked out by hand below, files say which outlet they
belong to (or are refused), outlets are listed and renamed, an old database upgrades.

The two outlets are built from the same three weekly exports (tests/fixtures/outlets):
  beritajakarta.id exports on Sundays    2024-11-03, 11-10, 11-17 (the files as they are)
  kabarbekasi.id   exports on Wednesdays 2024-11-06, 11-13, 11-20 (the same rows, its host)
Articles (views at the 1st, 2nd and 3rd export):
  1 Banjir Tebet      published 2024-10-30  Nurito         Jakarta Selatan  100  400  450
  2 Pasar Senen       published 2024-11-01  Rina           Jakarta Pusat     50   80  380
  3 Rapat Balai Kota  published 2024-11-05  Nurito, Rina   Jakarta Pusat      –  200  260
  4 Lomba Lari Monas  published 2024-11-15  Budi           Jakarta Utara      –    –   90
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.db.connect import reading, upgrade_database
from etl.db.schema import applied_version, migrations
from etl.ingest.files import ingest_paths
from tests.old_databases import back_to_single_outlet

FIXTURES = Path(__file__).parent / "fixtures" / "outlets"
INGEST = Path(__file__).parent / "fixtures" / "ingest"
A, B = "beritajakarta.id", "kabarbekasi.id"
A_DATES = [date(2024, 11, 3), date(2024, 11, 10), date(2024, 11, 17)]
B_DATES = [d + timedelta(days=3) for d in A_DATES]


def outlet_files(folder: Path, outlet: str) -> list[Path]:
    """The three exports of `outlet`: A's as they are, B's with its host and its dates."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for a_day, b_day in zip(A_DATES, B_DATES):
        text = (FIXTURES / f"portal_{a_day.isoformat()}.csv").read_text(encoding="utf-8")
        day = a_day if outlet == A else b_day
        path = folder / f"{outlet.split('.')[0]}_{day.isoformat()}.csv"
        path.write_text(text if outlet == A else text.replace(A, B), encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def dbs(tmp_path_factory) -> dict[str, Path]:
    """'both': the two outlets, B's files loaded first and interleaved; A / B: each alone."""
    root = tmp_path_factory.mktemp("outlets")
    a_files, b_files = outlet_files(root / "a", A), outlet_files(root / "b", B)
    made = {}
    for name, files in (("both", [b_files[0], a_files[0], b_files[1], a_files[1], a_files[2], b_files[2]]),
                        (A, a_files), (B, b_files)):
        made[name] = root / f"{name}.duckdb"
        reports = ingest_paths(made[name], files)
        assert [r.status for r in reports] == ["loaded"] * len(files), [r.message for r in reports]
    return made


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def report_json(db: Path, kind: str, *args: str) -> dict:
    return json.loads(cli("report", kind, "--db", str(db), "--format", "json", *args))


def test_each_file_went_to_the_outlet_of_its_host(dbs):
    listed = json.loads(cli("outlets", "--db", str(dbs["both"]), "--format", "json"))["rows"]
    assert listed == [
        {"outlet": A, "hosts": [A], "articles": 4, "snapshot_dates": 3,
         "first_snapshot_date": "2024-11-03", "latest_snapshot_date": "2024-11-17"},
        {"outlet": B, "hosts": [B], "articles": 4, "snapshot_dates": 3,
         "first_snapshot_date": "2024-11-06", "latest_snapshot_date": "2024-11-20"},
    ]


# Every period either outlet has, asked by its end and by a day between exports (which must
# not make a phantom period of the other outlet's dates), and a chosen range.
PERIODS = [["--as-of", d.isoformat()] for d in sorted(A_DATES + B_DATES)] + [
    ["--as-of", "2024-11-15"], [], ["--from", "2024-11-03", "--to", "2024-11-20"],
    ["--from", "2024-11-05", "--to", "2024-11-14"]]
FILTERS = [[], ["--region", "Jakpus"], ["--author", "rina"], ["--category", "Ekonomi"], ["--limit", "2"]]


@pytest.mark.parametrize("outlet", [A, B])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: " ".join(p) or "latest")
def test_an_outlets_reports_equal_those_of_a_database_holding_it_alone(dbs, outlet, period):
    alone = dbs[outlet]
    if period and period[0] == "--as-of" and date.fromisoformat(period[1]) < (A_DATES if outlet == A else B_DATES)[0]:
        for kind in ("trending", "overview"):   # before its first export: no snapshot, in both
            one = CliRunner().invoke(app, ["report", kind, "--db", str(alone), *period])
            two = CliRunner().invoke(app, ["report", kind, "--db", str(dbs["both"]), "--outlet", outlet, *period])
            assert (one.exit_code, one.output) == (two.exit_code, two.output) != (0, "")
        return
    for filters in FILTERS:
        assert (report_json(dbs["both"], "trending", "--outlet", outlet, *period, *filters)
                == report_json(alone, "trending", *period, *filters))
    for kind in ("reporters", "regions", "overview"):
        assert report_json(dbs["both"], kind, "--outlet", outlet, *period) == report_json(alone, kind, *period)
        # by a site as well as by its name, and the table for people too
        assert (cli("report", kind, "--db", str(dbs["both"]), "--outlet", outlet.upper(), *period)
                == cli("report", kind, "--db", str(alone), *period))


def test_the_rollup_ranks_each_article_by_its_own_outlets_period(dbs):
    # as of 14 Nov: A's period is (3 Nov, 10 Nov], B's (6 Nov, 13 Nov]
    body = report_json(dbs["both"], "trending", "--as-of", "2024-11-14")
    assert body["period"] == {"start": "2024-11-03", "end": "2024-11-13"}
    assert body["outlets"] == [{"outlet": A, "start": "2024-11-03", "end": "2024-11-10"},
                               {"outlet": B, "start": "2024-11-06", "end": "2024-11-13"}]
    # A: 1 gained 400-100 = 300, 3 published 5 Nov after a = 3 Nov: 200-0 = 200, 2 gained 30.
    # B: 1 300, 2 30; 3 was published (5 Nov) before a = 6 Nov and has no snapshot by then:
    # unknown, left out. Ties (300, 400 total) go to the outlet name: A before B.
    # previous: A's (27 Oct, 3 Nov]: 1 100, 2 50; B's (30 Oct, 6 Nov]: 2 50 (1, published
    # 30 Oct = a, unknown) -> A1 1, A2 2 (total 50 = B2's: A first), B2 3.
    assert [(r["rank"], r["previous_rank"], r["outlet"], r["article_id"], r["views_gained"], r["views_total"])
            for r in body["rows"]] == [
        (1, 1, A, f"{A}/read/1/banjir-tebet", 300, 400),
        (2, None, B, f"{B}/read/1/banjir-tebet", 300, 400),
        (3, None, A, f"{A}/read/3/rapat-balai-kota", 200, 200),
        (4, 2, A, f"{A}/read/2/pasar-senen", 30, 80),
        (5, 3, B, f"{B}/read/2/pasar-senen", 30, 80),
    ]
    limited = report_json(dbs["both"], "trending", "--as-of", "2024-11-14", "--limit", "2", "--author", "Rina")
    assert [(r["rank"], r["outlet"], r["article_id"]) for r in limited["rows"]] == [
        (1, A, f"{A}/read/3/rapat-balai-kota"), (2, A, f"{A}/read/2/pasar-senen")]
    # --outlet twice is the same rollup as all of them
    assert report_json(dbs["both"], "trending", "--as-of", "2024-11-14", "--outlet", A, "--outlet", B) == body


def test_a_reporter_writing_for_two_outlets_is_one_row_with_a_breakdown(dbs):
    rows = report_json(dbs["both"], "reporters", "--as-of", "2024-11-14")["rows"]
    # Nurito: A 1 (300) + A 3 (200, new) + B 1 (300); Rina: A 2 (30) + A 3 (200, new) + B 2 (30)
    assert rows == [
        {"author": "Nurito", "articles": 1, "views": 800, "views_new": 200, "median_views_new": 200,
         "outlet": [A, B], "by_outlet": [
             {"outlet": A, "articles": 1, "views": 500, "views_new": 200, "median_views_new": 200},
             {"outlet": B, "articles": 0, "views": 300, "views_new": 0, "median_views_new": None}]},
        {"author": "Rina", "articles": 1, "views": 260, "views_new": 200, "median_views_new": 200,
         "outlet": [A, B], "by_outlet": [
             {"outlet": A, "articles": 1, "views": 230, "views_new": 200, "median_views_new": 200},
             {"outlet": B, "articles": 0, "views": 30, "views_new": 0, "median_views_new": None}]},
    ]
    # latest: A (10 Nov, 17 Nov], B (13 Nov, 20 Nov]: only 4 (Budi, 15 Nov) is new, in both;
    # the median of his two new articles' gains (90, 90) is 90
    latest = {r["author"]: r for r in report_json(dbs["both"], "reporters")["rows"]}
    assert (latest["Budi"]["articles"], latest["Budi"]["views"], latest["Budi"]["median_views_new"]) == (2, 180, 90)
    assert [r for r in latest] == ["Rina", "Nurito", "Budi"]   # 720, 220, 180


def test_regions_and_overview_add_up_across_outlets(dbs):
    regions = {r["region"]: r for r in report_json(dbs["both"], "regions", "--as-of", "2024-11-14")["rows"]}
    assert len(regions) == 7
    # published in the periods: A 3 only, in Jakarta Pusat -> share 1/1
    assert regions["Jakarta Pusat"] == {"region": "Jakarta Pusat", "articles": 1, "views": 260, "share_articles": 1.0,
                                        "outlet": [A, B], "by_outlet": [{"outlet": A, "articles": 1, "views": 230},
                                                                        {"outlet": B, "articles": 0, "views": 30}]}
    assert (regions["Jakarta Selatan"]["articles"], regions["Jakarta Selatan"]["views"]) == (0, 600)
    assert regions["Jakarta Utara"] == {"region": "Jakarta Utara", "articles": 0, "views": 0, "share_articles": 0.0,
                                        "outlet": [], "by_outlet": []}
    overview = {r["metric"]: r for r in report_json(dbs["both"], "overview", "--as-of", "2024-11-14")["rows"]}
    # now: published 1 + 0, gained 530 + 330, reporters Nurito and Rina; before (the outlets'
    # previous periods): published 2 + 1, gained 150 + 50, reporters Nurito, Rina
    assert overview["articles_published"] == {"metric": "articles_published", "value": 1, "previous": 3,
                                              "change": -2, "change_pct": -0.6667}
    assert overview["views_gained"] == {"metric": "views_gained", "value": 860, "previous": 200,
                                        "change": 660, "change_pct": 3.3}
    assert overview["active_reporters"] == {"metric": "active_reporters", "value": 2, "previous": 2,
                                            "change": 0, "change_pct": 0.0}


def test_an_unknown_outlet_is_one_sentence_naming_the_outlets(dbs):
    result = CliRunner().invoke(app, ["report", "trending", "--db", str(dbs["both"]), "--outlet", "Kompas"])
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: There is no outlet 'Kompas' in this database; its outlets are: {A}, {B} "
                                     "(see `sorot outlets`).")


def test_a_file_of_several_sites_is_refused_unless_an_outlet_is_given(tmp_path):
    db = tmp_path / "sorot.duckdb"
    [refused] = ingest_paths(db, [INGEST / "hosts_2024-11-10.csv"])
    assert refused.status == "refused"
    assert refused.message.startswith("hosts_2024-11-10.csv has URLs of several sites (")
    assert refused.message.endswith("); export one file per site, or load it with --outlet NAME to count them "
                                    "all as one outlet.")
    with reading(db) as con:
        assert con.execute("select count(*) from main.outlets").fetchall() == [(0,)]
    result = CliRunner().invoke(app, ["ingest", str(INGEST / "hosts_2024-11-10.csv"), "--db", str(db),
                                      "--outlet", "Grup Kota"])
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("outlets", "--db", str(db), "--format", "json"))["rows"]
    assert [row["outlet"] for row in listed] == ["Grup Kota"]


def test_an_outlet_column_names_the_outlet_and_two_values_are_refused(tmp_path):
    db = tmp_path / "sorot.duckdb"
    header = "Judul,Tautan,Tanggal Terbit,Penulis,Dilihat,Situs\n"
    one = tmp_path / "satu_2024-11-10.csv"
    one.write_text(header + "Banjir,https://a.id/1,2024-11-09,Nurito,10,Warta Kota\n"
                            "Pasar,https://b.id/2,2024-11-09,Rina,20,warta  kota\n", encoding="utf-8")
    two = tmp_path / "dua_2024-11-10.csv"
    two.write_text(header + "Banjir,https://a.id/1,2024-11-09,Nurito,10,Warta Kota\n"
                            "Pasar,https://b.id/2,2024-11-09,Rina,20,Kabar Desa\n", encoding="utf-8")
    [loaded, refused] = ingest_paths(db, [one, two])
    assert loaded.status == "loaded"
    assert refused.message == ("dua_2024-11-10.csv has rows of several outlets in its outlet column "
                               "(Kabar Desa: 1, Warta Kota: 1); export one file per outlet, or load it "
                               "with --outlet NAME.")
    assert [row["outlet"] for row in json.loads(cli("outlets", "--db", str(db), "--format", "json"))["rows"]] == [
        "Warta Kota"]


def test_an_outlet_is_renamed_and_found_by_its_new_name_and_its_site(tmp_path):
    db = tmp_path / "sorot.duckdb"
    ingest_paths(db, outlet_files(tmp_path / "a", A) + outlet_files(tmp_path / "b", B))
    before = report_json(db, "trending", "--outlet", A)
    assert cli("outlets", "rename", A, "Berita Jakarta", "--db", str(db)).strip() == (
        f"Renamed the outlet '{A}' to 'Berita Jakarta'.")
    assert report_json(db, "trending", "--outlet", "berita jakarta") == before
    taken = CliRunner().invoke(app, ["outlets", "rename", "Berita Jakarta", B, "--db", str(db)])
    assert taken.exit_code == 2 and taken.output.strip() == (
        f"Error: There is already an outlet named '{B}'; choose another name.")
    # a new file of the renamed outlet's site goes to it
    [again] = ingest_paths(db, [INGEST / "week_2024-11-10.csv"])
    assert again.status == "loaded"
    names = [row["outlet"] for row in json.loads(cli("outlets", "--db", str(db), "--format", "json"))["rows"]]
    assert names == ["Berita Jakarta", B]


def test_a_single_outlet_database_upgrades_into_the_outlet_of_its_hosts(tmp_path):
    db = tmp_path / "sorot.duckdb"
    ingest_paths(db, outlet_files(tmp_path / "a", A))
    before = {kind: report_json(db, kind, "--as-of", "2024-11-10") for kind in ("trending", "reporters", "regions")}
    history = cli("history", "--db", str(db), "--format", "json")
    con = duckdb.connect(str(db))
    back_to_single_outlet(con)   # what Sorot made before migration 006: the tables in `main`
    assert con.execute("select count(*) from main.snapshots").fetchall() == [(9,)]
    con.close()
    upgrade_database(db)
    with reading(db) as con:
        assert applied_version(con) == len(migrations())
        main_tables = {row[0] for row in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
        assert main_tables == {"schema_migrations", "users", "outlets", "outlet_hosts"}
    listed = json.loads(cli("outlets", "--db", str(db), "--format", "json"))["rows"]
    assert [(row["outlet"], row["hosts"], row["snapshot_dates"]) for row in listed] == [(A, [A], 3)]
    assert {kind: report_json(db, kind, "--as-of", "2024-11-10") for kind in before} == before
    assert cli("history", "--db", str(db), "--format", "json") == history
    # and the next ingest id follows the old ones
    [report] = ingest_paths(db, [INGEST / "week_2024-11-03.csv"])
    with reading(db) as con:
        assert con.execute("select max(ingest_id) from ingests").fetchall() == [(4,)]


# --- the dashboard ----------------------------------------------------------------------

def dashboard(db: Path, monkeypatch, page: str | None = None, **params):
    from streamlit.testing.v1 import AppTest

    from tests.test_dashboard import APP, open_page

    monkeypatch.setenv("SOROT_DB", str(db))
    return open_page(AppTest.from_file(APP, default_timeout=60), page, **params)


def test_the_outlet_picker_is_hidden_while_there_is_one_outlet(dbs, monkeypatch):
    at = dashboard(dbs[A], monkeypatch, "trending")
    assert not at.sidebar.multiselect
    assert "outlet" not in at.dataframe[0].value.columns


def test_the_dashboard_rolls_the_outlets_up_until_one_is_chosen_in_the_url(dbs, monkeypatch):
    at = dashboard(dbs["both"], monkeypatch, "trending", period="2024-11-13")
    [picker] = at.sidebar.multiselect
    assert (picker.options, picker.value) == ([A, B], [])
    # the rollup of the as-of-14-Nov test above: A's (3 Nov, 10 Nov], B's (6 Nov, 13 Nov]
    shown = at.dataframe[0].value
    assert list(zip(shown["rank"], shown["outlet"], shown["views_gained"])) == [
        (1, A, 300), (2, B, 300), (3, A, 200), (4, A, 30), (5, B, 30)]
    # ?situs=B: every page reads B alone, as a database holding it alone shows it
    for page in ("trending", "reporters", "regions"):
        one = dashboard(dbs["both"], monkeypatch, page, period="2024-11-13", situs=B)
        assert one.sidebar.multiselect[0].value == [B]
        alone = dashboard(dbs[B], monkeypatch, page, period="2024-11-13")
        assert len(one.dataframe) == len(alone.dataframe) > 0, page
        assert all(mine.value.equals(theirs.value) for mine, theirs in zip(one.dataframe, alone.dataframe)), page
    reporters = dashboard(dbs["both"], monkeypatch, "reporters", period="2024-11-13").dataframe[0].value
    assert list(zip(reporters["author"], reporters["views"], reporters["outlet"])) == [
        ("Nurito", 800, f"{A}, {B}"), ("Rina", 260, f"{A}, {B}")]


def test_a_briefing_of_one_outlet_is_that_of_a_database_holding_it_alone(dbs, tmp_path):
    for outlet in (A, B):
        mine, theirs = tmp_path / f"mine-{outlet}.html", tmp_path / f"theirs-{outlet}.html"
        cli("export", "briefing", "--db", str(dbs["both"]), "--outlet", outlet, "--as-of", "2024-11-14",
            "--out", str(mine))
        cli("export", "briefing", "--db", str(dbs[outlet]), "--as-of", "2024-11-14", "--out", str(theirs))
        assert mine.read_text(encoding="utf-8") == theirs.read_text(encoding="utf-8")


def test_a_chart_of_several_outlets_is_their_rollup(dbs, tmp_path, monkeypatch):
    from etl.present import export

    captured = []
    real = export.charts.CHARTS["top_trending"]
    monkeypatch.setitem(export.charts.CHARTS, "top_trending", lambda frame, lang: captured.append(frame) or real(frame, lang))
    out = cli("export", "chart", "top_trending", "--db", str(dbs["both"]), "--as-of", "2024-11-14",
              "--out", str(tmp_path / "top.svg"))
    # labelled with the span of the outlets' periods, (3 Nov, 13 Nov]
    assert out.strip() == f"Wrote {tmp_path / 'top.svg'} (top_trending, period ending 2024-11-13)."
    [frame] = captured
    assert list(zip(frame["rank"], frame["outlet"], frame["views_gained"])) == [
        (1, A, 300), (2, B, 300), (3, A, 200), (4, A, 30), (5, B, 30)]


def test_a_reporters_page_in_the_rollup_splits_their_numbers_by_outlet(dbs, monkeypatch):
    at = dashboard(dbs["both"], monkeypatch, "reporters", period="2024-11-13", reporter="Nurito")
    # the JSON's by_outlet of the reporters test above: A 1 article, 500 views; B 0, 300
    split = at.dataframe[0].value
    assert list(zip(split["outlet"], split["articles"], split["views"], split["views_new"])) == [
        (A, 1, 500, 200), (B, 0, 300, 0)]
    alone = dashboard(dbs[A], monkeypatch, "reporters", period="2024-11-10", reporter="Nurito")
    assert "outlet" not in alone.dataframe[0].value.columns   # one outlet: no split
