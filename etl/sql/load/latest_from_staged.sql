-- Latest metadata per touched article (SPEC: the latest snapshot wins), without rereading
-- the stored snapshots: a staged row is an article's latest unless a later one is stored
-- (articles.latest_snapshot_date says). Out-of-order files only move first_snapshot_date.
-- When a saved page's article was merged in this load, latest_from_snapshots.sql runs instead.
create or replace temp table staged_latest as
select *
from staged
qualify row_number() over (partition by article_id order by snapshot_date desc) = 1;

create or replace temp table latest as
select
    s.*,
    least(s.snapshot_date, coalesce(a.first_snapshot_date, s.snapshot_date)) as first_snapshot_date,
    a.article_id is not null as was_stored
from staged_latest as s
left join articles as a
    on a.article_id = s.article_id
where a.article_id is null
    or s.snapshot_date >= a.latest_snapshot_date;

update articles as a
set first_snapshot_date = s.snapshot_date
from staged_latest as s
where s.article_id = a.article_id
    and s.snapshot_date < a.first_snapshot_date
    and s.snapshot_date < a.latest_snapshot_date;

create or replace temp table replaced as
select article_id
from latest
where was_stored;

delete from articles where article_id in (select article_id from replaced);
delete from article_authors where article_id in (select article_id from replaced);
delete from article_regions where article_id in (select article_id from replaced);
