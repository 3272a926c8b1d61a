-- The stored period_regions table equals a fresh computation of stored/period_regions.sql over a fresh
-- computation of every period's gains (incremental refreshes leave nothing stale).
with fresh as (
    select period_end, region, region_position, articles, views, share_articles
    from {{ ref('period_regions') }}
),

stored as (
    select period_end, region, region_position, articles, views, share_articles
    from period_regions
),

final as (
    (select 'stored only' as side, * from (select * from stored except all select * from fresh))
    union all
    (select 'fresh only' as side, * from (select * from fresh except all select * from stored))
)

select * from final
