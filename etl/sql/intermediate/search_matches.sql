-- Articles whose title, URL or key contain every word of $words (case-insensitive).
with words as (
    select distinct lower(word) as word
    from (select unnest($words::varchar[]) as word)
    where trim(word) <> ''
),

article_rows as (
    select * from {{ ref('stg_articles') }}
),

final as (
    select a.article_id
    from article_rows as a
    join words as w
        on contains(lower(concat_ws(' ', a.title, a.url, a.article_id)), w.word)
    group by a.article_id
    having count(*) = (select count(*) from words)
)

select * from final
