-- Marts: derived from the base tables by etl.metrics.refresh_marts, inside the ingest
-- transaction. Never edited by hand; checks/mart_matches_model.sql proves they are current.
-- Documented in docs/metrics.md.

-- Every snapshot date b with its period start a (SPEC §2). Small: one row per snapshot date.
create table if not exists period_ends (
    period_end        date primary key,  -- b, inclusive
    period_start      date not null,     -- a, exclusive: the previous snapshot date, else b - 7
    is_start_snapshot boolean not null   -- false when a = b - 7 (no earlier snapshot)
);

-- One row per (period end b, article existing at b): the model marts/article_period_gains.sql
-- materialised for every snapshot-date period, so reports for a week read one slice.
create table if not exists article_period_gains (
    period_end             date not null,
    period_start           date not null,
    article_id             varchar not null,
    published_date         date not null,   -- as used for the rules; a change forces a rebuild
    views_b                bigint not null, -- V(article, b)
    views_a                bigint,          -- V(article, a); null when unknown
    gained                 bigint,          -- max(0, views_b - views_a); null when unknown
    is_known               boolean not null,
    is_published_in_period boolean not null
);
