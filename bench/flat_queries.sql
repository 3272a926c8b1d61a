-- The bare-DuckDB baseline for the report benchmark: each of Sorot's reports asked of one
-- flat table `flat` (one row per article and snapshot date, as exported, see bench/flat.py)
-- with nothing precomputed. Same rules as SPEC §2-3: the period is (a, b] with b the latest
-- snapshot date and a the one before (else b - 7); V(x) is the latest views dated <= x;
-- an article without a snapshot <= a has gain 0 + V(b) when published after a, else an
-- unknown gain left out; the latest snapshot's metadata wins.
-- Sections start with `-- name: <report>`; bench/run.py runs each as one statement.

-- name: trending
with dates as (
    select distinct snapshot_date from flat
),
ends as (
    select
        max(snapshot_date) as b,
        max(snapshot_date) filter (where snapshot_date < (select max(snapshot_date) from dates)) as a0
    from dates
),
periods as (
    -- the current period and the previous one (ending at a), for previous_rank
    select 'current' as which, coalesce(a0, b - 7) as a, b from ends
    union all
    select
        'previous',
        coalesce((select max(snapshot_date) from dates where snapshot_date < ends.a0), a0 - 7),
        a0
    from ends
    where a0 is not null
),
latest as (
    select
        article_id,
        arg_max(published_date, snapshot_date) as published_date
    from flat
    group by article_id
),
at_ends as (
    select
        p.which,
        p.a,
        f.article_id,
        arg_max(f.views, f.snapshot_date) as views_b,
        arg_max(f.views, f.snapshot_date) filter (where f.snapshot_date <= p.a) as views_a
    from flat as f
    join periods as p
        on f.snapshot_date <= p.b
    group by p.which, p.a, f.article_id
),
gains as (
    select
        e.which,
        e.article_id,
        e.views_b,
        case
            when e.views_a is not null then greatest(0, e.views_b - e.views_a)
            when l.published_date > e.a then e.views_b
        end as gained
    from at_ends as e
    join latest as l
        using (article_id)
),
ranked as (
    select
        which,
        article_id,
        views_b,
        gained,
        row_number() over (partition by which order by gained desc, views_b desc, article_id) as rank
    from gains
    where gained > 0
),
top as (
    select * from ranked where which = 'current' order by rank limit 50
),
final as (
    select
        t.rank,
        prev.rank as previous_rank,
        t.article_id,
        arg_max(f.url, f.snapshot_date) as url,
        arg_max(f.title, f.snapshot_date) as title,
        arg_max(f.authors, f.snapshot_date) as authors,
        arg_max(f.published_date, f.snapshot_date) as published_at,
        arg_max(f.category, f.snapshot_date) as category,
        arg_max(f.regions, f.snapshot_date) as regions,
        t.gained as views_gained,
        t.views_b as views_total
    from top as t
    join flat as f
        using (article_id)
    left join ranked as prev
        on prev.which = 'previous' and prev.article_id = t.article_id
    group by all
)
select * from final order by rank;

-- name: reporters
with dates as (
    select distinct snapshot_date from flat
),
period as (
    select
        max(snapshot_date) as b,
        coalesce(max(snapshot_date) filter (where snapshot_date < (select max(snapshot_date) from dates)),
                 max(snapshot_date) - 7) as a
    from dates
),
per_article as (
    select
        f.article_id,
        arg_max(f.views, f.snapshot_date) as views_b,
        arg_max(f.views, f.snapshot_date) filter (where f.snapshot_date <= p.a) as views_a,
        arg_max(f.published_date, f.snapshot_date) as published_date,
        arg_max(f.authors, f.snapshot_date) as authors,
        any_value(p.a) as a,
        any_value(p.b) as b
    from flat as f, period as p
    group by f.article_id
),
gains as (
    select
        article_id,
        authors,
        published_date > a and published_date <= b as is_new,
        case
            when views_a is not null then greatest(0, views_b - views_a)
            when published_date > a then views_b
        end as gained
    from per_article
),
credits as (
    select
        lower(trim(author)) as author_key,
        trim(author) as author,
        is_new,
        gained
    from gains, unnest(authors) as u(author)
    where gained is not null
),
final as (
    select
        min(author) as author,
        count(*) filter (where is_new) as articles,
        sum(gained) as views,
        coalesce(sum(gained) filter (where is_new), 0) as views_new,
        median(gained) filter (where is_new) as median_views_new
    from credits
    group by author_key
    having bool_or(is_new) or sum(gained) > 0
)
select * from final order by views desc, author;

-- name: regions
with dates as (
    select distinct snapshot_date from flat
),
period as (
    select
        max(snapshot_date) as b,
        coalesce(max(snapshot_date) filter (where snapshot_date < (select max(snapshot_date) from dates)),
                 max(snapshot_date) - 7) as a
    from dates
),
per_article as (
    select
        f.article_id,
        arg_max(f.views, f.snapshot_date) as views_b,
        arg_max(f.views, f.snapshot_date) filter (where f.snapshot_date <= p.a) as views_a,
        arg_max(f.published_date, f.snapshot_date) as published_date,
        arg_max(f.regions, f.snapshot_date) as regions,
        any_value(p.a) as a,
        any_value(p.b) as b
    from flat as f, period as p
    group by f.article_id
),
gains as (
    select
        article_id,
        regions,
        published_date > a and published_date <= b as is_new,
        case
            when views_a is not null then greatest(0, views_b - views_a)
            when published_date > a then views_b
        end as gained
    from per_article
),
tagged as (
    select region, is_new, gained
    from gains, unnest(regions) as u(region)
    where gained is not null
),
seven as (
    select * from (values
        (1, 'Jakarta Pusat'), (2, 'Jakarta Utara'), (3, 'Jakarta Barat'), (4, 'Jakarta Selatan'),
        (5, 'Jakarta Timur'), (6, 'Kepulauan Seribu'), (7, 'DKI Jakarta')
    ) as v(position, region)
),
final as (
    select
        s.region,
        count(*) filter (where t.is_new) as articles,
        coalesce(sum(t.gained), 0) as views,
        round(count(*) filter (where t.is_new)
              / nullif((select count(*) from gains where is_new), 0), 4) as share_articles,
        any_value(s.position) as position
    from seven as s
    left join tagged as t
        using (region)
    group by s.region
)
select region, articles, views, share_articles from final order by position;

-- name: overview
with dates as (
    select distinct snapshot_date from flat
),
ends as (
    select
        max(snapshot_date) as b,
        max(snapshot_date) filter (where snapshot_date < (select max(snapshot_date) from dates)) as a0
    from dates
),
periods as (
    select 'current' as which, coalesce(a0, b - 7) as a, b from ends
    union all
    select
        'previous',
        coalesce((select max(snapshot_date) from dates where snapshot_date < ends.a0), a0 - 7),
        a0
    from ends
    where a0 is not null
),
latest as (
    select
        article_id,
        arg_max(published_date, snapshot_date) as published_date,
        arg_max(authors, snapshot_date) as authors
    from flat
    group by article_id
),
at_ends as (
    select
        p.which,
        p.a,
        p.b,
        f.article_id,
        arg_max(f.views, f.snapshot_date) as views_b,
        arg_max(f.views, f.snapshot_date) filter (where f.snapshot_date <= p.a) as views_a
    from flat as f
    join periods as p
        on f.snapshot_date <= p.b
    group by p.which, p.a, p.b, f.article_id
),
gains as (
    select
        e.which,
        l.authors,
        l.published_date > e.a and l.published_date <= e.b as is_new,
        case
            when e.views_a is not null then greatest(0, e.views_b - e.views_a)
            when l.published_date > e.a then e.views_b
        end as gained
    from at_ends as e
    join latest as l
        using (article_id)
),
known as (
    select * from gains where gained is not null
),
active as (
    select which, lower(trim(author)) as author_key
    from known, unnest(authors) as u(author)
    group by all
    having bool_or(is_new) or sum(gained) > 0
),
final as (
    select
        k.which,
        count(*) filter (where k.is_new) as articles_published,
        sum(k.gained) as views_gained,
        (select count(*) from active as x where x.which = k.which) as active_reporters
    from known as k
    group by k.which
)
select * from final order by which;
