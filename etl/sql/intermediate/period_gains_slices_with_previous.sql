-- The period_gains input for a stored period and its previous one (ending at $prev_b; null
-- when there is none): two stored slices, so current and previous ranks come in one query.
select * from article_period_gains
where period_end in ($b::date, $prev_b::date)
