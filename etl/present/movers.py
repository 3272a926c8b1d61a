"""The movers of a ranking already in hand: articles that climbed since the previous period.

The rule is SQL text in etl.metrics.reports (RANK_GAIN, MOVERS), where the trending page's
"movers" view runs it in DuckDB. The briefing, the exported movers chart and the dashboard's
rank_gain column hold a ranking as a polars frame and run the same text on it through
polars' SQL, so the places that show movers cannot disagree on who they are.
"""
from __future__ import annotations

import polars as pl

from etl.metrics.reports import MOVERS, RANK_GAIN


def rank_gain() -> pl.Expr:
    """Places climbed since the previous period as column `rank_gain` (negative: fell;
    null: not ranked before)."""
    return pl.sql_expr(RANK_GAIN).alias("rank_gain")


def movers_of(ranking: pl.DataFrame, limit: int | None = None) -> pl.DataFrame:
    """The ranking's movers, most places first, with their `rank_gain`; the first `limit`."""
    where, order = MOVERS
    found = ranking.with_columns(rank_gain()).sql(f"select * from self where {where} order by {order}")
    return found if limit is None else found.head(limit)
