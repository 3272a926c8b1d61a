-- A later file for the same (article, snapshot date) replaces the stored row.
delete from snapshots as s
using staged as n
where n.article_id = s.article_id
    and n.snapshot_date = s.snapshot_date;
