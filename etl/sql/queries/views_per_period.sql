-- Views gained and articles published per period, for a trend chart.
with periods as (
    select * from {{ ref('recent_periods') }}
),

gains as (
    select g.*
    from article_period_gains as g
    semi join periods as p
        on p.period_end = g.period_end
    where g.is_known
),

per_period as (
    select
        period_end,
        sum(gained) as views_gained,
        count(*) filter (where is_published_in_period) as articles_published
    from gains
    group by period_end
),

final as (
    select
        p.period_end,
        -- least(): with views bounded at ingest no sum reaches 2^63 (docs/decisions.md, bounds);
        -- it makes the BIGINT cast total even on a database an older Sorot filled
        cast(least(coalesce(pp.views_gained, 0), 9223372036854775807) as bigint) as views_gained,
        cast(coalesce(pp.articles_published, 0) as bigint) as articles_published
    from periods as p
    left join per_period as pp
        on pp.period_end = p.period_end
)

select * from final
order by period_end
