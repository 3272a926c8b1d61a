-- The wanted_articles input after a first load wrote most article_details rows per row: the
-- articles still without a row.
select a.article_id
from articles as a
anti join article_details as d
    on d.article_id = a.article_id
