-- reporters.sql's numbers for every period in the period_gains input, keyed by author_id
-- (the display name is looked up when reporting, so a new spelling changes no stored row).
-- One row per author with articles published in the period or a known gain > 0 in it.
-- Every author of a shared article gets its full gain.
with gains as (
    select * from {{ input('period_gains', default='period_gains_fresh') }}
    where is_known
        and (gained > 0 or is_published_in_period)
),

credit_rows as (
    select * from {{ ref('tagged_authors') }}
),

credits as (
    select
        g.period_end,
        aa.author_id,
        g.gained,
        g.is_published_in_period
    from gains as g
    join credit_rows as aa
        on aa.article_id = g.article_id
),

final as (
    select
        period_end,
        author_id,
        cast(count(*) filter (where is_published_in_period) as bigint) as articles,
        -- least(): with views bounded at ingest no sum reaches 2^63 (docs/decisions.md, bounds);
        -- it makes the BIGINT cast total even on a database an older Sorot filled
        cast(least(sum(gained), 9223372036854775807) as bigint) as views,
        cast(least(coalesce(sum(gained) filter (where is_published_in_period), 0), 9223372036854775807) as bigint) as views_new,
        cast(median(gained) filter (where is_published_in_period) as double) as median_views_new
    from credits
    group by period_end, author_id
    having count(*) filter (where is_published_in_period) > 0
        or sum(gained) > 0
)

select * from final
