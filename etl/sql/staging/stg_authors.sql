-- author_id is the case-folded, whitespace-collapsed name; name is the latest spelling.
with source as (
    select * from authors
),

final as (
    select
        author_id,
        name as author_name,
        name_seen_on
    from source
)

select * from final
