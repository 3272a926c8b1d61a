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

date_words as (
    select
        *,
        -- The plain forms of large exports ("2024-11-05 10:30", "05/11/2024") are read in the
        -- `cleaned` step below without these; every other ASCII cell is read as
        -- cells._read_date_time reads it (published_words) with the four patterns it tries,
        -- in its order (cells.published_patterns_re2; ASCII only: see there).
        case
            when published like '____-__-__%'
                and regexp_full_match(published, '(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?')
                then null
            when published like '__/__/____%'
                and regexp_full_match(published, '[0-9]{2}/[0-9]{2}/(19|20|21)[0-9]{2}( [0-9]{2}[:.][0-9]{2}( WIB)?)?')
                then null
            when regexp_full_match(published, '[\x00-\x7f\x{2019}]+') then published_words(published)
        end as words
    from cells
),

date_matches as (
    select
        *,
        -- the first pattern that matches the whole cell (a match test is cheap, extracting
        -- the groups is not): ISO, day first, long day first, long month first
        case
            when regexp_full_match(words, $iso_pattern) then 'iso'
            when regexp_full_match(words, $df_pattern) then 'df'
            when regexp_full_match(words, $ld_pattern) then 'ld'
            when regexp_full_match(words, $lm_pattern) then 'lm'
        end as date_form
    from date_words
),

date_parts as (
    select
        *,
        case when date_form = 'iso' then regexp_extract(words, $iso_pattern, $iso_groups) end as d_iso,
        case when date_form = 'df' then regexp_extract(words, $df_pattern, $df_groups) end as d_df,
        case when date_form = 'ld' then regexp_extract(words, $ld_pattern, $ld_groups) end as d_ld,
        case when date_form = 'lm' then regexp_extract(words, $lm_pattern, $lm_groups) end as d_lm
    from date_matches
),

date_fields as (
    select
        *,
        -- the groups of the one pattern that matched (empty strings for groups not in it)
        coalesce(d_iso.iso_year, d_df.df_year, d_ld.ld_year, d_lm.lm_year) as d_year,
        coalesce(d_iso.iso_month, d_df.df_month, d_ld.ld_month, d_lm.lm_month) as d_month,
        coalesce(d_iso.iso_day, d_df.df_day, d_ld.ld_day, d_lm.lm_day) as d_day,
        coalesce(d_iso.iso_sep = d_iso.iso_sep_again, d_df.df_sep = d_df.df_sep_again, true) as d_same_separators,
        lower(coalesce(d_ld.ld_weekday, d_lm.lm_weekday, '')) as d_weekday,
        coalesce(d_iso.iso_hour, d_df.df_hour, d_ld.ld_hour, d_lm.lm_hour) as d_hour,
        coalesce(d_iso.iso_minute, d_df.df_minute, d_ld.ld_minute, d_lm.lm_minute) as d_minute,
        coalesce(d_iso.iso_second, d_df.df_second, d_ld.ld_second, d_lm.lm_second) as d_second,
        lower(coalesce(d_iso.iso_ampm, d_df.df_ampm, d_ld.ld_ampm, d_lm.lm_ampm)) as d_ampm,
        replace(lower(coalesce(d_iso.iso_zone, d_df.df_zone, d_ld.ld_zone, d_lm.lm_zone)), ' ', '') as d_zone
    from date_parts
),

zones as (
    select
        *,
        case when d_zone <> '' and not list_contains($zone_words, d_zone) then
            regexp_extract(d_zone, '^' || $zone_offset || '$', ['sign', 'hours', 'minutes'])
        end as d_zone_offset
    from date_fields
),

date_values as (
    select
        *,
        case
            when regexp_full_match(d_month, '[0-9]+') then d_month::integer
            else $month_numbers[list_position($month_spellings, lower(d_month))]
        end as d_month_number,
        case
            when try_cast(d_year as integer) between 1900 and 2199
                then try(make_date(d_year::integer, d_month_number, try_cast(d_day as integer)))
        end as d_date,
        -- 12-hour clocks: 1–12 only (cells._clock); null is an impossible time
        case
            when d_hour = '' then 0
            when d_ampm = '' then try_cast(d_hour as integer)
            when try_cast(d_hour as integer) between 1 and 12
                then try_cast(d_hour as integer) % 12 + case when d_ampm = 'p' then 12 else 0 end
        end as d_hour_of_day,
        -- minutes east of UTC; null past ±14:59 (cells._zone_from_text)
        case
            when d_zone = '' then 7 * 60        -- no zone: WIB
            when list_contains($zone_words, d_zone) then 60 * $zone_hours[list_position($zone_words, d_zone)]
            when d_zone_offset.hours <> '' and d_zone_offset.hours::integer <= 14
                and coalesce(nullif(d_zone_offset.minutes, '')::integer, 0) <= 59
                then (case when d_zone_offset.sign = '-' then -1 else 1 end)
                    * (d_zone_offset.hours::integer * 60 + coalesce(nullif(d_zone_offset.minutes, '')::integer, 0))
        end as d_offset_minutes
    from zones
),

offsets as (
    select
        *,
        -- the instant in UTC, then WIB's wall clock (the publish date is the WIB date);
        -- null when anything is out of place: Python then says what
        case
            when d_same_separators is not false
                and d_date is not null
                and (d_weekday = '' or $weekday_numbers[list_position($weekday_spellings, d_weekday)] = isodow(d_date) - 1)
                and d_hour_of_day <= 23
                and coalesce(nullif(d_minute, '')::integer, 0) <= 59
                and coalesce(nullif(d_second, '')::integer, 0) <= 59
                and d_offset_minutes is not null
                then d_date + make_time(d_hour_of_day, coalesce(nullif(d_minute, '')::integer, 0),
                                        coalesce(nullif(d_second, '')::integer, 0))
                    - to_minutes(d_offset_minutes) + interval 7 hour
        end as published_general
    from date_values
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
        -- plain, or grouped by one kind of separator (cells.parse_views); spaces around the
        -- number are stripped as Python strips the cell
        case
            when regexp_full_match(trim(views), '[0-9]{1,18}') then trim(views)::bigint
            when regexp_full_match(trim(views), '[0-9]{1,3}(\.[0-9]{3}){1,5}') then replace(trim(views), '.', '')::bigint
            when regexp_full_match(trim(views), '[0-9]{1,3}(,[0-9]{3}){1,5}') then replace(trim(views), ',', '')::bigint
            when regexp_full_match(trim(views), '[0-9]{1,3}( [0-9]{3}){1,5}') then replace(trim(views), ' ', '')::bigint
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
            else published_general
        end as published_local,        -- WIB wall-clock time
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
        extra_needs_python,
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
    -- Regions from the title (and summary, body, tags) only for rows whose region column
    -- names none (a regex pass over every title costs ~0.6 s at a million rows), as
    -- regions.infer_regions reads them: the texts joined by line breaks, case-folded, names
    -- as whole words. RE2's \b and \s are ASCII, Python's Unicode: in a text that is not
    -- all ASCII, Unicode spaces become spaces, other word characters `_` (a word character
    -- to RE2 that is in no name) and everything else `#` (regions.text_classes_re2).
    select
        *,
        case when len(column_regions) = 0 then concat_ws(chr(10), title, nullif(extra_text, '')) end as infer_text,
        case when len(column_regions) = 0 then regexp_full_match(infer_text, '[\x00-\x7f]*') end as infer_ascii,
        case
            when infer_ascii then lower(infer_text)
            when len(column_regions) = 0 then lower(regexp_replace(regexp_replace(regexp_replace(
                infer_text, $space_class, ' ', 'g'), $word_class, '_', 'g'), '[^\x00-\x7f]', '#', 'g'))
        end as infer_words,
        -- a letter that folds to ASCII (K, ß) is infer_regions' to read; an extra cell with
        -- other whitespace at its ends is stripped differently by Python
        case when len(column_regions) = 0 then
            not extra_needs_python and (infer_ascii or not regexp_matches(infer_text, $folds_to_ascii_class))
        end as can_infer,
        case when len(column_regions) = 0 then
            regexp_extract_all(infer_words, $region_pattern)
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
            and regexp_matches(infer_words, $context_pattern) as has_context_word
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
