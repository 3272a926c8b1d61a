-- Article -> region tags, one row each, from the region list of `articles`.
with source as (
    select * from articles
),

final as (
    select
        article_id,
        unnest(regions) as region
    from source
)

select * from final
