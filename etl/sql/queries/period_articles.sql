-- Articles that count in one period (known gain > 0, or published in it), filtered, with
-- their latest metadata: what a reporter's or a region's page lists.
with gains as (
    select * from {{ ref('counted_gains') }}
),

details as (
    select * from {{ ref('article_details') }}
),

final as (
    select
        d.article_id,
        d.url,
        d.title,
        d.authors,
        d.published_at,
        d.category,
        d.regions,
        g.gained as views_gained,
        g.views_b as views_total,
        g.is_published_in_period
    from gains as g
    join details as d
        on d.article_id = g.article_id
)

select * from final
order by views_gained desc, views_total desc, article_id asc
