-- Write the latest metadata of the articles in the temp view `rewritten` (the rows of `latest`,
-- one per touched article with first_snapshot_date, that are new or changed), after
-- latest_from_*.sql removed their old rows. The authors' display names: load/write_author_names.sql.
insert into articles
select
    article_id,
    url,
    title,
    published_at,
    published_date,
    category,
    photographer,
    first_snapshot_date,
    snapshot_date as latest_snapshot_date
from rewritten;

-- split_byline already dropped repeated names and the gazetteer repeated regions, so
-- every list holds each value once: no distinct needed.
insert into article_authors
select
    article_id,
    lower(unnest(authors)) as author_id,
    generate_subscripts(authors, 1) as position
from rewritten;

insert into article_regions
select
    article_id,
    unnest(regions) as region
from rewritten;
