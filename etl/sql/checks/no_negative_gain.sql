-- Gains below zero count as zero; a known gain is never null, an unknown one always is.
with gains as (
    select * from article_period_gains
),

final as (
    select * from gains
    where gained < 0
        or (is_known and gained is null)
        or (not is_known and gained is not null)
)

select * from final
