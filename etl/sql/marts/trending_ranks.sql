-- Trending order (SPEC §3): known gain > 0, by gain desc, views_total desc, article key asc.
-- Filters are applied before ranking, so a filtered list is ranked 1..n.
with gains as (
    select * from {{ ref('filtered_gains') }}
    where is_known
        and gained > 0
),

final as (
    select
        article_id,
        gained as views_gained,
        views_b as views_total,
        cast(row_number() over (
            order by gained desc, views_b desc, article_id asc
        ) as bigint) as rank
    from gains
)

select * from final
order by rank
