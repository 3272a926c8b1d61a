-- The period's gains for the articles that pass the report filters; a filter is off when
-- its parameter is null. Filters use the latest metadata (SPEC: the latest snapshot wins).
with gains as (
    select * from {{ input('period_gains', default='period_gains_fresh') }}
),

article_rows as (
    select * from {{ ref('stg_articles') }}
),

credit_rows as (
    select * from {{ ref('stg_article_authors') }}
),

region_tags as (
    select * from {{ ref('stg_article_regions') }}
),

-- Same key as ingest builds author_id with: case-folded, whitespace collapsed.
wanted_author as (
    select lower(regexp_replace(trim($author::varchar), '\s+', ' ', 'g')) as author_id
),

final as (
    select g.*
    from gains as g
    join article_rows as a
        on a.article_id = g.article_id
    where ($region::varchar is null or g.article_id in (
            select r.article_id
            from region_tags as r
            where r.region = $region::varchar
        ))
        and ($author::varchar is null or g.article_id in (
            select aa.article_id
            from credit_rows as aa
            join wanted_author as w
                on w.author_id = aa.author_id
        ))
        and ($category::varchar is null or lower(trim(a.category)) = lower(trim($category::varchar)))
        and (not coalesce($published_in_period::boolean, false) or g.is_published_in_period)
)

select * from final
