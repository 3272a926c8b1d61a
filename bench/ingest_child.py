"""One timed ingest in a process of its own, so that its peak memory is its own.

    python -m bench.ingest_child sorot DB FILE...   Sorot's ingest_paths (all files, one call)
    python -m bench.ingest_child floor DB FILE...   bare DuckDB: read_csv of each file into a table
    python -m bench.ingest_child tables DB FILE     DuckDB alone writing Sorot's base tables
                                                    (bench/tables_floor.sql; one file)

Prints one JSON object: seconds (the load only, not interpreter start-up or imports),
rows stored, and the process's own peak resident memory in MiB (VmHWM: ru_maxrss would carry
the high-water mark of the process that started this one across fork and exec). bench/run.py
starts it through bench/measure.py, which also gives the whole-process time.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


PYTHON_ROWS = [0]


def _count_python_rows() -> None:
    """Count the rows the fast path hands to the per-row parsers: each goes through
    `clean_row` once (bench/notations.py's share of rows in Python)."""
    from etl.ingest import fast_path

    if not hasattr(fast_path, "clean_row"):
        PYTHON_ROWS[0] = None
        return
    original = fast_path.clean_row

    def counted(*args, **kwargs):
        PYTHON_ROWS[0] += 1
        return original(*args, **kwargs)

    fast_path.clean_row = counted


def sorot(db: Path, files: list[Path]) -> int:
    from etl.ingest.files import ingest_paths

    _count_python_rows()

    started = time.perf_counter()
    reports = ingest_paths(db, files)
    seconds = time.perf_counter() - started
    refused = [r.message for r in reports if not r.ok]
    if refused:
        raise SystemExit(f"Sorot refused a benchmark file: {refused[0]}")
    return seconds, sum(r.rows_loaded for r in reports)


def floor(db: Path, files: list[Path]) -> int:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute("create table t as select * from read_csv(?, header=true, encoding=?)",
                [str(files[0]), _encoding(files[0])])
    for path in files[1:]:
        con.execute("insert into t select * from read_csv(?, header=true, encoding=?)",
                    [str(path), _encoding(path)])
    rows = con.execute("select count(*) from t").fetchone()[0]
    con.close()
    return time.perf_counter() - started, rows


def _encoding(path: Path) -> str:
    """What DuckDB's read_csv must be told (bench/notations.py writes UTF-16 and cp1252 too;
    latin-1 is DuckDB's nearest built-in to cp1252, the same bytes for these rows)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:   # not just a character cut at the end of the sample
            return "latin-1"
    return "utf-8"


def tables(db: Path, files: list[Path]) -> int:
    import duckdb

    from etl.db import outlets
    from etl.db.schema import upgrade

    root = Path(__file__).resolve().parent.parent
    script = (root / "bench" / "tables_floor.sql").read_text(encoding="utf-8")
    (path,) = files
    con = duckdb.connect(str(db))
    upgrade(con)   # Sorot's tables as every migration leaves them (empty marts too), untimed
    outlets.use(con, outlets.create(con, "bench"))   # in an outlet's schema, as an ingest writes
    started = time.perf_counter()
    con.execute("begin")
    quoted = "'" + str(path).replace("'", "''") + "'"   # a script of several statements takes no parameters
    con.execute(script.replace("$path", quoted))
    con.execute("commit")
    rows = con.execute("select count(*) from snapshots").fetchone()[0]
    con.close()
    return time.perf_counter() - started, rows


def main(argv: list[str]) -> None:
    kind, db, *files = argv
    if kind == "sorot":
        # The in-process clock measures the load, not start-up: whatever Sorot imports on the
        # way (pyarrow imports pandas on its first pa.array) is paid before it starts. The
        # whole-process time of `sorot ingest` is measured beside it (bench/run.py).
        import pandas  # noqa: F401
    seconds, rows = {"sorot": sorot, "floor": floor, "tables": tables}[kind](Path(db), [Path(f) for f in files])
    result = {"seconds": seconds, "rows": rows, "peak_mib": own_peak_mib()}
    if kind == "sorot":
        result["python_rows"] = PYTHON_ROWS[0]
    print(json.dumps(result))


def own_peak_mib() -> float:
    """This process's own high-water mark: VmHWM belongs to the address space exec made."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: best effort


if __name__ == "__main__":
    main(sys.argv[1:])
