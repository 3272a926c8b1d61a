-- Write the latest metadata of the articles in the temp view `rewritten` (the rows of `latest`,
-- one per touched article with first_snapshot_date, that are new or changed), after
-- latest_from_*.sql removed their old rows. Author spellings are read from all of `latest`.
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

-- Author display names: the spelling in the latest snapshot among the touched articles
-- wins over an older stored one; spellings of the same day: the most used, then the first
-- in alphabetical order (so the result never depends on row order).
create or replace temp table touched_author_names as
with spellings as (
    select
        lower(name) as author_id,
        name,
        max(snapshot_date) as seen_on,
        count(*) as uses
    from (
        select
            unnest(authors) as name,
            snapshot_date
        from latest
    )
    group by all
),

ranked as (
    select
        *,
        row_number() over (partition by author_id order by seen_on desc, uses desc, name) as pick
    from spellings
)

select
    author_id,
    name,
    seen_on
from ranked
where pick = 1;

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
