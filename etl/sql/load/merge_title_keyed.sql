-- Articles imported from saved pages carry a title key until an export brings their URL.
-- A title key that two URLs of this file share is ambiguous: it stays as it is.
-- (Nearly every load finds none; load/merge_title_keyed_apply.sql moves those it finds.)
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
