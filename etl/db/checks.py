"""The checks: queries under etl/sql/checks/ that must return no rows."""
from __future__ import annotations

from etl.db import compiler
from etl.db.compiler import bind, compile_sql, sql_file
from etl.db.marts import NO_FILTERS
from etl.newsroom.regions import REGIONS


def check_names() -> list[str]:
    return sorted(p.stem for p in (compiler.sql_dir() / "checks").glob("*.sql"))


def run_checks(con) -> dict[str, int]:
    """Check name -> offending rows; every etl/sql/checks/*.sql must return none. The models
    they compare the marts with read their default inputs: fresh computations."""
    params = {"since": None, "a": None, "b": None, "region_order": list(REGIONS), **NO_FILTERS}
    results = {}
    for name in check_names():
        sql = compile_sql(sql_file(f"checks/{name}.sql"))
        counted = f"select count(*) from (\n{sql}\n)"
        results[name] = con.execute(counted, bind(counted, params)).fetchall()[0][0]
    return results
