"""Reports over several outlets at once (issue #18, docs/metrics.md "Rollup").

Each outlet keeps its own snapshot dates and periods: for an as-of date D, outlet o's
period is the one SPEC §2 gives in a database holding o alone, (a_o, b_o] with b_o the
latest snapshot of o on or before D (outlets without one are left out). A rollup reads
each outlet's numbers with the single-outlet models (the connection pointed at the outlet,
etl.db.outlets.use) and combines them here:

- trending: every outlet's ranking for its own period, ranked again as one (gained desc,
  views_total desc, outlet name, article key); previous_rank the same over each outlet's
  previous period;
- reporters: one row per author (the case-folded name, as in one outlet), counted over the
  credits of every outlet; the median over all of them; a breakdown per outlet;
- regions: articles and views added up, the share over the distinct articles published in
  the outlets' periods (an article belongs to one outlet);
- overview: the headline numbers added up, active reporters counted once across outlets.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable

import polars as pl

from etl.db import outlets as db_outlets
from etl.db.compiler import model_text
from etl.db.outlets import Outlet
from etl.metrics import histories, reports
from etl.metrics.periods import Period, comparison_period, previous_period, resolve_period
from etl.metrics.periods import snapshot_dates as dates_of_outlet
from etl.metrics.sources import frame, period_gains_source
from etl.newsroom.regions import REGIONS


@dataclass(frozen=True)
class OutletPeriod:
    outlet: Outlet
    period: Period


@dataclass(frozen=True)
class Rollup:
    """The period of each outlet in a rollup, by outlet name."""
    parts: tuple[OutletPeriod, ...]

    @property
    def period(self) -> Period:
        """What the rollup is labelled with: from the earliest start to the latest end."""
        return Period(min(p.period.start for p in self.parts), max(p.period.end for p in self.parts),
                      any(p.period.start_is_snapshot for p in self.parts))

    def outlets_json(self) -> list[dict[str, str]]:
        return [{"outlet": p.outlet.name, "start": p.period.start.isoformat(), "end": p.period.end.isoformat()}
                for p in self.parts]


def resolve(con, chosen: list[Outlet], as_of: date | None = None, date_from: date | None = None,
            date_to: date | None = None) -> Rollup | None:
    """Each chosen outlet's period (SPEC §2 applied to it alone); None when no outlet has a
    snapshot on or before the requested end. A range none of an outlet's snapshots falls in
    leaves that outlet out; ValueError when that is so for all of them."""
    parts, problem = [], None
    try:
        for outlet in chosen:
            db_outlets.use(con, outlet)
            try:
                period = resolve_period(con, as_of=as_of, date_from=date_from, date_to=date_to)
            except ValueError as err:
                problem = problem or err
                continue
            if period is not None:
                parts.append(OutletPeriod(outlet, period))
    finally:
        db_outlets.use_main(con)
    if not parts and problem is not None:
        raise problem
    return Rollup(tuple(parts)) if parts else None


def _each(con, pairs: list[tuple[Outlet, Period]], work: Callable[[Period], Any]) -> list[tuple[Outlet, Any]]:
    done = []
    try:
        for outlet, period in pairs:
            db_outlets.use(con, outlet)
            done.append((outlet, work(period)))
    finally:
        db_outlets.use_main(con)
    return done


def _in_each(con, chosen: list[Outlet], read: Callable[[], Any]) -> list[tuple[Outlet, Any]]:
    """`read()` with the connection pointed at each outlet in turn (reads with no period)."""
    return _each(con, [(outlet, None) for outlet in chosen], lambda _period: read())


def _periods(rollup: Rollup) -> list[tuple[Outlet, Period]]:
    return [(p.outlet, p.period) for p in rollup.parts]


def _earlier(con, rollup: Rollup, which: Callable[[Any, Period], Period | None]) -> list[tuple[Outlet, Period]]:
    """Each outlet's previous (or comparison) period, for the outlets that have one."""
    found = _each(con, _periods(rollup), lambda period: which(con, period))
    return [(outlet, period) for outlet, period in found if period is not None]


# --- trending ---------------------------------------------------------------------------

ROLLUP_TRENDING_ORDER = (["views_gained", "views_total", "outlet", "article_id"], [True, True, False, False])


def _ranking(con, pairs, filters: dict[str, Any]) -> pl.DataFrame:
    frames = [ranked.with_columns(pl.lit(outlet.name).alias("outlet"))
              for outlet, ranked in _each(con, pairs, lambda period: reports.trending(con, period, **filters))]
    if not frames:
        return pl.DataFrame(schema={**reports.TRENDING_SCHEMA, "outlet": pl.String})
    by, descending = ROLLUP_TRENDING_ORDER
    joined = pl.concat(frames, how="vertical").sort(by, descending=descending)
    return joined.with_columns(pl.int_range(1, joined.height + 1, dtype=pl.Int64).alias("rank"))


def trending(con, rollup: Rollup, *, limit: int | None = None, region: str | None = None,
             author: str | None = None, category: str | None = None,
             published_in_period: bool = False) -> pl.DataFrame:
    """The ranking across outlets, each article by its own outlet's period gain; previous_rank
    its place in the same ranking over each outlet's previous period (same filters)."""
    filters = {"region": region, "author": author, "category": category,
               "published_in_period": published_in_period}
    now = _ranking(con, _periods(rollup), filters)
    before = _ranking(con, _earlier(con, rollup, previous_period), filters).select(
        "outlet", "article_id", pl.col("rank").alias("previous_rank"))
    out = now.drop("previous_rank").join(before, on=["outlet", "article_id"], how="left").sort("rank")
    out = out.select("rank", "previous_rank", "outlet",
                     *[c for c in reports.TRENDING_COLUMNS if c not in ("rank", "previous_rank")])
    return out.head(limit) if limit is not None else out


# --- reporters --------------------------------------------------------------------------

def _credits(con, pairs) -> pl.DataFrame:
    def credits(period: Period) -> pl.DataFrame:
        inputs, params = period_gains_source(con, period)
        return frame(con, model_text("reporter_credits"), params, inputs,
                     {"author_id": pl.String, "author": pl.String, "name_seen_on": pl.Date,
                      "article_id": pl.String, "gained": pl.Int64, "is_published_in_period": pl.Boolean})

    frames = [found.with_columns(pl.lit(outlet.name).alias("outlet")) for outlet, found in _each(con, pairs, credits)]
    return pl.concat(frames, how="vertical") if frames else pl.DataFrame(
        schema={"author_id": pl.String, "author": pl.String, "name_seen_on": pl.Date, "article_id": pl.String,
                "gained": pl.Int64, "is_published_in_period": pl.Boolean, "outlet": pl.String})


def _reporter_numbers(credits: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    new = pl.col("is_published_in_period")
    return credits.group_by(keys).agg(
        new.sum().cast(pl.Int64).alias("articles"),
        pl.col("gained").sum().cast(pl.Int64).alias("views"),
        pl.col("gained").filter(new).sum().cast(pl.Int64).alias("views_new"),
        pl.col("gained").filter(new).median().cast(pl.Float64).alias("median_views_new"),
    ).filter((pl.col("articles") > 0) | (pl.col("views") > 0))


def _reporters(con, pairs) -> pl.DataFrame:
    credits = _credits(con, pairs)
    # the spelling of the latest snapshot that used the name, across outlets (then by outlet)
    names = credits.sort(["name_seen_on", "outlet"], descending=[True, False]).group_by(
        "author_id", maintain_order=True).agg(pl.col("author").first())
    total = _reporter_numbers(credits, ["author_id"])
    per_outlet = _reporter_numbers(credits, ["author_id", "outlet"]).sort("outlet").group_by(
        "author_id", maintain_order=True).agg(
            pl.col("outlet").alias("outlets"),
            pl.struct(["outlet", "articles", "views", "views_new", "median_views_new"]).alias("by_outlet"))
    out = total.join(names, on="author_id").join(per_outlet, on="author_id", how="left")
    out = out.with_columns(pl.col("author").str.to_lowercase().alias("_lower")).sort(
        ["views", "_lower", "author"], descending=[True, False, False])
    return out.select("author", "articles", "views", "views_new", "median_views_new",
                      pl.col("outlets").alias("outlet"), "by_outlet")


def reporters(con, rollup: Rollup) -> pl.DataFrame:
    """One row per reporter across the outlets (SPEC §3's numbers over all their credits),
    with `outlet` (the outlets they wrote for, by name) and `by_outlet` (each one's numbers)."""
    return _reporters(con, _periods(rollup))


def reporters_compared(con, rollup: Rollup) -> pl.DataFrame:
    """As reports.reporters_compared, over the outlets: the changes against each outlet's
    comparison period."""
    earlier = _earlier(con, rollup, comparison_period)
    before = _reporters(con, earlier) if earlier else None
    return reports.with_reporter_changes(reporters(con, rollup), before)


# --- regions ----------------------------------------------------------------------------

def regions(con, rollup: Rollup) -> pl.DataFrame:
    """The seven regions over the outlets: articles and views added up; the share over the
    distinct articles published in the outlets' periods."""
    def both(period: Period):
        return reports.regions(con, period), reports.overview(con, period)["articles_published"]["value"]

    found = _each(con, _periods(rollup), both)
    published = sum(count for _outlet, (_rows, count) in found)
    per_outlet = pl.concat([rows.with_columns(pl.lit(outlet.name).alias("outlet"))
                            for outlet, (rows, _count) in found], how="vertical")
    order = {region: i for i, region in enumerate(REGIONS)}
    counted = per_outlet.filter((pl.col("articles") > 0) | (pl.col("views") > 0)).sort("outlet")
    breakdown = counted.group_by("region", maintain_order=True).agg(
        pl.col("outlet").alias("outlet"),
        pl.struct(["outlet", "articles", "views"]).alias("by_outlet"))
    total = per_outlet.group_by("region").agg(pl.col("articles").sum().cast(pl.Int64),
                                              pl.col("views").sum().cast(pl.Int64))
    out = total.join(breakdown, on="region", how="left")
    out = out.with_columns(
        (pl.col("articles") / published if published else pl.lit(0.0)).cast(pl.Float64).alias("share_articles"),
        pl.col("outlet").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("by_outlet").fill_null(pl.lit([], dtype=out.schema["by_outlet"])),
        pl.col("region").replace_strict(order, return_dtype=pl.Int64).alias("_order"))
    return out.sort("_order").select("region", "articles", "views", "share_articles", "outlet", "by_outlet")


# --- overview ---------------------------------------------------------------------------

def _totals(con, pairs) -> dict[str, int]:
    found = _each(con, pairs, lambda period: reports.overview(con, period))
    return {
        "articles_published": sum(o["articles_published"]["value"] for _outlet, o in found),
        "views_gained": sum(o["views_gained"]["value"] for _outlet, o in found),
        "active_reporters": _reporters(con, pairs).height,
    }


def overview(con, rollup: Rollup) -> dict[str, dict[str, Any]]:
    """reports.overview over the outlets: the sums for their periods against the sums for
    their comparison periods (None when no outlet has one)."""
    earlier = _earlier(con, rollup, comparison_period)
    return reports.overview_changes(_totals(con, _periods(rollup)), _totals(con, earlier) if earlier else None)



# --- the dashboard's reads over several outlets --------------------------------------------
# The dashboard picks its periods from the snapshot dates of every chosen outlet together
# (snapshot_dates); a period so chosen stands for each outlet's own period for that end, or
# for that range (for_period). etl.metrics' functions of the same names, over outlets.

def snapshot_dates(con, chosen: list[Outlet]) -> list[date]:
    found = _in_each(con, chosen, lambda: dates_of_outlet(con))
    return sorted({day for _outlet, days in found for day in days})


def for_period(con, chosen: list[Outlet], period: Period) -> Rollup | None:
    """The rollup a period label stands for: each outlet's standard period ending on or before
    its end when the label is standard_period's (the dashboard's) or the span of those periods
    (Rollup.period, the exports'); else each outlet's range from its start to its end."""
    standard = resolve(con, chosen, as_of=period.end)
    if standard is not None and period in (standard.period, standard_period(con, chosen, period.end)):
        return standard
    return resolve(con, chosen, date_from=period.start, date_to=period.end)


def rollup_comparison_period(con, rollup: Rollup) -> Period | None:
    """The span of the outlets' comparison periods (what the sidebar names)."""
    earlier = _earlier(con, rollup, comparison_period)
    if not earlier:
        return None
    return Period(min(p.start for _o, p in earlier), max(p.end for _o, p in earlier), True)


def trending_view(con, rollup: Rollup, *, view: str = "ranking", evergreen_before: date, offset: int = 0,
                  rows: int | None = None, **filters) -> dict[str, Any]:
    """reports.trending_view over the rollup's ranking. The views are the rule of
    etl/sql/intermediate/trending_in_view.sql (rank_gain = previous_rank - rank; movers
    climbed, most places first, ties by rank; evergreen published before the cut), applied to
    the ranked rows here because the ranking is made here."""
    if view not in reports.TRENDING_VIEWS:
        raise ValueError(f"the trending view {view!r} is not one of {', '.join(reports.TRENDING_VIEWS)}")
    ranked = trending(con, rollup, **filters).with_columns(
        (pl.col("previous_rank") - pl.col("rank")).alias("rank_gain"))
    evergreen = ranked.filter(pl.col("published_at") < evergreen_before)
    if view == "movers":
        shown = ranked.filter(pl.col("rank_gain") > 0).sort(["rank_gain", "rank"], descending=[True, False])
    elif view == "evergreen":
        shown = evergreen
    else:
        shown = ranked
    page = shown.slice(offset, rows) if rows is not None else shown.slice(offset)
    return {"ranked": ranked.height, "evergreen": evergreen.height, "shown": shown.height, "rows": page}


def trending_lists(con, rollup: Rollup) -> dict[str, list[str]]:
    ranked = trending(con, rollup)
    return {"reporters": ranked["authors"].explode().drop_nulls().unique().to_list(),
            "categories": ranked["category"].drop_nulls().unique().to_list()}


def _articles(con, rollup: Rollup, read: Callable[[Period], pl.DataFrame]) -> pl.DataFrame:
    frames = [found.with_columns(pl.lit(outlet.name).alias("outlet"))
              for outlet, found in _each(con, _periods(rollup), read)]
    joined = pl.concat(frames, how="vertical_relaxed")
    return joined.sort(["views_gained", "views_total", "outlet", "article_id"],
                       descending=[True, True, False, False])


def reporter_articles(con, author: str, rollup: Rollup) -> pl.DataFrame:
    return _articles(con, rollup, lambda period: reports.reporter_articles(con, author, period))


def region_articles(con, region: str, rollup: Rollup) -> pl.DataFrame:
    return _articles(con, rollup, lambda period: reports.region_articles(con, region, period))


def _by_week(frames: list[pl.DataFrame], keys: list[str]) -> pl.DataFrame:
    """Each outlet's periods added up per ISO week of their end (outlets exporting on
    different weekdays end their periods on different days of one week); a week is labelled
    with its latest period end."""
    joined = pl.concat(frames, how="vertical_relaxed")
    numbers = [c for c, kind in joined.schema.items() if kind.is_integer() and c not in keys]
    week = pl.col("period_end").dt.strftime("%G-%V").alias("_week")
    out = joined.with_columns(week).group_by(["_week", *keys], maintain_order=True).agg(
        pl.col("period_end").max(), *[pl.col(c).sum().cast(pl.Int64) for c in numbers])
    return out.sort("_week", maintain_order=True).select("period_end", *keys, *numbers)


def history(con, chosen: list[Outlet], read: Callable[[], pl.DataFrame], keys: list[str]) -> pl.DataFrame:
    found = _in_each(con, chosen, read)
    return _by_week([frame_ for _outlet, frame_ in found], keys)


def search_articles(con, chosen: list[Outlet], read: Callable[[], pl.DataFrame], limit: int) -> pl.DataFrame:
    found = _in_each(con, chosen, read)
    joined = pl.concat([f.with_columns(pl.lit(o.name).alias("outlet")) for o, f in found], how="vertical_relaxed")
    # `matches` counts every match of an outlet (its rows are the first `limit`): added up
    matches = sum(f["matches"][0] for _o, f in found if f.height and "matches" in f.columns)
    joined = joined.sort(["views_total", "outlet", "article_id"], descending=[True, False, False]).head(limit)
    return joined.with_columns(pl.lit(matches, pl.Int64).alias("matches")) if "matches" in joined.columns else joined


def first_found(con, chosen: list[Outlet], read: Callable[[], Any]) -> Any:
    """The first outlet's answer that is not empty (an article key belongs to one outlet)."""
    for _outlet, found in _in_each(con, chosen, read):
        if found is not None and not (isinstance(found, pl.DataFrame) and found.is_empty()):
            return found
    return None


def movers(con, rollup: Rollup, *, limit: int | None = None, region: str | None = None) -> pl.DataFrame:
    return trending_view(con, rollup, view="movers", evergreen_before=rollup.period.end, rows=limit,
                         region=region)["rows"]


def standard_period(con, chosen: list[Outlet], as_of: date | None = None) -> Period | None:
    """The period that stands for each outlet's own period ending on or before `as_of` (the
    dashboard's and the exports' label; for_period reads it back): it ends at the latest
    snapshot date of any chosen outlet on or before `as_of` and starts at the one before it."""
    dates = snapshot_dates(con, chosen)
    ends = [d for d in dates if as_of is None or d <= as_of]
    if not ends:
        return None
    earlier = [d for d in dates if d < ends[-1]]
    return Period(earlier[-1], ends[-1], True) if earlier else Period(ends[-1] - timedelta(days=7), ends[-1], False)


def _over_period(report):
    """A rollup read of a period label: `report(con, rollup, ...)` for the rollup it stands for."""
    return lambda con, chosen, p, *args, **kwargs: report(con, for_period(con, chosen, p), *args, **kwargs)


def _over_period_last(report):   # reporter_articles(author, p), region_articles(region, p)
    return lambda con, chosen, name, p: report(con, name, for_period(con, chosen, p))


# etl.metrics' reads, over several outlets: each takes (con, chosen outlets, then the
# arguments of the etl.metrics function of its name).
READS: dict[str, Callable[..., Any]] = {
    "snapshot_dates": snapshot_dates,
    "overview": _over_period(overview),
    "comparison_period": _over_period(rollup_comparison_period),
    "reporters": _over_period(reporters),
    "reporters_compared": _over_period(reporters_compared),
    "regions": _over_period(regions),
    "trending": _over_period(trending),
    "trending_view": _over_period(trending_view),
    "trending_lists": _over_period(trending_lists),
    "movers": _over_period(movers),
    "reporter_articles": _over_period_last(reporter_articles),
    "region_articles": _over_period_last(region_articles),
    "views_per_period": lambda con, chosen, end, periods=12: history(
        con, chosen, lambda: histories.views_per_period(con, end, periods), []),
    "regions_over_time": lambda con, chosen, end, periods=12: history(
        con, chosen, lambda: histories.regions_over_time(con, end, periods), ["region"]),
    "reporter_history": lambda con, chosen, author, end, periods=12: history(
        con, chosen, lambda: histories.reporter_history(con, author, end, periods), []),
    "search_articles": lambda con, chosen, words, limit=50: search_articles(
        con, chosen, lambda: histories.search_articles(con, words, limit), limit),
    "article": lambda con, chosen, key: first_found(con, chosen, lambda: histories.article(con, key)),
    "article_history": lambda con, chosen, key: first_found(
        con, chosen, lambda: histories.article_history(con, key)),
}


def read(con, chosen: list[Outlet], name: str, *args: Any, **kwargs: Any) -> Any:
    """etl.metrics.<name>(con, ...) over `chosen`: with one outlet (or none: the connection's
    own) that outlet's numbers, with several their rollup. The one dispatch the dashboard, the
    briefing and the chart exports read through."""
    if len(chosen) <= 1:
        import etl.metrics

        if chosen:
            db_outlets.use(con, chosen[0])
        return getattr(etl.metrics, name)(con, *args, **kwargs)
    return READS[name](con, chosen, *args, **kwargs)
