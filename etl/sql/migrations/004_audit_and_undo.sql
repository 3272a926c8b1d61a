-- scope: outlet (each outlet's schema has these tables; etl/db/schema.py)
-- The audit trail and undo (issue #17): who loaded each file, from where, its size, what it
-- replaced, and whether it was undone; and the rows a load overwrote, kept so that
-- `sorot undo` can put them back. docs/schema.md describes every column. Idempotent ("if not
-- exists"), like 001: a test remakes a pre-migration database by dropping schema_migrations.

-- Rows of databases made before this migration: who and from where are not known.
alter table ingests add column if not exists ingested_by varchar default 'unknown';     -- e-mail, or user@host
alter table ingests add column if not exists ingested_from varchar default 'unknown';   -- "cli on HOST", "dashboard …"
alter table ingests add column if not exists file_size_bytes bigint;                    -- null: not recorded
alter table ingests add column if not exists rows_replaced integer;                     -- null: not recorded
alter table ingests add column if not exists undone_at timestamp;                       -- UTC; null: in force
alter table ingests add column if not exists undone_by varchar;
alter table ingests add column if not exists undone_from varchar;

-- Snapshot rows a load removed: those its file replaced (same article and date) and the
-- title-keyed rows a merge dropped for the export's own row of that date. Each goes back
-- into snapshots when the ingest that removed it is undone. Its own table, so that
-- snapshots is not widened (a column there costs every million-row load).
create table if not exists replaced_snapshots (
    article_id            varchar not null,
    snapshot_date         date not null,
    views                 bigint not null,
    url                   varchar,
    title                 varchar not null,
    published_at          timestamp not null,
    published_date        date not null,
    category              varchar,
    photographer          varchar,
    authors               varchar[] not null,
    regions               varchar[] not null,
    ingest_id             bigint not null,     -- the ingest that stored the row
    replaced_by_ingest_id bigint not null      -- the ingest that removed it
);

-- Snapshot rows a merge moved from a saved page's title key to the export's URL key
-- (load/merge_title_keyed_apply.sql): undoing the export moves them back.
create table if not exists renamed_snapshots (
    renamed_by_ingest_id bigint not null,
    old_article_id       varchar not null,
    new_article_id       varchar not null,
    snapshot_date        date not null,
    ingest_id            bigint not null      -- the ingest that stored the row
);

-- Each author row a load wrote, as it was before (name null: the load made the author).
-- An author's display name depends on the order files came in, so it cannot be recomputed
-- from the snapshots; articles and their tags can, and are not kept.
create table if not exists replaced_authors (
    author_id             varchar not null,
    name                  varchar,
    name_seen_on          date,
    replaced_by_ingest_id bigint not null
);
