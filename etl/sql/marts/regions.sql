-- The regions report of period $b (SPEC §3): seven rows, always, in the order of the regions.
with per_region as (
    select * from {{ ref('period_regions') }}
    where period_end = $b::date
)

select
    region,
    articles,
    views,
    share_articles
from per_region
order by region_position
