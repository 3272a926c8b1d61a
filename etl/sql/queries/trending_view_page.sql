-- One page of trending view $view: $rows rows (null: all) from $offset, in the view's order.
with ranking as (
    select * from {{ ref('trending_in_view') }}
),

final as (
    select *
    from ranking
    where in_view
)

select
    rank,
    previous_rank,
    article_id,
    url,
    title,
    authors,
    published_at,
    category,
    regions,
    views_gained,
    views_total,
    rank_gain
from final
order by view_order desc nulls last, rank
limit coalesce($rows::bigint, 9223372036854775807)
offset $offset::bigint
