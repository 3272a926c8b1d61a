-- The later ingests still in force that built on ingest $ingest_id, latest first: undoing it
-- first would leave them standing on rows that are gone.
with built_on as (
    -- a later file replaced a row this ingest stored (the kept row names them both)
    select replaced_by_ingest_id as later_id
    from replaced_snapshots
    where ingest_id = $ingest_id
    union
    -- a later export moved this saved page's rows to its URL key
    select renamed_by_ingest_id
    from renamed_snapshots
    where ingest_id = $ingest_id
    union
    -- a later saved page took the URL key of an article this ingest stored
    -- (etl.ingest.saved_pages._adopt_known_urls)
    select s.ingest_id
    from snapshots as s
    join ingests as later
        on later.ingest_id = s.ingest_id
    where later.source_kind = 'page'
        and s.ingest_id > $ingest_id
        and s.url is not null
        and s.article_id in (select article_id from snapshots where ingest_id = $ingest_id)
)

select
    i.ingest_id,
    i.file_name
from built_on as b
join ingests as i
    on i.ingest_id = b.later_id
where i.undone_at is null
    and i.ingest_id <> $ingest_id
order by i.ingest_id desc
