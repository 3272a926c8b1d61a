-- The period_gains input computed from the snapshots (article_period_gains.sql): every
-- snapshot-date period from $since on, or the one period ($a, $b] when $b is given. The
-- default, so the per-period models and the checks compute what the marts must hold.
select * from {{ ref('article_period_gains') }}
