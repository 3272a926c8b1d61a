-- How many stored snapshots this file replaces (same article, same snapshot date).
select count(*)
from snapshots as s
semi join staged as n
    on n.article_id = s.article_id
    and n.snapshot_date = s.snapshot_date
