"""Chart builders: small aggregated frames in, `alt.Chart` out. No Streamlit here, so the
same charts can be exported to PNG/SVG or put in a briefing.

Every builder takes (frame, lang) and returns a chart with a title. Builders copy only the
columns they plot; text such as titles and names stays text (axis labels and tooltips are
rendered as text by Vega, never as HTML). Numbers and dates use the Indonesian locale when
lang is "id" (1.234; 3 Nov 2024).
"""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import polars as pl

from etl.newsroom.calendar import MONTHS_ID, MONTHS_ID_SHORT, WEEKDAYS_ID, WEEKDAYS_ID_SHORT
from etl.newsroom.cells import control_characters_re2
from etl.newsroom.regions import REGIONS, SHORT_FORMS
from etl.present.strings import t


def _sunday_first(days: tuple[str, ...]) -> list[str]:
    """d3's locale starts the week on Sunday; the calendar lists it Monday first (ISO)."""
    return [days[-1], *days[:-1]]


LOCALE_ID = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
    "time": {
        "dateTime": "%A, %e %B %Y %X", "date": "%d/%m/%Y", "time": "%H.%M.%S",
        "periods": ["AM", "PM"], "days": _sunday_first(WEEKDAYS_ID),
        "shortDays": _sunday_first(WEEKDAYS_ID_SHORT), "months": list(MONTHS_ID),
        "shortMonths": list(MONTHS_ID_SHORT),
    },
}
DATE_FORMAT = "%-d %b %Y"
WEEK_FORMAT = "%-d %b"
TITLE_CHARS = 60  # axis labels are cut; the tooltip carries the whole title

# The tile map: a hand-drawn schematic of Jakarta (column, row). The islands lie north of
# the coast; the province-wide bucket sits apart on the right.
TILE_LAYOUT: dict[str, tuple[int, int]] = {
    "Kepulauan Seribu": (1, 0),
    "Jakarta Utara": (1, 1),
    "Jakarta Barat": (0, 2),
    "Jakarta Pusat": (1, 2),
    "Jakarta Timur": (2, 2),
    "Jakarta Selatan": (1, 3),
    "DKI Jakarta": (3, 0),
}
REGION_COLORS = ["#1f77b4", "#17becf", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#7f7f7f"]


def _finish(chart, title: str, lang: str):
    chart = chart.properties(title=title)
    if lang == "id":
        chart = chart.configure(locale=LOCALE_ID)
    return chart


def _data(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Only what the chart plots; integers as Int64 (sums can arrive as HUGEINT/Decimal);
    text with its control characters replaced (cells.clean_text, in polars' regex syntax,
    which is RE2's): a database an older Sorot wrote may hold them, and a chart label should
    not show them even where no vl-convert is involved (export.chart_png cleans every spec
    again before rendering)."""
    out = frame.select(columns)
    return out.with_columns(
        [pl.col(c).cast(pl.Int64) for c, dtype in out.schema.items() if isinstance(dtype, pl.Decimal)]
        + [pl.col(c).str.replace_all(control_characters_re2(), " ")
           for c, dtype in out.schema.items() if dtype == pl.String]
    )


def region_scale() -> alt.Scale:
    return alt.Scale(domain=list(REGIONS), range=REGION_COLORS)


def week_axis(field: str, title: str) -> alt.X:
    """One band per period (snapshot week), labelled "10 Nov": an ordinal axis over the
    dates, not a daily time axis (which drew 3 px bars, one day wide, in a 12-week span).
    Labels that would overlap are thinned out (12 weeks on a phone)."""
    return alt.X(f"yearmonthdate({field}):O", title=title,
                 axis=alt.Axis(format=WEEK_FORMAT, labelAngle=0, labelOverlap=True))


def _weekly_bars(data: pl.DataFrame, x_field: str, x_title: str, measure: str, measure_title: str,
                 tooltip: list, color: str = "#1f77b4") -> alt.Chart:
    """One measure as one bar per period: a single colour (no legend needed), whole-number ticks."""
    return alt.Chart(data).mark_bar(color=color).encode(
        x=week_axis(x_field, x_title),
        y=alt.Y(f"{measure}:Q", title=measure_title, axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=tooltip,
    )


def views_per_period(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """Views gained per period, one bar per period; columns period_end, views_gained,
    articles_published (in the tooltip)."""
    data = _data(frame, ["period_end", "views_gained", "articles_published"])
    chart = _weekly_bars(data, "period_end", t("axis_period_end", lang), "views_gained",
                         t("axis_views_gained", lang), [
                             alt.Tooltip("period_end:T", title=t("axis_period_end", lang), format=DATE_FORMAT),
                             alt.Tooltip("views_gained:Q", title=t("axis_views_gained", lang), format=",d"),
                             alt.Tooltip("articles_published:Q", title=t("axis_articles", lang), format=",d"),
                         ])
    return _finish(chart, t("chart_views_per_period", lang), lang)


def _label(frame: pl.DataFrame) -> pl.Expr:
    """"3. Banjir di Tebet"; in a rollup over outlets "3. Banjir di Tebet · kabarbekasi.id"
    (two portals run the same story)."""
    cut = pl.col("title").str.slice(0, TITLE_CHARS)
    short = pl.when(pl.col("title").str.len_chars() > TITLE_CHARS).then(cut + "…").otherwise(cut)
    label = pl.col("rank").cast(pl.String) + ". " + short
    return (label + " · " + pl.col("outlet") if "outlet" in frame.columns else label).alias("label")


def _with_outlet(frame: pl.DataFrame, columns: list[str]) -> list[str]:
    return [*columns, "outlet"] if "outlet" in frame.columns else columns


# Headline labels take at most 45 % of the bars' width (a Vega expression over the chart's
# width, so a 390 px phone still shows bars: a fixed 360 px limit left none there).
HEADLINE_LIMIT = alt.ExprRef("min(360, width * 0.45)")


def top_trending(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """Horizontal bars of views gained by rank; columns rank, title, views_gained, views_total,
    movement (text such as ↑3)."""
    data = _data(frame, _with_outlet(frame, ["rank", "title", "views_gained", "views_total", "movement"])).with_columns(
        _label(frame))
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("rank", order="ascending"), title=None,
                axis=alt.Axis(labelLimit=HEADLINE_LIMIT)),
        x=alt.X("views_gained:Q", title=t("axis_views_gained", lang), axis=alt.Axis(format=",d")),
        tooltip=[
            alt.Tooltip("rank:Q", title="#"),
            alt.Tooltip("title:N", title=t("col_title", lang)),
            alt.Tooltip("views_gained:Q", title=t("axis_views_gained", lang), format=",d"),
            alt.Tooltip("views_total:Q", title=t("axis_views_total", lang), format=",d"),
            alt.Tooltip("movement:N", title=t("col_move", lang)),
        ],
    )
    # "fit": the labels and the bars together take the chart's width (not bars the width
    # and the labels beyond the left edge)
    chart = chart.properties(autosize=alt.AutoSizeParams(type="fit", contains="padding"))
    return _finish(chart, t("chart_top_trending", lang), lang)


def movers(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """Places climbed since the previous period; columns rank, previous_rank, rank_gain, title."""
    data = _data(frame, _with_outlet(frame, ["rank", "previous_rank", "rank_gain", "title"])).with_columns(_label(frame))
    chart = alt.Chart(data).mark_bar(color="#2ca02c").encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("rank_gain", order="descending"), title=None,
                axis=alt.Axis(labelLimit=HEADLINE_LIMIT)),
        x=alt.X("rank_gain:Q", title=t("axis_rank_gain", lang), axis=alt.Axis(format=",d")),
        tooltip=[
            alt.Tooltip("title:N", title=t("col_title", lang)),
            alt.Tooltip("rank:Q", title="#"),
            alt.Tooltip("previous_rank:Q", title=t("col_previous_rank", lang)),
            alt.Tooltip("rank_gain:Q", title=t("axis_rank_gain", lang), format=",d"),
        ],
    )
    return _finish(chart, t("chart_movers", lang), lang)


def reporters_scatter(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """One point per reporter: articles published (x) against views gained (y)."""
    data = _data(frame, ["author", "articles", "views", "views_new"])
    chart = alt.Chart(data).mark_circle(size=90, opacity=0.75).encode(
        x=alt.X("articles:Q", title=t("axis_articles", lang), axis=alt.Axis(format=",d")),
        y=alt.Y("views:Q", title=t("axis_views_gained", lang), axis=alt.Axis(format=",d")),
        tooltip=[
            alt.Tooltip("author:N", title=t("col_author", lang)),
            alt.Tooltip("articles:Q", title=t("axis_articles", lang), format=",d"),
            alt.Tooltip("views:Q", title=t("axis_views_gained", lang), format=",d"),
            alt.Tooltip("views_new:Q", title=t("col_views_new", lang), format=",d"),
        ],
    )
    return _finish(chart, t("chart_reporters_scatter", lang), lang)


def _reporter_tooltip(lang: str) -> list:
    return [
        alt.Tooltip("period_end:T", title=t("axis_period_end", lang), format=DATE_FORMAT),
        alt.Tooltip("articles:Q", title=t("axis_articles", lang), format=",d"),
        alt.Tooltip("views:Q", title=t("axis_views_gained", lang), format=",d"),
    ]


def reporter_history(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """A reporter's views gained per week, one bar per period; columns period_end, articles,
    views. (Their articles per week is its own chart, reporter_articles_history: two
    measures with different scales never share one plot.)"""
    data = _data(frame, ["period_end", "articles", "views"])
    chart = _weekly_bars(data, "period_end", t("axis_period_end", lang), "views", t("axis_views_gained", lang),
                         _reporter_tooltip(lang), color="#d62728")
    return _finish(chart, t("chart_reporter_history", lang), lang)


def reporter_articles_history(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """A reporter's articles published per week, one bar per period; columns period_end,
    articles, views."""
    data = _data(frame, ["period_end", "articles", "views"])
    chart = _weekly_bars(data, "period_end", t("axis_period_end", lang), "articles", t("axis_articles", lang),
                         _reporter_tooltip(lang), color="#7f7f7f")
    return _finish(chart, t("chart_reporter_articles_history", lang), lang)


def _region_lines(frame: pl.DataFrame, lang: str, measure: str, axis_key: str, title_key: str):
    data = _data(frame, ["period_end", "region", measure])
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=week_axis("period_end", t("axis_period_end", lang)),
        # counts: whole-number ticks (small counts otherwise read 1, 1, 1, 0, 0, 0)
        y=alt.Y(f"{measure}:Q", title=t(axis_key, lang), axis=alt.Axis(format=",d", tickMinStep=1)),
        # the legend names the regions (the colours are the regions' colours everywhere);
        # under the plot, so a phone keeps the plot's width
        color=alt.Color("region:N", scale=region_scale(), title=t("col_region", lang),
                        legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[
            alt.Tooltip("period_end:T", title=t("axis_period_end", lang), format=DATE_FORMAT),
            alt.Tooltip("region:N", title=t("col_region", lang)),
            alt.Tooltip(f"{measure}:Q", title=t(axis_key, lang), format=",d"),
        ],
    )
    return _finish(chart, t(title_key, lang), lang)


def regions_views(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """Views gained per region per period; columns period_end, region, views."""
    return _region_lines(frame, lang, "views", "axis_views_gained", "chart_regions_views")


def regions_articles(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """Articles published per region per period; columns period_end, region, articles."""
    return _region_lines(frame, lang, "articles", "axis_articles", "chart_regions_articles")


def region_share(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """Share of the period's articles per region (an article in two regions counts in both);
    columns region, articles, views, share_articles."""
    data = _data(frame, ["region", "articles", "views", "share_articles"])
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("region:N", sort=list(REGIONS), title=None),
        x=alt.X("share_articles:Q", title=t("axis_share", lang), axis=alt.Axis(format=".0%")),
        color=alt.Color("region:N", scale=region_scale(), legend=None),
        tooltip=[
            alt.Tooltip("region:N", title=t("col_region", lang)),
            alt.Tooltip("articles:Q", title=t("axis_articles", lang), format=",d"),
            alt.Tooltip("share_articles:Q", title=t("axis_share", lang), format=".1%"),
            alt.Tooltip("views:Q", title=t("axis_views_gained", lang), format=",d"),
        ],
    )
    return _finish(chart, t("chart_region_share", lang), lang)


def region_tiles(frame: pl.DataFrame, lang: str = "id", measure: str = "views") -> alt.Chart:
    """A schematic tile map of the seven regions, coloured by `measure` (views or articles);
    columns region, articles, views. A region with nothing stays pale, so gaps stand out."""
    layout = pl.DataFrame(
        {"region": list(TILE_LAYOUT), "col": [c for c, _ in TILE_LAYOUT.values()],
         "row": [r for _, r in TILE_LAYOUT.values()],
         "short": [SHORT_FORMS[r] for r in TILE_LAYOUT]})
    data = layout.join(_data(frame, ["region", "articles", "views"]), on="region", how="left").with_columns(
        pl.col("articles").fill_null(0), pl.col("views").fill_null(0))
    axis_key = "axis_views_gained" if measure == "views" else "axis_articles"
    # Dark tiles get white text (the top third of the scale). A column rather than an
    # alt.condition: Altair validates a condition against every channel schema, which made
    # this the slowest chart on the overview page (~0.3 s per build).
    data = data.with_columns(pl.when(pl.col(measure) > (data[measure].max() or 0) * 0.66)
                             .then(pl.lit("white")).otherwise(pl.lit("black")).alias("ink"))
    ink = alt.Color("ink:N", scale=alt.Scale(domain=["black", "white"], range=["black", "white"]), legend=None)
    base = alt.Chart(data).encode(
        x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None),
        tooltip=[
            alt.Tooltip("region:N", title=t("col_region", lang)),
            alt.Tooltip("articles:Q", title=t("axis_articles", lang), format=",d"),
            alt.Tooltip("views:Q", title=t("axis_views_gained", lang), format=",d"),
        ],
    )
    tiles = base.mark_rect(cornerRadius=6, stroke="white", strokeWidth=3).encode(
        color=alt.Color(f"{measure}:Q", title=t(axis_key, lang), scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format=",d", orient="bottom", gradientLength=220)))
    names = base.mark_text(dy=-10, fontWeight="bold").encode(text="short:N", color=ink)
    values = base.mark_text(dy=10).encode(text=alt.Text(f"{measure}:Q", format=",d"), color=ink)
    chart = alt.layer(tiles, names, values).properties(width=alt.Step(84), height=alt.Step(62))
    chart = _finish(chart, t("chart_region_tiles", lang), lang)
    return chart.configure_view(stroke=None)


def _article_tooltip(lang: str) -> list:
    return [
        alt.Tooltip("snapshot_date:T", title=t("axis_snapshot_date", lang), format=DATE_FORMAT),
        alt.Tooltip("views:Q", title=t("axis_views_total", lang), format=",d"),
        alt.Tooltip("gained:Q", title=t("col_gained", lang), format=",d"),
    ]


def article_history(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """An article's total views at each snapshot, one point per snapshot date; columns
    snapshot_date, views, gained. (Its gain per period is article_gains.)"""
    data = _data(frame, ["snapshot_date", "views", "gained"])
    chart = alt.Chart(data).mark_line(point=True, color="#1f77b4").encode(
        x=week_axis("snapshot_date", t("axis_snapshot_date", lang)),
        y=alt.Y("views:Q", title=t("axis_views_total", lang), axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=_article_tooltip(lang),
    )
    return _finish(chart, t("chart_article_history", lang), lang)


def article_gains(frame: pl.DataFrame, lang: str = "id") -> alt.Chart:
    """An article's views gained in each period, one bar per snapshot date (none where the
    gain is unknown, e.g. its first snapshot); columns snapshot_date, views, gained."""
    data = _data(frame, ["snapshot_date", "views", "gained"])
    chart = _weekly_bars(data, "snapshot_date", t("axis_snapshot_date", lang), "gained", t("col_gained", lang),
                         _article_tooltip(lang), color="#7f7f7f")
    return _finish(chart, t("chart_article_gains", lang), lang)


CHARTS: dict[str, Callable[..., alt.Chart]] = {
    "views_per_period": views_per_period,
    "top_trending": top_trending,
    "movers": movers,
    "reporters_scatter": reporters_scatter,
    "reporter_history": reporter_history,
    "reporter_articles_history": reporter_articles_history,
    "regions_views": regions_views,
    "regions_articles": regions_articles,
    "region_share": region_share,
    "region_tiles": region_tiles,
    "article_history": article_history,
    "article_gains": article_gains,
}
