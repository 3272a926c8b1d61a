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
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import polars as pl

SQL_DIR = Path(__file__).parent / "sql"
MODEL_DIRS = ("staging", "marts")

# The seven regions in report order. etl.regions owns them once it exists; until then the
# same tuple is kept here so the metrics layer can run on its own.
_FALLBACK_REGIONS = (
    "Jakarta Pusat",
    "Jakarta Utara",
    "Jakarta Barat",
    "Jakarta Selatan",
    "Jakarta Timur",
    "Kepulauan Seribu",
    "DKI Jakarta",
)
try:  # pragma: no cover - depends on whether etl/regions.py has landed
    from etl.regions import REGIONS  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    REGIONS = _FALLBACK_REGIONS

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
    try:
        from etl.regions import region_from_name  # type: ignore[attr-defined]
    except ImportError:
        return _fallback_region(text)
    return region_from_name(text)


_FALLBACK_SHORT = {
    "jakpus": "Jakarta Pusat", "jakut": "Jakarta Utara", "jakbar": "Jakarta Barat",
    "jaksel": "Jakarta Selatan", "jaktim": "Jakarta Timur", "kep seribu": "Kepulauan Seribu",
    "pulau seribu": "Kepulauan Seribu", "dki": "DKI Jakarta", "jakarta": "DKI Jakarta",
}


def _fallback_region(text: str) -> str:
    key = " ".join(re.sub(r"[.\-_]", " ", text).split()).casefold()
    for prefix in ("kota administrasi ", "kota adm ", "kab adm ", "kabupaten administrasi "):
        key = key.removeprefix(prefix)
    for name in REGIONS:
        if key == name.casefold():
            return name
    if key in _FALLBACK_SHORT:
        return _FALLBACK_SHORT[key]
    raise ValueError(f"unknown region {text!r}; use one of: {', '.join(REGIONS)} (or Jakpus, Jaksel, ...)")


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


def trending(con, period: Period, *, limit: int | None = None, region: str | None = None,
             author: str | None = None, category: str | None = None,
             published_in_period: bool = False) -> pl.DataFrame:
    """Known gain > 0, filtered first, then ranked 1..n; previous_rank uses the same filters."""
    filters = _filter_params(region, author, category, published_in_period)
    overrides, params = _period_gains_source(con, period)
    overrides = {**overrides, **_details_only_for("trending_top")}
    current = query(con, model_text("trending"), {**params, **filters, "limit": limit}, overrides)
    previous = _previous_ranks(con, period, filters)
    frame = current.join(previous, on="article_id", how="left")
    return frame.select(TRENDING_COLUMNS).sort("rank")


def _previous_ranks(con, period: Period, filters: dict[str, Any]) -> pl.DataFrame:
    empty = pl.DataFrame(schema={"article_id": pl.String, "previous_rank": pl.Int64})
    before = previous_period(con, period)
    if before is None:
        return empty
    overrides, params = _period_gains_source(con, before)
    ranks = query(con, model_text("trending_ranks"), {**params, **filters}, overrides)
    if ranks.is_empty():
        return empty
    return ranks.select("article_id", pl.col("rank").alias("previous_rank"))


def reporters(con, period: Period) -> pl.DataFrame:
    overrides, params = _period_gains_source(con, period)
    return query(con, model_text("reporters"), params, overrides)


def regions(con, period: Period) -> pl.DataFrame:
    overrides, params = _period_gains_source(con, period)
    return query(con, model_text("regions"), {**params, "region_order": list(REGIONS)}, overrides)


def _totals(con, period: Period) -> dict[str, int]:
    overrides, params = _period_gains_source(con, period)
    return query(con, model_text("period_totals"), params, overrides).row(0, named=True)


OVERVIEW_METRICS = ("articles_published", "views_gained", "active_reporters")


def overview(con, period: Period) -> dict[str, dict[str, Any]]:
    """{metric: {value, previous, change, change_pct}}; previous/change/change_pct are None
    without a previous period, change_pct also when the previous value is 0."""
    now = _totals(con, period)
    before_period = previous_period(con, period)
    before = _totals(con, before_period) if before_period else None
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

def refresh_marts(con, since: date | None) -> None:
    """Bring the marts up to date after snapshots changed on or after `since` (None: all).

    V(x) carries forward, so a snapshot dated d can change every period ending on or after
    d, including the one whose start a moves when d is inserted before an existing date.
    A changed publish date or a vanished article key (merged at ingest) changes older
    periods too; both are detected and force a full rebuild."""
    ensure_marts(con)
    con.execute("delete from period_ends").fetchall()
    execute(con, "insert into period_ends by name " + model_text("period_ends"))
    if since is not None and _older_periods_stale(con):
        since = None
    if since is None:
        con.execute("delete from article_period_gains").fetchall()
    else:
        con.execute("delete from article_period_gains where period_end >= $since", {"since": since}).fetchall()
    con.execute("delete from article_period_gains where period_end not in (select period_end from period_ends)").fetchall()
    execute(con, "insert into article_period_gains by name " + model_text("article_period_gains")
            + "\norder by period_end, article_id",
            {"since": since, "a": None, "b": None})


def _older_periods_stale(con) -> bool:
    row = con.execute(
        """
        select exists (
            select 1
            from article_period_gains as g
            left join articles as a
                on a.article_id = g.article_id
            where a.article_id is null
                or a.published_date <> g.published_date
        )
        """
    ).fetchall()[0]
    return bool(row[0])


def check_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "checks").glob("*.sql"))


def run_checks(con) -> dict[str, int]:
    """Check name -> offending rows; every etl/sql/checks/*.sql must return none."""
    params = {"since": None, "a": None, "b": None, "region_order": list(REGIONS)}
    results = {}
    for name in check_names():
        sql = compile_sql(sql_file(f"checks/{name}.sql"))
        counted = f"select count(*) from (\n{sql}\n)"
        results[name] = con.execute(counted, _bind(counted, params)).fetchall()[0][0]
    return results
