"""The bare-DuckDB side of the report benchmark: the same exports as one flat table in a
DuckDB file of its own, and the SQL (flat_queries.sql) that answers each report from it.

The table is built with DuckDB alone (read_csv + SQL): article key from the URL, snapshot
date from the file name, authors split on ',' / ' dan ', regions from the region column
else the kecamatan named in the title, else DKI Jakarta. It approximates Sorot's parsing
closely enough for these generated files; what is measured is the cost of the questions.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb

from bench.generate import KECAMATAN_CSV, REGION_FORMS

QUERIES_SQL = Path(__file__).with_name("flat_queries.sql")


def queries() -> dict[str, str]:
    """Report name -> SQL, from the `-- name: x` sections of flat_queries.sql."""
    text = QUERIES_SQL.read_text(encoding="utf-8")
    parts = re.split(r"^-- name: (\w+)\s*$", text, flags=re.MULTILINE)
    return {name: body.strip().rstrip(";") for name, body in zip(parts[1::2], parts[2::2])}


def build(db: Path, files: list[Path]) -> int:
    """Create `flat` in a new DuckDB file from the export files; returns its row count."""
    with KECAMATAN_CSV.open(encoding="utf-8") as f:
        kecamatan = [(row["kecamatan"], row["region"]) for row in csv.DictReader(f)]
    spellings = [(form, region) for region, forms in REGION_FORMS.items() for form in forms]
    pattern = r"\b(" + "|".join(re.escape(name) for name, _ in kecamatan) + r")\b"
    con = duckdb.connect(str(db))
    try:
        con.execute("create table kecamatan (name varchar, region varchar)")
        con.executemany("insert into kecamatan values (?, ?)", kecamatan)
        con.execute("create table spellings (form varchar, region varchar)")
        con.executemany("insert into spellings values (?, ?)", spellings)
        con.execute(
            """
            create table flat as
            with raw as (
                select * from read_csv($files, header = true, filename = true, all_varchar = true)
            ),
            typed as (
                select
                    rtrim(regexp_replace(regexp_replace("Tautan", '^[a-z]+://(www\\.|m\\.)?', ''),
                                         '[?#].*$', ''), '/') as article_id,
                    cast(regexp_extract(filename, '(\\d{4}-\\d{2}-\\d{2})', 1) as date) as snapshot_date,
                    cast("Dilihat" as bigint) as views,
                    regexp_replace("Tautan", '[?#].*$', '') as url,
                    "Judul" as title,
                    cast(cast("Tanggal Terbit" as timestamp) as date) as published_date,
                    "Kanal" as category,
                    list_transform(regexp_split_to_array("Penulis", ',|\\s+dan\\s+'), lambda x: trim(x)) as authors,
                    "Wilayah" as region_column,
                    regexp_extract("Judul", $pattern, 1) as kecamatan
                from raw
            )
            select
                t.article_id,
                t.snapshot_date,
                t.views,
                t.url,
                t.title,
                t.published_date,
                t.category,
                t.authors,
                [coalesce(s.region, k.region, 'DKI Jakarta')] as regions
            from typed as t
            left join spellings as s
                on s.form = t.region_column
            left join kecamatan as k
                on k.name = t.kecamatan
            """,
            {"files": [str(p) for p in files], "pattern": pattern},
        )
        return con.execute("select count(*) from flat").fetchone()[0]
    finally:
        con.close()
