"""Chart builders are pure: frames in, Altair charts out, no Streamlit needed."""
import polars as pl
import pytest

from etl.present import charts
from etl.present.formats import md_escape, movement

FRAMES = {
    "views_per_period": pl.DataFrame({"period_end": ["2024-11-03", "2024-11-10"], "views_gained": [80, 810],
                                      "articles_published": [2, 1]}).with_columns(pl.col("period_end").str.to_date()),
    "top_trending": pl.DataFrame({"rank": [1], "title": ["<script>alert(1)</script>"], "views_gained": [5],
                                  "views_total": [9], "movement": ["baru"]}),
    "movers": pl.DataFrame({"rank": [1], "previous_rank": [3], "rank_gain": [2], "title": ["<b>x</b>"]}),
    "reporters_scatter": pl.DataFrame({"author": ["<b>x</b>"], "articles": [1], "views": [2], "views_new": [2]}),
    "reporter_history": pl.DataFrame({"period_end": ["2024-11-10"], "articles": [1], "views": [2]}).with_columns(
        pl.col("period_end").str.to_date()),
    "regions_views": pl.DataFrame({"period_end": ["2024-11-10"], "region": ["Jakarta Pusat"], "views": [3],
                                   "articles": [1]}).with_columns(pl.col("period_end").str.to_date()),
    "region_share": pl.DataFrame({"region": ["Jakarta Pusat"], "articles": [1], "views": [3], "share_articles": [1.0]}),
    "article_history": pl.DataFrame({"snapshot_date": ["2024-11-10"], "views": [3], "gained": [None]}).with_columns(
        pl.col("snapshot_date").str.to_date()),
}
FRAMES["regions_articles"] = FRAMES["regions_views"]
FRAMES["reporter_articles_history"] = FRAMES["reporter_history"]
FRAMES["article_gains"] = FRAMES["article_history"]
FRAMES["region_tiles"] = FRAMES["region_share"]


@pytest.mark.parametrize("name", sorted(charts.CHARTS))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_builds_with_a_title(name, lang):
    spec = charts.CHARTS[name](FRAMES[name], lang).to_dict()
    assert spec["title"]
    assert (spec.get("config", {}).get("locale", {}).get("number", {}).get("thousands") == ".") == (lang == "id")


def test_hostile_title_is_data_not_markup():
    spec = charts.top_trending(FRAMES["top_trending"], "id").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["title"] == "<script>alert(1)</script>"
    assert rows[0]["label"] == "1. <script>alert(1)</script>"


def test_tiles_always_show_seven_regions():
    spec = charts.region_tiles(FRAMES["region_share"], "id").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 7 and {r["views"] for r in rows if r["region"] != "Jakarta Pusat"} == {0}


def test_movement_text():
    assert [movement(1, 2), movement(4, 1), movement(2, 2), movement(3, None), movement(3, None, "en")] == \
        ["↑1", "↓3", "tetap", "baru", "new"]
    # the same place is a word, like "baru": nothing a spreadsheet could take for a formula
    assert movement(2, 2, "en") == "same"


def test_markdown_escape():
    assert md_escape("<b>x</b>") == r"\<b\>x\<\/b\>".replace(r"\/", "/")
    assert md_escape("*a* $x$") == r"\*a\* \$x\$"


def test_movement_column_matches_movement_text():
    import polars as pl

    from dashboard import ui

    pairs = [(1, 2), (4, 1), (2, 2), (3, None), (None, None), (10, 250)]
    frame = pl.DataFrame({"rank": [r for r, _ in pairs], "previous_rank": [p for _, p in pairs],
                          "article_id": ["x.id/a b?c"] * len(pairs)}, schema_overrides={"rank": pl.Int64, "previous_rank": pl.Int64})
    for lang in ("id", "en"):
        shown = ui.display_columns(frame, lang)
        assert shown["movement"].to_list() == [movement(r, p, lang) for r, p in pairs]
        assert shown["link"][0] == f"artikel?article=x.id%2Fa%20b%3Fc&lang={lang}"


def test_article_links_quote_every_key_like_urllib():
    from urllib.parse import quote

    import polars as pl

    from dashboard import ui

    keys = ["x.id/a", "x.id/read/1/banjir-di-tebet", "x.id/a b?c&d=é", "x.id/~ok_-.", "x.id/100%"]
    links = ui.display_columns(pl.DataFrame({"article_id": keys}), "id")["link"].to_list()
    assert links == [f"artikel?article={quote(k, safe='')}&lang=id" for k in keys]


def test_region_lines_have_whole_number_ticks():
    from datetime import date as _date

    import polars as _pl

    from etl.present import charts as _charts
    frame = _pl.DataFrame({"period_end": [_date(2024, 11, 3), _date(2024, 11, 10)],
                           "region": ["Jakarta Selatan"] * 2, "articles": [0, 1], "views": [0, 3]})
    for build in (_charts.regions_articles, _charts.regions_views):
        axis = build(frame, "id").to_dict()["encoding"]["y"]["axis"]
        assert axis["tickMinStep"] == 1 and axis["format"] == ",d"


def test_snapshot_date_sources_are_translated():
    from etl.present import formats as _fmt
    assert _fmt.date_source("file name", "id") == "nama berkas"
    assert _fmt.date_source("--as-of and column", "id") == "tanggal diisi (--as-of) dan kolom tanggal data"
    assert _fmt.date_source("column", "en") == "snapshot date column"
    assert _fmt.date_source("something else", "id") == "something else"
    assert _fmt.date_source("", "id") == ""


# --------------------------------------------------------------------------- over-time charts

# Three weeks of one reporter, worked out as the reporter_history query gives them: idle in the
# middle week (zeros, not a gap), so the chart has one band per period, three in all.
WEEKS = pl.DataFrame({"period_end": ["2024-10-27", "2024-11-03", "2024-11-10"], "articles": [2, 0, 1],
                      "views": [1500, 0, 90]}).with_columns(pl.col("period_end").str.to_date())
OVER_TIME = {  # chart -> (its frame, the one measure on its y axis)
    "views_per_period": (FRAMES["views_per_period"], "views_gained"),
    "reporter_history": (WEEKS, "views"),
    "reporter_articles_history": (WEEKS, "articles"),
    "regions_views": (FRAMES["regions_views"], "views"),
    "regions_articles": (FRAMES["regions_views"], "articles"),
    "article_history": (FRAMES["article_history"], "views"),
    "article_gains": (FRAMES["article_history"], "gained"),
}


@pytest.mark.parametrize("name", sorted(OVER_TIME))
def test_over_time_charts_have_a_weekly_axis_and_one_measure(name):
    frame, measure = OVER_TIME[name]
    spec = charts.CHARTS[name](frame, "id").to_dict()
    # one plot: no layer of bars and a line, no second y scale
    assert "layer" not in spec and "resolve" not in spec
    mark = spec["mark"]["type"] if isinstance(spec["mark"], dict) else spec["mark"]
    assert mark in {"bar", "line"}
    x, y = spec["encoding"]["x"], spec["encoding"]["y"]
    # a band per period (ordinal dates), not a daily time axis with one-day-wide bars
    assert x["type"] == "ordinal" and x["timeUnit"] == "yearmonthdate"
    assert x["axis"]["format"] == "%-d %b" and x["axis"]["labelOverlap"] is True
    assert y["field"] == measure and y["type"] == "quantitative"


def test_colour_means_a_region_and_has_a_legend():
    for name in ("regions_views", "regions_articles"):
        color = charts.CHARTS[name](FRAMES["regions_views"], "en").to_dict()["encoding"]["color"]
        assert color["field"] == "region" and color["title"] == "Region"
        assert color["legend"]["orient"] == "bottom"
        assert color["scale"]["domain"][:2] == ["Jakarta Pusat", "Jakarta Utara"]
    for name in ("views_per_period", "reporter_history", "reporter_articles_history", "article_history",
                 "article_gains"):  # one measure, one colour: nothing for a legend to explain
        spec = charts.CHARTS[name](OVER_TIME[name][0], "id").to_dict()
        assert "color" not in spec["encoding"]


def test_reporter_weeks_are_two_charts_with_the_worked_out_values():
    views = charts.reporter_history(WEEKS, "en").to_dict()
    articles = charts.reporter_articles_history(WEEKS, "en").to_dict()
    assert views["title"] == "Views gained per week" and articles["title"] == "Articles published per week"
    assert views["encoding"]["y"]["title"] == "Views gained" and articles["encoding"]["y"]["title"] == "Articles published"
    rows = next(iter(views["datasets"].values()))
    assert [(r["period_end"][:10], r["articles"], r["views"]) for r in rows] == \
        [("2024-10-27", 2, 1500), ("2024-11-03", 0, 0), ("2024-11-10", 1, 90)]


@pytest.mark.parametrize("name", ["reporter_history", "reporter_articles_history", "views_per_period"])
def test_exported_over_time_images_have_one_bar_per_period(name):
    """The PNG/SVG files: the decorated chart as vl-convert renders it, one bar per week
    (three weeks, the idle one a zero-height bar) and a single y axis."""
    import re
    from datetime import date

    from etl.present import export
    frame = WEEKS if name != "views_per_period" else WEEKS.rename(
        {"views": "views_gained", "articles": "articles_published"})
    svg = export.chart_svg(export.decorate(charts.CHARTS[name](frame, "id"), data_date=date(2024, 11, 10)))
    assert len(re.findall(r'aria-roledescription="bar"', svg)) == 3
    assert len(re.findall(r'aria-label="Y-axis', svg)) == 1
    assert len(re.findall(r'aria-label="X-axis', svg)) == 1
    for label in ("27 Okt", "3 Nov", "10 Nov"):  # the weeks, in Indonesian
        assert f">{label}</text>" in svg
