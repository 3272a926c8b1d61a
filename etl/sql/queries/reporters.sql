-- The reporters report of period $b (SPEC §3), from the per-period numbers.
with per_author as (
    select * from {{ input('period_reporters', default='period_reporters_slice') }}
    where period_end = $b::date
),

author_rows as (
    select * from {{ ref('stg_authors') }}
),

final as (
    select
        au.author_name as author,
        p.articles,
        p.views,
        p.views_new,
        p.median_views_new
    from per_author as p
    join author_rows as au
        on au.author_id = p.author_id
)

select * from final
order by views desc, lower(author) asc, author asc
