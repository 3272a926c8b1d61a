-- Snapshots reduced to what the gain rules need.
-- A count past the ingest bound (etl.newsroom.cells.MAX_VIEWS = 10^12) is left out, as if its
-- row had been rejected: only an older Sorot stored one, and with every V bounded a period's
-- sum is at most 10^12 per article (docs/decisions.md, "Hardening (issue #15): bounds").
with source as (
    select * from snapshots
    where views <= 1000000000000
),

final as (
    select
        article_id,
        snapshot_date,
        cast(views as bigint) as views
    from source
)

select * from final
