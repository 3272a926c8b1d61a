-- One article's metadata as its latest snapshot has it (SPEC §1: the latest snapshot wins).
select
    article_id,
    url,
    title,
    authors,
    published_date as published_at,
    category,
    regions
from snapshots
where article_id = $article_id
order by snapshot_date desc
limit 1
