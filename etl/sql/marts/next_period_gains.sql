-- The gains of a new latest period ($a, $b] from the stored slice of the period ending at
-- $a plus the snapshots dated $b, with the rules of article_period_gains.sql: what
-- refresh_marts runs when a load adds a new latest snapshot date (no snapshot dated
-- <= $a changed), so the cost follows one slice and one week's rows, not the history.
--   V(b) = the snapshot dated b, else V(a) carried forward (the stored views_b of a);
--   V(a) = the stored views_b of a; an article with no snapshot <= a is not in that slice:
--          0 when published after a, else unknown (null).
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

with_start_views as (
    select
        e.article_id,
        a.published_date,
        e.views_b,
        case
            when e.views_at_a is not null then e.views_at_a
            when a.published_date > $a::date then 0
        end as views_a
    from existing as e
    join article_rows as a
        on a.article_id = e.article_id
),

final as (
    select
        $b::date as period_end,
        $a::date as period_start,
        article_id,
        published_date,
        views_b,
        views_a,
        case when views_a is not null then greatest(views_b - views_a, 0) end as gained,
        views_a is not null as is_known,
        published_date > $a::date and published_date <= $b::date as is_published_in_period
    from with_start_views
)

select * from final
