-- The stored article_details table equals a fresh computation of stored/article_details.sql
-- for every article (incremental refreshes leave no stale title, byline, spelling or tag).
with fresh as (
    select article_id, url, title, authors, published_at, category, regions
    from {{ ref('article_details') }}
),

stored as (
    select article_id, url, title, authors, published_at, category, regions
    from article_details
),

final as (
    (select 'stored only' as side, * from (select * from stored except all select * from fresh))
    union all
    (select 'fresh only' as side, * from (select * from fresh except all select * from stored))
)

select * from final
