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

delete from articles where article_id in (select article_id from touched);
delete from article_authors where article_id in (select article_id from touched);
delete from article_regions where article_id in (select article_id from touched);
