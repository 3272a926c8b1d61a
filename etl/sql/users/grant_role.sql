-- Give $email the role $role (a second grant changes the role and who gave it, and when).
insert into users (email, role, granted_by, granted_at)
values ($email, $role, $granted_by, now() at time zone 'UTC')
on conflict (email) do update set
    role = excluded.role,
    granted_by = excluded.granted_by,
    granted_at = excluded.granted_at
