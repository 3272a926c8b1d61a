"""The schema of a database and bringing an older one up to date."""
from __future__ import annotations

import hashlib
from functools import cache

import duckdb

from etl.db.compiler import SQL_DIR
from etl.db.marts import refresh_marts


@cache
def schema_version() -> str:
    """Changes whenever a table definition or a mart's SQL changes."""
    digest = hashlib.sha256()
    for folder in ("schema", "marts", "staging"):
        for path in sorted((SQL_DIR / folder).glob("*.sql")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def stored_schema_version(con) -> str | None:
    try:
        rows = con.execute("select value from sorot_meta where key = 'schema_version'").fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None


def upgrade(con) -> None:
    """A database from an older Sorot gets its new tables filled: every mart is rebuilt
    from the snapshots, in one transaction."""
    if stored_schema_version(con) == schema_version():
        return
    con.execute("begin transaction")
    try:
        refresh_marts(con, None)
        con.execute("insert or replace into sorot_meta values ('schema_version', ?)", [schema_version()])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
