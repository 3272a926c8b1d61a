-- The views of a new latest period ($a, $b] from the stored slice of the period ending at
-- $a plus the snapshots dated $b, in the shape of period_views.sql: refresh_marts runs
-- gain_rules.sql over it when a load adds a new latest snapshot date (no snapshot dated
-- <= $a changed), so the cost follows one slice and one week's rows, not the history.
--   V(b) = the snapshot dated b, else V(a) carried forward (the stored views_b of a);
--   V(a) = the stored views_b of a; an article with no snapshot <= a is not in that slice
--          (views_a_seen null), and neither is any article when a precedes every snapshot.
with previous_slice as (
    select
        article_id,
        views_b as views_at_a
    from article_period_gains
    where period_end = $a::date
),

new_snapshots as (
    select
        article_id,
        views
    from {{ ref('stg_snapshots') }}
    where snapshot_date = $b::date
),

article_rows as (
    select * from {{ ref('stg_articles') }}
),

existing as (
    select
        coalesce(n.article_id, p.article_id) as article_id,
        coalesce(n.views, p.views_at_a) as views_b,
        p.views_at_a
    from new_snapshots as n
    full outer join previous_slice as p
        on p.article_id = n.article_id
),

final as (
    select
        $b::date as period_end,
        $a::date as period_start,
        e.article_id,
        a.published_date,
        e.views_b,
        e.views_at_a as views_a_seen
    from existing as e
    join article_rows as a
        on a.article_id = e.article_id
)

select * from final
