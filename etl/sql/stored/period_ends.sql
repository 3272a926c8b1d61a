-- Every snapshot date b with its period start a (SPEC §2): the latest snapshot date < b,
-- else b - 7 days.
with snapshot_dates as (
    select distinct snapshot_date
    from {{ ref('stg_snapshots') }}
),

with_previous as (
    select
        snapshot_date,
        lag(snapshot_date) over (order by snapshot_date) as previous_snapshot_date
    from snapshot_dates
),

final as (
    select
        snapshot_date as period_end,
        coalesce(previous_snapshot_date, snapshot_date - 7) as period_start,
        previous_snapshot_date is not null as is_start_snapshot
    from with_previous
)

select * from final
