-- Author display names, after load/write_article_metadata.sql: the spelling rule
-- (load/author_spellings.sql) over all of `latest` (one row per touched article); a spelling
-- in a later snapshot than the stored one's wins over it.
create or replace temp table touched_author_names as
select * from author_spellings('latest');

create or replace temp table author_names_written as
select
    t.author_id,
    t.name,
    t.seen_on,
    a.name as name_before,
    a.name_seen_on as seen_on_before
from touched_author_names as t
left join authors as a
    on a.author_id = t.author_id
where a.author_id is null
    or t.seen_on >= a.name_seen_on;

-- What each written row was (nothing: a new author), for `sorot undo`.
insert into replaced_authors
select
    author_id,
    name_before,
    seen_on_before,
    $ingest_id
from author_names_written;

insert or replace into authors
select
    author_id,
    name,
    seen_on as name_seen_on
from author_names_written;
