-- Write the latest metadata of the articles in the temp view `rewritten` (the rows of `latest`,
-- one per touched article with first_snapshot_date, that are new or changed), after
-- latest_from_*.sql removed their old rows. The byline becomes author ids (the display names:
-- load/write_author_names.sql); split_byline already dropped repeated names and the gazetteer
-- repeated regions, so every list holds each value once.
insert into articles by name
select
    article_id,
    url,
    title,
    published_at,
    published_date,
    category,
    photographer,
    first_snapshot_date,
    snapshot_date as latest_snapshot_date,
    list_transform(authors, lambda name: lower(name)) as author_ids,
    -- most articles have one region: sorting only longer lists
    case when len(regions) > 1 then list_sort(regions) else regions end as regions
from rewritten;
