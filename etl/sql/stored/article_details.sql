-- Latest metadata of each article with its authors (byline order, latest spelling) and
-- regions (in the order of the seven regions) as lists, for the articles in wanted_articles
-- (the detail_* inputs; callers narrow wanted_articles: list aggregation is the costly
-- part). A full rebuild chooses the whole staging tables for the detail_* inputs
-- (etl/db/marts.py EVERY_ARTICLE_DETAIL), which spares three semi joins over every article.
with article_rows as (
    select * from {{ input('detail_articles', default='detail_articles') }}
),

credit_rows as (
    select * from {{ input('detail_credits', default='detail_credits') }}
),

author_rows as (
    select * from {{ ref('stg_authors') }}
),

region_tags as (
    select * from {{ input('detail_region_tags', default='detail_region_tags') }}
),

authors_per_article as (
    select
        aa.article_id,
        -- sorting a list of (position, name) structs is several times faster than an
        -- ordered aggregate at a million articles
        list_transform(
            list_sort(list({'position': aa.author_position, 'name': au.author_name})),
            lambda credit: credit.name
        ) as authors
    from credit_rows as aa
    join author_rows as au
        on au.author_id = aa.author_id
    group by aa.article_id
),

regions_per_article as (
    select
        article_id,
        list_transform(
            list_sort(list({'rank': coalesce(list_position($region_order::varchar[], region), 99), 'region': region})),
            lambda tag: tag.region
        ) as regions
    from region_tags
    group by article_id
),

final as (
    select
        a.article_id,
        a.url,
        a.title,
        coalesce(ap.authors, []::varchar[]) as authors,
        a.published_date as published_at,
        a.category,
        coalesce(rp.regions, []::varchar[]) as regions
    from article_rows as a
    left join authors_per_article as ap
        on ap.article_id = a.article_id
    left join regions_per_article as rp
        on rp.article_id = a.article_id
)

select * from final
