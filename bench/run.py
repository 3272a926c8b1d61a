"""The benchmark, in one command:

    uv run python -m bench.run [--scale tiny|medium|full] [--out docs/benchmarks.md] [--workdir DIR]

Generates the exports (bench/generate.py), times Sorot's ingest against DuckDB's own
read_csv (each in a fresh process, for per-ingest peak memory), times each report and each
dashboard page on the backlog database against the same question asked of one flat table
in bare DuckDB, and writes the results with the machine they ran on to --out. Ratios are
measured in the same run, so they mean something on any machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from bench import flat
from bench.generate import SCALES, Generated, Scale, generate

ROOT = Path(__file__).resolve().parent.parent
INGEST_RATIO_TARGET = 1.5
WHOLE_RATIO_TARGET = 4.0     # issue #16: the clean archive, whole process
STARTUP_TARGET_SECONDS = 0.3  # issue #16: `sorot --help`
WEEKLY_RATIO_TARGET = 6.0    # issue #16: a weekly file into a database of ten such weeks
HISTORY_WEEKS = 10
REPORT_TARGET_SECONDS = 0.050
PAGE_TARGET_SECONDS = 1.0
PEAK_TARGET_MIB = 1536       # issue #16: ≤ 1.5 GB for 1M rows
REPORTS = ("trending", "reporters", "regions", "overview")


@dataclass
class Row:
    """One line of the results table."""
    what: str
    sorot: str
    baseline: str
    ratio: str
    target: str
    met: str


@dataclass
class Results:
    scale: Scale
    rows: list[Row] = field(default_factory=list)
    ingest_details: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def median(values: list[float]) -> float:
    return statistics.median(values)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


# --------------------------------------------------------------------------- ingest

def _measured(command: list[str], what: str) -> tuple[dict, str]:
    """`command` as a fresh process under bench/measure.py: its whole-process wall time and its
    own peak memory (a child of this big process would otherwise report this one's peak)."""
    done = subprocess.run([sys.executable, "-m", "bench.measure", *command],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stderr[-2000:]}{done.stdout[-2000:]}")
    *output, last = done.stdout.strip().splitlines()
    return json.loads(last), "\n".join(output)


def _child(kind: str, db: Path, files: list[Path]) -> dict:
    """One bench/ingest_child run: in-process `seconds`, `rows`, and from the runner the
    whole-process `wall_seconds` and `peak_mib`."""
    if db.exists():
        db.unlink()
    measured, output = _measured([sys.executable, "-m", "bench.ingest_child", kind, str(db), *map(str, files)],
                                 f"{kind} ingest of {files[0].parent}")
    child = json.loads(output.splitlines()[-1])
    return {**child, "wall_seconds": measured["wall_seconds"], "peak_mib": measured["peak_mib"]}


def sorot_command() -> list[str]:
    """`sorot` as users run it: the installed script beside this interpreter, else the module."""
    script = Path(sys.executable).with_name("sorot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "etl.cli"]


def _cli(db: Path, files: list[Path]) -> dict:
    """The whole `sorot ingest` process, start-up and report included."""
    if db.exists():
        db.unlink()
    measured, _ = _measured([*sorot_command(), "ingest", "--db", str(db), *map(str, files)],
                            f"sorot ingest of {files[0].parent}")
    return measured


def time_ingest(results: Results, label: str, files: list[Path], work: Path, reps: int,
                target: bool) -> Path:
    """Sorot and the floor, alternating, `reps` times each; returns Sorot's database."""
    sorot_runs, floor_runs, tables_runs, cli_runs = [], [], [], []
    db = work / f"sorot-{label}.duckdb"
    for _ in range(reps):
        floor_runs.append(_child("floor", work / f"floor-{label}.duckdb", files))
        if target:   # the single-file archive: also the cost of Sorot's tables alone
            tables_runs.append(_child("tables", work / f"tables-{label}.duckdb", files))
        cli_runs.append(_cli(work / f"cli-{label}.duckdb", files))
        sorot_runs.append(_child("sorot", db, files))
    s = median([r["seconds"] for r in sorot_runs])
    f = median([r["seconds"] for r in floor_runs])
    c = median([r["wall_seconds"] for r in cli_runs])
    f_whole = median([r["wall_seconds"] for r in floor_runs])
    rows = floor_runs[0]["rows"]
    s_peak = max(r["peak_mib"] for r in sorot_runs + cli_runs)
    f_peak = max(r["peak_mib"] for r in floor_runs)
    ratio = s / f
    name = f"ingest {label} ({len(files)} file{'s' * (len(files) > 1)}, {rows:,} rows)"
    results.rows.append(Row(name, _s(s), _s(f), f"{ratio:.1f}×",
                            f"≤ {INGEST_RATIO_TARGET}×" if target else "—",
                            _met(ratio <= INGEST_RATIO_TARGET) if target else "—"))
    results.rows.append(Row(f"ingest {label}, whole process: `sorot ingest` against a bare "
                            "`read_csv` process (start-up included)",
                            _s(c), _s(f_whole), f"{c / f_whole:.1f}×",
                            f"≤ {WHOLE_RATIO_TARGET:.0f}×" if target else "—",
                            _met(c / f_whole <= WHOLE_RATIO_TARGET) if target else "—"))
    if tables_runs:
        t = median([r["seconds"] for r in tables_runs])
        results.rows.append(Row(f"ingest {label}: DuckDB alone writing Sorot's base tables "
                                "(bench/tables_floor.sql; no checks, no marts)",
                                _s(t), _s(f), f"{t / f:.1f}×", "—", "—"))
        results.rows.append(Row(f"ingest {label}: Sorot against that tables floor",
                                _s(s), _s(t), f"{s / t:.1f}×", "—", "—"))
    if target:
        results.rows.append(Row(f"peak memory, ingest {label}", f"{s_peak:,.0f} MiB", f"{f_peak:,.0f} MiB",
                                f"{s_peak / f_peak:.1f}×", f"≤ {PEAK_TARGET_MIB:,} MiB",
                                _met(s_peak <= PEAK_TARGET_MIB)))
    results.ingest_details.append([
        label, f"{len(files)}", f"{rows:,}", f"{reps}",
        _s(s), _s(c), f"{sorot_runs[0]['rows'] / s:,.0f}", f"{s_peak:,.0f}",
        _s(f), _s(f_whole), f"{rows / f:,.0f}", f"{f_peak:,.0f}", f"{ratio:.1f}×",
    ])
    if sorot_runs[0]["rows"] != rows:
        results.notes.append(f"Sorot stored {sorot_runs[0]['rows']:,} of the {rows:,} rows of {label}.")
    return db


def time_weekly_into_history(results: Results, files: list[Path], work: Path, reps: int) -> None:
    """One weekly file (`sorot ingest`, whole process) into a database that already holds the
    ten weeks before it, against a bare `read_csv` process of the same file (issue #16). The
    history is loaded once, untimed, and copied before each run."""
    history, new = files[:min(HISTORY_WEEKS, len(files) - 1)], files[min(HISTORY_WEEKS, len(files) - 1)]
    base = work / "weekly-history.duckdb"
    _child("sorot", base, history)
    cli, floor = [], []
    for _ in range(reps):
        floor.append(_child("floor", work / "weekly-floor.duckdb", [new]))
        db = work / "weekly-cli.duckdb"
        shutil.copyfile(base, db)
        measured, _ = _measured([*sorot_command(), "ingest", "--db", str(db), str(new)], f"sorot ingest of {new.name}")
        cli.append(measured)
    c = median([r["wall_seconds"] for r in cli])
    f = median([r["wall_seconds"] for r in floor])
    rows = floor[0]["rows"]
    results.rows.append(Row(f"ingest one weekly file ({rows:,} rows) into {len(history)} such weeks, whole process "
                            f"(median of {reps})", _s(c), _s(f), f"{c / f:.1f}×", f"≤ {WEEKLY_RATIO_TARGET:.0f}×",
                            _met(c / f <= WEEKLY_RATIO_TARGET)))


def time_startup(results: Results, runs: int) -> None:
    """`sorot --help` as a whole process against a bare interpreter (`python -c pass`)."""
    help_runs = [_measured([*sorot_command(), "--help"], "sorot --help")[0] for _ in range(runs)]
    bare_runs = [_measured([sys.executable, "-c", "pass"], "python -c pass")[0] for _ in range(runs)]
    h = median([r["wall_seconds"] for r in help_runs])
    b = median([r["wall_seconds"] for r in bare_runs])
    results.rows.append(Row(f"start-up: `sorot --help`, whole process (median of {runs}) against `python -c pass`",
                            _s(h), _s(b), f"{h / b:.1f}×", f"≤ {STARTUP_TARGET_SECONDS} s",
                            _met(h <= STARTUP_TARGET_SECONDS)))


# --------------------------------------------------------------------------- reports

def _alternate(calls: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds per call; the calls take turns so that background noise hits both."""
    for call in calls.values():
        call()  # warm-up: first-touch file reads and lazy imports are not what is measured
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)
    return {name: median(values) for name, values in times.items()}


def sorot_report_calls(con) -> dict[str, Callable[[], object]]:
    from etl import metrics

    def run(report: str):
        period = metrics.resolve_period(con)
        if report == "trending":
            return metrics.trending(con, period, limit=50)
        return getattr(metrics, report)(con, period)

    return {report: (lambda report=report: run(report)) for report in REPORTS}


def time_reports(results: Results, sorot_db: Path, flat_db: Path, runs: int) -> None:
    from etl.db.connect import reading

    sql = flat.queries()
    with reading(sorot_db) as sorot_con:
        bare_con = duckdb.connect(str(flat_db), read_only=True)
        bare_con.execute("set enable_progress_bar = false")
        try:
            calls = {}
            for report, call in sorot_report_calls(sorot_con).items():
                calls[("sorot", report)] = call
                calls[("bare", report)] = lambda q=sql[report]: bare_con.sql(q).pl()
            medians = _alternate(calls, runs)
        finally:
            bare_con.close()
    for report in REPORTS:
        s, b = medians[("sorot", report)], medians[("bare", report)]
        ok = s <= REPORT_TARGET_SECONDS and s < b
        results.rows.append(Row(f"report {report} (backlog, median of {runs})", _ms(s), _ms(b),
                                f"{s / b:.2f}×", f"≤ {REPORT_TARGET_SECONDS * 1000:.0f} ms and < bare", _met(ok)))


# --------------------------------------------------------------------------- pages

def dashboard_pages() -> list[Path]:
    return sorted((ROOT / "dashboard" / "app_pages").glob("*.py"))


def time_pages(results: Results, sorot_db: Path, runs: int) -> None:
    app = ROOT / "dashboard" / "app.py"
    pages = dashboard_pages()
    if not app.exists() or not pages:
        results.notes.append("Page renders skipped: dashboard/app.py or dashboard/app_pages/ is not there yet.")
        return
    try:
        import streamlit as st
        from streamlit.testing.v1 import AppTest
    except ImportError as err:
        results.notes.append(f"Page renders skipped: {err}.")
        return
    previous = os.environ.get("SOROT_DB")
    os.environ["SOROT_DB"] = str(sorot_db)
    try:
        for page in pages:
            relative = f"app_pages/{page.name}"
            try:
                cold, warm = _page_times(AppTest, st, app, relative, runs)
            except Exception as err:  # a page still being built must not sink the benchmark
                results.rows.append(Row(f"page {page.stem} (backlog)", "error", "—", "—",
                                        f"≤ {PAGE_TARGET_SECONDS:.0f} s", "**no**"))
                results.notes.append(f"Page {relative} failed to render: {type(err).__name__}: {err}".strip())
                continue
            results.rows.append(Row(f"page {page.stem}, first view (backlog, median of {runs})", _s(cold),
                                    "—", "—", f"≤ {PAGE_TARGET_SECONDS:.0f} s", _met(cold <= PAGE_TARGET_SECONDS)))
            results.rows.append(Row(f"page {page.stem}, cached re-run (backlog, median of {runs})", _s(warm),
                                    "—", "—", "—", "—"))
    finally:
        if previous is None:
            os.environ.pop("SOROT_DB", None)
        else:
            os.environ["SOROT_DB"] = previous


def _page_times(AppTest, st, app: Path, relative: str, runs: int) -> tuple[float, float]:
    """Server-side render of one page: `first view` with Streamlit's caches emptied (what the
    first visitor after an ingest waits for), `cached re-run` right after it.

    Each AppTest's first run also does what a real server does once at start-up: it scans
    every installed package for Streamlit components (~0.4 s here). That run is not timed;
    the caches are emptied after it, so the timed run still computes everything."""
    cold, warm = [], []
    for _ in range(runs):
        at = AppTest.from_file(str(app), default_timeout=120)
        at.run()   # the server's start-up, see above
        # st.navigation registers the pages in app_pages/ during a run, so a page can be
        # switched to only after one (before it, AppTest silently stays on the default page).
        at.switch_page(relative)
        at.run()
        _raise_on_exception(at, relative)
        st.cache_data.clear()
        st.cache_resource.clear()
        started = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - started)
        _raise_on_exception(at, relative)
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    return median(cold), median(warm)


def _raise_on_exception(at, relative: str) -> None:
    if len(at.exception):
        raise RuntimeError(f"{relative} raised: {at.exception[0].value}")


# --------------------------------------------------------------------------- the report

def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import polars

    return [
        ("CPU", cpu),
        ("Cores", str(os.cpu_count())),
        ("RAM", ram),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("DuckDB", duckdb.__version__),
        ("Polars", polars.__version__),
        ("Date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
    ]


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def render(results: Results) -> str:
    scale = results.scale
    parts = [
        f"### Results: scale `{scale.name}`",
        "",
        _table(["what", "Sorot", "floor / bare", "ratio", "target", "met?"],
               [[r.what, r.sorot, r.baseline, r.ratio, r.target, r.met] for r in results.rows]),
        "",
        "Ingest in detail (median seconds; `in-process` = the load alone, `whole` = the process, "
        "start-up included — for Sorot the `sorot ingest` command; peak = the process's own "
        "high-water mark, measured by bench/measure.py, interpreter and imports included):",
        "",
        _table(["data", "files", "rows", "runs", "Sorot in-process", "sorot ingest whole", "Sorot rows/s",
                "Sorot peak MiB", "floor in-process", "floor whole", "floor rows/s", "floor peak MiB",
                "ratio in-process"], results.ingest_details),
        "",
        "Machine:",
        "",
        _table(["", ""], [[k, v] for k, v in machine()]),
        "",
        f"Whole run: {results.seconds / 60:.1f} min.",
    ]
    if results.notes:
        parts += ["", "Notes:", ""] + [f"- {note}" for note in results.notes]
    return "\n".join(parts) + "\n"


RESULTS_START = "<!-- bench:results:start -->"
RESULTS_END = "<!-- bench:results:end -->"


def write_results(out: Path, text: str) -> None:
    """Replace the results block of `out` (between the markers), keeping the prose around it;
    a new file gets just the block."""
    block = f"{RESULTS_START}\n{text}{RESULTS_END}\n"
    if out.exists():
        current = out.read_text(encoding="utf-8")
        if RESULTS_START in current and RESULTS_END in current:
            head, rest = current.split(RESULTS_START, 1)
            tail = rest.split(RESULTS_END, 1)[1].lstrip("\n")
            # the block may sit between sections (current numbers first): keep a blank line
            out.write_text(head + block + ("\n" + tail if tail else ""), encoding="utf-8")
            return
        out.write_text(current.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Benchmarks\n\n" + block, encoding="utf-8")


# --------------------------------------------------------------------------- main

@dataclass
class Plan:
    ingest_reps: int       # repetitions of the 1M-row (archive) ingest
    weekly_reps: int       # repetitions of the multi-file ingests (slow at full scale)
    report_runs: int
    page_runs: int


PLANS = {
    "tiny": Plan(1, 1, 3, 1),
    "medium": Plan(3, 1, 20, 5),
    "full": Plan(3, 1, 20, 5),
}


def run(scale: Scale, work: Path, plan: Plan, log: Callable[[str], None] = print) -> Results:
    started = time.perf_counter()
    results = Results(scale)
    log(f"generating exports ({scale.name}) under {work}")
    made: Generated = generate(work / "exports", scale)
    dbs = work / "db"
    dbs.mkdir(parents=True, exist_ok=True)
    log("start-up")
    time_startup(results, plan.report_runs)
    log("ingest: archive (one file)")
    time_ingest(results, "archive", [made.archive], dbs, plan.ingest_reps, target=True)
    log("ingest: year of one newsroom")
    time_ingest(results, "year", made.year, dbs, plan.weekly_reps, target=False)
    log("ingest: backlog")
    backlog_db = time_ingest(results, "backlog", made.backlog, dbs, plan.weekly_reps, target=False)
    log("ingest: a weekly file into ten weeks")
    time_weekly_into_history(results, made.backlog, dbs, plan.ingest_reps)
    log("building the flat table")
    flat_db = dbs / "flat-backlog.duckdb"
    if flat_db.exists():
        flat_db.unlink()
    flat.build(flat_db, made.backlog)
    log("reports")
    time_reports(results, backlog_db, flat_db, plan.report_runs)
    log("pages")
    time_pages(results, backlog_db, plan.page_runs)
    results.seconds = time.perf_counter() - started
    return results


def main(argv: list[str] | None = None) -> Results:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="full")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the exports and databases go (default: a temporary folder, removed)")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sorot-bench-"))
    try:
        results = run(scale, work, PLANS[args.scale], log=lambda m: print(f"[bench] {m}", file=sys.stderr))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    text = render(results)
    write_results(args.out, text)
    print(text)
    return results


if __name__ == "__main__":
    main()
