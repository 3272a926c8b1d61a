"""The benchmark at a tiny scale, end to end, so that it does not rot. No timing asserted."""
from pathlib import Path

from bench import run
from bench.generate import SCALES


def test_tiny_benchmark_writes_every_row_of_the_table(tmp_path: Path):
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\nProse that must survive.\n", encoding="utf-8")

    run.main(["--scale", "tiny", "--out", str(out), "--workdir", str(tmp_path / "work")])

    text = out.read_text(encoding="utf-8")
    assert "Prose that must survive." in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    expected = [
        "| start-up: `sorot --help`",
        "| ingest archive (1 file, 300 rows)",
        "| ingest archive, whole process: `sorot ingest`",
        "| ingest archive: DuckDB alone writing Sorot's base tables",
        "| ingest archive: Sorot against that tables floor",
        "| peak memory, ingest archive",
        "| ingest year (",
        "| ingest backlog (",
        *(f"| report {name} (backlog" for name in run.REPORTS),
    ]
    if (run.ROOT / "dashboard" / "app.py").exists():
        expected += [f"| page {page.stem}" for page in run.dashboard_pages()]
    else:
        assert "Page renders skipped" in text
    for start in expected:
        assert any(line.startswith(start) for line in table), f"no row starting {start!r}"
    for label in ("CPU", "Cores", "RAM", "Python", "DuckDB", "Date"):
        assert f"| {label} |" in text
    assert text.count(run.RESULTS_START) == 1


def test_flat_queries_answer_every_report():
    assert set(run.REPORTS) <= set(run.flat.queries())


def test_generator_is_deterministic(tmp_path: Path):
    from bench.generate import write_archive

    first = write_archive(tmp_path / "a", SCALES["tiny"].archive_rows).read_bytes()
    second = write_archive(tmp_path / "b", SCALES["tiny"].archive_rows).read_bytes()
    assert first == second


def test_a_small_child_reports_its_own_peak_not_the_parents(tmp_path: Path):
    """A child of a big process inherits its ru_maxrss across fork and exec; the benchmark's
    runner must report the child's own. This process first holds 400 MiB more than it needs,
    then measures an interpreter that does nothing (~10 MiB on its own)."""
    import subprocess
    import sys

    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(ballast[::4096])   # touch every page so it is resident
    measured, _ = run._measured([sys.executable, "-c", "pass"], "a trivial child")
    assert measured["peak_mib"] < 200
    assert measured["returncode"] == 0
    # and the failure this guards against is real on this machine: a direct child inherits it
    direct = subprocess.run([sys.executable, "-c", "import resource; print(resource.getrusage("
                             "resource.RUSAGE_SELF).ru_maxrss // 1024)"],
                            capture_output=True, text=True, check=True)
    del ballast
    assert int(direct.stdout) > 400


def test_ingest_child_reports_its_own_peak(tmp_path: Path):
    from bench.generate import write_archive

    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(ballast[::4096])
    archive = write_archive(tmp_path / "exports", SCALES["tiny"].archive_rows)
    floor = run._child("floor", tmp_path / "floor.duckdb", [archive])
    del ballast
    assert floor["rows"] == SCALES["tiny"].archive_rows
    assert floor["peak_mib"] < 200
    assert floor["wall_seconds"] >= floor["seconds"]


def test_importing_the_cli_does_not_import_pandas():
    """`sorot --help` and the commands that do not need pandas must not pay its import."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import sys, etl.cli; print('pandas' in sys.modules)"],
                          capture_output=True, text=True, check=True, cwd=run.ROOT)
    assert done.stdout.strip() == "False"


def test_a_small_sorot_ingest_does_not_import_pandas(tmp_path: Path):
    """The per-row path and load() build their Arrow tables without pa.array, which imports
    pandas (issue #16: start-up). A file below the fast path's size goes only through them."""
    import subprocess
    import sys

    export = run.ROOT / "tests" / "fixtures" / "ingest" / "dates_2024-11-10.csv"
    code = ("import sys; from pathlib import Path; from etl.ingest.files import ingest_paths; "
            f"[report] = ingest_paths(Path({str(tmp_path / 'db.duckdb')!r}), [Path({str(export)!r})]); "
            "assert report.ok and report.rows_loaded > 0, report; print('pandas' in sys.modules)")
    env = {k: v for k, v in __import__("os").environ.items() if k != "SOROT_FAST_PATH_MIN_ROWS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, cwd=run.ROOT, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_a_fast_path_ingest_does_not_import_pandas(tmp_path: Path):
    """The fast path's value maps and title keys build their Arrow tables without pa.array
    too: the same fixture, every size sent to the fast path (SOROT_FAST_PATH_MIN_ROWS=0),
    twice, so the second file's title keys are looked up as well."""
    import os
    import subprocess
    import sys

    export = run.ROOT / "tests" / "fixtures" / "ingest" / "dates_2024-11-10.csv"
    later = tmp_path / "dates_2024-11-17.csv"
    later.write_bytes(export.read_bytes())
    code = ("import sys; from pathlib import Path; from etl.ingest.files import ingest_paths; "
            f"reports = ingest_paths(Path({str(tmp_path / 'db.duckdb')!r}), [Path({str(export)!r}), Path({str(later)!r})]); "
            "assert all(r.ok and r.rows_loaded > 0 for r in reports), reports; print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=run.ROOT, env={**os.environ, "SOROT_FAST_PATH_MIN_ROWS": "0"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_every_notation_of_the_matrix_stores_every_row(tmp_path: Path):
    """bench/notations.py writes the same rows in each notation; each must be a notation Sorot
    reads in full, or the matrix would compare files of different contents."""
    from bench.notations import EVERY_ROW_IN_PYTHON, NOTATIONS, write_notations
    from etl.ingest.files import ingest_paths

    files = write_notations(tmp_path / "exports", 300)
    assert set(files) == {*NOTATIONS, *EVERY_ROW_IN_PYTHON} and len(NOTATIONS) >= 10
    for label, path in files.items():
        [report] = ingest_paths(tmp_path / f"{label}.duckdb", [path])
        assert report.ok, (label, report.message)
        assert report.rows_loaded == 300, label


def test_every_notation_of_the_matrix_takes_the_fast_path_and_stores_the_clean_rows(tmp_path: Path, monkeypatch):
    """The matrix's notations on the vectorised path (issue #16: none sends rows to the per-row
    parsers), each storing what the clean file stores: the same articles, views, instants,
    authors and regions (titles differ only where the notation quotes them)."""
    from bench.notations import EVERY_ROW_IN_PYTHON, write_notations
    from etl.ingest import fast_path
    from etl.ingest.files import ingest_paths
    from etl.metrics import reading

    monkeypatch.setenv("SOROT_FAST_PATH_MIN_ROWS", "0")
    calls = []
    real = fast_path.snapshot_record
    monkeypatch.setattr(fast_path, "snapshot_record", lambda *a: calls.append(a) or real(*a))
    files = write_notations(tmp_path / "exports", 300)
    stored = {}
    for label, path in files.items():
        calls.clear()
        [report] = ingest_paths(tmp_path / f"{label}.duckdb", [path])
        assert report.rows_loaded == 300, label
        assert len(calls) == (300 if label in EVERY_ROW_IN_PYTHON else 0), label
        with reading(tmp_path / f"{label}.duckdb") as con:
            stored[label] = sorted(con.execute(
                "select article_id, views, published_at, authors, regions, url, category from snapshots").fetchall())
    # `article_id` column: the ids instead of the URL keys
    assert {label for label, rows in stored.items() if rows != stored["a"]} == {"h"}   # z: same rows, by Python
