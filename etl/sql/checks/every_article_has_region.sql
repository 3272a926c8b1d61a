-- Every article is tagged with at least one region (DKI Jakarta when nothing else).
with final as (
    select a.article_id
    from articles as a
    anti join article_regions as r
        on r.article_id = a.article_id
)

select * from final
