-- The headline totals of period $b and of its previous period (ending at $prev_b; null when
-- there is none), for the overview's comparison.
with totals as (
    select * from {{ input('period_totals', default='period_totals_slices') }}
),

final as (
    select *
    from totals
    where period_end in ($b::date, $prev_b::date)
)

select * from final
