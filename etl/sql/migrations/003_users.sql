-- scope: database (one table for every outlet; etl/db/schema.py)
-- Who may use the dashboard, and with which role (issue #17). The key is the e-mail as the
-- sign-in gives it, case-folded (etl.newsroom.access.normal_email), so that "Ana@Kantor.id"
-- from one provider and "ana@kantor.id" from another are one person. A person with no row
-- sees the "ask your admin" page; the CLI's shell user needs no row (it is admin anyway).
create table users (
    email      varchar primary key,
    role       varchar not null check (role in ('viewer', 'editor', 'admin')),
    granted_by varchar not null,    -- the e-mail (or user@host of the CLI) who gave the role
    granted_at timestamp not null   -- UTC
);
