-- Per stored period, the headline totals (period_totals.sql), so the overview is a lookup.
create table period_totals (
    period_end         date not null,
    articles_published bigint not null,
    views_gained       bigint not null,
    active_reporters   bigint not null
);
