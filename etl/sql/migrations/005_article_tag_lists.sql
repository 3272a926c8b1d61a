-- scope: outlet (each outlet's schema has these tables; etl/db/schema.py)
-- Issue #16, a leaner write: each article carries its byline and region tags as lists, and
-- the tag tables (article_authors, article_regions) and the article_details mart that held
-- them a second and a third time are gone. A million-row load wrote the same metadata into
-- four tables; now into snapshots and articles (docs/benchmarks.md, "A leaner write").
-- Display names are joined from `authors` when a report lists an article, so a respelled
-- author no longer rewrites their articles. docs/schema.md describes the columns.
-- Idempotent ("if not exists"), like 001 and 004: a test remakes an older database by
-- dropping schema_migrations, and 001 then makes empty tag tables again.

alter table articles add column if not exists author_ids varchar[];   -- byline order
alter table articles add column if not exists regions varchar[];      -- sorted by name

update articles as a
set author_ids = t.author_ids
from (
    select article_id, list(author_id order by position) as author_ids
    from article_authors
    group by article_id
) as t
where t.article_id = a.article_id;

update articles as a
set regions = t.regions
from (
    select article_id, list(region order by region) as regions
    from article_regions
    group by article_id
) as t
where t.article_id = a.article_id;

update articles set author_ids = [] where author_ids is null;
update articles set regions = [] where regions is null;   -- checks/every_article_has_region.sql says so

alter table articles alter column author_ids set not null;
alter table articles alter column regions set not null;

drop table if exists article_authors;
drop table if exists article_regions;

-- the marts that copied them
drop table if exists article_details;
drop table if exists mart_author_names;
delete from mart_definitions where mart in ('article_details', 'mart_author_names');

-- A trending list reads its 50 articles by key: ~3 ms with this index, a ~60 ms scan of a
-- million articles without. Not unique: a load deletes and re-inserts rows in one transaction.
-- DuckDB refuses to alter a table with an index: a later migration that changes `articles`
-- drops it first and makes it again.
create index if not exists articles_article_id on articles (article_id);
