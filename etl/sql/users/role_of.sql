-- The role of one (case-folded) e-mail; no row when it has none.
select role
from users
where email = $email
