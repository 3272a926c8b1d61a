-- The articles of this load, for load/latest_from_snapshots.sql.
create or replace temp table touched as
select distinct article_id
from staged;
