-- The materialised article_period_gains table equals a fresh computation of its model for
-- every snapshot-date period (incremental refreshes leave nothing stale).
with fresh as (
    select * from {{ ref('article_period_gains') }}
),

stored as (
    select
        period_end,
        period_start,
        article_id,
        published_date,
        views_b,
        views_a,
        gained,
        is_known,
        is_published_in_period
    from article_period_gains
),

final as (
    (select 'stored only' as side, * from (select * from stored except all select * from fresh))
    union all
    (select 'fresh only' as side, * from (select * from fresh except all select * from stored))
)

select * from final
