-- The stg_article_authors rows of the articles article_details describes: those in wanted_articles.
select c.*
from {{ ref('stg_article_authors') }} as c
semi join (select distinct article_id from {{ input('wanted_articles', default='wanted_articles') }}) as w
    on w.article_id = c.article_id
