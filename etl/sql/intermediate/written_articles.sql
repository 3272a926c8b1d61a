-- The latest snapshot row of each article (url, title, publish dates, category, byline as
-- spelled, regions), which is what `articles` and the tag tables were written from.
-- The default of article_details_written.sql's written_articles input; a load chooses the
-- rows it has just written instead (rewritten_articles.sql).
with article_rows as (
    select * from {{ ref('stg_articles') }}
),

snapshot_rows as (
    select * from snapshots  -- all columns: stg_snapshots keeps only what the gain rules need
),

final as (
    select s.*
    from snapshot_rows as s
    join article_rows as a
        on a.article_id = s.article_id
        and a.latest_snapshot_date = s.snapshot_date
)

select * from final
