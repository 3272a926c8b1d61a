-- The trending ranking with the dashboard's three views of it marked. This file is the one
-- place the movers rule lives: rank_gain is the places climbed since the previous period
-- (negative: fell; null: not ranked before), and a mover is a row with rank_gain > 0.
-- in_view says whether a row is in view $view, view_order sorts the view as it is shown:
--   ranking:   every row, by rank;
--   movers:    rows that climbed, most places first, ties by the better rank;
--   evergreen: rows published before $cut (the period end minus the evergreen age), by rank.
with ranking as (
    select * from {{ ref('trending') }}
),

gains as (
    select *, previous_rank - rank as rank_gain
    from ranking
),

final as (
    select
        *,
        case $view::varchar
            when 'movers' then coalesce(rank_gain > 0, false)
            when 'evergreen' then coalesce(published_at < $cut::date, false)
            else true
        end as in_view,
        case when $view::varchar = 'movers' then rank_gain end as view_order
    from gains
)

select * from final
