-- Views lower than the article's nearest earlier snapshot (or higher than its nearest
-- later one, for files that arrive out of order): stored as given, reported as a warning.
with staged_rows as (
    select
        article_id,
        snapshot_date,
        views,
        line_number
    from staged
),

earlier as (
    select
        s.article_id,
        s.line_number,
        s.views,
        arg_max(old.views, old.snapshot_date) as earlier_views,
        max(old.snapshot_date) as earlier_date
    from staged_rows as s
    join snapshots as old
        on old.article_id = s.article_id
        and old.snapshot_date < s.snapshot_date
    group by all
),

later as (
    select
        s.article_id,
        s.line_number,
        s.views,
        arg_min(old.views, old.snapshot_date) as later_views,
        min(old.snapshot_date) as later_date
    from staged_rows as s
    join snapshots as old
        on old.article_id = s.article_id
        and old.snapshot_date > s.snapshot_date
    group by all
),

final as (
    select
        line_number,
        'views went down from ' || earlier_views || ' on ' || earlier_date
            || ' to ' || views || ' (' || article_id || ')' as message
    from earlier
    where views < earlier_views
    union all
    select
        line_number,
        'views ' || views || ' are higher than the later snapshot of ' || later_date
            || ' (' || later_views || ') (' || article_id || ')' as message
    from later
    where views > later_views
)

select * from final
order by line_number
