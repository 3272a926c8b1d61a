-- One row per author with articles published in the period or a known gain > 0 in it
-- (an author whose articles all gained 0 and who published nothing is left out).
-- Every author of a shared article gets its full gain.
with gains as (
    select * from {{ ref('period_gains') }}
    where is_known
),

credit_rows as (
    select * from {{ ref('stg_article_authors') }}
),

author_rows as (
    select * from {{ ref('stg_authors') }}
),

credits as (
    select
        aa.author_id,
        g.gained,
        g.is_published_in_period
    from gains as g
    join credit_rows as aa
        on aa.article_id = g.article_id
),

per_author as (
    select
        author_id,
        count(*) filter (where is_published_in_period) as articles,
        sum(gained) as views,
        coalesce(sum(gained) filter (where is_published_in_period), 0) as views_new,
        median(gained) filter (where is_published_in_period) as median_views_new
    from credits
    group by author_id
    having count(*) filter (where is_published_in_period) > 0
        or sum(gained) > 0
),

final as (
    select
        au.author_name as author,
        cast(p.articles as bigint) as articles,
        cast(p.views as bigint) as views,
        cast(p.views_new as bigint) as views_new,
        cast(p.median_views_new as double) as median_views_new
    from per_author as p
    join author_rows as au
        on au.author_id = p.author_id
)

select * from final
order by views desc, lower(author) asc, author asc
