-- Everyone with a role: admins first, then editors, then viewers; by e-mail within a role.
select
    email,
    role,
    granted_by,
    granted_at
from users
order by
    case role when 'admin' then 0 when 'editor' then 1 else 2 end,
    email
