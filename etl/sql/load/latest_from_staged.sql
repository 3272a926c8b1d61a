-- Latest metadata per touched article (SPEC: the latest snapshot wins), without rereading
-- the stored snapshots: a staged row is an article's latest unless a later one is stored
-- (articles.latest_snapshot_date says). Out-of-order files only move first_snapshot_date.
-- The caller defines the temp view staged_latest (load/staged_latest*.sql: each article's
-- latest staged row and its earliest staged date, first_staged_date).
-- When a saved page's article was merged in this load, latest_from_snapshots.sql runs instead.
create or replace temp table latest as
select
    s.* exclude (first_staged_date),
    least(s.first_staged_date, coalesce(a.first_snapshot_date, s.first_staged_date)) as first_snapshot_date,
    a.article_id is not null as was_stored
from staged_latest as s
left join articles as a
    on a.article_id = s.article_id
where a.article_id is null
    or s.snapshot_date >= a.latest_snapshot_date;

-- (`latest` already holds the earlier first date of its rows: with it stored here too, an
-- article whose first date is all that changed counts as unchanged below.)
update articles as a
set first_snapshot_date = s.first_staged_date
from staged_latest as s
where s.article_id = a.article_id
    and s.first_staged_date < a.first_snapshot_date;

-- Stored articles whose row and tags this load would write again as they are (a weekly
-- file is mostly articles already known, unchanged): only latest_snapshot_date moves.
-- Deleting and re-inserting them was most of a weekly load's commit (docs/benchmarks.md).
-- The lists compare as write_article_metadata.sql stores them.
create or replace temp table unchanged as
select l.article_id, l.snapshot_date
from latest as l
join articles as a
    on a.article_id = l.article_id
where l.url is not distinct from a.url
    and l.title = a.title
    and l.published_at = a.published_at
    and l.published_date = a.published_date
    and l.category is not distinct from a.category
    and l.photographer is not distinct from a.photographer
    and l.first_snapshot_date = a.first_snapshot_date
    and a.author_ids = list_transform(l.authors, lambda name: lower(name))
    and a.regions = list_sort(l.regions);

update articles as a
set latest_snapshot_date = u.snapshot_date
from unchanged as u
where u.article_id = a.article_id
    and a.latest_snapshot_date <> u.snapshot_date;

-- The rows write_article_metadata.sql writes: new articles and changed ones.
create or replace temp view rewritten as
select *
from latest
where article_id not in (select article_id from unchanged);

create or replace temp table replaced as
select article_id
from rewritten
where was_stored;

-- Stored articles whose set of authors or regions changes: the per-period marts of older
-- periods count them too (etl/db/marts.py).
create or replace temp table retagged as
select r.article_id
from rewritten as r
join articles as a
    on a.article_id = r.article_id
where list_sort(a.author_ids) <> list_sort(list_transform(r.authors, lambda name: lower(name)))
    or list_sort(a.regions) <> list_sort(r.regions);

delete from articles where article_id in (select article_id from replaced);
