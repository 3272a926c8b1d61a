-- The trending ranks cut to $limit rows (null: all).
with ranks as (
    select * from {{ ref('trending_ranks') }}
),

final as (
    select *
    from ranks
    where $limit::bigint is null
        or rank <= $limit::bigint
)

select * from final
