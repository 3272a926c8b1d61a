-- The unfiltered trending ranking of every period in the period_gains input with each
-- article's rank in the previous period (the period ending at a), what refresh_marts stores
-- in the period_ranks table so an unfiltered trending list is one slice.
with ranks as (
    select * from {{ ref('trending_ranks') }}
),

periods as (
    select * from period_ends
),

final as (
    select
        r.period_end,
        r.rank,
        r.article_id,
        r.views_gained,
        r.views_total,
        prev.rank as previous_rank
    from ranks as r
    join periods as p
        on p.period_end = r.period_end
    left join {{ input('previous_period_ranks', default='previous_period_ranks') }} as prev
        on prev.period_end = p.period_start
        and p.is_start_snapshot
        and prev.article_id = r.article_id
)

select * from final
