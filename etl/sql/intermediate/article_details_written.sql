-- article_details.sql's rows computed per row from written_articles (byline as spelled,
-- regions as tagged) instead of by aggregating the tag tables: the same rows for every
-- article whose spelled author names are all the authors' display names (authors.name).
-- Articles with another spelling are left out, for article_details.sql. A first load of a
-- full archive builds its details this way (no million-group aggregation).
with written as (
    select * from {{ input('written_articles', default='written_articles') }}
),

author_rows as (
    select * from {{ ref('stg_authors') }}
),

-- spellings that are not their author's display name (few or none)
respelled as (
    select coalesce(list(n.name), []::varchar[]) as names
    from (select distinct unnest(authors) as name from written) as n
    join author_rows as au
        on au.author_id = lower(n.name)
    where au.author_name <> n.name
),

final as (
    select
        w.article_id,
        w.url,
        w.title,
        w.authors,
        w.published_date as published_at,
        w.category,
        -- in the order of the seven regions, as article_details.sql sorts them (most
        -- articles have one region: sorting only longer lists saves a quarter second at 1M)
        case when len(w.regions) > 1 then list_transform(
            list_sort(list_transform(
                w.regions,
                lambda region: {'rank': coalesce(list_position($region_order::varchar[], region), 99), 'region': region}
            )),
            lambda tag: tag.region
        ) else w.regions end as regions
    from written as w
    cross join respelled as r
    where not list_has_any(w.authors, r.names)
)

select * from final
