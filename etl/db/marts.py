"""Keeping the stored marts equal to a fresh computation, for only what a load touched."""
from __future__ import annotations

from datetime import date

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from etl.db import compiler
from etl.db.compiler import compile_model, execute, sql_file
from etl.newsroom.regions import REGIONS

# The stored marts: each is etl/sql/stored/<mart>.sql (the model) next to <mart>.table.sql
# (its table), in the order a full refresh fills them.
STORED_MARTS = ("period_ends", "article_period_gains", "period_ranks", "period_reporters",
                "period_regions", "period_totals")


def table_ddl(mart: str) -> str:
    return sql_file(f"stored/{mart}.table.sql")


# A refresh computes the per-period marts from the gains it has just stored.
REFRESHED_GAINS = {"period_gains": "period_gains_since"}


# Every (model, inputs) refresh_marts fills a mart with: a mart's definition is its table
# and these, with everything they reach (schema.py rebuilds a mart when that changes).
FILLS: dict[str, tuple[tuple[str, Mapping[str, str]], ...]] = {
    "period_ends": (("period_ends", {}),),
    "article_period_gains": (("article_period_gains", {}),
                             ("gain_rules", {"period_views": "next_period_gains"})),
    "period_ranks": (("period_ranks", {**REFRESHED_GAINS,
                                       "previous_period_ranks": "previous_period_ranks_stored"}),),
    "period_reporters": (("period_reporters", REFRESHED_GAINS),),
    "period_regions": (("period_regions", REFRESHED_GAINS),),
    "period_totals": (("period_totals", REFRESHED_GAINS),),
}


def definition_hashes() -> dict[str, str]:
    """mart -> a hash of its definition (table, models and everything they reach)."""
    return dict(_definition_hashes(compiler.sql_dir()))


@lru_cache(maxsize=None)
def _definition_hashes(root: Path) -> tuple[tuple[str, str], ...]:
    hashes = []
    for mart in STORED_MARTS:
        digest = hashlib.sha256(table_ddl(mart).encode())
        for model, inputs in FILLS[mart]:
            digest.update(compile_model(model, inputs).encode())
        hashes.append((mart, digest.hexdigest()[:16]))
    return tuple(hashes)


def _fill(con, mart: str, model: str, params: Mapping[str, Any] | None = None,
          inputs: Mapping[str, str] | None = None, order_by: str | None = None) -> None:
    """insert the rows of `model` into the table `mart`; `order_by` keeps a mart that reports
    read by slice stored in slice order."""
    order = f"\norder by {order_by}" if order_by else ""
    execute(con, f"insert into {mart} by name\nselect * from {{{{ ref('{model}') }}}}{order}", params, inputs)


NO_FILTERS = {"region": None, "author": None, "category": None, "published_in_period": False}


def refresh_marts(con, since: date | None, *, retagged: str | None = None) -> None:
    """Bring the marts up to date after snapshots changed on or after `since` (None: all).
    `retagged` names a table of the article_ids whose byline or region tags the caller
    changed (ingest: its temp table `retagged`, load/latest_from_*.sql); without it every
    article whose latest snapshot is on or after `since` is assumed to have new tags.

    V(x) carries forward, so a snapshot dated d can change every period ending on or after
    d, including the one whose start a moves when d is inserted before an existing date.
    A changed publish date or a vanished article key (merged at ingest) changes older
    periods too; both are detected and force a full rebuild.

    The common case, a load that adds a new latest snapshot date, computes the new period
    from the stored slice of the previous period plus the snapshots of that date
    (intermediate/next_period_gains.sql); anything else runs the general model from `since` on.
    The tables exist (etl.db.schema.upgrade made them)."""
    con.execute("delete from period_ends").fetchall()
    _fill(con, "period_ends", "period_ends")
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
        _fill(con, "article_period_gains", "gain_rules", {"a": previous_end, "b": since},
              {"period_views": "next_period_gains"}, order_by="period_end, article_id")
    else:
        _fill(con, "article_period_gains", "article_period_gains", {"since": since, "a": None, "b": None},
              order_by="period_end, article_id")
    _refresh_period_marts(con, since, retagged)


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


PERIOD_MARTS = ("period_ranks", "period_reporters", "period_regions", "period_totals")


def _refresh_period_marts(con, since: date | None, retagged: str | None) -> None:
    """period_ranks for the periods ending on or after `since`; the per-period reporters,
    regions and totals for those too, or for every period when a byline or region tag of an
    article that existed before `since` changed (latest metadata counts in every period)."""
    if since is not None and _older_tags_changed(con, since, retagged):
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
    params = {"since": since, "region_order": list(REGIONS), **NO_FILTERS}
    ranks_model, ranks_inputs = FILLS["period_ranks"][0]
    _fill(con, "period_ranks", ranks_model, params, ranks_inputs, order_by="period_end, rank")
    params = {**params, "since": aggregates_since}
    for mart in PERIOD_MARTS[1:]:
        _fill(con, mart, mart, params, REFRESHED_GAINS, order_by="all")


def _older_tags_changed(con, since: date, retagged: str | None) -> bool:
    """Did a byline or region tag change for an article first seen before `since`? Only the
    articles the caller retagged (or, without that table, every touched article: temp table
    mart_touched, latest snapshot on or after `since`) can have new tags."""
    candidates = retagged or "mart_touched"
    return con.execute(
        f"""
        select exists (
            select 1
            from articles as a
            semi join {candidates} as c
                on c.article_id = a.article_id
            where a.first_snapshot_date < $since
        )
        """,
        {"since": since},
    ).fetchall()[0][0]


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
