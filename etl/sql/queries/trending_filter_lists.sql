-- The reporters and categories of a trending ranking (the page's filter lists, unsorted),
-- and how many rows have no details (a mart missing rows: etl.metrics then computes them).
with ranking as (
    select * from {{ ref('trending') }}
),

credited as (
    select unnest(authors) as author
    from ranking
),

final as (
    select
        (select count(*) from ranking where title is null) as missing,
        (select list(distinct author) from credited where author is not null) as reporters,
        (select list(distinct category) from ranking where category is not null and category <> '') as categories
)

select * from final
