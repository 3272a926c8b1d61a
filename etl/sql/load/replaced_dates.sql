-- The stored snapshot dates this file writes into: per date, how many rows are stored for it
-- and how many of those this file replaces (same article), with the views gained of the
-- standard period ending there (period_totals; SPEC §2), before anything is deleted.
select
    s.snapshot_date,
    count(*) as rows_stored,
    count(*) filter (where s.article_id in (
        select n.article_id from staged as n where n.snapshot_date = s.snapshot_date
    )) as rows_replaced,
    coalesce(max(t.views_gained), 0) as views_gained
from snapshots as s
left join period_totals as t
    on t.period_end = s.snapshot_date
where s.snapshot_date in (select distinct snapshot_date from staged)
group by s.snapshot_date
order by s.snapshot_date
