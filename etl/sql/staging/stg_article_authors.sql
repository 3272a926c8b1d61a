-- Article -> author credits, one row each, from the byline list of `articles` (byline order).
with source as (
    select * from articles
),

final as (
    select
        article_id,
        unnest(author_ids) as author_id,
        cast(generate_subscripts(author_ids, 1) as integer) as author_position
    from source
)

select * from final
