-- Move the snapshots of the title-keyed articles in title_key_merges to their URL key
-- (load/merge_title_keyed.sql). What this removes or moves is kept for `sorot undo`
-- (replaced_snapshots, renamed_snapshots).

-- Where both keys have a snapshot on the same date, the export's (URL-keyed) one wins.
create or replace temp table merge_dropped as
select s.*
from snapshots as s
join title_key_merges as m
    on s.article_id = m.old_id
where exists (
    select 1
    from snapshots as u
    where u.article_id = m.new_id
        and u.snapshot_date = s.snapshot_date
);

insert into replaced_snapshots by name
select
    *,
    $ingest_id as replaced_by_ingest_id
from merge_dropped;

delete from snapshots as s
using merge_dropped as d
where s.article_id = d.article_id
    and s.snapshot_date = d.snapshot_date;

insert into renamed_snapshots
select
    $ingest_id as renamed_by_ingest_id,
    s.article_id as old_article_id,
    m.new_id as new_article_id,
    s.snapshot_date,
    s.ingest_id
from snapshots as s
join title_key_merges as m
    on s.article_id = m.old_id;

update snapshots as s
set article_id = m.new_id
from title_key_merges as m
where s.article_id = m.old_id;

delete from articles where article_id in (select old_id from title_key_merges);
