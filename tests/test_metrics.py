"""Metric rules of SPEC §2–§3 on a hand-built fixture.

Every expected number below is worked out by hand from FIXTURE (arithmetic in comments);
none was copied from the code's output.

Snapshot dates S1..S4 = 2024-10-20, 10-27, 11-03, 11-10, so the periods are
  P1 = (10-13, 10-20]  (first snapshot: a = b - 7, not a snapshot date)
  P2 = (10-20, 10-27]
  P3 = (10-27, 11-03]
  P4 = (11-03, 11-10]
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import polars as pl
import pytest

from etl import metrics
from etl.db import checks, compiler, marts, schema
from etl.metrics import Period
from etl.present.report import format_date_id, format_number_id, render

S1, S2, S3, S4 = date(2024, 10, 20), date(2024, 10, 27), date(2024, 11, 3), date(2024, 11, 10)
P1 = Period(date(2024, 10, 13), S1, False)
P2 = Period(S1, S2, True)
P3 = Period(S2, S3, True)
P4 = Period(S3, S4, True)

JS, JP, JU, JB, JT, KS, DKI = ("Jakarta Selatan", "Jakarta Pusat", "Jakarta Utara", "Jakarta Barat",
                               "Jakarta Timur", "Kepulauan Seribu", "DKI Jakarta")

# article: published, authors, regions, category, views at S1..S4 (None = not in that export)
ARTICLES = {
    # a: steady riser, published long before S1 -> unknown gain in P1
    "art-a": (date(2024, 10, 1), ["Budi Santoso"], [JS], "Politik", (1000, 1500, 1800, 2000)),
    # b: new in P4, two authors, two regions (exported in non-canonical region order)
    "art-b": (date(2024, 11, 5), ["Siti Aminah", "Budi Santoso"], [JS, JP], "Ekonomi", (None, None, None, 700)),
    # c: missing from the S3 export -> V(c, 11-03) carries S2's 900 forward
    "art-c": (date(2024, 10, 10), ["Rina Wijaya"], [JU], "Olahraga", (400, 900, None, 1000)),
    # d: views go down at S3 (800 -> 750): gain 0, never negative
    "art-d": (date(2024, 10, 5), ["Rina Wijaya"], [JB], "Politik", (500, 800, 750, 760)),
    # e: published 1 Sep, first seen at S3 -> gain unknown in P3, known in P4
    "art-e": (date(2024, 9, 1), ["Budi Santoso"], [JT], "Politik", (None, None, 5000, 5600)),
    # f: published inside P1 -> V(a) = 0 in the first period
    "art-f": (date(2024, 10, 15), ["Siti Aminah"], [KS], "Wisata", (300, 450, 500, 520)),
    # g: title edited and byline respelled at S4; latest wins in every period
    "art-g": (date(2024, 10, 25), ["Joko Susilo"], [JS], "Metro", (None, 200, 1200, 1500)),
    "art-h": (date(2024, 10, 18), ["Rina Wijaya"], [JT], "Metro", (100, 400, 600, 900)),
    "art-i": (date(2024, 10, 19), ["Joko Susilo"], [JB], "Metro", (200, 500, 900, 1200)),
    # j and k: equal gain and equal total in P4 -> article key decides
    "art-j": (date(2024, 10, 22), ["Siti Aminah"], [DKI], "Ekonomi", (None, 100, 550, 800)),
    "art-k": (date(2024, 10, 23), ["Budi Santoso"], [JP], "ekonomi", (None, 300, 550, 800)),
    # l: published in P4 with 0 views: counts as published, never trends
    "art-l": (date(2024, 11, 8), ["Siti Aminah"], [DKI], "Ekonomi", (None, None, None, 0)),
    # n: flat views: gain 0 every period, its author never appears in reporters
    "art-n": (date(2024, 10, 2), ["Dewi Lestari"], [JU], "Politik", (50, 50, 50, 50)),
}
OLD_TITLE_G = "Banjir di Kemang"
NEW_TITLE_G = "Banjir Rendam Kemang, Warga Mengungsi"


def fixture_rows(dates=(S1, S2, S3, S4)) -> list[tuple]:
    rows = []
    for article_id, (published, authors, regions, category, views) in ARTICLES.items():
        for day, count in zip((S1, S2, S3, S4), views):
            if count is None or day not in dates:
                continue
            title, byline = f"Judul {article_id}", authors
            if article_id == "art-g" and day < S4:
                title, byline = OLD_TITLE_G, ["joko  susilo"]
            if article_id == "art-g" and day == S4:
                title = NEW_TITLE_G
            rows.append((article_id, day, count, f"https://sorot.id/read/{article_id}", title,
                         published, category, byline, regions))
    return rows


# ---------------------------------------------------------------- fixture loading (swappable)

def create_schema(con) -> None:
    """A new database with one outlet, which the connection reads and writes (issue #18)."""
    from etl.db import outlets

    schema.upgrade(con)
    outlets.use(con, outlets.create(con, "uji"))


def insert_snapshots(con, rows: list[tuple]) -> None:
    """Stands in for ingest: snapshot rows in, then the latest-metadata tables rebuilt from
    the latest snapshot of every article. Swap for etl ingest of CSV fixtures later."""
    con.executemany(
        """
        insert into snapshots (article_id, snapshot_date, views, url, title, published_at,
                               published_date, category, photographer, authors, regions, ingest_id)
        values (?, ?, ?, ?, ?, ?::timestamp, ?, ?, null, ?, ?, 1)
        """,
        [(a, d, v, u, t, p, p, c, au, r) for a, d, v, u, t, p, c, au, r in rows],
    )
    con.execute("delete from articles; delete from authors")
    con.execute(
        """
        create or replace temp table latest as
        select * from snapshots
        qualify row_number() over (partition by article_id order by snapshot_date desc) = 1
        """
    )
    con.execute(
        """
        insert into articles (article_id, url, title, published_at, published_date, category,
                              photographer, first_snapshot_date, latest_snapshot_date, author_ids, regions)
        select l.article_id, l.url, l.title, l.published_at, l.published_date, l.category, l.photographer,
               (select min(s.snapshot_date) from snapshots s where s.article_id = l.article_id), l.snapshot_date,
               list_transform(l.authors, lambda name: lower(regexp_replace(trim(name), '\\s+', ' ', 'g'))),
               list_sort(list_distinct(l.regions))
        from latest l
        """
    )
    key = "lower(regexp_replace(trim(name), '\\s+', ' ', 'g'))"
    # ingest may keep when each spelling was seen; fill it when the schema has it
    has_seen = con.execute(
        "select count(*) from information_schema.columns where table_name = 'authors' and column_name = 'name_seen_on'"
    ).fetchone()[0]
    seen = ", max(snapshot_date) as name_seen_on" if has_seen else ""
    con.execute(
        f"""
        insert into authors by name
        select {key} as author_id, arg_max(name, snapshot_date) as name{seen}
        from (select unnest(authors) as name, snapshot_date from snapshots)
        group by 1
        """
    )


@pytest.fixture()
def con():
    con = duckdb.connect()
    create_schema(con)
    insert_snapshots(con, fixture_rows())
    marts.refresh_marts(con, None)
    yield con
    con.close()


def column(df: pl.DataFrame, name: str) -> list:
    return df.get_column(name).to_list()


# ---------------------------------------------------------------- periods

def test_snapshot_dates_and_default_period(con):
    assert metrics.snapshot_dates(con) == [S1, S2, S3, S4]
    assert metrics.resolve_period(con) == P4


def test_as_of_picks_latest_snapshot_on_or_before(con):
    # 10-22 -> b = 10-20, the first snapshot: a = 10-20 - 7 = 10-13, not a snapshot date
    assert metrics.resolve_period(con, as_of=date(2024, 10, 22)) == P1
    assert metrics.resolve_period(con, as_of=date(2024, 11, 5)) == P3
    assert metrics.resolve_period(con, as_of=date(2024, 10, 19)) is None


def test_from_to_periods(con):
    # a = latest snapshot <= 10-30 = 10-27; b = latest snapshot <= 11-12 = 11-10
    assert metrics.resolve_period(con, date_from=date(2024, 10, 30), date_to=date(2024, 11, 12)) == \
        Period(S2, S4, True)
    # no snapshot <= 10-01: a = 10-01 itself
    assert metrics.resolve_period(con, date_from=date(2024, 10, 1), date_to=S4) == \
        Period(date(2024, 10, 1), S4, False)
    with pytest.raises(ValueError):  # nothing ingested in (11-03, 11-08]
        metrics.resolve_period(con, date_from=date(2024, 11, 4), date_to=date(2024, 11, 8))


def test_previous_period(con):
    assert metrics.previous_period(con, P4) == P3
    assert metrics.previous_period(con, P2) == P1
    assert metrics.previous_period(con, P1) is None  # a = 10-13 is no snapshot date
    assert metrics.previous_period(con, Period(S2, S4, True)) == P2  # the period ending at a


# ---------------------------------------------------------------- trending

def test_trending_p4_order_and_gains(con):
    df = metrics.trending(con, P4)
    # B 700-0 (published 11-05 > a) = 700 | E 5600-5000 = 600
    # G 1500-1200 = 300 (total 1500), I 1200-900 = 300 (1200), H 900-600 = 300 (900)
    # J 800-550 = 250, K 800-550 = 250: both total 800 -> art-j < art-k
    # A 2000-1800 = 200 | C 1000-900 (S3 missing: 900 carried) = 100 | F 520-500 = 20
    # D 760-750 = 10 | L 0-0 = 0 and N 50-50 = 0 are not trending
    assert column(df, "article_id") == ["art-b", "art-e", "art-g", "art-i", "art-h", "art-j", "art-k",
                                        "art-a", "art-c", "art-f", "art-d"]
    assert column(df, "rank") == list(range(1, 12))
    assert column(df, "views_gained") == [700, 600, 300, 300, 300, 250, 250, 200, 100, 20, 10]
    assert column(df, "views_total") == [700, 5600, 1500, 1200, 900, 800, 800, 2000, 1000, 520, 760]
    # P3 ranks: G 1000, J 450, I 400, A 300, K 250, H 200, F 50 -> 1..7; B absent, E unknown,
    # C (900-900) and D (max(0, 750-800)) gained 0
    assert column(df, "previous_rank") == [None, None, 1, 3, 6, 2, 5, 4, None, 7, None]
    assert df.columns == metrics.TRENDING_COLUMNS


def test_trending_p3_excludes_unknown_and_negative(con):
    df = metrics.trending(con, P3)
    # E: no snapshot <= 10-27 and published 09-01 <= 10-27 -> unknown, left out
    # G 1200-200 = 1000, J 550-100 = 450, I 900-500 = 400, A 1800-1500 = 300, K 550-300 = 250,
    # H 600-400 = 200, F 500-450 = 50
    assert column(df, "article_id") == ["art-g", "art-j", "art-i", "art-a", "art-k", "art-h", "art-f"]
    assert column(df, "views_gained") == [1000, 450, 400, 300, 250, 200, 50]
    # P2: A 500 (total 1500), C 500 (900), D 300 (800), I 300 (500), H 300 (400), K 300 (300),
    # G 200, F 150, J 100
    assert column(df, "previous_rank") == [7, 9, 4, 1, 6, 5, 8]


def test_first_period_uses_b_minus_7(con):
    df = metrics.trending(con, P1)
    # only articles published in (10-13, 10-20] have V(a) = 0: F 300, I 200, H 100;
    # A, C, D, N were published before 10-13 with no earlier snapshot -> unknown
    assert column(df, "article_id") == ["art-f", "art-i", "art-h"]
    assert column(df, "views_gained") == [300, 200, 100]
    assert column(df, "previous_rank") == [None, None, None]


def test_latest_metadata_wins_in_earlier_period(con):
    df = metrics.trending(con, P2)
    g = df.filter(pl.col("article_id") == "art-g").row(0, named=True)
    # G in P2: published 10-25 > 10-20 -> 200 - 0 = 200; title and byline from S4
    assert g["views_gained"] == 200
    assert g["title"] == NEW_TITLE_G
    assert g["authors"] == ["Joko Susilo"]
    assert g["published_at"] == date(2024, 10, 25)
    b = metrics.trending(con, P4).row(0, named=True)
    assert b["authors"] == ["Siti Aminah", "Budi Santoso"]  # byline order
    assert b["regions"] == [JP, JS]  # canonical region order


def test_trending_filters_then_ranks(con):
    # Jaksel = Jakarta Selatan: B 700, G 300, A 200; P3 with the same filter: G 1000, A 300
    df = metrics.trending(con, P4, region="Jaksel")
    assert column(df, "article_id") == ["art-b", "art-g", "art-a"]
    assert column(df, "rank") == [1, 2, 3]
    assert column(df, "previous_rank") == [None, 1, 2]
    # author key: case and whitespace do not matter. Budi: B 700, E 600, K 250, A 200;
    # P3 Budi: A 300, K 250 (E unknown)
    df = metrics.trending(con, P4, author="  budi   SANTOSO ")
    assert column(df, "article_id") == ["art-b", "art-e", "art-k", "art-a"]
    assert column(df, "previous_rank") == [None, None, 2, 1]
    # category, case-insensitive ("ekonomi" on K): B 700, J 250, K 250 (L gained 0);
    # P3: J 450, K 250
    df = metrics.trending(con, P4, category="EKONOMI")
    assert column(df, "article_id") == ["art-b", "art-j", "art-k"]
    assert column(df, "previous_rank") == [None, 1, 2]
    # published in (11-03, 11-10]: B and L; L gained 0
    df = metrics.trending(con, P4, published_in_period=True)
    assert column(df, "article_id") == ["art-b"]
    with pytest.raises(ValueError):
        metrics.trending(con, P4, region="Bekasi")


def test_trending_limit(con):
    assert column(metrics.trending(con, P4, limit=3), "article_id") == ["art-b", "art-e", "art-g"]


def _view_of(full: pl.DataFrame, view: str, cut: date) -> pl.DataFrame:
    """A view of the whole ranking as the trending page used to cut it in polars, with the
    places climbed since the previous period (SPEC: previous rank minus rank)."""
    full = full.with_columns((pl.col("previous_rank") - pl.col("rank")).alias("rank_gain"))
    if view == "movers":
        return full.filter(pl.col("rank_gain") > 0).sort(["rank_gain", "rank"], descending=[True, False])
    if view == "evergreen":
        return full.filter(pl.col("published_at") < cut)
    return full


def test_movers_are_the_movers_view(con):
    # metrics.movers (the briefing, the exported chart) is the page's movers view.
    for period in (P4, P3, P1):
        expected = _view_of(metrics.trending(con, period), "movers", date(2024, 11, 1))
        assert metrics.movers(con, period).equals(expected)
        assert metrics.movers(con, period, limit=2).equals(expected.head(2))
        assert (metrics.movers(con, period)["rank_gain"] > 0).all()
    assert metrics.movers(con, P4).height > 0   # the fixture has movers to compare


@pytest.mark.parametrize("filters", [{}, {"region": "Jaksel"}, {"author": "budi santoso"},
                                     {"category": "ekonomi"}, {"published_in_period": True}])
@pytest.mark.parametrize("view", metrics.TRENDING_VIEWS)
def test_trending_view_is_a_slice_of_the_ranking(con, filters, view):
    # The trending page reads a page of the view and its counts, not the whole ranking.
    spanning = metrics.resolve_period(con, date_from=S2, date_to=S4)
    for period in (P4, P3, P1, spanning):
        for cut in (date(2024, 11, 1),):
            full = metrics.trending(con, period, **filters)
            shown = _view_of(full, view, cut)
            for offset, rows in ((0, 3), (3, 3), (0, None)):
                found = metrics.trending_view(con, period, view=view, evergreen_before=cut, offset=offset,
                                              rows=rows, **filters)
                assert found["ranked"] == full.height
                assert found["evergreen"] == full.filter(pl.col("published_at") < cut).height
                assert found["shown"] == shown.height
                expected = shown.slice(offset, rows)
                assert found["rows"].schema == expected.schema
                assert found["rows"].equals(expected), (period, offset, rows)


def test_trending_lists_are_the_rankings_reporters_and_categories(con):
    for period in (P4, P3, P1):
        full = metrics.trending(con, period)
        lists = metrics.trending_lists(con, period)
        assert sorted(lists["reporters"]) == sorted(full["authors"].explode().drop_nulls().unique().to_list())
        assert sorted(lists["categories"]) == sorted(c for c in full["category"].unique().to_list() if c)


def test_from_to_spanning_two_periods(con):
    period = metrics.resolve_period(con, date_from=S2, date_to=S4)
    df = metrics.trending(con, period)
    # (10-27, 11-10]: G 1500-200 = 1300; I 1200-500 = 700 (total 1200), J 800-100 = 700 (800),
    # B 700-0 = 700 (700); A 2000-1500 = 500 (2000), H 900-400 = 500 (900), K 800-300 = 500 (800);
    # C 1000-900 = 100; F 520-450 = 70; D max(0, 760-800) = 0; E unknown (first seen 11-03)
    assert column(df, "article_id") == ["art-g", "art-i", "art-j", "art-b", "art-a", "art-h", "art-k",
                                        "art-c", "art-f"]
    assert column(df, "views_gained") == [1300, 700, 700, 700, 500, 500, 500, 100, 70]
    # previous period = the one ending at 10-27 = P2: A1 C2 D3 I4 H5 K6 G7 F8 J9
    assert column(df, "previous_rank") == [7, 4, 9, None, 1, 5, 6, 2, 8]


# ---------------------------------------------------------------- reporters, regions, overview

def test_reporters_p4(con):
    df = metrics.reporters(con, P4)
    # Budi: A 200 + B 700 + E 600 + K 250 = 1750; new: B -> 1 article, 700, median 700
    # Siti: B 700 + F 20 + J 250 + L 0 = 970; new: B, L -> 2 articles, 700 + 0 = 700, median (0+700)/2 = 350
    # Joko: G 300 + I 300 = 600; Rina: C 100 + D 10 + H 300 = 410; Dewi: N 0, nothing new -> left out
    assert df.to_dicts() == [
        {"author": "Budi Santoso", "articles": 1, "views": 1750, "views_new": 700, "median_views_new": 700.0},
        {"author": "Siti Aminah", "articles": 2, "views": 970, "views_new": 700, "median_views_new": 350.0},
        {"author": "Joko Susilo", "articles": 0, "views": 600, "views_new": 0, "median_views_new": None},
        {"author": "Rina Wijaya", "articles": 0, "views": 410, "views_new": 0, "median_views_new": None},
    ]


def test_reporters_p3_skip_unknown(con):
    df = metrics.reporters(con, P3)
    # Joko: G 1000 + I 400 = 1400; Budi: A 300 + K 250 (E unknown) = 550; Siti: F 50 + J 450 = 500;
    # Rina: C 0 + D 0 + H 200 = 200; nothing published in (10-27, 11-03]
    assert column(df, "author") == ["Joko Susilo", "Budi Santoso", "Siti Aminah", "Rina Wijaya"]
    assert column(df, "views") == [1400, 550, 500, 200]
    assert column(df, "articles") == [0, 0, 0, 0]


def test_regions_p4(con):
    df = metrics.regions(con, P4)
    # published in P4: B (Pusat + Selatan) and L (DKI) -> 2 distinct articles
    # Pusat: B 700 + K 250 = 950, 1 article, 1/2 | Utara: C 100 + N 0 = 100
    # Barat: D 10 + I 300 = 310 | Selatan: A 200 + B 700 + G 300 = 1200, 1/2
    # Timur: E 600 + H 300 = 900 | Kep. Seribu: F 20 | DKI: J 250 + L 0 = 250, 1/2
    assert df.to_dicts() == [
        {"region": JP, "articles": 1, "views": 950, "share_articles": 0.5},
        {"region": JU, "articles": 0, "views": 100, "share_articles": 0.0},
        {"region": JB, "articles": 0, "views": 310, "share_articles": 0.0},
        {"region": JS, "articles": 1, "views": 1200, "share_articles": 0.5},
        {"region": JT, "articles": 0, "views": 900, "share_articles": 0.0},
        {"region": KS, "articles": 0, "views": 20, "share_articles": 0.0},
        {"region": DKI, "articles": 1, "views": 250, "share_articles": 0.5},
    ]


def test_regions_table_says_why_shares_pass_100_percent(con):
    # P4's shares are 50 % + 50 % + 50 % = 150 % (B is in Pusat and Selatan): the table says why
    df = metrics.regions(con, P4)
    note = "Artikel yang ditandai dua wilayah dihitung di keduanya, jadi jumlah porsinya bisa lebih dari 100%."
    table = render("regions", P4, df, "table")
    assert table.rstrip("\n").splitlines()[-1] == note
    assert "50,0%" in table
    # data formats carry data only
    assert "keduanya" not in render("regions", P4, df, "csv")
    assert "keduanya" not in render("regions", P4, df, "json")
    assert "keduanya" not in render("reporters", P4, metrics.reporters(con, P4), "table")


def test_regions_without_new_articles_share_zero(con):
    df = metrics.regions(con, P3)
    assert df.height == 7
    assert column(df, "share_articles") == [0.0] * 7
    # Selatan in P3: A 300 + G 1000 = 1300 (B does not exist yet at 11-03)
    assert df.filter(pl.col("region") == JS).get_column("views").item() == 1300


def test_overview(con):
    result = metrics.overview(con, P4)
    # P4 views: 700+600+300+300+300+250+250+200+100+20+10 = 3030
    # P3 views: 1000+450+400+300+250+200+50 (+ C 0, D 0, N 0) = 2650 -> +380
    assert result["views_gained"] == {"value": 3030, "previous": 2650, "change": 380,
                                      "change_pct": round(380 / 2650, 4)}
    # published: P4 B, L = 2; P3 none -> change 2, no percentage from 0
    assert result["articles_published"] == {"value": 2, "previous": 0, "change": 2, "change_pct": None}
    assert result["active_reporters"]["value"] == 4 and result["active_reporters"]["previous"] == 4
    first = metrics.overview(con, P1)
    # P1: F, H, I published -> 3; 300 + 100 + 200 = 600; no previous period
    assert first["articles_published"] == {"value": 3, "previous": None, "change": None, "change_pct": None}
    assert first["views_gained"]["value"] == 600


# ---------------------------------------------------------------- dashboard queries

def test_article_history_carries_forward(con):
    df = metrics.article_history(con, "art-c")
    # C: 400 (P1 unknown), 900 (+500), 900 carried (+0), 1000 (+100)
    assert df.to_dicts() == [
        {"snapshot_date": S1, "views": 400, "gained": None},
        {"snapshot_date": S2, "views": 900, "gained": 500},
        {"snapshot_date": S3, "views": 900, "gained": 0},
        {"snapshot_date": S4, "views": 1000, "gained": 100},
    ]


def test_views_per_period(con):
    df = metrics.views_per_period(con, S4, periods=2)
    assert df.to_dicts() == [
        {"period_end": S3, "views_gained": 2650, "articles_published": 0},
        {"period_end": S4, "views_gained": 3030, "articles_published": 2},
    ]


def test_regions_over_time_and_reporter_history(con):
    df = metrics.regions_over_time(con, S4, periods=2)
    assert df.height == 14
    assert df.filter((pl.col("period_end") == S4) & (pl.col("region") == JS)).get_column("views").item() == 1200
    # read from the period_regions mart: the same counts the regions report gives per period
    for end in (S1, S2, S3, S4):
        period = metrics.resolve_period(con, as_of=end)
        expected = metrics.regions(con, period).select("region", "articles", "views")
        got = metrics.regions_over_time(con, end, periods=1)
        assert got.get_column("period_end").unique().to_list() == [end]
        assert got.drop("period_end").equals(expected)
    hist = metrics.reporter_history(con, "budi santoso", S4, periods=2)
    # P3 Budi 550, P4 1750 (see reporters tests)
    assert column(hist, "views") == [550, 1750]
    assert column(hist, "articles") == [0, 1]


def test_search_and_article_lists(con):
    found = metrics.search_articles(con, "kemang BANJIR")
    assert column(found, "article_id") == ["art-g"]
    assert found.get_column("views_total").item() == 1500
    # Rina in P4: H 300, C 100, D 10
    assert column(metrics.reporter_articles(con, "RINA wijaya", P4), "article_id") == ["art-h", "art-c", "art-d"]
    # DKI in P4: J 250, L 0 (published in the period)
    assert column(metrics.region_articles(con, "DKI Jakarta", P4), "article_id") == ["art-j", "art-l"]


# ---------------------------------------------------------------- maintenance and checks

def test_checks_pass_on_fixture(con):
    results = checks.run_checks(con)
    assert "mart_matches_model" in results and "one_snapshot_per_article_date" in results
    assert results == {name: 0 for name in results}


def test_checks_catch_a_stale_mart(con):
    con.execute("update article_period_gains set gained = gained + 1 where article_id = 'art-a'")
    assert checks.run_checks(con)["mart_matches_model"] > 0


def mart(con) -> list[tuple]:
    return con.execute("select * from article_period_gains order by all").fetchall()


def test_incremental_refresh_with_out_of_order_snapshot():
    con = duckdb.connect()
    create_schema(con)
    insert_snapshots(con, fixture_rows(dates=(S1, S2, S4)))
    marts.refresh_marts(con, None)
    # without S3, P4 would be (10-27, 11-10]
    assert metrics.resolve_period(con) == Period(S2, S4, True)
    s3_rows = [r for r in fixture_rows() if r[1] == S3]
    insert_snapshots(con, s3_rows)
    marts.refresh_marts(con, S3)
    incremental = mart(con)
    marts.refresh_marts(con, None)
    assert incremental == mart(con)
    assert checks.run_checks(con) == {name: 0 for name in checks.check_names()}
    assert column(metrics.trending(con, P4), "views_gained")[:2] == [700, 600]


def test_publish_date_change_rebuilds_older_periods(con):
    # a later export moves A's publish date into P2: older periods must follow
    con.execute("update articles set published_date = date '2024-10-22' where article_id = 'art-a'")
    marts.refresh_marts(con, S4)
    assert checks.run_checks(con)["mart_matches_model"] == 0


# ---------------------------------------------------------------- rendering

def test_render_json_shapes(con):
    t = json.loads(render("trending", P4, metrics.trending(con, P4, limit=1), "json"))
    assert t["period"] == {"start": "2024-11-03", "end": "2024-11-10"}
    assert t["rows"] == [{
        "rank": 1, "previous_rank": None, "article_id": "art-b", "url": "https://sorot.id/read/art-b",
        "title": "Judul art-b", "authors": ["Siti Aminah", "Budi Santoso"], "published_at": "2024-11-05",
        "category": "Ekonomi", "regions": [JP, JS], "views_gained": 700, "views_total": 700,
    }]
    r = json.loads(render("reporters", P4, metrics.reporters(con, P4), "json"))
    assert r["rows"][1] == {"author": "Siti Aminah", "articles": 2, "views": 970, "views_new": 700,
                            "median_views_new": 350}
    g = json.loads(render("regions", P4, metrics.regions(con, P4), "json"))
    assert [list(row) for row in g["rows"]][0] == ["region", "articles", "views", "share_articles"]
    assert g["rows"][0]["share_articles"] == 0.5 and len(g["rows"]) == 7
    o = json.loads(render("overview", P4, metrics.overview(con, P4), "json"))
    assert o["rows"][1]["metric"] == "views_gained" and o["rows"][1]["value"] == 3030


def test_render_csv_and_table(con):
    out = render("trending", P4, metrics.trending(con, P4, limit=2), "csv")
    assert out.splitlines()[0] == ",".join(metrics.TRENDING_COLUMNS)
    assert "Siti Aminah; Budi Santoso" in out
    table = render("trending", P4, metrics.trending(con, P4, limit=2), "table")
    assert table.splitlines()[0].startswith("Periode 3 Nov 2024 – 10 Nov 2024")
    assert "5.600" in table  # E's total with an Indonesian thousands separator
    assert "5 Nov 2024" in table
    assert "1.750" in render("reporters", P4, metrics.reporters(con, P4), "table")


def test_indonesian_formats():
    assert format_number_id(1234567) == "1.234.567"
    assert format_number_id(0) == "0"
    assert format_number_id(350.0) == "350"
    assert format_date_id(date(2024, 11, 3)) == "3 Nov 2024"
    assert format_date_id(date(2024, 5, 17)) == "17 Mei 2024"
    assert format_date_id(date(2024, 8, 1)) == "1 Agu 2024"


MART_TABLES = ("period_ends", "article_period_gains", "period_ranks", "period_reporters", "period_regions",
               "period_totals")


def all_marts(con) -> dict[str, list[tuple]]:
    return {t: con.execute(f"select * from {t} order by all").fetchall() for t in MART_TABLES}


def refresh_recording_models(con, since: date, monkeypatch) -> list[str]:
    """refresh_marts(con, since), returning the names of the SQL models it read."""
    used: list[str] = []
    real = marts.execute

    def recording(con, text, params=None, inputs=None):
        used.extend(compiler.models_reached(text, inputs))
        real(con, text, params, inputs)

    monkeypatch.setattr(marts, "execute", recording)
    marts.refresh_marts(con, since)
    monkeypatch.undo()
    return used


def test_new_latest_week_uses_the_stored_slice_and_equals_a_full_rebuild(monkeypatch):
    con = duckdb.connect()
    create_schema(con)
    insert_snapshots(con, fixture_rows(dates=(S1, S2, S3)))
    marts.refresh_marts(con, None)
    g_before = metrics.trending(con, P2).filter(pl.col("article_id") == "art-g")
    assert column(g_before, "title") == [OLD_TITLE_G]
    insert_snapshots(con, [r for r in fixture_rows() if r[1] == S4])
    used = refresh_recording_models(con, S4, monkeypatch)
    # the new period came from P3's stored slice plus the S4 snapshots, not the asof model
    assert "next_period_gains" in used and "article_period_gains" not in used
    # latest metadata wins in older periods too: G's S4 title and byline in P2
    g = metrics.trending(con, P2).filter(pl.col("article_id") == "art-g")
    assert column(g, "title") == [NEW_TITLE_G] and column(g, "authors") == [["Joko Susilo"]]
    assert column(metrics.trending(con, P4), "views_gained")[:2] == [700, 600]
    assert checks.run_checks(con) == {name: 0 for name in checks.check_names()}
    incremental = all_marts(con)
    marts.refresh_marts(con, None)
    assert incremental == all_marts(con)


def test_a_respelled_author_shows_in_every_list_at_once(con):
    # display names are joined when an article is listed: no article row holds them
    before = con.execute("select * from articles order by all").fetchall()
    con.execute("update authors set name = 'SITI AMINAH' where author_id = 'siti aminah'")
    # art-b ranks first in P4 (its byline: Siti Aminah, Budi Santoso)
    top = metrics.trending(con, P4, limit=1)
    assert column(top, "article_id") == ["art-b"]
    assert column(top, "authors") == [["SITI AMINAH", "Budi Santoso"]]
    assert con.execute("select * from articles order by all").fetchall() == before


def test_first_snapshot_date_uses_the_empty_slice_and_equals_a_full_rebuild(monkeypatch):
    # one export so far: P1 = (13 Oct, 20 Oct], and no snapshot is dated <= 13 Oct
    con = duckdb.connect()
    create_schema(con)
    insert_snapshots(con, fixture_rows(dates=(S1,)))
    used = refresh_recording_models(con, S1, monkeypatch)
    assert "next_period_gains" in used and "article_period_gains" not in used
    # published after 13 Oct (f, h, i): V(a) = 0; older (a, c, d, n): gain unknown
    assert con.execute("select article_id, views_b, views_a, gained from article_period_gains "
                       "order by article_id").fetchall() == [
        ("art-a", 1000, None, None), ("art-c", 400, None, None), ("art-d", 500, None, None),
        ("art-f", 300, 0, 300), ("art-h", 100, 0, 100), ("art-i", 200, 0, 200), ("art-n", 50, None, None),
    ]
    assert checks.run_checks(con) == {name: 0 for name in checks.check_names()}
    incremental = all_marts(con)
    marts.refresh_marts(con, None)
    assert incremental == all_marts(con)


def test_new_byline_of_an_older_article_rebuilds_older_periods():
    # A (first seen at S1) gets a new author and region at S4: latest metadata counts in
    # every period, so P3's reporters change although the refresh starts at S4
    con = duckdb.connect()
    create_schema(con)
    insert_snapshots(con, fixture_rows(dates=(S1, S2, S3)))
    marts.refresh_marts(con, None)
    s4 = [(*r[:7], ["Dewi Lestari"], [JU]) if r[0] == "art-a" else r
          for r in fixture_rows() if r[1] == S4]
    insert_snapshots(con, s4)
    marts.refresh_marts(con, S4)
    # P3 = (S2, S3]: Joko G 1000 + I 400; Siti F 50 + J 450; Dewi A 300 (1800 - 1500) + N 0;
    # Budi K 250 (E unknown); Rina C 0 + D 0 + H 200
    df = metrics.reporters(con, P3)
    assert column(df, "author") == ["Joko Susilo", "Siti Aminah", "Dewi Lestari", "Budi Santoso", "Rina Wijaya"]
    assert column(df, "views") == [1400, 500, 300, 250, 200]
    assert checks.run_checks(con) == {name: 0 for name in checks.check_names()}
    incremental = all_marts(con)
    marts.refresh_marts(con, None)
    assert incremental == all_marts(con)


def test_a_range_is_compared_with_the_range_of_the_same_length_before_it(tmp_path):
    """Issue #20: --from/--to over two weeks compared with the two weeks before, not one.
    One article (published 1 Oct) at 100, 200, 400, 700, 1,000 views on 27 Oct, 3, 10, 17
    and 24 Nov. The range 10 → 24 Nov is (10 Nov, 24 Nov]: 1,000 − 400 = 600 gained. The
    range of the same length before it is (27 Oct, 10 Nov]: 400 − 100 = 300. So +300, +100 %
    (the one week before, (3 Nov, 10 Nov], would have said +400, +200 %)."""
    from etl.ingest.files import ingest_paths

    files = []
    for day, views in (("2024-10-27", 100), ("2024-11-03", 200), ("2024-11-10", 400),
                       ("2024-11-17", 700), ("2024-11-24", 1000)):
        path = tmp_path / f"export-{day}.csv"
        path.write_text("url,title,published_at,author,category,region,views\n"
                        f"https://x.id/a,Banjir,2024-10-01,Ani,Lingkungan,Jakarta Selatan,{views}\n")
        files.append(path)
    db = tmp_path / "range.duckdb"
    assert [r.status for r in ingest_paths(db, files)] == ["loaded"] * 5
    with metrics.reading(db) as con:
        period = metrics.resolve_period(con, date_from=date(2024, 11, 10), date_to=date(2024, 11, 24))
        assert metrics.comparison_period(con, period) == Period(date(2024, 10, 27), date(2024, 11, 10), True)
        views = metrics.overview(con, period)["views_gained"]
        assert (views["value"], views["previous"], views["change"], views["change_pct"]) == (600, 300, 300, 1.0)
        board = metrics.reporters_compared(con, period)
        assert board.select("author", "views", "views_change").rows() == [("Ani", 600, 300)]
        # the standard period still compares with the period ending at its start
        week = metrics.resolve_period(con, as_of=date(2024, 11, 24))
        assert metrics.comparison_period(con, week) == Period(date(2024, 11, 10), date(2024, 11, 17), True)
        assert metrics.overview(con, week)["views_gained"]["previous"] == 300  # 700 − 400
