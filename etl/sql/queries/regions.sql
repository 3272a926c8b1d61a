-- The regions report of period $b (SPEC §3): seven rows, always, in the order of the regions.
with per_region as (
    select * from {{ input('period_regions', default='period_regions_slice') }}
    where period_end = $b::date
)

select
    region,
    articles,
    views,
    share_articles
from per_region
order by region_position
