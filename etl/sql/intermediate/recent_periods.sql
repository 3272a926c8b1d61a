-- The last $periods snapshot-date periods ending on or before $end (materialised mart).
with numbered as (
    select
        period_end,
        period_start,
        row_number() over (order by period_end desc) as recency
    from period_ends
    where period_end <= $end::date
),

final as (
    select
        period_end,
        period_start
    from numbered
    where recency <= $periods::bigint
)

select * from final
