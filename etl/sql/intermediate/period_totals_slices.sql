-- The period_totals input for a stored period: the stored totals of it and of its previous
-- period (ending at $prev_b).
select * from period_totals
where period_end in ($b::date, $prev_b::date)
