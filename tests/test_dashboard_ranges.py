"""Custom from/to ranges in the dashboard's period picker (AppTest), on five weekly snapshots
written here, with every number worked out by hand.

    article              published  20 Oct  27 Oct  3 Nov  10 Nov  17 Nov
    a  Banjir (Ani)      1 Oct        100     150    300     600    1000
    b  Pasar (Budi)      5 Nov          –       –      –      50      80

The range from 3 Nov to 17 Nov is (3 Nov, 17 Nov], two weeks (SPEC §2, as --from/--to):
    views gained: a 1000 - 300 = 700; b published after 3 Nov, so V(a) = 0: 80 → 780
    articles published in it: b → 1
It is compared with the two weeks before it, (20 Oct, 3 Nov] (metrics.comparison_period):
    views gained: a 300 - 100 = 200; b does not exist yet → 200; articles published: 0
    change: views +580 (+290,0 %: 580 / 200 = 2.9); articles +1 (no percentage against 0)
    reporters: Ani 700 against 200 → +500; Budi 80 against 0 → +80 (articles 1 against 0 → +1)
The standard period ending 17 Nov is (10 Nov, 17 Nov]: a 400 + b 30 = 430.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl import metrics
from etl.db.connect import reading
from etl.ingest.files import ingest_paths
from tests.test_dashboard import open_page

APP = "../dashboard/app.py"
WEEKS = {"2024-10-20": (100, None), "2024-10-27": (150, None), "2024-11-03": (300, None),
         "2024-11-10": (600, 50), "2024-11-17": (1000, 80)}


@pytest.fixture(scope="module")
def weeks_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ranges")
    files = []
    for day, (a, b) in WEEKS.items():
        lines = ["url,title,published_at,author,category,region,views",
                 f"https://x.id/a,Banjir di Tebet,2024-10-01,Ani,Lingkungan,Jakarta Selatan,{a}"]
        if b is not None:
            lines.append(f"https://x.id/b,Pasar Minggu macet,2024-11-05,Budi,Lalu lintas,Jakarta Selatan,{b}")
        path = folder / f"export-{day}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    db = folder / "sorot.duckdb"
    assert [r.status for r in ingest_paths(db, files)] == ["loaded"] * len(files)
    return db


@pytest.fixture
def app(weeks_db, monkeypatch):
    monkeypatch.setenv("SOROT_DB", str(weeks_db))
    return AppTest.from_file(APP, default_timeout=60)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_a_range_from_the_url_is_compared_with_the_range_before_it(app):
    at = open_page(app, period="2024-11-17", **{"from": "2024-11-03"})
    assert at.sidebar.toggle[0].value is True
    assert "Periode 3 Nov 2024 – 17 Nov 2024" in captions(at)
    assert "Dibanding 20 Okt 2024 – 3 Nov 2024" in captions(at)
    kpis = {m.label: (m.value, m.delta) for m in at.metric}
    assert kpis["Tambahan dilihat"] == ("780", "+580 (+290,0%)")
    assert kpis["Artikel terbit"] == ("1", "+1")
    assert at.query_params["from"] == "2024-11-03" and at.query_params["period"] == "2024-11-17"


def test_the_standard_period_without_from(app):
    at = open_page(app, period="2024-11-17")
    assert at.sidebar.toggle[0].value is False
    assert "from" not in at.query_params
    assert {m.label: m.value for m in at.metric}["Tambahan dilihat"] == "430"
    assert "Dibanding 3 Nov 2024 – 10 Nov 2024" in captions(at)


def test_switching_the_range_on_and_off(app):
    at = open_page(app, period="2024-11-17")
    at.sidebar.toggle[0].set_value(True).run()
    # switched on: it starts four snapshots before the end, (20 Oct, 17 Nov]
    assert at.sidebar.selectbox[1].value == date(2024, 10, 20)
    assert at.query_params["from"] == "2024-10-20"
    assert "Periode 20 Okt 2024 – 17 Nov 2024" in captions(at)
    at.sidebar.selectbox[1].set_value(date(2024, 11, 3)).run()
    assert {m.label: m.value for m in at.metric}["Tambahan dilihat"] == "780"
    at.sidebar.toggle[0].set_value(False).run()
    assert "from" not in at.query_params
    assert {m.label: m.value for m in at.metric}["Tambahan dilihat"] == "430"


def test_a_url_date_between_snapshots_snaps_to_the_one_before(app):
    at = open_page(app, period="2024-11-19", **{"from": "2024-11-05"})
    assert at.sidebar.selectbox[0].value == date(2024, 11, 17)
    assert at.sidebar.selectbox[1].value == date(2024, 11, 3)
    assert "Periode 3 Nov 2024 – 17 Nov 2024" in captions(at)


def test_a_start_no_earlier_than_the_end_is_not_offered(app):
    # from 17 Nov to 10 Nov is no range: only snapshots before the end are offered, and the
    # URL's date snaps to the latest of them on or before it, 3 Nov: (3 Nov, 10 Nov]
    at = open_page(app, period="2024-11-10", **{"from": "2024-11-17"})
    assert at.sidebar.selectbox[1].options == ["3 Nov 2024", "27 Okt 2024", "20 Okt 2024"]
    assert at.sidebar.selectbox[1].value == date(2024, 11, 3)
    assert "Periode 3 Nov 2024 – 10 Nov 2024" in captions(at)


def test_the_reporters_page_uses_the_range(app):
    at = open_page(app, "reporters", period="2024-11-17", **{"from": "2024-11-03"})
    board = at.dataframe[0].value.set_index("author")
    assert board.loc["Ani", "views"] == 700 and board.loc["Ani", "views_change"] == 500
    assert board.loc["Budi", "views"] == 80 and board.loc["Budi", "views_change"] == 80
    assert board.loc["Budi", "articles_change"] == 1


def test_the_range_is_kept_from_page_to_page(app):
    at = open_page(app, period="2024-11-17", **{"from": "2024-11-03"})
    at.switch_page("app_pages/regions.py").run()
    assert not at.exception
    assert "Periode 3 Nov 2024 – 17 Nov 2024" in captions(at)
    # Jakarta Selatan holds both articles: 780 views gained in the range
    table = at.dataframe[0].value.set_index("region")
    assert table.loc["Jakarta Selatan", "views"] == 780


def test_period_between_matches_resolve_period(weeks_db):
    from dashboard import queries

    days = [date(2024, 10, 1), *(date.fromisoformat(d) for d in WEEKS), date(2024, 11, 5), date(2024, 12, 1)]
    with reading(weeks_db) as con:
        for start in days:
            for end in days:
                if start >= end:
                    assert queries.period_between(start, end, db=weeks_db) is None
                    continue
                try:
                    expected = metrics.resolve_period(con, date_from=start, date_to=end)
                except ValueError:  # no data after the start up to the end
                    expected = None
                assert queries.period_between(start, end, db=weeks_db) == expected, (start, end)
