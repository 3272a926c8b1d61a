-- Per stored period, the reporters by author_id (names are looked up when reporting), so the
-- reporters report is a lookup (period_reporters.sql).
create table period_reporters (
    period_end       date not null,
    author_id        varchar not null,
    articles         bigint not null,
    views            bigint not null,
    views_new        bigint not null,
    median_views_new double
);
