-- A later file for the same (article, snapshot date) replaces the stored row.
delete from snapshots as s
using staged as n
where n.article_id = s.article_id
    and n.snapshot_date = s.snapshot_date;

insert into snapshots
select
    article_id,
    snapshot_date,
    views,
    url,
    title,
    published_at,
    published_date,
    category,
    photographer,
    authors,
    regions,
    $ingest_id as ingest_id
from staged;
