-- Author display names, after load/write_article_metadata.sql. Spellings are read from all
-- of `latest` (one row per touched article).
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
