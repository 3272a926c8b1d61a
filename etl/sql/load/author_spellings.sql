-- The author-spelling rule, written once (load/write_author_names.sql, undo/restore_authors.sql):
-- of the (authors, snapshot_date) rows of the table or view named `source`, each author's
-- display name is the spelling in the latest snapshot; spellings of the same day: the most
-- used, then the first in alphabetical order (so the result never depends on row order).
create or replace temp macro author_spellings(source) as table
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
        from query_table(source)
    )
    group by all
)

select
    author_id,
    name,
    seen_on
from spellings
qualify row_number() over (partition by author_id order by seen_on desc, uses desc, name) = 1;
