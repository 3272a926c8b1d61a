-- The period_reporters input for a stored period: its slice of the stored mart.
select * from period_reporters
where period_end = $b::date
