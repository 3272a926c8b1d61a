-- The stored period_ranks table equals a fresh computation of stored/period_ranks.sql over a fresh
-- computation of every period's gains (incremental refreshes leave nothing stale).
with fresh as (
    select period_end, rank, article_id, views_gained, views_total, previous_rank
    from {{ ref('period_ranks') }}
),

stored as (
    select period_end, rank, article_id, views_gained, views_total, previous_rank
    from period_ranks
),

final as (
    (select 'stored only' as side, * from (select * from stored except all select * from fresh))
    union all
    (select 'fresh only' as side, * from (select * from fresh except all select * from stored))
)

select * from final
