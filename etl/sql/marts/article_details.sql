-- Latest metadata of each article with its authors (byline order, latest spelling) and
-- regions (in the order of the seven regions) as lists, for the articles in
-- {{ ref('wanted_articles') }} only (callers narrow it: list aggregation is the costly part).
with wanted as (
    select distinct article_id from {{ ref('wanted_articles') }}
),

article_rows as (
    select a.*
    from {{ ref('stg_articles') }} as a
    semi join wanted as w
        on w.article_id = a.article_id
),

credit_rows as (
    select c.*
    from {{ ref('stg_article_authors') }} as c
    semi join wanted as w
        on w.article_id = c.article_id
),

author_rows as (
    select * from {{ ref('stg_authors') }}
),

region_tags as (
    select r.*
    from {{ ref('stg_article_regions') }} as r
    semi join wanted as w
        on w.article_id = r.article_id
),

authors_per_article as (
    select
        aa.article_id,
        list(au.author_name order by aa.author_position, au.author_name) as authors
    from credit_rows as aa
    join author_rows as au
        on au.author_id = aa.author_id
    group by aa.article_id
),

regions_per_article as (
    select
        article_id,
        list(region order by coalesce(list_position($region_order::varchar[], region), 99), region) as regions
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
