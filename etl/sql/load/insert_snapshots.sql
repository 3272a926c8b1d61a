-- The staged rows of this load become snapshots.
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
