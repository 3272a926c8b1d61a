-- Trending articles of one period with previous_rank and their latest metadata.
with ranks as (
    select * from {{ input('trending_top', default='trending_top') }}
),

details as (
    select * from {{ input('article_details', default='article_details') }}
),

final as (
    select
        r.rank,
        r.previous_rank,
        r.article_id,
        d.url,
        d.title,
        d.authors,
        d.published_at,
        d.category,
        d.regions,
        r.views_gained,
        r.views_total
    from ranks as r
    left join details as d  -- every ranked article has details (left: a missing row shows)
        on d.article_id = r.article_id
)

select * from final
order by rank
