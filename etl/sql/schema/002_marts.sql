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

-- The unfiltered trending ranking of every stored period (marts/period_ranks.sql), in
-- (period_end, rank) order, with previous_rank: an unfiltered trending list is one slice.
create table if not exists period_ranks (
    period_end    date not null,
    rank          bigint not null,
    article_id    varchar not null,
    views_gained  bigint not null,
    views_total   bigint not null,
    previous_rank bigint            -- rank in the period ending at a; null when not ranked there
);

-- Per stored period: the reporters (by author_id; names are looked up when reporting), the
-- seven regions and the headline totals (marts/period_reporters.sql, period_regions.sql,
-- period_totals.sql), so those reports are lookups.
create table if not exists period_reporters (
    period_end       date not null,
    author_id        varchar not null,
    articles         bigint not null,
    views            bigint not null,
    views_new        bigint not null,
    median_views_new double
);

create table if not exists period_regions (
    period_end      date not null,
    region          varchar not null,
    region_position bigint not null,
    articles        bigint not null,
    views           bigint not null,
    share_articles  double not null
);

create table if not exists period_totals (
    period_end         date not null,
    articles_published bigint not null,
    views_gained       bigint not null,
    active_reporters   bigint not null
);

-- Until 2026-11-28 two tables kept the author / region tags the per-period marts were
-- computed with; article_details holds the same tags (etl.metrics._older_tags_changed reads
-- them there), so the copies are gone.
drop table if exists mart_article_authors;
drop table if exists mart_article_regions;

-- Latest metadata of every article with its authors and regions as lists
-- (marts/article_details.sql): a trending list reads its rows by key instead of aggregating
-- the tag tables. refresh_marts rewrites the rows of the articles a load touched (metadata
-- or tags replaced, or an author of theirs respelled), so every period shows the latest.
create table if not exists article_details (
    article_id   varchar not null,
    url          varchar,
    title        varchar not null,
    authors      varchar[] not null, -- byline order, latest spelling
    published_at date not null,
    category     varchar,
    regions      varchar[] not null  -- in the order of the seven regions
);

-- Trending reads the details of its 50 ranked rows by key: with this index that lookup is
-- ~7 ms instead of a ~65 ms scan of every article at full scale (270k articles). Not unique:
-- a refresh deletes and re-inserts rows in one transaction. Built by the next refresh on an
-- older database (~3 s at full scale).
create index if not exists article_details_article_id on article_details (article_id);

-- The author spellings article_details was computed with: a refresh rewrites the details of
-- an author's articles only when authors.name differs from the one kept here.
create table if not exists mart_author_names (
    author_id varchar not null,
    name      varchar not null
);
