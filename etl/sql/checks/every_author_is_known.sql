-- Every byline entry points at an author with a display name.
with credits as (
    select * from {{ ref('stg_article_authors') }}
),

final as (
    select c.*
    from credits as c
    anti join authors as a
        on a.author_id = c.author_id
)

select * from final
