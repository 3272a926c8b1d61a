-- The trending ranks of period $b cut to $limit rows (null: all), with previous_rank: the
-- rank in the same (filtered) ranking of the previous period ending at $prev_b.
with ranks as (
    select * from {{ ref('trending_ranks') }}
),

current_ranks as (
    select *
    from ranks
    where period_end = $b::date
        and ($limit::bigint is null or rank <= $limit::bigint)
),

previous_ranks as (
    select article_id, rank
    from ranks
    where period_end = $prev_b::date
),

final as (
    select
        c.rank,
        p.rank as previous_rank,
        c.article_id,
        c.views_gained,
        c.views_total
    from current_ranks as c
    left join previous_ranks as p
        on p.article_id = c.article_id
)

select * from final
