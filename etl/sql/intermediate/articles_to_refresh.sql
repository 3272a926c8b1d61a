-- The wanted_articles input of an incremental refresh: the articles etl/db/marts.py found
-- touched or respelled (temp table mart_details_wanted).
select article_id from mart_details_wanted
