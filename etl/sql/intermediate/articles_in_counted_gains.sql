-- The wanted_articles input narrowed to the articles of counted_gains: computing article_details
-- (list aggregation over every article is the costly part) only for those.
select article_id from {{ ref('counted_gains') }}
