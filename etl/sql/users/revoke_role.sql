-- Take $email's role away; returns the role it had (no row: it had none).
delete from users
where email = $email
returning role
