-- The unfiltered trending ranking of every stored period (period_ranks.sql), in
-- (period_end, rank) order, with previous_rank: an unfiltered trending list is one slice.
create table period_ranks (
    period_end    date not null,
    rank          bigint not null,
    article_id    varchar not null,
    views_gained  bigint not null,
    views_total   bigint not null,
    previous_rank bigint            -- rank in the period ending at a; null when not ranked there
);
