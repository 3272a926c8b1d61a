-- The article_details input of a trending list: the stored rows of the ranked articles,
-- read by key (title is never null there, so a null title in the list means the mart is
-- missing rows, and etl.metrics then computes the details model instead).
select d.*
from article_details as d
semi join {{ input('trending_top', default='trending_top') }} as t
    on t.article_id = d.article_id
