-- Headline numbers of one period. active_reporters counts the rows reporters.sql would give.
with gains as (
    select * from {{ ref('period_gains') }}
    where is_known
),

credit_rows as (
    select * from {{ ref('stg_article_authors') }}
),

active_authors as (
    select aa.author_id
    from gains as g
    join credit_rows as aa
        on aa.article_id = g.article_id
    group by aa.author_id
    having bool_or(g.is_published_in_period)
        or sum(g.gained) > 0
),

final as (
    select
        cast((select count(*) from gains where is_published_in_period) as bigint) as articles_published,
        cast((select coalesce(sum(gained), 0) from gains) as bigint) as views_gained,
        cast((select count(*) from active_authors) as bigint) as active_reporters
)

select * from final
