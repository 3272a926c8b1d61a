"""Files in: read, parse the rows (SQL fast path or Python), saved pages, load in one transaction."""
