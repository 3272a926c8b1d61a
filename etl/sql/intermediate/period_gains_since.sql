-- The period_gains input of a refresh (etl/db/marts.py): the stored gains of every period
-- ending on or after $since (all when null), just refreshed, so the per-period marts are
-- computed from them instead of from the snapshots again.
select * from article_period_gains
where $since::date is null
    or period_end >= $since::date
