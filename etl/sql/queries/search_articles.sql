-- Articles whose title, URL or key contain every word (case-insensitive), most viewed first;
-- `matches` counts them all, also past $limit.
with article_rows as (
    select * from {{ ref('stg_articles') }}
),

snapshot_rows as (
    select * from {{ ref('stg_snapshots') }}
),

matches as (
    select * from {{ ref('search_matches') }}
),

details as (
    select * from {{ ref('article_details') }}
),

final as (
    select
        d.*,
        s.views as views_total,
        count(*) over () as matches  -- all the matches, before the limit (the page says how many)
    from matches as m
    join details as d
        on d.article_id = m.article_id
    join article_rows as a
        on a.article_id = m.article_id
    join snapshot_rows as s
        on s.article_id = a.article_id
        and s.snapshot_date = a.latest_snapshot_date
)

select * from final
order by views_total desc, article_id asc
limit $limit::bigint
