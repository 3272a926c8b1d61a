-- scope: outlet (each outlet's schema has these tables; etl/db/schema.py)
-- Base tables: what ingest writes. Everything else (marts) is derived from these.
-- Documented in docs/schema.md; keep the two in step.
-- The schema as it was before numbered migrations. It stays idempotent ("if not exists"):
-- a database built before migrations has these tables but no schema_migrations row, and is
-- brought forward by running this again. Later migrations run once each and need not be.

create sequence if not exists ingest_id_seq start 1;

-- One hash of every SQL file the data was built with; 002_mart_definitions.sql drops it.
create table if not exists sorot_meta (
    key   varchar primary key,
    value varchar not null
);

-- One row per file (or saved page) that was loaded. Refused files leave no row.
create table if not exists ingests (
    ingest_id            bigint primary key,
    file_name            varchar not null,
    content_hash         varchar not null,   -- sha256 of the file's bytes
    snapshot_date        date not null,      -- the (most common) snapshot date of the file
    snapshot_date_source varchar not null,   -- column | option | file name
    source_kind          varchar not null,   -- export | page
    encoding             varchar,
    delimiter            varchar,
    rows_read            integer not null,
    rows_loaded          integer not null,
    rows_duplicate       integer not null,
    rows_rejected        integer not null,
    rows_warned          integer not null,
    ingested_at          timestamp not null  -- UTC
);

-- One row per (article, snapshot date): cumulative views and the metadata as exported that day.
-- No primary key on purpose: the ART index costs a lot at 1M-row loads; ingest deletes the
-- keys it replaces first, and checks/one_snapshot_per_article_date.sql proves uniqueness.
create table if not exists snapshots (
    article_id      varchar not null,   -- the article key: article_id column, else canonical URL
    snapshot_date   date not null,
    views           bigint not null,
    url             varchar,
    title           varchar not null,
    published_at    timestamp not null, -- UTC
    published_date  date not null,      -- the publish date in WIB (UTC+7)
    category        varchar,
    photographer    varchar,
    authors         varchar[] not null, -- display names, byline order
    regions         varchar[] not null, -- never empty: DKI Jakarta when nothing else
    ingest_id       bigint not null
);

-- Rows of loaded files that were not stored as snapshots: rejected or duplicate. Never dropped.
create table if not exists rejects (
    ingest_id    bigint not null,
    file_name    varchar not null,
    line_number  integer not null,      -- 1-based line in the file where the row starts
    raw_text     varchar not null,
    reason       varchar not null,
    kind         varchar not null       -- rejected | duplicate
);

-- Things worth an editor's look that did not stop a row loading (views going down, ...).
create table if not exists ingest_warnings (
    ingest_id    bigint not null,
    line_number  integer,
    article_id   varchar,
    message      varchar not null
);

-- Latest metadata per article (SPEC: the latest snapshot wins), maintained at ingest.
-- No primary key, like snapshots: its index cost seconds per million-row load; ingest
-- deletes the rows it rewrites, and checks/one_row_per_article.sql proves uniqueness.
create table if not exists articles (
    article_id           varchar not null,
    url                  varchar,
    title                varchar not null,
    published_at         timestamp not null,
    published_date       date not null,
    category             varchar,
    photographer         varchar,
    first_snapshot_date  date not null,
    latest_snapshot_date date not null
);

create table if not exists authors (
    author_id  varchar primary key,    -- case-folded, whitespace-collapsed name
    name       varchar not null,       -- as spelled in the latest snapshot that used it
    name_seen_on date not null         -- that snapshot's date
);

create table if not exists article_authors (
    article_id varchar not null,
    author_id  varchar not null,
    position   integer not null
);

create table if not exists article_regions (
    article_id varchar not null,
    region     varchar not null
);
