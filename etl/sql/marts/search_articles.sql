-- Articles whose title, URL or key contain every word (case-insensitive), most viewed first.
with words as (
    select distinct lower(word) as word
    from (select unnest($words::varchar[]) as word)
    where trim(word) <> ''
),

article_rows as (
    select * from {{ ref('stg_articles') }}
),

snapshot_rows as (
    select * from {{ ref('stg_snapshots') }}
),

details as (
    select * from {{ ref('article_details') }}
),

matches as (
    select a.article_id
    from article_rows as a
    join words as w
        on contains(lower(concat_ws(' ', a.title, a.url, a.article_id)), w.word)
    group by a.article_id
    having count(*) = (select count(*) from words)
),

final as (
    select
        d.*,
        s.views as views_total
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
