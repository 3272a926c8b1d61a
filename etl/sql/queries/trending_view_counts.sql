-- The sizes behind one trending view: the whole ranking, its evergreen rows (published
-- before $cut) and the rows in view $view.
with ranking as (
    select * from {{ ref('trending_in_view') }}
),

final as (
    select
        count(*) as ranked,
        count(*) filter (where published_at < $cut::date) as evergreen,
        count(*) filter (where in_view) as shown
    from ranking
)

select * from final
