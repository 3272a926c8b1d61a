-- Article -> region tags the per-period marts count with.
select article_id, region from {{ ref('stg_article_regions') }}
