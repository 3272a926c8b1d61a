-- V(b) and V(a) of every (period, article existing at the period end b), from the
-- snapshots with as-of joins: the input of gain_rules.sql for article_period_gains.sql.
-- views_a_seen is V(a) from the latest snapshot dated <= a, null when there is none.
-- Parameters choose the periods:
--   $b not null: one ad-hoc period ($a, $b] (e.g. --from/--to spanning several weeks);
--   $b null:     every snapshot-date period whose end is >= $since (all when $since is null),
--                which is what refresh_marts materialises into article_period_gains.
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
        s.views as views_a_seen
    from views_at_end as e
    asof left join snapshot_rows as s
        on e.article_id = s.article_id
        and e.period_start >= s.snapshot_date
),

final as (
    select
        period_end,
        period_start,
        article_id,
        published_date,
        views_b,
        views_a_seen
    from views_at_start
)

select * from final
