-- One author's numbers for each of the last periods (zeros when idle).
with periods as (
    select * from {{ ref('recent_periods') }}
),

credit_rows as (
    select * from {{ ref('stg_article_authors') }}
),

their_articles as (
    select article_id
    from credit_rows
    where author_id = lower(regexp_replace(trim($author::varchar), '\s+', ' ', 'g'))
),

gains as (
    select g.*
    from article_period_gains as g
    semi join periods as p
        on p.period_end = g.period_end
    semi join their_articles as t
        on t.article_id = g.article_id
    where g.is_known
),

per_period as (
    select
        period_end,
        count(*) filter (where is_published_in_period) as articles,
        sum(gained) as views,
        sum(gained) filter (where is_published_in_period) as views_new
    from gains
    group by period_end
),

final as (
    select
        p.period_end,
        cast(coalesce(pp.articles, 0) as bigint) as articles,
        -- least(): with views bounded at ingest no sum reaches 2^63 (docs/decisions.md, bounds);
        -- it makes the BIGINT cast total even on a database an older Sorot filled
        cast(least(coalesce(pp.views, 0), 9223372036854775807) as bigint) as views,
        cast(least(coalesce(pp.views_new, 0), 9223372036854775807) as bigint) as views_new
    from periods as p
    left join per_period as pp
        on pp.period_end = p.period_end
)

select * from final
order by period_end
