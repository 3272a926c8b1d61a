-- The regions report for each of the last periods: seven rows per period, read from the
-- period_regions mart (the same counts the regions report shows for each period; a period
-- without a stored row shows zeros).
with periods as (
    select * from {{ ref('recent_periods') }}
),

region_list as (
    select
        unnest($region_order::varchar[]) as region,
        generate_subscripts($region_order::varchar[], 1) as region_position
),

per_region as (
    select r.period_end, r.region, r.articles, r.views
    from period_regions as r
    semi join periods as p
        on p.period_end = r.period_end
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
