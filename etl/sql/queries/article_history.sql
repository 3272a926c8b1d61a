-- One article across every period end it exists at: V(b) carried forward, and the gain
-- (null when unknown).
with gains as (
    select *
    from article_period_gains
    where article_id = $article_id::varchar
),

final as (
    select
        period_end as snapshot_date,
        views_b as views,
        gained
    from gains
)

select * from final
order by snapshot_date
