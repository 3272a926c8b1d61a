-- Seven rows, always, in the order of $region_order. An article tagged with two regions
-- counts in both; share_articles divides by the distinct articles published in the period.
with region_list as (
    select
        unnest($region_order::varchar[]) as region,
        generate_subscripts($region_order::varchar[], 1) as region_position
),

gains as (
    select * from {{ ref('period_gains') }}
    where is_known
),

region_tags as (
    select * from {{ ref('stg_article_regions') }}
),

published as (
    select count(*) as articles_published
    from gains
    where is_published_in_period
),

per_region as (
    select
        r.region,
        count(*) filter (where g.is_published_in_period) as articles,
        sum(g.gained) as views
    from gains as g
    join region_tags as r
        on r.article_id = g.article_id
    group by r.region
),

final as (
    select
        l.region,
        cast(coalesce(pr.articles, 0) as bigint) as articles,
        cast(coalesce(pr.views, 0) as bigint) as views,
        case
            when p.articles_published = 0 then 0.0
            else coalesce(pr.articles, 0) / p.articles_published
        end as share_articles,
        l.region_position
    from region_list as l
    cross join published as p
    left join per_region as pr
        on pr.region = l.region
)

select
    region,
    articles,
    views,
    share_articles
from final
order by region_position
