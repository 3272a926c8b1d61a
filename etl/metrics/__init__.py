"""The one metrics layer behind the CLI reports and the dashboard (SPEC §2 and §3).

The rules live in SQL models under etl/sql/; this package resolves periods, picks the
source of a period's gains, runs the models with bound parameters and hands back small
polars frames. No Streamlit here. Callers use `etl.metrics.<name>`; the modules behind it
are periods (which dates), sources (stored slice or fresh computation), reports (SPEC §3)
and histories (the dashboard's series and look-ups).
"""
from etl.db.connect import data_version, default_db_path, reading
from etl.db.outlets import Outlet, OutletSummary, all_outlets, last_ingested_at, select as select_outlets
from etl.db.outlets import summaries as outlet_summaries, use as use_outlet
from etl.db.users import UserRole, list_users, role_of  # the reads of who has which role
from etl.metrics.histories import (
    SEARCH_MAX_WORD_CHARS,
    SEARCH_MAX_WORDS,
    article,
    article_history,
    regions_over_time,
    reporter_history,
    search_articles,
    search_terms,
    views_per_period,
)
from etl.metrics.periods import Period, comparison_period, previous_period, resolve_period, snapshot_dates
from etl.metrics.reports import (
    OVERVIEW_METRICS,
    TRENDING_COLUMNS,
    TRENDING_VIEWS,
    movers,
    overview,
    overview_frame,
    region_articles,
    regions,
    reporter_articles,
    reporters,
    reporters_compared,
    trending,
    trending_lists,
    trending_view,
)
from etl.newsroom.regions import (
    REGIONS,  # the seven regions, in the order reports show them
)

__all__ = [
    "Outlet", "OutletSummary", "all_outlets", "last_ingested_at", "outlet_summaries", "select_outlets", "use_outlet",
    "OVERVIEW_METRICS", "REGIONS", "SEARCH_MAX_WORDS", "SEARCH_MAX_WORD_CHARS", "TRENDING_COLUMNS", "TRENDING_VIEWS", "Period", "UserRole", "article", "comparison_period", "article_history",
    "data_version", "default_db_path", "list_users", "movers", "overview", "overview_frame", "previous_period", "reading", "region_articles",
    "regions", "regions_over_time", "reporter_articles", "reporter_history", "reporters", "reporters_compared",
    "resolve_period", "role_of", "search_articles", "search_terms", "snapshot_dates", "trending", "trending_lists",
    "trending_view", "views_per_period",
]
