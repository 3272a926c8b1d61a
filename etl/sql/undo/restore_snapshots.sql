-- Take back what ingest $ingest_id stored and put back what it removed (migration 004 says
-- where each kept row comes from). The articles whose rows change are left in `touched`,
-- for load/latest_from_snapshots.sql.
create or replace temp table touched as
select article_id from snapshots where ingest_id = $ingest_id
union
select article_id from replaced_snapshots where replaced_by_ingest_id = $ingest_id
union
select old_article_id from renamed_snapshots where renamed_by_ingest_id = $ingest_id
union
select new_article_id from renamed_snapshots where renamed_by_ingest_id = $ingest_id;

delete from snapshots where ingest_id = $ingest_id;

insert into snapshots by name
select * exclude (replaced_by_ingest_id)
from replaced_snapshots
where replaced_by_ingest_id = $ingest_id;

-- after the restore: a page's row the export both moved and then replaced comes back under
-- the URL key first, then moves back with the others
update snapshots as s
set article_id = r.old_article_id
from renamed_snapshots as r
where r.renamed_by_ingest_id = $ingest_id
    and s.article_id = r.new_article_id
    and s.snapshot_date = r.snapshot_date
    and s.ingest_id = r.ingest_id;

delete from replaced_snapshots where replaced_by_ingest_id = $ingest_id;
delete from renamed_snapshots where renamed_by_ingest_id = $ingest_id;
delete from rejects where ingest_id = $ingest_id;
delete from ingest_warnings where ingest_id = $ingest_id;
