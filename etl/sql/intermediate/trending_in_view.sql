-- The trending ranking with the dashboard's three views of it marked: in_view says whether
-- a row is in view $view, view_order sorts the view as the page shows it.
--   ranking:   every row, by rank;
--   movers:    rows that climbed (previous_rank - rank > 0), most places first, then rank;
--   evergreen: rows published before $cut (the period end minus the evergreen age), by rank.
with ranking as (
    select * from {{ ref('trending') }}
),

final as (
    select
        *,
        case $view::varchar
            when 'movers' then coalesce(previous_rank - rank > 0, false)
            when 'evergreen' then coalesce(published_at < $cut::date, false)
            else true
        end as in_view,
        case when $view::varchar = 'movers' then previous_rank - rank end as places_climbed
    from ranking
)

select * from final
