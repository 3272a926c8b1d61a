-- Latest metadata per touched article (SPEC: the latest snapshot wins), and the author
-- names as spelled in the latest snapshot that used them.
create or replace temp table touched as
select distinct article_id
from staged;

create or replace temp table latest as
with ranked as (
    select
        s.*,
        row_number() over (partition by s.article_id order by s.snapshot_date desc) as recency
    from snapshots as s
    semi join touched as t
        on t.article_id = s.article_id
),

bounds as (
    select
        s.article_id,
        min(s.snapshot_date) as first_snapshot_date
    from snapshots as s
    semi join touched as t
        on t.article_id = s.article_id
    group by s.article_id
),

final as (
    select
        r.*,
        b.first_snapshot_date
    from ranked as r
    join bounds as b using (article_id)
    where r.recency = 1
)

select * from final;

delete from articles where article_id in (select article_id from touched);
delete from article_authors where article_id in (select article_id from touched);
delete from article_regions where article_id in (select article_id from touched);

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
    lower(regexp_replace(trim(name), '\s+', ' ', 'g')) as author_id,
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
    lower(regexp_replace(trim(name), '\s+', ' ', 'g')) as author_id,
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
