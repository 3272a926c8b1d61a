"""The reports of SPEC §3: trending, reporters, regions, overview, and a period's articles."""
from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from etl.db.compiler import model_text, query
from etl.metrics.periods import Period, comparison_period, is_custom_range
from etl.metrics.sources import (
    compiled,
    details_only_for,
    filter_params,
    frame,
    gains_with_previous,
    per_period_source,
    period_gains_source,
)

TRENDING_COLUMNS = ["rank", "previous_rank", "article_id", "url", "title", "authors", "published_at",
                    "category", "regions", "views_gained", "views_total"]


TRENDING_SCHEMA = {"rank": pl.Int64, "previous_rank": pl.Int64, "article_id": pl.String, "url": pl.String,
                   "title": pl.String, "authors": pl.List(pl.String), "published_at": pl.Date,
                   "category": pl.String, "regions": pl.List(pl.String), "views_gained": pl.Int64,
                   "views_total": pl.Int64}
# A trending view's rows add the places climbed (etl/sql/intermediate/trending_in_view.sql).
TRENDING_VIEW_SCHEMA = {**TRENDING_SCHEMA, "rank_gain": pl.Int64}


def _trending_source(con, period: Period, limit: int | None, region, author, category,
                     published_in_period) -> tuple[dict[str, str], dict[str, Any]]:
    """The trending model's inputs and parameters (an unfiltered stored period reads its
    slice of period_ranks)."""
    filters = filter_params(region, author, category, published_in_period)
    stored, inputs, params = gains_with_previous(con, period)
    unfiltered = not (filters["region"] or filters["author"] or filters["category"]
                      or filters["published_in_period"])
    if stored and unfiltered:
        inputs = {"trending_top": "period_ranks_slice"}
    return inputs, {**params, **filters, "limit": limit}


TRENDING_VIEWS = ("ranking", "movers", "evergreen")

def trending_view(con, period: Period, *, view: str = "ranking", evergreen_before: date,
                  offset: int = 0, rows: int | None = None, region: str | None = None,
                  author: str | None = None, category: str | None = None,
                  published_in_period: bool = False) -> dict[str, Any]:
    """One view of the ranking without fetching all of it: the ranking's size and evergreen
    count, the view's size, and `rows` rows of the view from `offset` (None: all of them).
    The view's rows are the ranking's rows (trending) filtered and ordered as the page
    shows them: movers (climbed, most places first), evergreen (published before
    `evergreen_before`) or the whole ranking."""
    if view not in TRENDING_VIEWS:
        raise ValueError(f"the trending view {view!r} is not one of {', '.join(TRENDING_VIEWS)}")
    inputs, params = _trending_source(con, period, None, region, author, category, published_in_period)
    params = {**params, "view": view, "cut": evergreen_before, "offset": offset, "rows": rows}
    page_params = params
    if view == "ranking" and rows is not None:  # ranks are 1..n: a page is a rank range,
        # cut in trending_top ($limit) so only that page is joined with the details
        page_params = {**params, "limit": offset + rows}

    inputs = {**inputs, **details_only_for("trending_top")}
    ranked, evergreen, shown = con.execute(
        *compiled(model_text("trending_view_counts"), params, inputs)).fetchall()[0]
    return {"ranked": ranked, "evergreen": evergreen, "shown": shown,
            "rows": frame(con, model_text("trending_view_page"), page_params, inputs, TRENDING_VIEW_SCHEMA)}


def movers(con, period: Period, *, limit: int | None = None, region: str | None = None) -> pl.DataFrame:
    """The articles that climbed since the previous period, most places first (ties: the
    better rank), with their `rank_gain`; the first `limit` (None: all)."""
    return trending_view(con, period, view="movers", evergreen_before=period.end, rows=limit,
                         region=region)["rows"]


def trending_lists(con, period: Period) -> dict[str, list[str]]:
    """The unfiltered ranking's reporters and categories (the page's filter lists), unsorted."""
    inputs, params = _trending_source(con, period, None, None, None, None, False)

    reporters, categories = con.execute(*compiled(
        model_text("trending_filter_lists"), params, {**inputs, **details_only_for("trending_top")})).fetchall()[0]
    return {"reporters": reporters or [], "categories": categories or []}


def trending(con, period: Period, *, limit: int | None = None, region: str | None = None,
             author: str | None = None, category: str | None = None,
             published_in_period: bool = False) -> pl.DataFrame:
    """Known gain > 0, filtered first, then ranked 1..n; previous_rank uses the same filters.
    One query: an unfiltered stored period reads its slice of period_ranks."""
    inputs, params = _trending_source(con, period, limit, region, author, category, published_in_period)
    return frame(con, model_text("trending"), params, {**inputs, **details_only_for("trending_top")},
                  TRENDING_SCHEMA)


REPORTERS_SCHEMA = {"author": pl.String, "articles": pl.Int64, "views": pl.Int64, "views_new": pl.Int64,
                    "median_views_new": pl.Float64}


REGIONS_SCHEMA = {"region": pl.String, "articles": pl.Int64, "views": pl.Int64, "share_articles": pl.Float64}


def reporters(con, period: Period) -> pl.DataFrame:
    inputs, params = per_period_source(con, period, "period_reporters")
    return frame(con, model_text("reporters"), params, inputs, REPORTERS_SCHEMA)


def reporters_compared(con, period: Period) -> pl.DataFrame:
    """The leaderboard with each reporter's change against the comparison period (the
    previous period; for a chosen range the range of the same length before it): articles_change and views_change, a reporter
    absent there counting 0 then; both null when there is no previous period."""
    before_period = comparison_period(con, period)
    before = reporters(con, before_period) if before_period is not None else None
    return with_reporter_changes(reporters(con, period), before)


REPORTER_CHANGE_COLUMNS = ["author", "articles", "articles_change", "views", "views_change", "views_new",
                           "median_views_new"]


def with_reporter_changes(now: pl.DataFrame, before: pl.DataFrame | None) -> pl.DataFrame:
    """`now`'s reporters with articles_change and views_change against `before` (None: no
    comparison period, both null); a reporter absent there counts 0. Other columns of `now`
    (a rollup's outlets) follow."""
    if before is None:
        out = now.with_columns(pl.lit(None, pl.Int64).alias("articles_change"),
                               pl.lit(None, pl.Int64).alias("views_change"))
    else:
        before = before.select("author", pl.col("articles").alias("articles_before"),
                               pl.col("views").alias("views_before"))
        out = now.join(before, on="author", how="left").with_columns(
            (pl.col("articles") - pl.col("articles_before").fill_null(0)).alias("articles_change"),
            (pl.col("views") - pl.col("views_before").fill_null(0)).alias("views_change"))
    rest = [c for c in now.columns if c not in REPORTER_CHANGE_COLUMNS]
    return out.select(*REPORTER_CHANGE_COLUMNS, *rest)


def regions(con, period: Period) -> pl.DataFrame:
    inputs, params = per_period_source(con, period, "period_regions")
    return frame(con, model_text("regions"), params, inputs, REGIONS_SCHEMA)


def _totals_pair(con, period: Period) -> tuple[dict[str, int], dict[str, int] | None]:
    """The period's totals and its previous period's (None without one), in one query."""
    stored, inputs, params = gains_with_previous(con, period)
    # stored: the two stored rows (the default); else the model over the fresh gains
    inputs = {} if stored else {**inputs, "period_totals": "period_totals"}
    cur = con.execute(*compiled(model_text("overview_totals"), params, inputs))
    names = [d[0] for d in cur.description]
    rows = {r[0]: dict(zip(names, r)) for r in cur.fetchall()}
    zero = {name: 0 for name in OVERVIEW_METRICS}
    now = rows.get(period.end, zero)
    before = rows.get(params["prev_b"], zero) if params["prev_b"] is not None else None
    return now, before


OVERVIEW_METRICS = ("articles_published", "views_gained", "active_reporters")


def overview(con, period: Period) -> dict[str, dict[str, Any]]:
    """{metric: {value, previous, change, change_pct}}; previous/change/change_pct are None
    without a previous period, change_pct also when the previous value is 0."""
    now, before = _totals_pair(con, period)
    if is_custom_range(con, period):  # compared with the range of the same length before it
        earlier = comparison_period(con, period)
        before = _totals_pair(con, earlier)[0] if earlier is not None else None
    return overview_changes(now, before)


def overview_changes(now: dict[str, int], before: dict[str, int] | None) -> dict[str, dict[str, Any]]:
    """The overview's values against the comparison period's (None: there is none)."""
    result = {}
    for name in OVERVIEW_METRICS:
        prev = before[name] if before else None
        change = now[name] - prev if prev is not None else None
        pct = round(change / prev, 4) if prev else None
        result[name] = {"value": now[name], "previous": prev, "change": change, "change_pct": pct}
    return result


def overview_frame(summary: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """The overview dict as rows (metric, value, previous, change, change_pct) for render()."""
    return pl.DataFrame(
        [{"metric": name, **values} for name, values in summary.items()],
        schema={"metric": pl.String, "value": pl.Int64, "previous": pl.Int64,
                "change": pl.Int64, "change_pct": pl.Float64},
    )


def _period_articles(con, period: Period, **filters) -> pl.DataFrame:
    inputs, params = period_gains_source(con, period)
    return query(con, model_text("period_articles"),
                 {**params, **filter_params(published_in_period=False, **filters)},
                 {**inputs, **details_only_for("counted_gains")})


def reporter_articles(con, author: str, period: Period) -> pl.DataFrame:
    return _period_articles(con, period, region=None, author=author, category=None)


def region_articles(con, region: str, period: Period) -> pl.DataFrame:
    return _period_articles(con, period, region=region, author=None, category=None)
