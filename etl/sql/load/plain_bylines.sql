-- The distinct bylines of the file (view export_cells), split into author names in SQL when
-- they are plain: ASCII letters, digits, spaces and . , ' - only, and no word that
-- parse.split_byline treats as a label (Oleh, Reporter, ..., Editor). For those, SQL gives
-- exactly what split_byline gives: split on `,` and on `dan`/`and` between spaces (any case),
-- spaces collapsed, empty names dropped, the first spelling of a name kept
-- (tests/test_fast_path.py checks both on many bylines). authors is null for every other
-- byline: etl.ingest.fast_path parses those in Python. A million-row archive has ~70k distinct
-- bylines, ~1.7 s one by one in Python.
create or replace temp table byline_sql as
with bylines as (
    select distinct author as value
    from export_cells
),

plain as (
    select
        value,
        regexp_full_match(value, '[A-Za-z0-9 .,''-]*')
            and regexp_matches(value, '[A-Za-z]')
            and not regexp_matches(
                value,
                '(?i)(^|[ ,])(oleh|reporter|penulis|pewarta|wartawan|by|editor|penyunting|redaktur)([^A-Za-z]|$)'
            ) as is_plain
    from bylines
),

split as (
    select
        value,
        list_filter(
            list_transform(
                string_split_regex(trim(value), '(?i),|\s+(?:dan|and)\s+'),
                lambda part: regexp_replace(trim(part), ' +', ' ', 'g')
            ),
            lambda name: name <> ''
        ) as names
    from plain
    where is_plain
),

final as (
    select
        p.value,
        -- keep a name only where its case-folded form first appears
        list_filter(
            s.names,
            lambda name, i: list_position(list_transform(s.names, lambda other: lower(other)), lower(name)) = i
        ) as authors
    from plain as p
    left join split as s
        on s.value = p.value
)

select * from final
