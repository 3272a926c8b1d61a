-- The period_regions input for a stored period: its slice of the stored mart.
select * from period_regions
where period_end = $b::date
