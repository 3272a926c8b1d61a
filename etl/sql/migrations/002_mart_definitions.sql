-- scope: outlet (each outlet's schema has these tables; etl/db/schema.py)
-- The marts are derived data: each is dropped, recreated and refilled when its definition
-- (its table, its model or anything the model reads) changes (etl/db/schema.py). This
-- records which definition each stored mart was built with; it replaces sorot_meta's one
-- hash of every SQL file, which rebuilt every mart for any change.
create table mart_definitions (
    mart            varchar primary key,
    definition_hash varchar not null,
    built_at        timestamp not null   -- UTC
);

drop table sorot_meta;

-- Until 2026-11-28 two tables kept the author / region tags the per-period marts were
-- computed with; article_details holds the same tags, so the copies are gone.
drop table if exists mart_article_authors;
drop table if exists mart_article_regions;
