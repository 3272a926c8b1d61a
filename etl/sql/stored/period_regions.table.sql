-- Per stored period, the seven regions (period_regions.sql), so the regions report is a lookup.
create table period_regions (
    period_end      date not null,
    region          varchar not null,
    region_position bigint not null,
    articles        bigint not null,
    views           bigint not null,
    share_articles  double not null
);
