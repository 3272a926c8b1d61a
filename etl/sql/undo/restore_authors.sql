-- The author rows ingest $ingest_id wrote go back to what they were (replaced_authors).
create or replace temp table undone_author_writes as
select *
from replaced_authors
where replaced_by_ingest_id = $ingest_id;

-- A later ingest in force that wrote the same author again keeps its write: its spelling was
-- at least as late as this one's, so it would have been written without this ingest too.
-- What that later write replaced becomes what this one replaced.
create or replace temp table later_author_writes as
select
    author_id,
    min(replaced_by_ingest_id) as next_ingest_id
from replaced_authors
where replaced_by_ingest_id > $ingest_id
    and author_id in (select author_id from undone_author_writes)
group by author_id;

update replaced_authors as r
set
    name = u.name,
    name_seen_on = u.name_seen_on
from later_author_writes as l, undone_author_writes as u
where r.author_id = l.author_id
    and r.replaced_by_ingest_id = l.next_ingest_id
    and u.author_id = l.author_id;

create or replace temp table authors_put_back as
select u.*
from undone_author_writes as u
anti join later_author_writes as l
    on l.author_id = u.author_id;

-- an author this ingest made goes
delete from authors
where author_id in (select author_id from authors_put_back where name is null);

insert or replace into authors
select
    author_id,
    name,
    name_seen_on
from authors_put_back
where name is not null;

delete from replaced_authors where replaced_by_ingest_id = $ingest_id;

-- An author still credited but without a row (a later file older than this one used them
-- and, this one's spelling being later, wrote none): the spelling of their latest snapshot
-- (load/author_spellings.sql over the stored rows).
create or replace temp table missing_authors as
select distinct c.author_id
from (select unnest(author_ids) as author_id from articles) as c
anti join authors as a
    on a.author_id = c.author_id;

create or replace temp view missing_author_snapshots as
select s.authors, s.snapshot_date
from snapshots as s
semi join articles as ar
    on ar.article_id = s.article_id
    and list_has_any(ar.author_ids, (select list(author_id) from missing_authors));

insert into authors
select
    author_id,
    name,
    seen_on as name_seen_on
from author_spellings('missing_author_snapshots')
where author_id in (select author_id from missing_authors);

drop view missing_author_snapshots;
