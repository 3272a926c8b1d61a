-- The reporters and categories of a trending ranking (the page's filter lists, unsorted).
with ranking as (
    select * from {{ ref('trending') }}
),

credited as (
    select unnest(authors) as author
    from ranking
),

final as (
    select
        (select list(distinct author) from credited where author is not null) as reporters,
        (select list(distinct category) from ranking where category is not null and category <> '') as categories
)

select * from final
