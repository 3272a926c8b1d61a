-- The period_gains input for a period that is not stored (e.g. --from/--to over several
-- weeks), computed from the snapshots, with the stored slice of its previous period (the
-- standard one ending at $a, at $prev_b) for previous_rank and the comparison.
with fresh as (
    select * from {{ ref('article_period_gains') }}
),

previous_slice as (
    select * from article_period_gains
    where period_end = $prev_b::date
),

final as (
    select * from fresh
    union all by name
    select * from previous_slice
)

select * from final
