-- The gains of every requested period (SPEC §2): gain_rules.sql over the as-of views of
-- period_views.sql (see there for the parameters $a, $b, $since).
-- Grain: one row per (period, article existing at the period end b).
select * from {{ ref('gain_rules') }}
