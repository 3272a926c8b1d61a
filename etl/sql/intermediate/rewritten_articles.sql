-- The written_articles input of a load: the rows ingest has just written (the temp view
-- `rewritten` of etl/sql/load/latest_from_*.sql), a few columns of a small table instead
-- of every latest snapshot.
select * from rewritten
