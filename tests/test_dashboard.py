"""The dashboard, page by page, on a tiny hand-checked database (AppTest).

Fixture (tests/fixtures/dashboard/), snapshots 2024-11-03 and 2024-11-10:

    article  published   regions          authors    views 11-03  views 11-10
    a        2024-10-01  Jakarta Selatan  Ani        100          400
    b        2024-10-30  Jakarta Utara    Budi       50           90     title <script>alert(1)</script>
    c        2024-11-01  Jakarta Pusat    Ani, Budi  30           380    title <b>x</b>
    d        2024-11-05  Jakarta Selatan  Citra      -            120

Period (2024-10-27, 2024-11-03] (the first: a = b - 7 days, SPEC §2):
    a: published before a and no snapshot <= a -> gain unknown, left out
    b: published after a -> V(a) = 0 -> gain 50; c -> 30.   Ranking: b 1, c 2.
Period (2024-11-03, 2024-11-10] (the latest, the default):
    a 400-100 = 300, b 90-50 = 40, c 380-30 = 350, d published after a -> 120-0 = 120
    Ranking: c 1 (was 2: ↑1), a 2 (not ranked before: baru), d 3 (baru), b 4 (was 1: ↓3)
    views gained 350+300+120+40 = 810 (previous 50+30 = 80: +730, +912,5%)
    articles published: d only = 1 (previous b, c = 2: -1, -50,0%)
    active reporters: Ani, Budi, Citra = 3 (previous Ani, Budi = 2: +1, +50,0%)
    reporters: Ani 650 (a 300 + c 350), Budi 390 (b 40 + c 350), Citra 120 (d; 1 article)
    regions: Jakarta Selatan 1 article (d), views 300+120 = 420; Jakarta Pusat 350; Utara 40
    evergreen: a (published 2024-10-01, before 2024-11-10 - 28 days = 2024-10-13)
"""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from etl.present import briefing
from etl.ingest.files import ingest_paths

FIXTURES = Path(__file__).parent / "fixtures" / "dashboard"
APP = "../dashboard/app.py"
HOSTILE = ["<script>alert(1)</script>", "<b>x</b>"]


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("dash") / "sorot.duckdb"
    reports = ingest_paths(db, [FIXTURES / "export-2024-11-03.csv", FIXTURES / "export-2024-11-10.csv"])
    assert [r.status for r in reports] == ["loaded", "loaded"]
    return db


@pytest.fixture
def app(fixture_db, monkeypatch):
    monkeypatch.setenv("SOROT_DB", str(fixture_db))
    return AppTest.from_file(APP, default_timeout=60)


def open_page(at: AppTest, page: str | None = None, **params) -> AppTest:
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py")
        at.query_params.update(params)
        at.run()
    assert not at.exception, at.exception
    return at


def charts(at: AppTest) -> list[tuple[dict, list[dict]]]:
    """Every chart on the page as (Vega-Lite spec, rows of its datasets)."""
    found = []
    for element in at.get("vega_lite_chart"):
        rows = []
        for dataset in element.proto.datasets:
            rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        found.append((json.loads(element.proto.spec), rows))
    return found


def chart_titled(at: AppTest, title: str) -> list[dict]:
    for spec, rows in charts(at):
        if spec.get("title") == title:
            return rows
    raise AssertionError(f"no chart titled {title!r}: {[s.get('title') for s, _ in charts(at)]}")


def all_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "text", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


# --------------------------------------------------------------------------- overview

def test_overview_kpis_top10_and_charts(app):
    at = open_page(app)
    kpis = {m.label: (m.value, m.delta) for m in at.metric}
    assert kpis == {
        "Artikel terbit": ("1", "-1 (-50,0%)"),
        "Tambahan dilihat": ("810", "+730 (+912,5%)"),
        "Pewarta aktif": ("3", "+1 (+50,0%)"),
    }
    top = at.dataframe[0].value
    assert top["title"].tolist() == ["<b>x</b>", "Banjir di Tebet", "Pasar Minggu macet", "<script>alert(1)</script>"]
    assert top["movement"].tolist() == ["↑1", "baru", "baru", "↓3"]
    assert top["views_gained"].tolist() == [350, 300, 120, 40]
    per_period = chart_titled(at, "Tambahan dilihat per periode")
    assert [(r["views_gained"], r["articles_published"]) for r in per_period] == [(80, 2), (810, 1)]
    share = {r["region"]: r["share_articles"] for r in chart_titled(at, "Porsi artikel per wilayah")}
    assert share["Jakarta Selatan"] == 1.0 and share["Jakarta Pusat"] == 0.0
    assert at.query_params["period"] == "2024-11-10"


def test_overview_earlier_period_from_url(app):
    at = open_page(app, period="2024-11-03")
    kpis = {m.label: (m.value, m.delta) for m in at.metric}
    # The first period has no previous one: no change shown.
    assert kpis["Tambahan dilihat"][0] == "80" and not kpis["Tambahan dilihat"][1]
    assert at.dataframe[0].value["title"].tolist() == ["<script>alert(1)</script>", "<b>x</b>"]


def test_a_date_between_snapshots_means_the_snapshot_before(app):
    at = open_page(app, period="2024-11-08")
    assert at.sidebar.selectbox[0].value.isoformat() == "2024-11-03"


def test_english_switch(app):
    at = open_page(app, lang="en")
    assert {m.label for m in at.metric} == {"Articles published", "Views gained", "Active reporters"}
    assert any(m.value == "810" for m in at.metric)
    assert at.query_params["lang"] == "en"


# --------------------------------------------------------------------------- trending

def test_trending_ranking_evergreen_and_chart(app):
    at = open_page(app, "trending")
    table = at.dataframe[0].value
    assert table["rank"].tolist() == [1, 2, 3, 4]
    assert table["movement"].tolist() == ["↑1", "baru", "baru", "↓3"]
    assert table["evergreen"].tolist() == ["", "✓", "", ""]
    bars = chart_titled(at, "Artikel terpopuler")
    assert [(r["title"], r["views_gained"]) for r in bars][:2] == [("<b>x</b>", 350), ("Banjir di Tebet", 300)]


def test_trending_filters_round_trip_through_the_url(app):
    at = open_page(app, "trending", region="Jakarta Selatan")
    assert at.selectbox(key="w_region").value == "Jakarta Selatan"
    # Jakarta Selatan: a 300, d 120; neither ranked in the previous (filtered) period.
    table = at.dataframe[0].value
    assert table["title"].tolist() == ["Banjir di Tebet", "Pasar Minggu macet"]
    assert table["movement"].tolist() == ["baru", "baru"]
    at.selectbox(key="w_scope").set_value("new").run()
    assert at.query_params["scope"] == "new"
    assert at.dataframe[0].value["title"].tolist() == ["Pasar Minggu macet"]
    at.selectbox(key="w_region").set_value("").run()
    assert "region" not in at.query_params
    assert at.dataframe[0].value["title"].tolist() == ["Pasar Minggu macet"]  # d is the only new one


def test_trending_movers(app):
    at = open_page(app, "trending", view="movers")
    table = at.dataframe[0].value
    # Only c climbed (2 -> 1); b fell, a and d are new.
    assert table["title"].tolist() == ["<b>x</b>"]
    assert table["rank_gain"].tolist() == [1]
    assert [r["rank_gain"] for r in chart_titled(at, "Naik peringkat")] == [1]


@pytest.mark.parametrize("view", ["ranking", "movers", "evergreen"])
def test_trending_download_is_the_whole_view_read_on_click(app, monkeypatch, view):
    # The page holds one page of the ranking; the CSV/Excel get the whole view on click.
    from dashboard import downloads, queries, ui

    made = {}
    monkeypatch.setattr(downloads, "table_downloads", lambda df, name, **kw: made.update(df=df, **kw))
    at = open_page(app, "trending", view=view)
    assert callable(made["df"])
    table = made["df"]()
    period = queries.period(None)
    # rank_gain worked out here, as SPEC puts it: places climbed since the previous period
    full = queries.trending(period).with_columns(rank_gain=pl.col("previous_rank") - pl.col("rank"))
    if view == "movers":
        full = full.filter(full["rank_gain"] > 0).sort(["rank_gain", "rank"], descending=[True, False])
    elif view == "evergreen":
        full = full.filter(full["is_evergreen"])
    shown = at.dataframe[0].value
    assert list(table.columns) == made["columns"]
    # the screen leaves out regions and category (and the movers' movement) to keep the
    # number columns on screen; the files carry them
    off_screen = {"regions", "category"} | ({"movement"} if view == "movers" else set())
    assert [c for c in shown.columns if c != "link"] == [c for c in made["columns"] if c not in off_screen]
    expected = ui.articles_frame(full, "id", made["columns"])
    assert table.equals(expected)
    assert table["rank"].tolist() == shown["rank"].tolist()


def test_trending_reporter_filter(app):
    at = open_page(app, "trending", reporter="Citra")
    assert at.dataframe[0].value["title"].tolist() == ["Pasar Minggu macet"]


# --------------------------------------------------------------------------- reporters

def test_reporters_leaderboard_and_scatter(app):
    at = open_page(app, "reporters")
    board = at.dataframe[0].value
    assert board[["author", "articles", "views"]].values.tolist() == [["Ani", 0, 650], ["Budi", 0, 390], ["Citra", 1, 120]]
    points = {r["author"]: (r["articles"], r["views"]) for r in chart_titled(at, "Produktivitas vs jangkauan pewarta")}
    assert points == {"Ani": (0, 650), "Budi": (0, 390), "Citra": (1, 120)}


def test_reporters_change_against_the_previous_period(app):
    # Previous period (27 Oct, 3 Nov]: a (published 1 Oct, no snapshot by 27 Oct) is
    # unknown; b (30 Oct) gained 50 and c (1 Nov) 30, both published in it. So Ani had
    # 1 article (c) and 30 views, Budi 2 articles (b, c) and 50 + 30 = 80, Citra nothing.
    at = open_page(app, "reporters")
    board = at.dataframe[0].value
    assert board[["author", "articles_change", "views_change"]].values.tolist() == [
        ["Ani", 0 - 1, 650 - 30], ["Budi", 0 - 2, 390 - 80], ["Citra", 1 - 0, 120 - 0]]
    from etl.present import formats as fmt  # shown as arrows, never "+/-" (a spreadsheet formula)
    assert [fmt.change(n, "id") for n in (-2, 310, 0, None, 1234)] == ["↓2", "↑310", "0", "–", "↑1.234"]


def test_reporter_cards_show_the_change(app):
    at = open_page(app, "reporters", reporter="Budi")
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Artikel terbit"] == "-2" and deltas["Dilihat"] == "+310"


def test_reporter_page_from_url(app):
    at = open_page(app, "reporters", reporter="Budi")
    assert {m.label: m.value for m in at.metric}["Dilihat"] == "390"
    articles = at.dataframe[0].value
    assert sorted(articles["title"].tolist()) == sorted(HOSTILE)
    history = chart_titled(at, "Tambahan dilihat per pekan")
    assert [r["views"] for r in history] == [80, 390]  # 11-03: b 50 + c 30; 11-10: b 40 + c 350
    assert chart_titled(at, "Artikel terbit per pekan") == history  # the same weeks, its own chart
    at.selectbox(key="w_reporter").set_value("Citra").run()
    assert at.query_params["reporter"] == "Citra"


# --------------------------------------------------------------------------- regions

def test_regions_tiles_share_and_drilldown(app):
    at = open_page(app, "regions", region="Jaksel".replace("Jaksel", "Jakarta Selatan"))
    tiles = {r["region"]: r["views"] for r in chart_titled(at, "Peta wilayah (skematis)")}
    assert len(tiles) == 7
    assert tiles["Jakarta Selatan"] == 420 and tiles["Jakarta Pusat"] == 350 and tiles["Jakarta Barat"] == 0
    table = at.dataframe[0].value
    assert table.set_index("region")["articles"].to_dict()["Jakarta Selatan"] == 1
    # Six regions had no new article in the period: the page says so.
    assert any("Jakarta Barat" in w.value for w in at.warning)
    # The shares can add up to more than 100 % (an article in two regions counts in both): said under the chart
    assert any("dihitung di keduanya" in c.value for c in at.caption)
    drill = at.dataframe[2].value  # [1] is the regions table's phone twin (ui.table compact)
    assert drill["title"].tolist() == ["Banjir di Tebet", "Pasar Minggu macet"]
    over_time = chart_titled(at, "Tambahan dilihat per wilayah")
    assert {(r["region"], r["views"]) for r in over_time if r["region"] == "Jakarta Selatan"} == {("Jakarta Selatan", 0), ("Jakarta Selatan", 420)}


# --------------------------------------------------------------------------- search

def test_search_and_article_history(app):
    at = open_page(app, "search", q="banjir")
    assert at.selectbox(key="w_article").value == "x.id/a"
    assert at.query_params["article"] == "x.id/a"
    history = chart_titled(at, "Total dilihat per tanggal data")
    assert chart_titled(at, "Tambahan dilihat per periode") == history
    # a was published before the first period and has no earlier snapshot: its first gain is
    # unknown (SPEC §2), not 100.
    assert [(r["views"], r["gained"]) for r in history] == [(100, None), (400, 300)]


def test_search_says_the_true_number_of_matches_and_lists_dates(app):
    # "x.id" is in every URL: the four fixture articles match
    at = open_page(app, "search", q="x.id")
    assert any(c.value == "4 artikel ditemukan" for c in at.caption)
    assert "Banjir di Tebet · 1 Okt 2024" in at.selectbox(key="w_article").options
    from dashboard import queries
    first = queries.search_articles("x.id", limit=2)  # the page lists the first 50 the same way
    assert first.height == 2 and first["matches"].to_list() == [4, 4]


def test_hostile_title_stays_literal_on_the_article_page(app):
    at = open_page(app, "search", article="x.id/c")
    assert at.header[0].value == r"\<b\>x\<\/b\>" or "<b>x</b>" not in at.header[0].value
    history = chart_titled(at, "Total dilihat per tanggal data")
    assert [(r["views"], r["gained"]) for r in history] == [(30, 30), (380, 350)]
    for element in at.markdown:
        assert not element.proto.allow_html


def test_no_page_allows_html(app):
    at = open_page(app)
    for page in ("trending", "reporters", "regions", "search", "ingest"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception
        for element in at.markdown:
            assert not element.proto.allow_html
        assert "<script>" not in all_text(at)


# --------------------------------------------------------------------------- ingest

def test_upload_preview_ingest_and_report(fixture_db, tmp_path, monkeypatch):
    db = tmp_path / "upload.duckdb"
    shutil.copy(fixture_db, db)
    monkeypatch.setenv("SOROT_DB", str(db))
    at = open_page(AppTest.from_file(APP, default_timeout=60), "ingest")
    data = (FIXTURES / "upload-2024-11-17.csv").read_bytes()
    at.file_uploader[0].set_value(("upload-2024-11-17.csv", data, "text/csv")).run()
    assert not at.exception
    preview = {m.label: m.value for m in at.metric}
    assert preview["Pemisah"] and preview["Baris"] == "3" and preview["Tanggal data"] == "17 Nov 2024"
    assert "editor" in all_text(at)  # the unknown column is named
    at.button[0].click().run()
    assert not at.exception
    report = {m.label: m.value for m in at.metric}
    assert (report["Baris dibaca"], report["Dimuat"], report["Duplikat"], report["Ditolak"]) == ("3", "1", "0", "2")
    # every table has its phone twin after it (ui.table compact): problems, then the history
    problems, problems_phone = at.dataframe[-4].value, at.dataframe[-3].value
    assert problems["line_number"].tolist() == [3, 4]
    assert list(problems_phone.columns) == ["line_number", "reason"]  # the raw text is in the download
    assert all(problems["kind"] == "ditolak")   # the page speaks Indonesian by default
    # The rejected rows and the history download as CSV and Excel.
    assert download_keys(at) == {"dl_problems_upload-2024-11-17.csv_csv", "dl_problems_upload-2024-11-17.csv_xlsx",
                                 "dl_riwayat-unggahan_csv", "dl_riwayat-unggahan_xlsx"}
    history = at.dataframe[-2].value
    assert history["file_name"].tolist()[0] == "upload-2024-11-17.csv"
    # the phone's history: the number, the file and as many counts as fit at 352 px, loaded and
    # rejected first: No. 54 + Dimuat 77 + Ditolak 75 + the file 120 = 326; Diganti (76) would not fit
    assert list(at.dataframe[-1].value.columns) == ["ingest_id", "file_name", "rows_loaded", "rows_rejected"]
    assert history["rows_rejected"].tolist()[0] == 2
    # The new snapshot shows on the next interaction: the period picker now offers 17 Nov.
    at.switch_page("app_pages/overview.py").run()
    assert "17 Nov 2024" in at.sidebar.selectbox[0].options


def test_preview_without_snapshot_date_and_refused_file():
    undated = queries.preview_upload("tanpa-tanggal.csv", (FIXTURES / "upload-2024-11-17.csv").read_bytes())
    assert undated.snapshot_date is None
    dated = queries.preview_upload("x.csv", (FIXTURES / "upload-2024-11-17.csv").read_bytes(), as_of=date(2024, 11, 17))
    assert dated.snapshot_date == date(2024, 11, 17) and dated.unknown_columns == ["editor"]
    refused = queries.preview_upload("kosong-2024-11-17.csv", b"")
    assert isinstance(refused, str) and refused


# --------------------------------------------------------------------------- empty and fresh

def test_empty_database_explains_how_to_load(tmp_path, monkeypatch):
    monkeypatch.setenv("SOROT_DB", str(tmp_path / "nothing.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "sorot demo" in at.info[0].value and "sorot ingest" in at.info[0].value
    for page in ("trending", "reporters", "regions", "search"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception and "sorot demo" in at.info[0].value
    at.switch_page("app_pages/ingest.py").run()
    assert not at.exception


def test_cli_ingest_shows_without_restart(fixture_db, tmp_path, monkeypatch):
    db = tmp_path / "live.duckdb"
    shutil.copy(fixture_db, db)
    monkeypatch.setenv("SOROT_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert at.sidebar.selectbox[0].value.isoformat() == "2024-11-10"
    # Another process (here: the same ingest code) loads a newer export while the app is open.
    ingest_paths(db, [FIXTURES / "upload-2024-11-17.csv"])
    at.run()
    options = at.sidebar.selectbox[0].options
    assert "17 Nov 2024" in options


# --------------------------------------------------------------------------- downloads and "Salin tautan"

def download_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.download_button}


def popovers(node) -> list:
    """Every st.popover block under `node` (AppTest has no accessor for them)."""
    found = []
    for child in getattr(node, "children", {}).values():
        proto = getattr(child, "proto", None)
        if type(child).__name__ == "Block" and proto is not None and proto.WhichOneof("type") == "popover":
            found.append(child)
        found += popovers(child)
    return found


def copy_link(at: AppTest) -> str:
    """The link in the sidebar's "Salin tautan" popover."""
    (box,) = [p for p in popovers(at.sidebar) if p.proto.popover.label in ("Salin tautan", "Copy link")]
    (code,) = box.code
    return code.value


def pair(name: str, kinds: tuple[str, str]) -> set[str]:
    return {f"dl_{name}_{kind}" for kind in kinds}


IMAGES, FILES = ("png", "svg"), ("csv", "xlsx")
# the briefing's PDF is offered where the server has a Chromium to print it (tests/e2e checks the file)
BRIEFING = ("html", "pdf") if briefing.chromium_path() else ("html",)


@pytest.mark.parametrize(("page", "params", "expected"), [
    (None, {}, pair("top10", FILES) | pair("views_per_period", IMAGES) | pair("region_share", IMAGES)
     | pair("region_tiles", IMAGES) | pair("briefing", BRIEFING)),
    ("trending", {}, pair("top_trending", IMAGES) | pair("terpopuler", FILES)),
    ("trending", {"view": "movers"}, pair("movers", IMAGES) | pair("terpopuler", FILES)),
    ("reporters", {}, pair("reporters_scatter", IMAGES) | pair("pewarta", FILES)),
    ("reporters", {"reporter": "Budi"}, pair("reporter_history", IMAGES) | pair("reporter_articles_history", IMAGES)
     | pair("reporter_articles", FILES)),
    ("regions", {"region": "Jakarta Selatan"},
     pair("region_tiles", IMAGES) | pair("region_share", IMAGES) | pair("wilayah", FILES)
     | pair("regions_articles", IMAGES) | pair("regions_views", IMAGES) | pair("region_articles", FILES)),
    ("search", {"article": "x.id/a"}, pair("article_history", IMAGES) | pair("article_gains", IMAGES)
     | pair("artikel", FILES)),
])
def test_every_chart_and_table_has_its_downloads(app, page, params, expected):
    at = open_page(app, page, **params)
    assert download_keys(at) == expected
    assert len(at.get("vega_lite_chart")) == len([k for k in expected if k.endswith("_png")])
    labels = {b.label for b in at.download_button}
    assert labels <= {"Unduh PNG", "Unduh SVG", "Unduh CSV", "Unduh Excel", "Unduh ringkasan pekanan (HTML)",
                      "Unduh ringkasan pekanan (PDF)"}
    for value in params.values():  # the link reopens this view
        assert value.replace(" ", "+").replace("/", "%2F") in copy_link(at)
    assert "period=2024-11-10" in copy_link(at)


def test_download_labels_follow_the_language(app):
    at = open_page(app, "trending", lang="en")
    assert {b.label for b in at.download_button} == {"Download PNG", "Download SVG", "Download CSV", "Download Excel"}
    assert "lang=en" in copy_link(at)


@pytest.mark.parametrize("page", ["ingest", "trending"])
def test_copy_link_even_without_rows(app, page):
    # A filter with no articles (or the upload page) still has a view worth sharing.
    at = open_page(app, page, **({"reporter": "Citra", "scope": "new", "view": "evergreen"} if page == "trending" else {}))
    assert copy_link(at)


def test_long_tables_are_shown_a_page_at_a_time():
    def page():
        import pandas as pd

        from dashboard import ui

        ui.table(pd.DataFrame({"rank": range(1, 251), "views_gained": [1234] * 250}), "id", key="long")

    at = AppTest.from_function(page).run(timeout=30)
    assert not at.exception
    assert at.dataframe[0].value["rank"].tolist() == list(range(1, 101))
    assert "baris 1–100 dari 250" in at.caption[0].value
    at.number_input[0].set_value(3).run()
    assert at.dataframe[0].value["rank"].tolist() == list(range(201, 251))
    assert "halaman dari 3 · baris 201–250 dari 250" in at.caption[0].value


def test_period_from_snapshot_dates_matches_resolve_period(fixture_db):
    from etl import metrics
    from etl.db.connect import reading

    with reading(fixture_db) as con:
        for day in [None, date(2024, 10, 1), date(2024, 11, 3), date(2024, 11, 5), date(2024, 11, 10),
                    date(2024, 12, 31)]:
            assert queries.period(day, db=fixture_db) == metrics.resolve_period(con, as_of=day), day
