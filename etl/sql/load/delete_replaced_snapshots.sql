-- A later file for the same (article, snapshot date) replaces the stored row; the row is
-- kept in replaced_snapshots with the ingest that replaced it, for `sorot undo`.
insert into replaced_snapshots by name
select
    s.*,
    $ingest_id as replaced_by_ingest_id
from snapshots as s
semi join staged as n
    on n.article_id = s.article_id
    and n.snapshot_date = s.snapshot_date;

delete from snapshots as s
using staged as n
where n.article_id = s.article_id
    and n.snapshot_date = s.snapshot_date;
