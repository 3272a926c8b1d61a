-- The sizes behind one trending view: the whole ranking, its evergreen rows (published
-- before $cut), the rows in view $view, and rows without details (a mart missing rows:
-- etl.metrics then computes the details model instead).
with ranking as (
    select * from {{ ref('trending_in_view') }}
),

final as (
    select
        count(*) as ranked,
        count(*) filter (where published_at < $cut::date) as evergreen,
        count(*) filter (where in_view) as shown,
        count(*) filter (where title is null) as missing
    from ranking
)

select * from final
