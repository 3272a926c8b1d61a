-- The latest staged row of each article, with the article's earliest staged date: the
-- general case, for files whose rows carry more than one snapshot date (a backlog sent as
-- one file). A view, like staged_latest_one_date.sql, so the two can replace each other;
-- latest_from_staged.sql reads it twice, so such files pay for the window twice.
create or replace temp view staged_latest as
select
    *,
    min(snapshot_date) over (partition by article_id) as first_staged_date
from staged
qualify row_number() over (partition by article_id order by snapshot_date desc) = 1;
