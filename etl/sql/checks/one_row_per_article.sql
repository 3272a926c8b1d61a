-- articles has no primary key (its index is costly at large loads): ingest deletes the
-- rows it rewrites, and this proves no article ends up twice.
select
    article_id,
    count(*) as row_count
from articles
group by article_id
having count(*) > 1
