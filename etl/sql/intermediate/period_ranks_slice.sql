-- The trending_top input for an unfiltered stored period: the stored ranking of the period
-- ending at $b cut to $limit rows (null: all), previous_rank included.
select
    rank,
    previous_rank,
    article_id,
    views_gained,
    views_total
from period_ranks
where period_end = $b::date
    and ($limit::bigint is null or rank <= $limit::bigint)
