-- Trending order (SPEC §3): known gain > 0, by gain desc, views_total desc, article key asc,
-- for every period in the gains (one ranking per period_end).
-- Filters are applied before ranking, so a filtered list is ranked 1..n.
with gains as (
    select * from {{ ref('filtered_gains') }}
    where is_known
        and gained > 0
),

final as (
    select
        period_end,
        article_id,
        gained as views_gained,
        views_b as views_total,
        cast(row_number() over (
            partition by period_end
            order by gained desc, views_b desc, article_id asc
        ) as bigint) as rank
    from gains
)

select * from final
