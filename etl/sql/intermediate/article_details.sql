-- Latest metadata of each article with its authors (byline order, display names) and regions
-- (in the order of the seven regions) as lists, for the articles in wanted_articles. Callers
-- narrow wanted_articles to the rows they list (a trending page, a reporter's articles):
-- `articles` is read by key and the names are joined for those rows only, so a respelled
-- author changes every list at once without rewriting a row.
with article_rows as (
    select * from {{ input('detail_articles', default='detail_articles') }}
),

author_rows as (
    select * from {{ ref('stg_authors') }}
),

credits as (
    select
        article_id,
        unnest(author_ids) as author_id,
        generate_subscripts(author_ids, 1) as author_position
    from article_rows
),

authors_per_article as (
    select
        c.article_id,
        -- sorting a list of (position, name) structs is several times faster than an
        -- ordered aggregate at a million articles
        list_transform(
            list_sort(list({'position': c.author_position, 'name': au.author_name})),
            lambda credit: credit.name
        ) as authors
    from credits as c
    join author_rows as au
        on au.author_id = c.author_id
    group by c.article_id
),

final as (
    select
        a.article_id,
        a.url,
        a.title,
        coalesce(ap.authors, []::varchar[]) as authors,
        a.published_date as published_at,
        a.category,
        -- most articles have one region: sorting only longer lists
        case when len(a.regions) > 1 then list_transform(
            list_sort(list_transform(
                a.regions,
                lambda region: {'rank': coalesce(list_position($region_order::varchar[], region), 99), 'region': region}
            )),
            lambda tag: tag.region
        ) else a.regions end as regions
    from article_rows as a
    left join authors_per_article as ap
        on ap.article_id = a.article_id
)

select * from final
