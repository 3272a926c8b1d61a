-- The stg_articles rows of the articles article_details describes: those in wanted_articles.
select a.*
from {{ ref('stg_articles') }} as a
semi join (select distinct article_id from {{ input('wanted_articles', default='wanted_articles') }}) as w
    on w.article_id = a.article_id
