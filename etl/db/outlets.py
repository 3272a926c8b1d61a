"""The outlets of a database (issue #18): one portal of a media group each, its base tables
and marts in a schema of its own (`outlet_<id>`), so that every model of etl/sql runs
unchanged over one outlet with the connection's search_path pointed at it.

`main` holds what the outlets share (users, schema_migrations, ingest_id_seq, the registry
`outlets` and `outlet_hosts`) and no outlet table: DuckDB falls back to `main` for a name
the search path does not find, so a table left there would be read as if it were the
outlet's. `outlet_empty` is an outlet schema that never holds rows: what a connection
reads while the database has no outlet yet.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone

from etl.errors import SorotError
from etl.newsroom.cells import canonical_url
from etl.newsroom.outlets import name_key, outlet_name, sites

EMPTY_SCHEMA = "outlet_empty"


@dataclass(frozen=True)
class Outlet:
    outlet_id: int
    name: str
    schema: str


class UnknownOutlet(SorotError):
    """An --outlet (or a rename) names no outlet of the database (exit 2)."""


def registry_exists(con) -> bool:
    return bool(con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'main' and table_name = 'outlets'").fetchall()[0][0])


def all_outlets(con) -> list[Outlet]:
    """Every outlet, by name."""
    if not registry_exists(con):
        return []
    rows = con.execute("select outlet_id, name, schema_name from main.outlets order by name_key, outlet_id").fetchall()
    return [Outlet(*row) for row in rows]


def use(con, outlet: Outlet | None) -> None:
    """Point the connection's unqualified names at `outlet` (None: the empty outlet)."""
    con.execute(f"set search_path = '{outlet.schema if outlet else EMPTY_SCHEMA}'")


def current(con) -> Outlet | None:
    """The outlet the connection reads (None: the empty one, or `main` with several)."""
    schema = con.execute("select current_setting('search_path')").fetchall()[0][0]
    return next((o for o in all_outlets(con) if o.schema == schema), None)


def use_main(con) -> None:
    con.execute("set search_path = 'main'")


def use_default(con) -> Outlet | None:
    """What a connection reads when nobody chose: the only outlet, else the empty one while
    there is none; with several, the caller must choose (etl.metrics.rollup reads them all)."""
    if not registry_exists(con):
        return None
    outlets = all_outlets(con)
    if len(outlets) == 1:
        use(con, outlets[0])
        return outlets[0]
    if not outlets:
        use(con, None)
    return None


def find(con, name_or_host: str) -> Outlet | None:
    """The outlet named so (any case and spacing), else the outlet a site of that name went to."""
    key = name_key(name_or_host)
    for outlet in all_outlets(con):
        if name_key(outlet.name) == key:
            return outlet
    row = con.execute(
        "select o.outlet_id, o.name, o.schema_name from main.outlet_hosts as h "
        "join main.outlets as o using (outlet_id) where h.host = ?", [key]).fetchall()
    return Outlet(*row[0]) if row else None


def select(con, names: list[str] | tuple[str, ...] | None) -> list[Outlet]:
    """The outlets `names` choose (None or empty: all of them), in the order of all_outlets."""
    outlets = all_outlets(con)
    if not names:
        return outlets
    chosen: list[Outlet] = []
    for name in names:
        outlet = find(con, name)
        if outlet is None:
            known = ", ".join(o.name for o in outlets) or "none yet"
            raise UnknownOutlet(f"There is no outlet '{name}' in this database; its outlets are: "
                                f"{known} (see `sorot outlets`).")
        if outlet not in chosen:
            chosen.append(outlet)
    return [o for o in outlets if o in chosen]


def create(con, name: str) -> Outlet:
    """A new outlet with its schema, its tables and empty marts; inside the caller's
    transaction (a failed load leaves no outlet behind)."""
    from etl.db.schema import create_outlet_schema

    name = outlet_name(name)
    outlet_id = con.execute("select nextval('main.outlet_id_seq')").fetchall()[0][0]
    outlet = Outlet(outlet_id, name, f"outlet_{outlet_id}")
    con.execute("insert into main.outlets values (?, ?, ?, ?, ?)",
                [outlet_id, name, name_key(name), outlet.schema,
                 datetime.now(timezone.utc).replace(tzinfo=None)])
    create_outlet_schema(con, outlet.schema)
    return outlet


def add_hosts(con, outlet: Outlet, hosts: list[str]) -> None:
    """Record the sites a file of `outlet` came from (a site already recorded keeps its outlet)."""
    for host in sites(hosts):
        con.execute("insert into main.outlet_hosts values (?, ?) on conflict do nothing",
                    [host, outlet.outlet_id])


def sites_of(con, outlet: Outlet) -> list[str]:
    return [row[0] for row in con.execute(
        "select host from main.outlet_hosts where outlet_id = ? order by host", [outlet.outlet_id]).fetchall()]


def rename(con, old: str, new: str) -> Outlet:
    """Rename an outlet; its schema, data and sites stay."""
    outlet = find(con, old)
    if outlet is None:
        select(con, [old])  # raises the sentence listing the outlets
    try:
        new = outlet_name(new)
    except ValueError as err:
        raise UnknownOutlet(f"Cannot rename '{old}': {err}.") from None
    taken = find(con, new)
    if taken is not None and taken != outlet and name_key(taken.name) == name_key(new):
        raise UnknownOutlet(f"There is already an outlet named '{taken.name}'; choose another name.")
    con.execute("update main.outlets set name = ?, name_key = ? where outlet_id = ?",
                [new, name_key(new), outlet.outlet_id])
    return Outlet(outlet.outlet_id, new, outlet.schema)


def host_counts(con, table: str, column: str = "url") -> Counter:
    """Rows per canonical host of the stored URLs in `table`.`column`. A stored URL is
    `https://` + its canonical form (etl.ingest.rows.stored_link), so the host is its third
    `/`-part: a string split, not a regex per row (a million rows). Each distinct host goes
    through the rule article keys use once more, which keeps this right for any URL."""
    rows = con.execute(
        f"select split_part({column}, '/', 3) as host, count(*) from {table} "
        f"where {column} is not null and {column} <> '' group by host").fetchall()
    counts: Counter = Counter()
    for host, count in rows:
        try:
            counts[canonical_url(f"http://{host}/")] += count
        except ValueError:
            continue
    return counts


def site_counts(host_rows: Counter) -> Counter:
    """Rows per site (etl.newsroom.outlets.sites): subdomains counted with their site."""
    found = sites(host_rows)
    counts: Counter = Counter()
    for host, count in host_rows.items():
        site = next((s for s in found if host == s or host.endswith("." + s)), host)
        counts[site] += count
    return counts


def across(con, select_sql: str, chosen: list[Outlet] | None = None) -> str:
    """`select_sql` (naming the outlet's tables `{schema}.table` and its id `{outlet_id}`)
    over every outlet (or `chosen`), as one `union all by name`; over the empty outlet when
    there is none, so the query still has its columns."""
    schemas = [(o.schema, o.outlet_id) for o in (chosen if chosen is not None else all_outlets(con))]
    parts = [select_sql.format(schema=schema, outlet_id=outlet_id)
             for schema, outlet_id in (schemas or [(EMPTY_SCHEMA, 0)])]
    return "\nunion all by name\n".join(f"({part})" for part in parts)


def last_ingest_id(con) -> int:
    """The highest ingest id of any outlet (0 before the first)."""
    sql = across(con, "select max(ingest_id) as id from {schema}.ingests")
    return con.execute(f"select coalesce(max(id), 0) from ({sql})").fetchall()[0][0]


def holding_ingest(con, ingest_id: int) -> Outlet | None:
    """The outlet whose history has ingest `ingest_id`."""
    for outlet in all_outlets(con):
        if con.execute(f"select count(*) from {outlet.schema}.ingests where ingest_id = ?",
                       [ingest_id]).fetchall()[0][0]:
            return outlet
    return None


@dataclass(frozen=True)
class OutletSummary:
    outlet: str
    sites: list[str]
    articles: int
    snapshot_dates: int
    first_snapshot_date: date | None
    latest_snapshot_date: date | None


def summaries(con) -> list[OutletSummary]:
    """`sorot outlets`: each outlet with its sites, articles and snapshot dates, by name."""
    found = []
    for outlet in all_outlets(con):
        articles, dates, first, latest = con.execute(
            f"select (select count(*) from {outlet.schema}.articles), count(*), min(period_end), max(period_end) "
            f"from {outlet.schema}.period_ends").fetchall()[0]
        found.append(OutletSummary(outlet.name, sites_of(con, outlet), articles, dates, first, latest))
    return found


def last_ingested_at(con) -> datetime | None:
    """When the latest file of any outlet was loaded (UTC)."""
    sql = across(con, "select max(ingested_at) as last_at from {schema}.ingests")
    return con.execute(f"select max(last_at) from ({sql})").fetchall()[0][0]
