-- The fast path: parse the common notations of every row in SQL. A row whose values are
-- not in one of these plain forms gets needs_python = true and is parsed by the exact
-- Python functions instead (etl/newsroom/cells.py), so both paths give the same result.
-- Input: export_cells (row_index, line_number, the canonical columns as text),
-- value maps byline_map, region_column_map, photographer_map, category_map (cell → value as
-- the Python functions give it), the gazetteer's name keys as list parameters, and the
-- macro host_without_prefix (load/host_macros.sql).
with cells as (
    select * from export_cells
),

long_dates as (
    select
        *,
        -- one regex pass gives every part (empty strings when it does not match)
        -- (ISO values, the bulk of large exports, skip the long regex at the cost of a LIKE)
        case when published not like '____-%' and regexp_full_match(published, $long_date_pattern) then
            regexp_extract(published, $long_date_pattern, ['weekday', 'day', 'month', 'year', 'clock', 'hhmm'])
        end as long_date,
        -- ISO date-time with an offset ("2024-11-05T10:30:00+07:00", "+0700", "Z"): the
        -- clock and the zone; a fraction of a second is dropped, as cells.parse_published does
        case when published like '____-__-__%' and regexp_full_match(published, $iso_offset_pattern) then
            regexp_extract(published, $iso_offset_pattern, ['iso_day', 'iso_clock', 'iso_zone'])
        end as iso_offset
    from cells
),

offsets as (
    select
        *,
        -- the offset in minutes east of UTC; null past ±14:59 (Python refuses those)
        case
            when iso_offset.iso_zone = 'Z' then 0
            when substr(iso_offset.iso_zone, 2, 2)::integer <= 14
                and coalesce(nullif(replace(substr(iso_offset.iso_zone, 4), ':', ''), '')::integer, 0) <= 59
                then (case when left(iso_offset.iso_zone, 1) = '-' then -1 else 1 end)
                    * (substr(iso_offset.iso_zone, 2, 2)::integer * 60
                       + coalesce(nullif(replace(substr(iso_offset.iso_zone, 4), ':', ''), '')::integer, 0))
        end as offset_minutes
    from long_dates
),

cleaned as (
    select
        row_index,
        line_number,
        -- Only plain spaces as whitespace: anything else is Python's business.
        case
            when regexp_matches(title, '[\t\n\r\x0b\x0c\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]')
                then null
            when contains(title, '  ') then nullif(regexp_replace(trim(title), ' {2,}', ' ', 'g'), '')
            else nullif(trim(title), '')
        end as title,
        case
            when regexp_full_match(views, '[0-9]{1,18}') then views::bigint
            when regexp_full_match(views, '[0-9]{1,3}(\.[0-9]{3}){1,5}') then replace(views, '.', '')::bigint
            when regexp_full_match(views, '[0-9]{1,3}(,[0-9]{3}){1,5}') then replace(views, ',', '')::bigint
        end as views,
        case
            when published like '____-__-__' and regexp_full_match(published, '(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}')
                then try_strptime(published, '%Y-%m-%d')
            when published like '____-__-__%' and regexp_full_match(published, '(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}')
                then try_strptime(replace(published, 'T', ' '), '%Y-%m-%d %H:%M')
            when published like '____-__-__%' and regexp_full_match(published, '(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}')
                then try_strptime(replace(published, 'T', ' '), '%Y-%m-%d %H:%M:%S')
            when published like '__/__/____' and regexp_full_match(published, '[0-9]{2}/[0-9]{2}/(19|20|21)[0-9]{2}')
                then try_strptime(published, '%d/%m/%Y')
            when published like '__/__/____ %' and regexp_full_match(published, '[0-9]{2}/[0-9]{2}/(19|20|21)[0-9]{2} [0-9]{2}[:.][0-9]{2}( WIB)?')
                then try_strptime(replace(left(published, 16), '.', ':'), '%d/%m/%Y %H:%M')
            -- the instant in UTC, then WIB's wall clock (the publish date is the WIB date)
            when iso_offset.iso_day is not null
                then try_strptime(
                    iso_offset.iso_day || ' ' || iso_offset.iso_clock
                        || case when length(iso_offset.iso_clock) = 5 then ':00' else '' end,
                    '%Y-%m-%d %H:%M:%S'
                ) - to_minutes(offset_minutes) + interval 7 hour
            -- the CMS's Indonesian long form: "Selasa, 5 November 2024 14:05 WIB"
            when long_date.day is not null
                then try_strptime(
                    long_date.day || '-' || list_position($month_names, long_date.month) || '-'
                        || long_date.year || ' ' || coalesce(nullif(replace(long_date.hhmm, '.', ':'), ''), '00:00'),
                    '%d-%m-%Y %H:%M'
                )
        end as published_local,        -- WIB wall-clock time
        -- a weekday that contradicts the date is Python's to reject
        nullif(long_date.weekday, '') as published_weekday,
        case
            when article_id <> '' and not regexp_matches(article_id, '^\s|\s$') then article_id
        end as given_id,
        article_id <> '' and regexp_matches(article_id, '^\s|\s$') as id_needs_python,
        url,
        author,
        region,
        photographer,
        category,
        snapshot_text,
        extra_text,
        has_control
    from offsets
),

urls as (
    select
        *,
        -- one regex pass both checks the URL's form and gives its parts (a struct; empty
        -- strings when the URL is not plain): at a million rows each pass costs ~0.25 s
        regexp_extract(
            url, '^https?://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(/[^?#\s]*)?(?:[?#]\S*)?$', ['host', 'path']
        ) as url_parts,
        struct_extract(url_parts, 'host') <> '' as url_is_plain,
        lower(struct_extract(url_parts, 'host')) as host0,
        rtrim(struct_extract(url_parts, 'path'), '/') as url_path
    from cleaned
),

-- `www.`/`m.` dropped twice at most (load/host_macros.sql), one step per projection: nesting
-- the macro in one expression made the whole parse a second slower at a million rows
hosts as (
    select *, host_without_prefix(host0) as host1 from urls
),

keys as (
    select *, host_without_prefix(host1) as host from hosts
),

identified as (
    select
        *,
        case when url_is_plain then host || url_path end as canonical,
        url <> '' and not url_is_plain as url_needs_python,
        -- a third www./m. prefix is rare enough for the exact path
        url_is_plain and host_without_prefix(host) <> host as host_needs_python
    from keys
),

mapped as (
    select
        f.*,
        coalesce(b.authors, []) as authors,
        coalesce(rc.regions, []) as column_regions,
        p.photographer_clean,
        c.category_clean,
        coalesce(sd.is_empty, true) as snapshot_is_empty,
        sd.snapshot_cell_date
    from identified as f
    left join byline_map as b on b.value = f.author
    left join region_column_map as rc on rc.value = f.region
    left join photographer_map as p on p.value = f.photographer
    left join category_map as c on c.value = f.category
    left join snapshot_date_map as sd on sd.value = f.snapshot_text
),

inferred as (
    -- Regions from the title only for rows whose region column names none (a regex pass
    -- over every title costs ~0.6 s at a million rows), and only for plain ASCII titles:
    -- RE2's \b is ASCII, Python's is Unicode.
    select
        *,
        case when len(column_regions) = 0 then
            regexp_full_match(title, '[\x00-\x7f]*') and extra_text = ''
        end as can_infer,
        case when len(column_regions) = 0 then
            regexp_extract_all(lower(title), $region_pattern)
        end as region_matches
    from mapped
),

title_regions as (
    -- A matched name's region: its spelling key (dots, dashes, spaces dropped) looked up in
    -- the gazetteer's keys.
    select
        *,
        list_transform(region_matches, lambda m: regexp_replace(m, '[\s.\-_]', '', 'g')) as region_keys,
        list_transform(region_keys, lambda k: list_position($name_keys, k)) as key_positions,
        list_distinct(list_transform(key_positions, lambda p: $name_regions[p])) as region_indexes,
        list_contains(list_transform(key_positions, lambda p: p is null), true) as has_unmapped,
        -- Tambora and Pancoran mean Jakarta unless "Gunung" or "Mas" touches them
        list_has_any(region_keys, $context_keys)
            and regexp_matches(lower(title), $context_pattern) as has_context_word
    from inferred
),

-- The columns of the temp table `staged` (etl.ingest.fast_path._build_staged), in its order,
-- between row_index and needs_python: when no row needs Python, this table becomes `staged`.
final as (
    select
        m.row_index,
        coalesce(m.given_id, m.canonical) as article_id,
        -- the row's own cell wins, else --as-of or the file name (SPEC §1, rows.row_snapshot_date)
        case when m.snapshot_is_empty then $fallback_date::date else m.snapshot_cell_date end as snapshot_date,
        m.views,
        case
            when m.url_is_plain then
                (case when lower(m.url) like 'http:%' then 'http' else 'https' end) || '://' || m.canonical
        end as url,
        m.title,
        m.published_local - interval 7 hour as published_at,
        m.published_local::date as published_date,
        m.category_clean as category,
        m.photographer_clean as photographer,
        m.authors,
        case
            when len(m.column_regions) > 0 then m.column_regions
            when len(coalesce(m.region_indexes, [])) > 0
                then list_transform(list_sort(m.region_indexes), lambda i: $region_names[i + 1])
            else ['DKI Jakarta']
        end as regions,
        m.line_number::integer as line_number,
        null::varchar as title_key,    -- filled only where saved pages left title keys
        -- (unknown counts as yes: a row is either staged from here or parsed by Python)
        coalesce((
            m.title is null
            or m.has_control       -- control characters: rows.clean_row cleans and warns
            or m.views is null
            -- past the bounds (cells.MAX_VIEWS, MAX_TITLE_CHARS): Python rejects with the reason
            or m.views > $max_views
            or length(m.title) > $max_title_chars
            or m.published_local is null
            or (m.published_weekday is not null
                and list_position($weekday_names, m.published_weekday) <> isodow(m.published_local))
            or (m.given_id is null and m.canonical is null)
            or m.id_needs_python
            or m.url_needs_python
            or coalesce(m.host_needs_python, false)
            -- a cell parse_date does not read: Python rejects it with the reason
            or (not m.snapshot_is_empty and m.snapshot_cell_date is null)
            or (m.snapshot_is_empty and $fallback_date is null)
            or (len(m.column_regions) = 0 and not m.can_infer)
            or coalesce(m.has_unmapped, false)
            or coalesce(m.has_context_word, false)
        ), true) as needs_python
    from title_regions as m
)

select * from final
