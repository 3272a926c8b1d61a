-- The previous_period_ranks input of a refresh: previous_rank looks up the stored ranks of
-- the periods the refreshed ones start at, and the fresh ranks of the refreshed periods
-- themselves (a refreshed period can be the previous one of the next).
with stored_ranks as (
    select
        period_end,
        article_id,
        rank
    from period_ranks
    where $since::date is null
        or period_end >= (
            select min(period_start)
            from period_ends
            where period_end >= $since::date
        )
),

refreshed_ranks as (
    select
        period_end,
        article_id,
        rank
    from {{ ref('trending_ranks') }}
),

final as (
    select * from stored_ranks
    union all
    select * from refreshed_ranks
)

select * from final
