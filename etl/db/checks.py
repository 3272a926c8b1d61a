"""The checks: queries under etl/sql/checks/ that must return no rows."""
from __future__ import annotations

from etl.db.compiler import SQL_DIR, bind, compile_sql, sql_file
from etl.db.marts import NO_FILTERS
from etl.newsroom.regions import REGIONS


def check_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "checks").glob("*.sql"))


def run_checks(con) -> dict[str, int]:
    """Check name -> offending rows; every etl/sql/checks/*.sql must return none."""
    params = {"since": None, "a": None, "b": None, "region_order": list(REGIONS), **NO_FILTERS}
    fresh = {"period_gains": "select * from {{ ref('article_period_gains') }}"}
    results = {}
    for name in check_names():
        sql = compile_sql(sql_file(f"checks/{name}.sql"), fresh)
        counted = f"select count(*) from (\n{sql}\n)"
        results[name] = con.execute(counted, bind(counted, params)).fetchall()[0][0]
    return results
