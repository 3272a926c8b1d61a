-- Every byline credit that counts in the reporters report of period (a, b] (SPEC §3), with
-- its article's gain and the author's spelling and when it was seen: what a rollup over
-- several outlets adds up, and takes the median of, per author (etl/metrics/rollup.py).
with gains as (
    select * from {{ input('period_gains', default='period_gains_fresh') }}
    where period_end = $b::date
        and is_known
        and (gained > 0 or is_published_in_period)
),

credit_rows as (
    select * from {{ ref('tagged_authors') }}
),

author_rows as (
    select * from {{ ref('stg_authors') }}
),

final as (
    select
        c.author_id,
        au.author_name as author,
        au.name_seen_on,
        g.article_id,
        g.gained,
        g.is_published_in_period
    from gains as g
    join credit_rows as c
        on c.article_id = g.article_id
    join author_rows as au
        on au.author_id = c.author_id
)

select * from final
