-- Trending articles of one period with previous_rank and their latest metadata.
with ranks as (
    select * from {{ ref('trending_top') }}
),

details as (
    select * from {{ ref('article_details') }}
),

final as (
    select
        r.rank,
        r.previous_rank,
        d.article_id,
        d.url,
        d.title,
        d.authors,
        d.published_at,
        d.category,
        d.regions,
        r.views_gained,
        r.views_total
    from ranks as r
    join details as d
        on d.article_id = r.article_id
)

select * from final
order by rank
