-- The author spellings article_details is computed with (see mart_author_names.table.sql).
with author_rows as (
    select * from {{ ref('stg_authors') }}
),

final as (
    select
        author_id,
        author_name as name
    from author_rows
)

select * from final
