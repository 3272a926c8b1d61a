-- The regions report for each of the last periods: seven rows per period.
with periods as (
    select * from {{ ref('recent_periods') }}
),

region_list as (
    select
        unnest($region_order::varchar[]) as region,
        generate_subscripts($region_order::varchar[], 1) as region_position
),

region_tags as (
    select * from {{ ref('stg_article_regions') }}
),

gains as (
    select g.*
    from article_period_gains as g
    semi join periods as p
        on p.period_end = g.period_end
    where g.is_known
),

per_region as (
    select
        g.period_end,
        r.region,
        count(*) filter (where g.is_published_in_period) as articles,
        sum(g.gained) as views
    from gains as g
    join region_tags as r
        on r.article_id = g.article_id
    group by g.period_end, r.region
),

final as (
    select
        p.period_end,
        l.region,
        cast(coalesce(pr.articles, 0) as bigint) as articles,
        cast(coalesce(pr.views, 0) as bigint) as views,
        l.region_position
    from periods as p
    cross join region_list as l
    left join per_region as pr
        on pr.period_end = p.period_end
        and pr.region = l.region
)

select
    period_end,
    region,
    articles,
    views
from final
order by period_end, region_position
