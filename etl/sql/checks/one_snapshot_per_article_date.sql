-- An article has at most one snapshot per snapshot date.
with counted as (
    select
        article_id,
        snapshot_date,
        count(*) as snapshots
    from snapshots
    group by article_id, snapshot_date
),

final as (
    select * from counted
    where snapshots > 1
)

select * from final
