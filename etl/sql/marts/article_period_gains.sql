-- The one place the gain rules of SPEC §2 are written down.
-- Grain: one row per (period, article existing at the period end b).
-- Parameters choose the periods:
--   $b not null: one ad-hoc period ($a, $b] (e.g. --from/--to spanning several weeks);
--   $b null:     every snapshot-date period whose end is >= $since (all when $since is null),
--                which is what refresh_marts materialises into the table of the same name.
with snapshot_rows as (
    select * from {{ ref('stg_snapshots') }}
),

article_rows as (
    select * from {{ ref('stg_articles') }}
),

requested_periods as (
    select
        period_start,
        period_end
    from {{ ref('period_ends') }}
    where $b::date is null
        and ($since::date is null or period_end >= $since::date)

    union all

    select
        $a::date as period_start,
        $b::date as period_end
    where $b::date is not null
),

article_periods as (
    select
        p.period_start,
        p.period_end,
        a.article_id,
        a.published_date
    from requested_periods as p
    cross join article_rows as a
),

-- V(article, b): the latest snapshot dated <= b. The inner join drops articles that do not
-- exist yet at b (no snapshot dated <= b); carrying forward covers missing exports.
views_at_end as (
    select
        ap.*,
        s.views as views_b
    from article_periods as ap
    asof join snapshot_rows as s
        on ap.article_id = s.article_id
        and ap.period_end >= s.snapshot_date
),

views_at_start as (
    select
        e.*,
        s.views as observed_views_a,
        s.snapshot_date is not null as has_snapshot_at_start
    from views_at_end as e
    asof left join snapshot_rows as s
        on e.article_id = s.article_id
        and e.period_start >= s.snapshot_date
),

-- No snapshot dated <= a: an article published after a had 0 views at a; for an older
-- article the gain is unknown (it was first seen late) and stays null.
with_start_views as (
    select
        *,
        case
            when has_snapshot_at_start then observed_views_a
            when published_date > period_start then 0
        end as views_a
    from views_at_start
),

final as (
    select
        period_end,
        period_start,
        article_id,
        published_date,
        views_b,
        views_a,
        -- greatest() would skip a null views_a and give 0; unknown must stay null
        case when views_a is not null then greatest(views_b - views_a, 0) end as gained,
        views_a is not null as is_known,
        published_date > period_start and published_date <= period_end as is_published_in_period
    from with_start_views
)

select * from final
