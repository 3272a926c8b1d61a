"""The notation matrix (issue #16): the same rows in ten notations SPEC §1 allows, each
ingested by `sorot ingest` (whole process) against a bare DuckDB `read_csv` of the same file
in the same run, with each process's own peak memory and the share of rows the fast path sent
to the per-row Python parsers.

    uv run python -m bench.notations [--rows N] [--out FILE] [--workdir DIR]

Each notation is derived from bench/generate.py's clean archive with polars, so the rows are
the same articles; only the spelling differs.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import polars as pl

from bench import run
from bench.generate import LAST_SNAPSHOT, write_archive

WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]


def _long_date(text: str) -> str:
    from datetime import datetime

    when = datetime.strptime(text, "%Y-%m-%d %H:%M")
    return f"{WEEKDAYS[when.weekday()]}, {when.day} {MONTHS[when.month - 1]} {when.year} {when:%H:%M} WIB"


def _english_date(text: str) -> str:
    from datetime import datetime

    when = datetime.strptime(text, "%Y-%m-%d %H:%M")
    return f"{when:%A, %B} {when.day}, {when.year} {when.hour % 12 or 12}:{when:%M} {'PM' if when.hour >= 12 else 'AM'}"


def _day_first_wita(text: str) -> str:
    from datetime import datetime, timedelta

    when = datetime.strptime(text, "%Y-%m-%d %H:%M") + timedelta(hours=1)   # the same instant in WITA
    return f"{when:%d-%m-%Y %H.%M} WITA"


def _dotted(views: str) -> str:
    return f"{int(views):,}".replace(",", ".")


def _byline(text: str) -> str:
    return "" if not text else "Oleh: " + text.replace(", ", " dan ")


NOTATIONS = {  # label: (what, transform of the clean frame, delimiter, encoding)
    "a": ("clean (bench/generate.py)", lambda f: f, ",", "utf-8"),
    "b": ("`snapshot_date` column (`Tanggal Data`)",
          lambda f: f.with_columns(pl.lit(LAST_SNAPSHOT.isoformat()).alias("Tanggal Data")), ",", "utf-8"),
    "c": ("cp1252, `;`", lambda f: f, ";", "cp1252"),
    "d": ("UTF-16 with BOM, tab", lambda f: f, "\t", "utf-16"),
    "e": ("Indonesian long dates (`Sabtu, 9 November 2024 01:58 WIB`)",
          lambda f: f.with_columns(pl.col("Tanggal Terbit").map_elements(_long_date, pl.String)), ",", "utf-8"),
    "f": ("`2.233` views", lambda f: f.with_columns(pl.col("Dilihat").map_elements(_dotted, pl.String)), ",", "utf-8"),
    "g": ("ISO with offset (`2024-11-09T01:58:00+07:00`)",
          lambda f: f.with_columns(pl.col("Tanggal Terbit").str.replace(" ", "T") + ":00+07:00"), ",", "utf-8"),
    "h": ("`article_id` column (`ID Artikel`)",
          lambda f: f.with_columns(pl.col("Tautan").str.extract(r"/read/(\d+)/").alias("ID Artikel")), ",", "utf-8"),
    "i": ("empty region column", lambda f: f.with_columns(pl.lit("").alias("Wilayah")), ",", "utf-8"),
    "j": ("`Oleh:` / ` dan ` bylines",
          lambda f: f.with_columns(pl.col("Penulis").fill_null("").map_elements(_byline, pl.String)), ",", "utf-8"),
    "k": ("English long dates (`Saturday, November 9, 2024 1:58 AM`)",
          lambda f: f.with_columns(pl.col("Tanggal Terbit").map_elements(_english_date, pl.String)), ",", "utf-8"),
    "l": ("day-first with dashes, `HH.MM WITA` (`09-11-2024 02.58 WITA`)",
          lambda f: f.with_columns(pl.col("Tanggal Terbit").map_elements(_day_first_wita, pl.String)), ",", "utf-8"),
    "m": ("curly-quoted titles and a summary column (`Ringkasan`)",
          lambda f: f.with_columns(("\u201c" + pl.col("Judul") + "\u201d").alias("Judul"),
                                   ("Warga di " + pl.col("Judul")).alias("Ringkasan")), ",", "utf-8"),
}
# Not a notation of its own but the worst case for memory: view counts grouped by no-break
# spaces (`2\u00a0233`, `0\u00a0042`), which only the per-row parsers read, so every row goes
# through Python (in chunks: the peak must stay near the clean file's). Left out of the targets.
def _nbsp_grouped(views: str) -> str:
    return f"{int(views):,}".replace(",", "\u00a0") if int(views) >= 1000 else f"0\u00a0{int(views):03d}"


EVERY_ROW_IN_PYTHON = {
    "z": ("every row through Python (views grouped by no-break spaces; for the peak only)",
          lambda f: f.with_columns(pl.col("Dilihat").map_elements(_nbsp_grouped, pl.String)), ",", "utf-8"),
}


def write_notations(folder: Path, rows: int) -> dict[str, Path]:
    clean = write_archive(folder / "clean", rows)
    frame = pl.read_csv(clean, infer_schema=False)
    made = {}
    for label, (_what, transform, delimiter, encoding) in {**NOTATIONS, **EVERY_ROW_IN_PYTHON}.items():
        path = folder / label / clean.name   # the date stays in the file name, as in the issue
        path.parent.mkdir(parents=True, exist_ok=True)
        text = transform(frame).write_csv(separator=delimiter)
        path.write_bytes(text.encode(encoding, errors="replace"))
        made[label] = path
    return made


def matrix(files: dict[str, Path], work: Path, reps: int) -> list[list[str]]:
    lines = []
    clean_seconds = None
    for label, path in files.items():
        cli, floor, child = [], [], None
        for _ in range(reps):
            floor.append(run._child("floor", work / f"floor-{label}.duckdb", [path]))
            cli.append(run._cli(work / f"cli-{label}.duckdb", [path]))
        child = run._child("sorot", work / f"sorot-{label}.duckdb", [path])   # rows, share in Python
        c = run.median([r["wall_seconds"] for r in cli])
        f = run.median([r["wall_seconds"] for r in floor])
        clean_seconds = clean_seconds or c
        python = child.get("python_rows")
        share = "—" if python is None else f"{python / max(child['rows'], 1):.1%}"
        lines.append([label, {**NOTATIONS, **EVERY_ROW_IN_PYTHON}[label][0], f"{child['rows']:,}", run._s(c), run._s(f), f"{c / f:.1f}×",
                      f"{c / clean_seconds:.2f}×", f"{max(r['peak_mib'] for r in cli):,.0f}", share])
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.notations", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sorot-notations-"))
    try:
        files = write_notations(work / "exports", args.rows)
        (work / "db").mkdir(parents=True, exist_ok=True)
        lines = matrix(files, work / "db", args.reps)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Notation matrix: {args.rows:,} rows, whole process, median of {args.reps} "
          "(`sorot ingest` against a bare `read_csv` process of the same file):\n")
    print(run._table(["", "notation", "rows stored", "sorot ingest", "bare read_csv", "ratio",
                      "vs clean", "peak MiB", "rows in Python"], lines))


if __name__ == "__main__":
    main()
