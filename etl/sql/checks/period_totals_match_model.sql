-- The stored period_totals table equals a fresh computation of stored/period_totals.sql over a fresh
-- computation of every period's gains (incremental refreshes leave nothing stale).
with fresh as (
    select period_end, articles_published, views_gained, active_reporters
    from {{ ref('period_totals') }}
),

stored as (
    select period_end, articles_published, views_gained, active_reporters
    from period_totals
),

final as (
    (select 'stored only' as side, * from (select * from stored except all select * from fresh))
    union all
    (select 'fresh only' as side, * from (select * from fresh except all select * from stored))
)

select * from final
