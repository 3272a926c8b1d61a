"""The database: connecting, the schema and its upgrades, the SQL compiler, the marts and checks."""
