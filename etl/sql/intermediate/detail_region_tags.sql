-- The stg_article_regions rows of the articles article_details describes: those in wanted_articles.
select r.*
from {{ ref('stg_article_regions') }} as r
semi join (select distinct article_id from {{ input('wanted_articles', default='wanted_articles') }}) as w
    on w.article_id = r.article_id
