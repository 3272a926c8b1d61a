-- Every article is tagged with at least one region (DKI Jakarta when nothing else).
with final as (
    select article_id
    from articles
    where len(regions) = 0
)

select * from final
