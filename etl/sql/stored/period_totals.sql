-- Headline numbers of every period in the period_gains input. active_reporters counts the
-- rows reporters.sql gives for the period.
with all_gains as (
    select * from {{ input('period_gains', default='period_gains_fresh') }}
),

periods as (
    select distinct period_end from all_gains
),

per_period as (
    select
        period_end,
        count(*) filter (where is_published_in_period) as articles_published,
        sum(gained) as views_gained
    from all_gains
    where is_known
    group by period_end
),

reporters as (
    select
        period_end,
        count(*) as active_reporters
    from {{ ref('period_reporters') }}
    group by period_end
),

final as (
    select
        p.period_end,
        cast(coalesce(pp.articles_published, 0) as bigint) as articles_published,
        -- least(): with views bounded at ingest no sum reaches 2^63 (docs/decisions.md, bounds);
        -- it makes the BIGINT cast total even on a database an older Sorot filled
        cast(least(coalesce(pp.views_gained, 0), 9223372036854775807) as bigint) as views_gained,
        cast(coalesce(r.active_reporters, 0) as bigint) as active_reporters
    from periods as p
    left join per_period as pp
        on pp.period_end = p.period_end
    left join reporters as r
        on r.period_end = p.period_end
)

select * from final
