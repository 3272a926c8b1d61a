-- placeholder: the users table of issue #17 (identity and roles) lands in this file.
select 1;
