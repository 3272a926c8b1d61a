-- The period_gains input read from the stored mart: the slice of the period ending at $b,
-- for a report on a stored snapshot-date period (a lookup instead of as-of joins).
select * from article_period_gains
where period_end = $b::date
