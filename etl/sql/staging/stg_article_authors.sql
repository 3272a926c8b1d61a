with source as (
    select * from article_authors
),

final as (
    select
        article_id,
        author_id,
        cast(position as integer) as author_position
    from source
)

select * from final
