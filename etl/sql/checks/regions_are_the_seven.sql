-- Region tags are one of the seven canonical names.
with tags as (
    select * from {{ ref('stg_article_regions') }}
),

final as (
    select * from tags
    where not list_contains($region_order::varchar[], region)
)

select * from final
