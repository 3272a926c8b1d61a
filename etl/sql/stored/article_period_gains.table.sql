-- One row per (period end b, article existing at b): the model article_period_gains.sql
-- materialised for every snapshot-date period, so reports for a week read one slice.
create table article_period_gains (
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
