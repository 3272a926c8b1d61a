"""The schema of a database, and bringing one made by an older Sorot forward.

Base tables (what ingest writes) change only through numbered migrations,
etl/sql/migrations/NNN_name.sql, each applied once, in order, in its own transaction, and
recorded in main.schema_migrations. Marts are derived data: a mart whose definition (its
table, its model, anything the model reaches) differs from the one recorded in
mart_definitions is dropped, created again and refilled. Only a writer does either; a reader
that meets a database needing it raises DatabaseNeedsUpgrade.

Each migration says on its first line where it applies: `-- scope: database` runs once in
`main`; `-- scope: outlet` makes or changes the tables every outlet has (etl/db/outlets.py).
Before 006 there was one implicit outlet, in `main`: those migrations run there, and 006
moves their tables into the schema of the outlet the URLs name. From 007 on an outlet
migration runs in every outlet's schema (and the empty one), all in one transaction; a new
outlet's schema is made by running every outlet migration in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb

from etl.db import compiler
from etl.db.marts import STORED_MARTS, definition_hashes, refresh_marts, table_ddl
from etl.db.outlets import EMPTY_SCHEMA, use_main
from etl.errors import DatabaseNeedsUpgrade, SorotError

_MIGRATION_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
_SCOPE_LINE = re.compile(r"^-- scope: (outlet|database)\b")

# The migration that moved the one implicit outlet out of `main` (006_outlets.sql).
OUTLETS_MIGRATION = 6


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    scope: str      # "outlet" | "database"


def migrations() -> list[Migration]:
    """Every migration file, in version order."""
    return list(_migrations(compiler.sql_dir()))


@lru_cache(maxsize=None)
def _migrations(root: Path) -> tuple[Migration, ...]:
    found = []
    for path in sorted((root / "migrations").glob("*.sql")):
        match = _MIGRATION_FILE.match(path.name)
        if not match:
            raise ValueError(f"{path.name}: a migration is named NNN_snake_name.sql")
        scope = _SCOPE_LINE.match(path.read_text(encoding="utf-8"))
        if not scope:
            raise ValueError(f"{path.name}: a migration starts with `-- scope: outlet` or `-- scope: database`")
        found.append(Migration(int(match[1]), match[2], path, scope[1]))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 001, 002, … without gaps; found {versions}")
    return tuple(found)


def applied_version(con) -> int:
    """The last migration recorded in the database; 0 for one made before migrations (its
    base tables are those of 001, which is idempotent) or a new, empty one."""
    try:
        return con.execute("select coalesce(max(version), 0) from main.schema_migrations").fetchall()[0][0]
    except duckdb.CatalogException:
        return 0


def stored_mart_hashes(con, schema: str | None = None) -> dict[str, str]:
    table = f"{schema}.mart_definitions" if schema else "mart_definitions"
    try:
        return dict(con.execute(f"select mart, definition_hash from {table}").fetchall())
    except duckdb.CatalogException:
        return {}


def changed_marts(con, schema: str | None = None) -> list[str]:
    stored = stored_mart_hashes(con, schema)
    return [mart for mart, digest in definition_hashes().items() if stored.get(mart) != digest]


def outlet_schemas(con) -> list[str]:
    """Every schema that holds an outlet's tables: each outlet's and the empty one; before
    006, `main` (the one implicit outlet)."""
    if applied_version(con) < OUTLETS_MIGRATION:
        return ["main"]
    names = [row[0] for row in con.execute("select schema_name from main.outlets order by outlet_id").fetchall()]
    return [EMPTY_SCHEMA, *names]


def require_current(con, db_path: Path) -> None:
    """For readers: one sentence when the database needs an upgrade only a writer can do."""
    if applied_version(con) > len(migrations()):
        raise SorotError(f"The database {db_path} was made by a newer Sorot than this one; "
                         "install that version (or newer) to read it.")
    if applied_version(con) < len(migrations()) or any(changed_marts(con, s) for s in outlet_schemas(con)):
        raise DatabaseNeedsUpgrade(
            f"The database {db_path} was made by an older Sorot and needs a one-time upgrade; "
            "run `sorot upgrade` (or ingest a file), then try again.")


@dataclass
class Upgrade:
    migrations: list[str] = field(default_factory=list)   # "003_name" of each one applied
    rebuilt: list[str] = field(default_factory=list)      # the marts dropped, made and refilled

    def __str__(self) -> str:
        if not (self.migrations or self.rebuilt):
            return "already up to date"
        done = []
        if self.migrations:
            done.append(f"applied migration{'s' * (len(self.migrations) > 1)} {', '.join(self.migrations)}")
        if self.rebuilt:
            done.append(f"rebuilt {', '.join(self.rebuilt)} from the snapshots")
        return "; ".join(done)


def upgrade(con) -> Upgrade:
    """Apply the pending migrations, then rebuild the marts whose definition changed. For a
    write connection, before anything else uses it."""
    applied = _apply_migrations(con)
    return Upgrade(applied, _rebuild_changed_marts(con))


def _apply_migrations(con) -> list[str]:
    con.execute(
        """
        create table if not exists main.schema_migrations (
            version    integer primary key,
            name       varchar not null,
            applied_at timestamp not null  -- UTC
        )
        """
    )
    known = migrations()
    current = applied_version(con)
    if current > len(known):
        raise SorotError(f"This database is at migration {current}, made by a newer Sorot than this one "
                         f"(which knows {len(known)}); install that version (or newer) to use it.")
    done = []
    for migration in known[current:]:
        # one transaction each: a failed or killed migration leaves the previous version
        con.execute("begin transaction")
        try:
            if migration.scope == "database" or migration.version <= OUTLETS_MIGRATION:
                _run_in(con, "main", migration)
            else:
                for schema in outlet_schemas(con):
                    _run_in(con, schema, migration)
            if migration.version == OUTLETS_MIGRATION:
                _move_into_outlet_schemas(con)
            con.execute("insert into main.schema_migrations values (?, ?, now() at time zone 'UTC')",
                        [migration.version, migration.name])
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        finally:
            use_main(con)
        done.append(f"{migration.version:03d}_{migration.name}")
    return done


def _run_in(con, schema: str, migration: Migration) -> None:
    con.execute(f"set search_path = '{schema}'")
    con.execute(migration.path.read_text(encoding="utf-8"))


def _rebuild_changed_marts(con) -> list[str]:
    """A mart whose definition changed is dropped and made again from its table file (a new
    or retyped column cannot break it); then every mart is refilled from the base tables,
    because a mart's rows can feed another's (period_ranks reads article_period_gains). One
    transaction for every outlet: a reader sees the old marts or the new ones."""
    changed_in = {schema: changed_marts(con, schema) for schema in outlet_schemas(con)}
    changed_in = {schema: marts for schema, marts in changed_in.items() if marts}
    if not changed_in:
        return []
    con.execute("begin transaction")
    try:
        for schema, changed in changed_in.items():
            con.execute(f"set search_path = '{schema}'")
            _rebuild_marts(con, schema, changed)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        use_main(con)
    rebuilt = {mart for marts in changed_in.values() for mart in marts}
    return [mart for mart in STORED_MARTS if mart in rebuilt]


def _rebuild_marts(con, schema: str, changed: list[str]) -> None:
    """In `schema`, which the search path names, inside the caller's transaction. The drop
    names the schema: DuckDB would drop a table of `main` when `schema` has none."""
    for mart in changed:
        con.execute(f"drop table if exists {schema}.{mart}")
        con.execute(table_ddl(mart))
    refresh_marts(con, None)
    con.execute("delete from mart_definitions")
    con.executemany("insert into mart_definitions values (?, ?, now() at time zone 'UTC')",
                    list(definition_hashes().items()))


# What stays in `main` once the outlets have schemas of their own (006_outlets.sql).
SHARED_TABLES = ("schema_migrations", "users", "outlets", "outlet_hosts")


def create_outlet_schema(con, schema: str) -> None:
    """An outlet's schema with the tables of every outlet migration and empty marts, inside
    the caller's transaction; the search path is left at `main`. While 006 moves an older
    database's tables out of `main`, an unqualified name the new schema lacks would reach
    `main`'s: the migrations' drops name tables the new schema has (001 made them) or no
    database at version 5 has, and every drop here names its schema."""
    con.execute(f"create schema {schema}")
    try:
        con.execute(f"set search_path = '{schema}'")
        for migration in migrations():
            if migration.scope == "outlet":
                con.execute(migration.path.read_text(encoding="utf-8"))
        # the ingest ids are one sequence for the database (undo and the history name them)
        con.execute(f"drop sequence if exists {schema}.ingest_id_seq")
        _rebuild_marts(con, schema, list(STORED_MARTS))
    finally:
        use_main(con)


def _outlet_tables(con, schema: str) -> list[str]:
    return [row[0] for row in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? order by table_name", [schema]).fetchall()]


def _move_into_outlet_schemas(con) -> None:
    """006: the empty outlet's schema; then the tables of an older database's one implicit
    outlet, in `main`, copied into the schema of the outlet its URLs name (the site most of
    its articles are on; `utama` without URLs), and dropped from `main`. Its marts are
    copied when they were built by the current definitions, else rebuilt by upgrade()."""
    from etl.db import outlets
    from etl.newsroom.outlets import FALLBACK_OUTLET

    create_outlet_schema(con, EMPTY_SCHEMA)
    tables = _outlet_tables(con, EMPTY_SCHEMA)
    in_main = set(_outlet_tables(con, "main"))
    has_data = "snapshots" in in_main and con.execute(
        "select (select count(*) from main.ingests) + (select count(*) from main.snapshots)").fetchall()[0][0]
    if has_data:
        site_rows = outlets.site_counts(outlets.host_counts(con, "main.articles"))
        name = max(site_rows, key=lambda s: (site_rows[s], s)) if site_rows else FALLBACK_OUTLET
        outlet = outlets.create(con, name)
        outlets.add_hosts(con, outlet, list(site_rows))
        marts_current = not changed_marts(con, "main")
        for table in tables:
            if table not in in_main or table == "mart_definitions":
                continue
            if table in STORED_MARTS:
                if not marts_current:
                    continue
                con.execute(f"delete from {outlet.schema}.{table}")
            con.execute(f"insert into {outlet.schema}.{table} by name select * from main.{table}")
        if not marts_current:
            con.execute(f"delete from {outlet.schema}.mart_definitions")  # upgrade() rebuilds them
    for table in sorted(in_main - set(SHARED_TABLES)):
        con.execute(f"drop table main.{table}")
