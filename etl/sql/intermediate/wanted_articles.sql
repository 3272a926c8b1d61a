-- The articles article_details describes: all of them unless a caller narrows the set
-- (the wanted_articles input: e.g. articles_in_trending_top.sql, the ranked rows only).
with article_rows as (
    select * from {{ ref('stg_articles') }}
),

final as (
    select article_id
    from article_rows
)

select * from final
