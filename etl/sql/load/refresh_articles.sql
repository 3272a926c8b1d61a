-- Latest metadata per touched article (SPEC: the latest snapshot wins), without rereading
-- the stored snapshots: a staged row is an article's latest unless a later one is stored
-- (articles.latest_snapshot_date says). Out-of-order files only move first_snapshot_date.
-- When a saved page's article was merged in this load, refresh_articles_full.sql runs instead.
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
from latest;

insert into article_authors
select distinct on (article_id, author_id)
    article_id,
    lower(name) as author_id,
    position
from (
    select
        article_id,
        unnest(authors) as name,
        generate_subscripts(authors, 1) as position
    from latest
)
order by article_id, author_id, position;

insert into article_regions
select distinct
    article_id,
    unnest(regions) as region
from latest;

-- Author display names: the spelling in the latest snapshot among the touched articles
-- wins over an older stored one.
create or replace temp table touched_author_names as
select
    lower(name) as author_id,
    arg_max(name, snapshot_date) as name,
    max(snapshot_date) as seen_on
from (
    select
        unnest(authors) as name,
        snapshot_date
    from latest
)
group by 1;

insert or replace into authors
select
    t.author_id,
    t.name,
    t.seen_on as name_seen_on
from touched_author_names as t
left join authors as a
    on a.author_id = t.author_id
where a.author_id is null
    or t.seen_on >= a.name_seen_on;
