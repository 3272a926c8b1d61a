"""Turning a database of this Sorot back into what an older Sorot made, for the upgrade tests:
each step undoes one migration's change to the base tables (the marts are rebuilt anyway)."""
from __future__ import annotations


def back_to_tag_tables(con) -> None:
    """A database of version 4: byline and region tags in article_authors / article_regions
    (one row per tag, byline position kept), no lists on `articles`, no index on it."""
    back_to_single_outlet(con)
    con.execute("""
        create table article_authors as
        select article_id, unnest(author_ids) as author_id, generate_subscripts(author_ids, 1) as position
        from articles""")
    con.execute("create table article_regions as select article_id, unnest(regions) as region from articles")
    con.execute("drop index articles_article_id")
    con.execute("alter table articles drop column author_ids")
    con.execute("alter table articles drop column regions")
    con.execute("delete from schema_migrations where version >= 5")
    # its marts were built by models that read the tag tables: other definitions, rebuilt
    con.execute("delete from mart_definitions")


def back_to_single_outlet(con) -> None:
    """A database of version 5: one implicit outlet, its tables in `main`, no registry
    (migration 006 moved them into the schema of the outlet of its hosts). Idempotent."""
    if not con.execute("select count(*) from duckdb_tables() where schema_name = 'main' "
                       "and table_name = 'outlets'").fetchall()[0][0]:
        return
    schemas = [row[0] for row in con.execute("select schema_name from main.outlets").fetchall()]
    source = schemas[0] if schemas else "outlet_empty"
    tables = [row[0] for row in con.execute(
        "select table_name from duckdb_tables() where schema_name = ?", [source]).fetchall()]
    for table in tables:
        con.execute(f"create table main.{table} as select * from {source}.{table}")
    if "articles" in tables:
        con.execute("create index articles_article_id on main.articles (article_id)")
    for schema in [*schemas, "outlet_empty"]:
        con.execute(f"drop schema {schema} cascade")
    con.execute("drop table main.outlets; drop table main.outlet_hosts; drop sequence main.outlet_id_seq")
    con.execute("delete from main.schema_migrations where version >= 6")
    con.execute("set search_path = 'main'")


def open_duckdb(path, read_only: bool = False):
    """A plain DuckDB connection (no upgrade, no retries) that reads the only outlet, as
    Sorot's own connections do (etl.db.outlets.use_default)."""
    import duckdb

    from etl.db.outlets import use_default

    con = duckdb.connect(str(path), read_only=read_only)
    use_default(con)
    return con
