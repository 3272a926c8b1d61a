-- The views gained of the standard period ending at $snapshot_date (period_totals, SPEC §2),
-- 0 when that date has no stored period.
select coalesce(max(views_gained), 0)
from period_totals
where period_end = $snapshot_date
