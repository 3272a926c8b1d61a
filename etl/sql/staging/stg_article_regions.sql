with source as (
    select * from article_regions
),

final as (
    select
        article_id,
        region
    from source
)

select * from final
