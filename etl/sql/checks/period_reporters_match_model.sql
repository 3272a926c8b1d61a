-- The stored period_reporters table equals a fresh computation of stored/period_reporters.sql over a fresh
-- computation of every period's gains (incremental refreshes leave nothing stale).
with fresh as (
    select period_end, author_id, articles, views, views_new, median_views_new
    from {{ ref('period_reporters') }}
),

stored as (
    select period_end, author_id, articles, views, views_new, median_views_new
    from period_reporters
),

final as (
    (select 'stored only' as side, * from (select * from stored except all select * from fresh))
    union all
    (select 'fresh only' as side, * from (select * from fresh except all select * from stored))
)

select * from final
