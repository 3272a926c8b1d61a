-- The "tables floor": DuckDB alone writing the same file into Sorot's base tables of an
-- article (snapshots, and articles with its tag lists and index: etl/sql/migrations/001 and
-- 005) with the least parsing that yields their columns, and
-- nothing else — no validation, no rejected-row bookkeeping, no line numbers, no
-- duplicates check, no marts. It is what storing Sorot's data model costs at minimum; the
-- gap between it and the bare read_csv floor is the price of the model, not of Sorot's code.
-- Parameter: $path, a benchmark export (bench/generate.py: ISO dates, plain views, `, ` or
-- ` dan ` between two authors, the region column half filled).
create temp table parsed as
select
    coalesce(
        lower(regexp_extract(Tautan, '^https?://(?:www\.|m\.)?([^/?#]+)', 1))
            || rtrim(regexp_extract(Tautan, '^https?://[^/?#]+(/[^?#]*)?', 1), '/'),
        Tautan
    ) as article_id,
    Tautan as url,
    Judul as title,
    cast(Dilihat as bigint) as views,
    strptime("Tanggal Terbit", '%Y-%m-%d %H:%M') - interval 7 hour as published_at,
    cast(strptime("Tanggal Terbit", '%Y-%m-%d %H:%M') as date) as published_date,
    Kanal as category,
    nullif(Fotografer, '') as photographer,
    string_split_regex(Penulis, ', | dan ') as authors,
    case when coalesce(Wilayah, '') = '' then ['DKI Jakarta'] else [Wilayah] end as regions
from read_csv($path, header = true, all_varchar = true);

insert into snapshots
select
    article_id, date '2024-11-10', views, url, title, published_at, published_date, category,
    photographer, authors, regions, 1
from parsed;

insert into articles (
    article_id, url, title, published_at, published_date, category, photographer,
    first_snapshot_date, latest_snapshot_date, author_ids, regions
)
select
    article_id, url, title, published_at, published_date, category, photographer,
    date '2024-11-10', date '2024-11-10', list_transform(authors, lambda a: lower(a)), regions
from parsed;
