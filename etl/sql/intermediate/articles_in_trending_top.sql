-- The wanted_articles input narrowed to the articles of trending_top: computing article_details
-- (list aggregation over every article is the costly part) only for those.
select article_id from {{ input('trending_top', default='trending_top') }}
