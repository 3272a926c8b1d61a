-- Every article in the metadata table has snapshots, and every snapshot has its article.
with missing_snapshots as (
    select a.article_id
    from articles as a
    anti join snapshots as s
        on s.article_id = a.article_id
),

missing_articles as (
    select distinct s.article_id
    from snapshots as s
    anti join articles as a
        on a.article_id = s.article_id
),

final as (
    select * from missing_snapshots
    union all
    select * from missing_articles
)

select * from final
