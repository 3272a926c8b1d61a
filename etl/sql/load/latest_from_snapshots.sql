-- Latest metadata per touched article (the temp table `touched`: load/touched_from_staged.sql,
-- or the articles an undo changed), reread from every stored snapshot: the general case,
-- used when a saved page's article was merged in this load, and by `sorot undo`. An article
-- left without snapshots loses its rows.

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

-- Every touched article is written again (write_article_metadata.sql).
create or replace temp view rewritten as
select * from latest;

-- Stored articles whose set of authors or regions changes, or that lose their rows: the
-- per-period marts of older periods count them too (etl/db/marts.py).
create or replace temp table retagged as
select a.article_id
from articles as a
semi join touched as t
    on t.article_id = a.article_id
left join latest as l
    on l.article_id = a.article_id
where l.article_id is null
    or list_sort(a.author_ids) <> list_sort(list_transform(l.authors, lambda name: lower(name)))
    or list_sort(a.regions) <> list_sort(l.regions);

delete from articles where article_id in (select article_id from touched);
