-- The ranks period_ranks looks previous_rank up in (callers point it at the stored table
-- or at a fresh computation).
select period_end, article_id, rank from {{ ref('trending_ranks') }}
