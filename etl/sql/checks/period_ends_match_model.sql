-- The materialised period_ends table equals a fresh computation.
with fresh as (
    select * from {{ ref('period_ends') }}
),

stored as (
    select
        period_end,
        period_start,
        is_start_snapshot
    from period_ends
),

final as (
    (select 'stored only' as side, * from (select * from stored except all select * from fresh))
    union all
    (select 'fresh only' as side, * from (select * from fresh except all select * from stored))
)

select * from final
