-- The wanted_articles input narrowed to the articles of search_matches: computing article_details
-- (list aggregation over every article is the costly part) only for those.
select article_id from {{ ref('search_matches') }}
