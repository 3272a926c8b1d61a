-- regions.sql's seven rows for every period in the period_gains input. An article tagged
-- with two regions counts in both; share_articles divides by the distinct articles published
-- in the period (0 when none).
with region_list as (
    select
        unnest($region_order::varchar[]) as region,
        generate_subscripts($region_order::varchar[], 1) as region_position
),

all_gains as (
    select * from {{ input('period_gains', default='period_gains_fresh') }}
),

periods as (
    select distinct period_end from all_gains
),

gains as (
    select *
    from all_gains
    where is_known
        and (gained > 0 or is_published_in_period)
),

region_tags as (
    select * from {{ ref('tagged_regions') }}
),

published as (
    select
        period_end,
        count(*) as articles_published
    from gains
    where is_published_in_period
    group by period_end
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
        cast(l.region_position as bigint) as region_position,
        cast(coalesce(pr.articles, 0) as bigint) as articles,
        -- least(): with views bounded at ingest no sum reaches 2^63 (docs/decisions.md, bounds);
        -- it makes the BIGINT cast total even on a database an older Sorot filled
        cast(least(coalesce(pr.views, 0), 9223372036854775807) as bigint) as views,
        cast(case
            when coalesce(pub.articles_published, 0) = 0 then 0.0
            else coalesce(pr.articles, 0) / pub.articles_published
        end as double) as share_articles
    from periods as p
    cross join region_list as l
    left join published as pub
        on pub.period_end = p.period_end
    left join per_region as pr
        on pr.period_end = p.period_end
        and pr.region = l.region
)

select * from final
