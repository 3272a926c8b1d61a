-- A host without one leading `www.` or `m.`, never down to a bare top-level domain
-- (etl.newsroom.cells.canonical_url strips repeatedly; parse_export_rows.sql applies this twice and
-- leaves a third prefix to Python). String functions, not a regex: at a million rows each
-- regex pass costs a quarter second.
create or replace temp macro host_without_prefix(host) as
    case
        when (host like 'www.%' or host like 'm.%') and contains(substr(host, strpos(host, '.') + 1), '.')
            then substr(host, strpos(host, '.') + 1)
        else host
    end;

-- A publish cell as cells._read_date_time reads it: whitespace collapsed, curly apostrophes
-- straight (Jum’at). A macro, so that only the cells that need it pay for it.
create or replace temp macro published_words(published) as
    replace(replace(
        case
            when regexp_matches(published, '[\t\n\r\x0b\x0c\x1c-\x1f]|  ')
                then trim(regexp_replace(published, '[ \t\n\r\x0b\x0c\x1c-\x1f]+', ' ', 'g'))
            else trim(published)
        end, '’', ''''
    ), '`', '''');
