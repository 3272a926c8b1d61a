-- Article -> author credits the per-period marts count with.
select article_id, author_id from {{ ref('stg_article_authors') }}
