-- The one place the gain rules of SPEC §2 are written down, over the period_views input:
-- one row per (period, article existing at b) with V(b) = views_b and views_a_seen, V(a)
-- from a snapshot dated <= a (null when there is none). article_period_gains.sql feeds it
-- from the snapshots (period_views.sql); a load that adds a new latest week feeds it from the
-- previous stored slice (next_period_gains.sql, etl.metrics.refresh_marts).
with period_views as (
    select * from {{ input('period_views', default='period_views') }}
),

-- No snapshot dated <= a: an article published after a had 0 views at a; for an older
-- article the gain is unknown (it was first seen late) and stays null.
with_start_views as (
    select
        *,
        case
            when views_a_seen is not null then views_a_seen
            when published_date > period_start then 0
        end as views_a
    from period_views
),

final as (
    select
        period_end,
        period_start,
        article_id,
        published_date,
        views_b,
        views_a,
        -- greatest() would skip a null views_a and give 0; unknown must stay null
        case when views_a is not null then greatest(views_b - views_a, 0) end as gained,
        views_a is not null as is_known,
        published_date > period_start and published_date <= period_end as is_published_in_period
    from with_start_views
)

select * from final
