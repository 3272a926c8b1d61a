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
        "| ingest archive (1 file, 300 rows)",
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
