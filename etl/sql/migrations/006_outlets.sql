-- scope: database (the registry of every outlet; etl/db/schema.py)
-- Several outlets in one database (issue #18): each outlet (one portal of a media group)
-- keeps the base tables and marts of 001-005 in a schema of its own, `outlet_<id>`, so its
-- numbers are exactly those of a database holding it alone. The `main` schema keeps what
-- every outlet shares: users, the migrations, the ingest id sequence and this registry.
-- etl/db/schema.py moves the tables an older database kept in `main` into the schema of
-- the outlet its URLs name, in the same transaction as this file (docs/schema.md).

create sequence outlet_id_seq start 1;

create table outlets (
    outlet_id   integer primary key,
    name        varchar not null,            -- as shown; renamed with `sorot outlets rename`
    name_key    varchar not null unique,     -- etl.newsroom.outlets.name_key(name)
    schema_name varchar not null unique,     -- outlet_<outlet_id>
    created_at  timestamp not null           -- UTC
);

-- The URL hosts (sites) whose files went to an outlet: a file named by its host finds its
-- outlet here, also after the outlet was renamed.
create table outlet_hosts (
    host      varchar primary key,
    outlet_id integer not null
);
