-- The filtered gains that count in a period: known and (gained > 0 or published in it).
with gains as (
    select * from {{ ref('filtered_gains') }}
),

final as (
    select *
    from gains
    where is_known
        and (gained > 0 or is_published_in_period)
)

select * from final
