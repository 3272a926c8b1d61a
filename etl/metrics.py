"""The one metrics layer behind the CLI reports and the dashboard (SPEC §2 and §3).

The rules live in SQL models under etl/sql/ (staging -> marts); this module resolves
periods, picks the fastest source for a period's gains, runs the models with bound
parameters and hands back small polars frames. No Streamlit here.

Models reference each other with ``{{ ref('name') }}``; the loader inlines each referenced
model as a CTE named ``ref_<name>``, so a model can be run on its own without views in the
database. Plain table names (``article_period_gains``, ``period_ends``) always mean the
materialised tables. Values are only ever bound as ``$name`` parameters.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import duckdb
import polars as pl

from etl.regions import REGIONS, region_from_name

SQL_DIR = Path(__file__).parent / "sql"
MODEL_DIRS = ("staging", "marts")

_REF = re.compile(r"\{\{\s*ref\(\s*'(\w+)'\s*\)\s*\}\}")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_LEADING_WITH = re.compile(r"^with\s+", re.IGNORECASE | re.MULTILINE)


# --------------------------------------------------------------------------- SQL loading

@lru_cache(maxsize=None)
def sql_file(relative: str) -> str:
    return (SQL_DIR / relative).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def model_text(name: str) -> str:
    for folder in MODEL_DIRS:
        path = SQL_DIR / folder / f"{name}.sql"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise KeyError(f"no SQL model named {name!r} in etl/sql/staging or etl/sql/marts")


def compile_sql(text: str, overrides: Mapping[str, str] | None = None) -> str:
    """Inline every ``{{ ref('x') }}`` (recursively) as a CTE ``ref_x``.

    ``overrides`` supplies the body of a ref by name instead of a model file; that is how a
    report reads either the materialised mart slice or a fresh computation (see
    ``_period_gains_source``)."""
    overrides = overrides or {}
    ctes: dict[str, str] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ctes:
            return
        if name in trail:
            raise ValueError(f"SQL models reference each other in a cycle: {' -> '.join(trail + (name,))}")
        body = overrides[name] if name in overrides else model_text(name)
        for dep in _REF.findall(body):
            visit(dep, trail + (name,))
        ctes[name] = _REF.sub(lambda m: f"ref_{m[1]}", body).strip()

    for dep in _REF.findall(text):
        visit(dep, ())
    main = _REF.sub(lambda m: f"ref_{m[1]}", text)
    if not ctes:
        return main
    prefix = ",\n".join(f"ref_{name} as (\n{body}\n)" for name, body in ctes.items())
    found = _LEADING_WITH.search(main)
    if found:  # splice ours in front of the model's own CTEs
        return f"{main[:found.start()]}with {prefix},\n{main[found.end():]}"
    return f"with {prefix}\n{main}"


def _bind(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """DuckDB wants exactly the parameters a statement uses."""
    used = set(_PARAM.findall(sql))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    return {k: params[k] for k in used}


def query(con, text: str, params: Mapping[str, Any] | None = None,
          overrides: Mapping[str, str] | None = None) -> pl.DataFrame:
    sql = compile_sql(text, overrides)
    return con.sql(sql, params=_bind(sql, params or {})).pl()


def execute(con, text: str, params: Mapping[str, Any] | None = None,
            overrides: Mapping[str, str] | None = None) -> None:
    sql = compile_sql(text, overrides)
    con.execute(sql, _bind(sql, params or {})).fetchall()


def ensure_marts(con) -> None:
    con.execute(sql_file("schema/002_marts.sql")).fetchall()


# --------------------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    start: date  # a, exclusive
    end: date  # b, inclusive
    start_is_snapshot: bool  # False when a is not a snapshot date (e.g. a = b - 7 days)

    def __str__(self) -> str:
        return f"({self.start.isoformat()}, {self.end.isoformat()}]"


def snapshot_dates(con) -> list[date]:
    """Every snapshot date, ascending (read from the small period_ends mart)."""
    return [row[0] for row in con.execute("select period_end from period_ends order by period_end").fetchall()]


def _latest_on_or_before(con, day: date) -> date | None:
    row = con.execute("select max(period_end) from period_ends where period_end <= $day", {"day": day}).fetchall()[0]
    return row[0]


def _latest_before(con, day: date) -> date | None:
    row = con.execute("select max(period_end) from period_ends where period_end < $day", {"day": day}).fetchall()[0]
    return row[0]


def resolve_period(con, as_of: date | None = None, date_from: date | None = None,
                   date_to: date | None = None) -> Period | None:
    """SPEC §2. With date_from: a = the latest snapshot date <= date_from (date_from itself
    when there is none), b = the latest snapshot date <= date_to (default as_of, default
    the latest). None when there is no snapshot date <= the requested end."""
    end_wish = date_to or as_of or date.max
    b = _latest_on_or_before(con, end_wish)
    if b is None:
        return None
    if date_from is None:
        a = _latest_before(con, b)
        return Period(a, b, True) if a is not None else Period(b - timedelta(days=7), b, False)
    if date_from >= end_wish:
        raise ValueError(f"the start date {date_from.isoformat()} must be before the end date {end_wish.isoformat()}")
    a = _latest_on_or_before(con, date_from)
    if a is None:
        return Period(date_from, b, False)
    if a >= b:
        raise ValueError(
            f"no data was ingested after {a.isoformat()} up to {end_wish.isoformat()}; "
            "choose a later end date or an earlier start date"
        )
    return Period(a, b, True)


def previous_period(con, period: Period) -> Period | None:
    """The standard period ending at a (SPEC §3 previous_rank); None when a is no snapshot date."""
    if not period.start_is_snapshot:
        return None
    return resolve_period(con, as_of=period.start)


def _is_stored_period(con, period: Period) -> bool:
    row = con.execute(
        "select count(*) from period_ends where period_end = $b and period_start = $a",
        {"a": period.start, "b": period.end},
    ).fetchall()[0]
    return row[0] == 1


def _period_gains_source(con, period: Period) -> tuple[dict[str, str], dict[str, Any]]:
    """Where a report reads the period's gains: the mart slice when (a, b] is a stored
    snapshot-date period, else the same model computed for (a, b] from the snapshots."""
    if _is_stored_period(con, period):
        body = "select * from article_period_gains where period_end = $b::date"
    else:
        body = model_text("article_period_gains")
    return {"period_gains": body}, {"a": period.start, "b": period.end, "since": None}


def _details_only_for(model: str) -> dict[str, str]:
    """Narrow article_details (list aggregation over every article is the slow part) to the
    articles of `model`."""
    return {"wanted_articles": f"select article_id from {{{{ ref('{model}') }}}}"}


# --------------------------------------------------------------------------- filters

def canonical_region(text: str) -> str:
    """Any accepted spelling of a region -> its canonical name; ValueError when unknown."""
    return region_from_name(text)


def _filter_params(region, author, category, published_in_period) -> dict[str, Any]:
    return {
        "region": canonical_region(region) if region else None,
        "author": author or None,
        "category": category or None,
        "published_in_period": bool(published_in_period),
        "region_order": list(REGIONS),
    }


# --------------------------------------------------------------------------- reports

TRENDING_COLUMNS = ["rank", "previous_rank", "article_id", "url", "title", "authors", "published_at",
                    "category", "regions", "views_gained", "views_total"]


def _frame(con, sql_text: str, params: Mapping[str, Any], overrides: Mapping[str, str] | None = None,
           schema: Mapping[str, Any] | None = None) -> pl.DataFrame:
    """Run a model; small results go straight from rows to polars (no Arrow round trip),
    large ones through Arrow (building a frame from Python rows costs ~40 µs a row: 2.3 s
    for a 55k-row ranking, against ~0.4 s through Arrow)."""
    sql = compile_sql(sql_text, overrides)
    cur = con.execute(sql, _bind(sql, params))
    names = [d[0] for d in cur.description]
    rows = cur.fetchmany(_SMALL_RESULT)
    if len(rows) < _SMALL_RESULT:
        return pl.DataFrame(rows, schema=schema or names, orient="row")
    head = pl.DataFrame(rows, schema=schema or names, orient="row")
    with warnings.catch_warnings():  # "an extra copy of the rows": still ~6x faster than rows
        warnings.simplefilter("ignore", UserWarning)
        rest = pl.from_arrow(cur.to_arrow_table())
    if schema:
        rest = rest.cast(dict(schema))
    return pl.concat([head, rest.select(head.columns)], how="vertical")


_SMALL_RESULT = 1000


def _stored_and_previous(con, period: Period) -> tuple[bool, date | None]:
    """Whether (a, b] is a stored period, and the end of the previous period (SPEC §3), in
    one look at period_ends: the previous period is the stored one ending at a."""
    row = con.execute(
        """
        select
            coalesce(bool_or(period_end = $b and period_start = $a), false),
            max(period_end) filter (where period_end = $a)
        from period_ends
        where period_end in ($a, $b)
        """,
        {"a": period.start, "b": period.end},
    ).fetchall()[0]
    return bool(row[0]), (row[1] if period.start_is_snapshot else None)


def _gains_with_previous(con, period: Period) -> tuple[bool, dict[str, str], dict[str, Any]]:
    """The gains of the period and of its previous period (one model, two period_ends)."""
    stored, prev_b = _stored_and_previous(con, period)
    if stored:
        body = "select * from article_period_gains where period_end in ($b::date, $prev_b::date)"
    else:
        body = ("select * from (\n" + model_text("article_period_gains") + "\n)\nunion all by name\n"
                "select * from article_period_gains where period_end = $prev_b::date")
    params = {"a": period.start, "b": period.end, "since": None, "prev_b": prev_b}
    return stored, {"period_gains": body}, params


TRENDING_SCHEMA = {"rank": pl.Int64, "previous_rank": pl.Int64, "article_id": pl.String, "url": pl.String,
                   "title": pl.String, "authors": pl.List(pl.String), "published_at": pl.Date,
                   "category": pl.String, "regions": pl.List(pl.String), "views_gained": pl.Int64,
                   "views_total": pl.Int64}


def _trending_source(con, period: Period, limit: int | None, region, author, category,
                     published_in_period) -> tuple[dict[str, str], dict[str, Any]]:
    """The trending model's overrides and parameters (an unfiltered stored period reads its
    slice of period_ranks)."""
    filters = _filter_params(region, author, category, published_in_period)
    stored, overrides, params = _gains_with_previous(con, period)
    unfiltered = not (filters["region"] or filters["author"] or filters["category"]
                      or filters["published_in_period"])
    if stored and unfiltered:
        overrides = {"trending_top": (
            "select rank, previous_rank, article_id, views_gained, views_total from period_ranks "
            "where period_end = $b::date and ($limit::bigint is null or rank <= $limit::bigint)")}
    return overrides, {**params, **filters, "limit": limit}


TRENDING_VIEWS = ("ranking", "movers", "evergreen")
_VIEW_SQL = {  # (where, order by) over the ranking; $cut = period end - evergreen age
    "ranking": ("true", "rank"),
    "movers": ("previous_rank - rank > 0", "previous_rank - rank desc, rank"),
    "evergreen": ("published_at < $cut::date", "rank"),
}


def trending_view(con, period: Period, *, view: str = "ranking", evergreen_before: date,
                  offset: int = 0, rows: int | None = None, region: str | None = None,
                  author: str | None = None, category: str | None = None,
                  published_in_period: bool = False) -> dict[str, Any]:
    """One view of the ranking without fetching all of it: the ranking's size and evergreen
    count, the view's size, and `rows` rows of the view from `offset` (None: all of them).
    The view's rows are the ranking's rows (trending) filtered and ordered as the page
    shows them: movers (climbed, most places first), evergreen (published before
    `evergreen_before`) or the whole ranking."""
    where, order = _VIEW_SQL[view]
    overrides, params = _trending_source(con, period, None, region, author, category, published_in_period)
    params = {**params, "cut": evergreen_before, "offset": offset, "rows": rows}
    counts = ("select count(*) as ranked, count(*) filter (where published_at < $cut::date) as evergreen,\n"
              f"    count(*) filter (where {where}) as shown, count(*) filter (where title is null) as missing\n"
              "from {{ ref('trending') }}")
    page = (f"select * from {{{{ ref('trending') }}}} where {where}\n"
            f"order by {order} limit coalesce($rows::bigint, 9223372036854775807) offset $offset::bigint")
    page_params = params
    if view == "ranking" and rows is not None:  # ranks are 1..n: a page is a rank range,
        # cut in trending_top ($limit) so only that page is joined with the details
        page_params = {**params, "limit": offset + rows}

    def run(details: dict[str, str]) -> dict[str, Any] | None:
        sql = compile_sql(counts, {**overrides, **details})
        ranked, evergreen, shown, missing = con.execute(sql, _bind(sql, params)).fetchall()[0]
        if missing:
            return None
        return {"ranked": ranked, "evergreen": evergreen, "shown": shown,
                "rows": _frame(con, page, page_params, {**overrides, **details}, TRENDING_SCHEMA)}

    try:  # the listed articles' details, read by key from the article_details mart
        found = run({"article_details": _STORED_DETAILS})
        if found is not None:
            return found
    except duckdb.CatalogException:  # a database the marts of this version never refreshed
        pass
    return run(_details_only_for("trending_top"))


def trending_lists(con, period: Period) -> dict[str, list[str]]:
    """The unfiltered ranking's reporters and categories (the page's filter lists), unsorted."""
    overrides, params = _trending_source(con, period, None, None, None, None, False)

    def run(details: dict[str, str]) -> dict[str, list[str]] | None:
        t = "{{ ref('trending') }}"
        sql = compile_sql(
            f"select (select count(*) from {t} where title is null),\n"
            f"    (select list(distinct a) from (select unnest(authors) as a from {t}) where a is not null),\n"
            f"    (select list(distinct category) from {t} where category is not null and category <> '')",
            {**overrides, **details})
        missing, reporters, categories = con.execute(sql, _bind(sql, params)).fetchall()[0]
        if missing:
            return None
        return {"reporters": reporters or [], "categories": categories or []}

    try:
        found = run({"article_details": _STORED_DETAILS})
        if found is not None:
            return found
    except duckdb.CatalogException:
        pass
    return run(_details_only_for("trending_top"))


def trending(con, period: Period, *, limit: int | None = None, region: str | None = None,
             author: str | None = None, category: str | None = None,
             published_in_period: bool = False) -> pl.DataFrame:
    """Known gain > 0, filtered first, then ranked 1..n; previous_rank uses the same filters.
    One query: an unfiltered stored period reads its slice of period_ranks."""
    overrides, params = _trending_source(con, period, limit, region, author, category, published_in_period)
    try:  # the listed articles' details, read by key from the article_details mart
        found = _frame(con, model_text("trending"), params, {**overrides, "article_details": _STORED_DETAILS},
                       TRENDING_SCHEMA)
        if found.get_column("title").null_count() == 0:
            return found
    except duckdb.CatalogException:  # a database the marts of this version never refreshed
        pass
    return _frame(con, model_text("trending"), params, {**overrides, **_details_only_for("trending_top")},
                  TRENDING_SCHEMA)


# article_details rows of the ranked articles (title is never null there, so a null title
# in the result means the mart is missing rows: trending then computes the details model).
_STORED_DETAILS = ("select d.* from article_details as d\n"
                   "semi join {{ ref('trending_top') }} as t on t.article_id = d.article_id")


REPORTERS_SCHEMA = {"author": pl.String, "articles": pl.Int64, "views": pl.Int64, "views_new": pl.Int64,
                    "median_views_new": pl.Float64}
REGIONS_SCHEMA = {"region": pl.String, "articles": pl.Int64, "views": pl.Int64, "share_articles": pl.Float64}


def _per_period_source(con, period: Period, mart: str) -> tuple[dict[str, str], dict[str, Any]]:
    """A stored period reads its slice of the `mart` table; any other computes the model."""
    if _is_stored_period(con, period):
        overrides = {mart: f"select * from {mart} where period_end = $b::date"}
    else:
        overrides = {"period_gains": model_text("article_period_gains")}
    return overrides, {"a": period.start, "b": period.end, "since": None, "region_order": list(REGIONS)}


def reporters(con, period: Period) -> pl.DataFrame:
    overrides, params = _per_period_source(con, period, "period_reporters")
    return _frame(con, model_text("reporters"), params, overrides, REPORTERS_SCHEMA)


def regions(con, period: Period) -> pl.DataFrame:
    overrides, params = _per_period_source(con, period, "period_regions")
    return _frame(con, model_text("regions"), params, overrides, REGIONS_SCHEMA)


_TOTALS = "select * from {{ ref('period_totals') }} where period_end in ($b::date, $prev_b::date)"


def _totals_pair(con, period: Period) -> tuple[dict[str, int], dict[str, int] | None]:
    """The period's totals and its previous period's (None without one), in one query."""
    stored, overrides, params = _gains_with_previous(con, period)
    if stored:
        overrides = {"period_totals": "select * from period_totals where period_end in ($b::date, $prev_b::date)"}
    cur = con.execute(*_compiled(_TOTALS, params, overrides))
    names = [d[0] for d in cur.description]
    rows = {r[0]: dict(zip(names, r)) for r in cur.fetchall()}
    zero = {name: 0 for name in OVERVIEW_METRICS}
    now = rows.get(period.end, zero)
    before = rows.get(params["prev_b"], zero) if params["prev_b"] is not None else None
    return now, before


def _compiled(text: str, params: Mapping[str, Any], overrides: Mapping[str, str] | None = None):
    sql = compile_sql(text, overrides)
    return sql, _bind(sql, params)


def _totals(con, period: Period) -> dict[str, int]:
    return _totals_pair(con, period)[0]


OVERVIEW_METRICS = ("articles_published", "views_gained", "active_reporters")


def overview(con, period: Period) -> dict[str, dict[str, Any]]:
    """{metric: {value, previous, change, change_pct}}; previous/change/change_pct are None
    without a previous period, change_pct also when the previous value is 0."""
    now, before = _totals_pair(con, period)
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


# --------------------------------------------------------------------------- dashboard queries

def views_per_period(con, end: date, periods: int = 12) -> pl.DataFrame:
    return query(con, model_text("views_per_period"), {"end": end, "periods": periods})


def regions_over_time(con, end: date, periods: int = 12) -> pl.DataFrame:
    return query(con, model_text("regions_over_time"),
                 {"end": end, "periods": periods, "region_order": list(REGIONS)})


def reporter_history(con, author: str, end: date, periods: int = 12) -> pl.DataFrame:
    return query(con, model_text("reporter_history"), {"end": end, "periods": periods, "author": author})


def article(con, article_id: str) -> dict[str, Any] | None:
    """An article's latest metadata (the latest snapshot wins, SPEC §1), None when unknown."""
    rows = query(con, model_text("article_latest"), {"article_id": article_id})
    return rows.row(0, named=True) if rows.height else None


def article_history(con, article_id: str) -> pl.DataFrame:
    return query(con, model_text("article_history"), {"article_id": article_id})


def search_articles(con, words: str, limit: int = 50) -> pl.DataFrame:
    return query(con, model_text("search_articles"),
                 {"words": words.split(), "limit": limit, "region_order": list(REGIONS)},
                 _details_only_for("search_matches"))


def _period_articles(con, period: Period, **filters) -> pl.DataFrame:
    overrides, params = _period_gains_source(con, period)
    overrides = {**overrides, **_details_only_for("counted_gains")}
    return query(con, model_text("period_articles"),
                 {**params, **_filter_params(published_in_period=False, **filters)}, overrides)


def reporter_articles(con, author: str, period: Period) -> pl.DataFrame:
    return _period_articles(con, period, region=None, author=author, category=None)


def region_articles(con, region: str, period: Period) -> pl.DataFrame:
    return _period_articles(con, period, region=region, author=None, category=None)


# --------------------------------------------------------------------------- maintenance

def refresh_marts(con, since: date | None, *, rewritten: str | None = None) -> None:
    """Bring the marts up to date after snapshots changed on or after `since` (None: all).
    `rewritten` names a table of the article_ids whose metadata or tags the caller wrote
    (ingest: new and changed articles); without it every article whose latest snapshot is
    on or after `since` is assumed to have changed.

    V(x) carries forward, so a snapshot dated d can change every period ending on or after
    d, including the one whose start a moves when d is inserted before an existing date.
    A changed publish date or a vanished article key (merged at ingest) changes older
    periods too; both are detected and force a full rebuild.

    The common case, a load that adds a new latest snapshot date, computes the new period
    from the stored slice of the previous period plus the snapshots of that date
    (marts/next_period_gains.sql); anything else runs the general model from `since` on."""
    ensure_marts(con)
    con.execute("delete from period_ends").fetchall()
    execute(con, "insert into period_ends by name " + model_text("period_ends"))
    if since is not None and _older_periods_stale(con):
        since = None
    if since is None:
        con.execute("delete from article_period_gains").fetchall()
    else:
        con.execute("delete from article_period_gains where period_end >= $since", {"since": since}).fetchall()
        con.execute("create or replace temp table mart_touched as select article_id from articles "
                    "where latest_snapshot_date >= $since", {"since": since}).fetchall()
    con.execute("delete from article_period_gains where period_end not in (select period_end from period_ends)").fetchall()
    previous_end = _new_latest_period_start(con, since)
    if previous_end is not None:
        execute(con, "insert into article_period_gains by name " + model_text("gain_rules")
                + "\norder by period_end, article_id", {"a": previous_end, "b": since},
                {"period_views": model_text("next_period_gains")})
    else:
        execute(con, "insert into article_period_gains by name " + model_text("article_period_gains")
                + "\norder by period_end, article_id",
                {"since": since, "a": None, "b": None})
    # an empty article_details (a first load) has nothing to compare with: it is built whole
    staged = since is not None and con.execute("select count(*) > 0 from article_details").fetchall()[0][0]
    if staged:
        _stage_article_details(con, rewritten or "mart_touched")
    _refresh_period_marts(con, since, staged)
    _refresh_article_details(con, since, rewritten, staged)


def _new_latest_period_start(con, since: date | None) -> date | None:
    """a, when the only period ending on or after `since` is the new latest (a, since] and
    the slice of a is stored (or a precedes every snapshot): the incremental fast path
    applies. Else None."""
    if since is None:
        return None
    rows = con.execute(
        """
        select
            p.period_end,
            p.period_start,
            p.is_start_snapshot,
            exists (select 1 from article_period_gains as g where g.period_end = p.period_start) as has_slice
        from period_ends as p
        where p.period_end >= $since
        """,
        {"since": since},
    ).fetchall()
    if len(rows) != 1:
        return None
    end, start, is_snapshot, has_slice = rows[0]
    if end != since:
        return None
    # The first snapshot date ever: a = b - 7 and no snapshot is dated <= a, so the empty
    # "previous slice" is exact (0 when published after a, else unknown) - a first load of
    # a full archive skips the as-of joins over every article.
    if not is_snapshot:
        return start
    return start if has_slice else None


_NO_FILTERS = {"region": None, "author": None, "category": None, "published_in_period": False}
PERIOD_MARTS = ("period_ranks", "period_reporters", "period_regions", "period_totals")


def _refresh_period_marts(con, since: date | None, staged: bool) -> None:
    """period_ranks for the periods ending on or after `since`; the per-period reporters,
    regions and totals for those too, or for every period when a byline or region tag of an
    article that existed before `since` changed (latest metadata counts in every period).
    `staged`: _stage_article_details ran, so the new tags can be compared with the old."""
    if since is not None and _older_tags_changed(con, since, staged):
        aggregates_since = None
    else:
        aggregates_since = since
    for mart in PERIOD_MARTS:
        start = since if mart == "period_ranks" else aggregates_since
        if start is None:
            con.execute(f"delete from {mart}").fetchall()
        else:
            con.execute(f"delete from {mart} where period_end >= $since", {"since": start}).fetchall()
        con.execute(f"delete from {mart} where period_end not in (select period_end from period_ends)").fetchall()
    gains = "select * from article_period_gains where $since::date is null or period_end >= $since::date"
    params = {"since": since, "region_order": list(REGIONS), **_NO_FILTERS}
    # previous_rank looks up the stored ranks of the periods the refreshed ones start at
    previous = ("select period_end, article_id, rank from period_ranks\n"
                "where $since::date is null or period_end >= (\n"
                "    select min(period_start) from period_ends where period_end >= $since::date)\n"
                "union all\n"
                "select period_end, article_id, rank from {{ ref('trending_ranks') }}")
    execute(con, "insert into period_ranks by name " + model_text("period_ranks") + "\norder by period_end, rank",
            params, {"period_gains": gains, "previous_period_ranks": previous})
    params = {**params, "since": aggregates_since}
    for mart in PERIOD_MARTS[1:]:
        execute(con, f"insert into {mart} by name " + model_text(mart) + "\norder by all", params,
                {"period_gains": gains})


def _older_tags_changed(con, since: date, staged: bool) -> bool:
    """Did a byline or region tag change for an article first seen before `since`? Only the
    articles this load touched (temp table mart_touched: latest snapshot on or after
    `since`) can have new tags: their new tags are in mart_details_fresh and the previous
    ones still in article_details (_stage_article_details; rewritten last). Without staged
    rows there is nothing to compare with, and any older touched article counts."""
    if not staged:
        return con.execute(
            """
            select exists (
                select 1
                from articles as a
                semi join mart_touched as m
                    on m.article_id = a.article_id
                where a.first_snapshot_date < $since
            )
            """,
            {"since": since},
        ).fetchall()[0][0]
    row = con.execute(
        """
        select exists (
            select 1
            from mart_details_fresh as f
            semi join mart_details_changed as c  -- an unchanged row has the same tags
                on c.article_id = f.article_id
            semi join mart_touched as m
                on m.article_id = f.article_id
            semi join articles as a
                on a.article_id = f.article_id
                and a.first_snapshot_date < $since
            left join article_details as d
                on d.article_id = f.article_id
            -- an author_id is the lower-cased name, whatever its latest spelling; the order
            -- of the tags does not matter to any mart
            where d.article_id is null
                or list_sort(list_transform(f.authors, lambda name: lower(name)))
                    <> list_sort(list_transform(d.authors, lambda name: lower(name)))
                or list_sort(f.regions) <> list_sort(d.regions)
        )
        """,
        {"since": since},
    ).fetchall()[0]
    return bool(row[0])


def _older_periods_stale(con) -> bool:
    """A vanished article key or a changed publish date. Every stored slice agrees with
    `articles` after each refresh and an article, once it exists, is in every later slice,
    so comparing the latest stored slice is enough."""
    latest = con.execute("select max(period_end) from article_period_gains").fetchall()[0][0]
    row = con.execute(
        """
        with latest_slice as (
            select article_id, published_date
            from article_period_gains
            where period_end = $latest::date
        )
        select exists (
            select 1
            from latest_slice as g
            left join articles as a
                on a.article_id = g.article_id
            where a.article_id is null
                or a.published_date <> g.published_date
        )
        """,
        {"latest": latest},
    ).fetchall()[0]
    return bool(row[0])


# The parameters of article_details.sql and article_details_written.sql.
DETAIL_PARAMS = {"region_order": list(REGIONS)}

# article_details of every article: the staging tables whole, without narrowing semi joins
EVERY_ARTICLE_DETAIL = {
    "detail_articles": "select * from {{ ref('stg_articles') }}",
    "detail_credits": "select * from {{ ref('stg_article_authors') }}",
    "detail_region_tags": "select * from {{ ref('stg_article_regions') }}",
}


def _stage_article_details(con, rewritten: str) -> None:
    """For an incremental refresh of a filled article_details: the rows of the articles whose
    metadata or tags this load replaced (the table `rewritten`) or one of whose authors got a
    new spelling (authors.name differs from mart_author_names), freshly computed
    (mart_details_fresh), and which of them differ from the stored rows
    (mart_details_changed)."""
    con.execute(
        f"""
        create or replace temp table mart_details_wanted as
        with respelled as (
            select au.author_id
            from authors as au
            left join mart_author_names as kept
                on kept.author_id = au.author_id
            where kept.name is distinct from au.name
        )
        select article_id from {rewritten}
        union
        select aa.article_id
        from article_authors as aa
        semi join respelled as r
            on r.author_id = aa.author_id
        """
    ).fetchall()
    execute(con, "create or replace temp table mart_details_fresh as " + model_text("article_details"),
            DETAIL_PARAMS, {"wanted_articles": "select article_id from mart_details_wanted"})
    con.execute(
        """
        create or replace temp table mart_details_changed as
        select article_id from (
            select * from mart_details_fresh
            except
            select d.* from article_details as d
            semi join mart_details_wanted as w on w.article_id = d.article_id
        )
        union
        select w.article_id from mart_details_wanted as w
        anti join mart_details_fresh as f on f.article_id = w.article_id
        """
    ).fetchall()


def _refresh_article_details(con, since: date | None, rewritten: str | None, staged: bool) -> None:
    """Rewrite the article_details rows _stage_article_details found changed (`staged`); all
    of them when `since` is None or the table is still empty. Most touched articles keep their
    details (a weekly file re-sends known articles), and each rewritten row costs the commit
    far more than computing it (docs/benchmarks.md). A first load (empty table) takes the
    rows the caller wrote per row where it can (article_details_written.sql) and computes
    only the rest with the aggregating model."""
    if staged:
        con.execute("delete from article_details where article_id in (select article_id from mart_details_changed)"
                    ).fetchall()
        con.execute("insert into article_details by name select f.* from mart_details_fresh as f "
                    "semi join mart_details_changed as c on c.article_id = f.article_id").fetchall()
    elif since is not None and rewritten:   # not staged with a since: the table is empty
        execute(con, "insert into article_details by name " + model_text("article_details_written"),
                DETAIL_PARAMS, {"written_articles": f"select * from {rewritten}"})
        # the rest: articles with a respelled author, or not written by this load (rare; the
        # anti join that finds them costs ~0.4 s at a million articles, so count first)
        details, articles = con.execute(
            "select (select count(*) from article_details), (select count(*) from articles)").fetchall()[0]
        if details < articles:
            execute(con, "insert into article_details by name " + model_text("article_details"), DETAIL_PARAMS,
                    {"wanted_articles": "select a.article_id from articles as a\n"
                                        "anti join article_details as d on d.article_id = a.article_id"})
    else:
        con.execute("delete from article_details").fetchall()
        execute(con, "insert into article_details by name " + model_text("article_details"),
                DETAIL_PARAMS, EVERY_ARTICLE_DETAIL)
    con.execute("delete from mart_author_names").fetchall()
    con.execute("insert into mart_author_names select author_id, name from authors").fetchall()


def check_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "checks").glob("*.sql"))


def run_checks(con) -> dict[str, int]:
    """Check name -> offending rows; every etl/sql/checks/*.sql must return none."""
    params = {"since": None, "a": None, "b": None, "region_order": list(REGIONS), **_NO_FILTERS}
    fresh = {"period_gains": "select * from {{ ref('article_period_gains') }}"}
    results = {}
    for name in check_names():
        sql = compile_sql(sql_file(f"checks/{name}.sql"), fresh)
        counted = f"select count(*) from (\n{sql}\n)"
        results[name] = con.execute(counted, _bind(counted, params)).fetchall()[0][0]
    return results
