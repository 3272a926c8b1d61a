-- Every snapshot date b with its period start a (SPEC §2). Small: one row per snapshot date.
create table period_ends (
    period_end        date primary key,  -- b, inclusive
    period_start      date not null,     -- a, exclusive: the previous snapshot date, else b - 7
    is_start_snapshot boolean not null   -- false when a = b - 7 (no earlier snapshot)
);
