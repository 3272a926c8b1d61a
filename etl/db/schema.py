"""The schema of a database, and bringing one made by an older Sorot forward.

Base tables (what ingest writes) change only through numbered migrations,
etl/sql/migrations/NNN_name.sql, each applied once, in order, in its own transaction, and
recorded in schema_migrations. Marts are derived data: a mart whose definition (its table,
its model, anything the model reaches) differs from the one recorded in mart_definitions is
dropped, created again and refilled. Only a writer does either; a reader that meets a
database needing it raises DatabaseNeedsUpgrade.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb

from etl.db import compiler
from etl.db.marts import STORED_MARTS, definition_hashes, refresh_marts, table_ddl
from etl.errors import DatabaseNeedsUpgrade, SorotError

_MIGRATION_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


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
        found.append(Migration(int(match[1]), match[2], path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 001, 002, … without gaps; found {versions}")
    return tuple(found)


def applied_version(con) -> int:
    """The last migration recorded in the database; 0 for one made before migrations (its
    base tables are those of 001, which is idempotent) or a new, empty one."""
    try:
        return con.execute("select coalesce(max(version), 0) from schema_migrations").fetchall()[0][0]
    except duckdb.CatalogException:
        return 0


def stored_mart_hashes(con) -> dict[str, str]:
    try:
        return dict(con.execute("select mart, definition_hash from mart_definitions").fetchall())
    except duckdb.CatalogException:
        return {}


def changed_marts(con) -> list[str]:
    stored = stored_mart_hashes(con)
    return [mart for mart, digest in definition_hashes().items() if stored.get(mart) != digest]


def require_current(con, db_path: Path) -> None:
    """For readers: one sentence when the database needs an upgrade only a writer can do."""
    if applied_version(con) > len(migrations()):
        raise SorotError(f"The database {db_path} was made by a newer Sorot than this one; "
                         "install that version (or newer) to read it.")
    if applied_version(con) < len(migrations()) or changed_marts(con):
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
        create table if not exists schema_migrations (
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
            con.execute(migration.path.read_text(encoding="utf-8"))
            con.execute("insert into schema_migrations values (?, ?, now() at time zone 'UTC')",
                        [migration.version, migration.name])
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        done.append(f"{migration.version:03d}_{migration.name}")
    return done


def _rebuild_changed_marts(con) -> list[str]:
    """A mart whose definition changed is dropped and made again from its table file (a new
    or retyped column cannot break it); then every mart is refilled from the base tables,
    because a mart's rows can feed another's (period_ranks reads article_period_gains). One
    transaction: a reader sees the old marts or the new ones."""
    changed = changed_marts(con)
    if not changed:
        return []
    con.execute("begin transaction")
    try:
        for mart in changed:
            con.execute(f"drop table if exists {mart}")
            con.execute(table_ddl(mart))
        refresh_marts(con, None)
        con.execute("delete from mart_definitions")
        con.executemany("insert into mart_definitions values (?, ?, now() at time zone 'UTC')",
                        list(definition_hashes().items()))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return [mart for mart in STORED_MARTS if mart in changed]
