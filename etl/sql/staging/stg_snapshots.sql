-- Snapshots reduced to what the gain rules need.
with source as (
    select * from snapshots
),

final as (
    select
        article_id,
        snapshot_date,
        cast(views as bigint) as views
    from source
)

select * from final
