-- Articles imported from saved pages carry a title key until an export brings their URL.
-- A title key that two URLs of this file share is ambiguous: it stays as it is.
create or replace temp table title_key_merges as
select
    n.title_key as old_id,
    any_value(n.article_id) as new_id
from staged as n
join articles as a
    on a.article_id = n.title_key
where n.article_id <> n.title_key
group by n.title_key
having count(distinct n.article_id) = 1;

-- Where both keys have a snapshot on the same date, the export's (URL-keyed) one wins.
delete from snapshots as s
using title_key_merges as m
where s.article_id = m.old_id
    and exists (
        select 1
        from snapshots as u
        where u.article_id = m.new_id
            and u.snapshot_date = s.snapshot_date
    );

update snapshots as s
set article_id = m.new_id
from title_key_merges as m
where s.article_id = m.old_id;

delete from article_authors where article_id in (select old_id from title_key_merges);
delete from article_regions where article_id in (select old_id from title_key_merges);
delete from articles where article_id in (select old_id from title_key_merges);
