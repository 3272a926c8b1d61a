-- The articles article_details describes: all of them unless a caller narrows the set
-- (etl.metrics passes an override, e.g. only the ranked rows of a trending list).
with article_rows as (
    select * from {{ ref('stg_articles') }}
),

final as (
    select article_id
    from article_rows
)

select * from final
