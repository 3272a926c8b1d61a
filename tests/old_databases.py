"""Turning a database of this Sorot back into what an older Sorot made, for the upgrade tests:
each step undoes one migration's change to the base tables (the marts are rebuilt anyway)."""
from __future__ import annotations


def back_to_tag_tables(con) -> None:
    """A database of version 4: byline and region tags in article_authors / article_regions
    (one row per tag, byline position kept), no lists on `articles`, no index on it."""
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
