-- Latest metadata per article (ingest keeps it current: the latest snapshot wins).
with source as (
    select * from articles
),

final as (
    select
        article_id,
        url,
        title,
        published_date,
        category,
        author_ids,     -- byline order; display names in stg_authors
        regions,        -- sorted by name
        latest_snapshot_date
    from source
)

select * from final
