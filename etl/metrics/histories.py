"""The dashboard's histories and look-ups: views per period, regions over time, a reporter's
weeks, one article, search."""
from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from etl.db.compiler import model_text, query
from etl.metrics.sources import details_only_for
from etl.newsroom.regions import REGIONS


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


# A search's work grows with its words times the articles (every word is a contains() over
# every title, URL and key): 3,000 words took 17-20 s of CPU. Nobody types more than a few.
SEARCH_MAX_WORDS = 8
SEARCH_MAX_WORD_CHARS = 40


def search_terms(words: str) -> tuple[list[str], bool]:
    """The words a search looks for (the first SEARCH_MAX_WORDS, each cut to
    SEARCH_MAX_WORD_CHARS characters) and whether the text was cut to them."""
    split = words.split()
    terms = [w[:SEARCH_MAX_WORD_CHARS] for w in split[:SEARCH_MAX_WORDS]]
    return terms, terms != split


def search_articles(con, words: str, limit: int = 50) -> pl.DataFrame:
    terms, _capped = search_terms(words)
    return query(con, model_text("search_articles"),
                 {"words": terms, "limit": limit, "region_order": list(REGIONS)},
                 details_only_for("search_matches"))
