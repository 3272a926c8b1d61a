"""Deterministic synthetic CMS exports at benchmark scale, built column by column.

etl.demo writes a small, story-shaped newsroom row by row; this module trades the story
for speed so that a 1M-row export takes seconds: every column is drawn with numpy and
assembled with polars. The files look like the real thing (SPEC §1): UTF-8, comma,
Indonesian headers, ISO publish times in WIB, plain integer views, titles naming
kecamatan, ~10% two-author bylines, the region column half filled, and the snapshot date
in the file name.

Three shapes of data, each a `Workload`:
- `year`:    one newsroom, 52 weekly files, each holding the last 90 days' articles;
- `backlog`: a newsroom network's backlog, 26 weekly files of ~100k rows each;
- `archive`: one full-archive export of 1M rows.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from etl.demo import (
    LOCAL_TEMPLATES,
    PHOTOGRAPHERS,
    PROVINCE_TEMPLATES,
    PROVINCE_TOPICS,
    REPORTERS,
)

HEADERS = ["Judul", "Tautan", "Tanggal Terbit", "Penulis", "Fotografer", "Kanal", "Wilayah", "Dilihat"]
KECAMATAN_CSV = Path(__file__).resolve().parent.parent / "etl" / "newsroom" / "data" / "jakarta_kecamatan.csv"
LAST_SNAPSHOT = date(2024, 11, 10)  # a Sunday, like the demo's
EXPORT_PREFIX = "sorot-export-"
# One portal's sections on subdomains: distinct hosts (and article keys), one outlet (a file
# whose URLs span several sites is refused, issue #18; a subdomain counts with its site).
SITES = ["beritajakarta.id", "kota.beritajakarta.id", "warta.beritajakarta.id", "betawi.beritajakarta.id"]
REGION_FORMS = {  # how a CMS's region column spells each region
    "Jakarta Pusat": ["Jakarta Pusat", "Jakpus", "Kota Administrasi Jakarta Pusat"],
    "Jakarta Utara": ["Jakarta Utara", "Jakut"],
    "Jakarta Barat": ["Jakarta Barat", "Jakbar"],
    "Jakarta Selatan": ["Jakarta Selatan", "Jaksel"],
    "Jakarta Timur": ["Jakarta Timur", "Jaktim"],
    "Kepulauan Seribu": ["Kepulauan Seribu", "Kep. Seribu"],
    "DKI Jakarta": ["DKI Jakarta"],
}
EXTRA_FIRST = ["Ahmad", "Siti", "Budi", "Dewi", "Rizky", "Nur", "Agus", "Rina", "Fajar", "Intan",
               "Yusuf", "Maya", "Hendra", "Sari", "Dimas", "Wulan", "Bayu", "Ratna", "Eko", "Lestari"]
EXTRA_LAST = ["Pratama", "Saputra", "Wijaya", "Hidayat", "Nugroho", "Siregar", "Lubis", "Kusuma",
              "Santoso", "Rahmawati", "Harahap", "Setiawan", "Purnomo", "Simanjuntak", "Gunawan"]


@dataclass(frozen=True)
class Workload:
    """`files` weekly exports ending on LAST_SNAPSHOT; each holds the articles published in
    the last `window_days` days. `per_day` articles are published every day."""
    name: str
    files: int
    window_days: int
    per_day: int
    reporters: int
    seed: int

    @property
    def rows(self) -> int:
        return self.files * self.window_days * self.per_day


@dataclass(frozen=True)
class Scale:
    name: str
    year: Workload
    backlog: Workload
    archive_rows: int


SCALES = {
    "tiny": Scale("tiny", Workload("year", 4, 14, 3, 6, 1), Workload("backlog", 3, 10, 8, 10, 2), 300),
    "medium": Scale("medium", Workload("year", 52, 90, 6, 30, 1), Workload("backlog", 26, 50, 200, 120, 2),
                    100_000),
    "full": Scale("full", Workload("year", 52, 90, 60, 30, 1), Workload("backlog", 26, 50, 2000, 400, 2),
                  1_000_000),
}


# --------------------------------------------------------------------------- vocabularies

def _kecamatan() -> list[tuple[str, str]]:
    with KECAMATAN_CSV.open(encoding="utf-8") as f:
        return [(row["kecamatan"], row["region"]) for row in csv.DictReader(f)]


def _title_vocabulary() -> tuple[list[str], list[str], list[str]]:
    """Every (template x place) title with `{n}` left for a number, its category and the
    region the title names (DKI Jakarta for province-wide ones)."""
    titles, categories, regions = [], [], []
    for kecamatan, region in _kecamatan():
        for category, templates in LOCAL_TEMPLATES.items():
            for template in templates:
                titles.append(template.replace("{loc}", kecamatan).replace("{N}", "{n}"))
                categories.append(category)
                regions.append(region)
    for category, topics in PROVINCE_TOPICS.items():
        for topic in topics:
            for template in PROVINCE_TEMPLATES:
                titles.append(template.replace("{topic}", topic).replace("{N}", "{n}"))
                categories.append(category)
                regions.append("DKI Jakarta")
    return titles, categories, regions


def _reporter_names(count: int) -> list[str]:
    names = list(REPORTERS)
    for i in range(max(0, count - len(names))):
        names.append(f"{EXTRA_FIRST[i % len(EXTRA_FIRST)]} {EXTRA_LAST[(i // len(EXTRA_FIRST)) % len(EXTRA_LAST)]}"
                     + (f" {i // (len(EXTRA_FIRST) * len(EXTRA_LAST)) + 2}" if i >= len(EXTRA_FIRST) * len(EXTRA_LAST) else ""))
    return names[:count]


# --------------------------------------------------------------------------- articles

def articles(count: int, first_publish: datetime, last_publish: datetime, reporters: int, seed: int,
             first_id: int = 100_000) -> pl.DataFrame:
    """`count` articles published evenly between the two instants (WIB), with everything an
    export shows except views, plus the parameters of each article's view curve."""
    rng = np.random.default_rng(seed)
    titles, categories, title_regions = _title_vocabulary()
    pick = rng.integers(0, len(titles), count)
    names = _reporter_names(reporters)
    # Some reporters write far more than others.
    weights = rng.pareto(1.5, reporters) + 1
    author = rng.choice(reporters, count, p=weights / weights.sum())
    co_author = (author + 1 + rng.integers(0, reporters - 1, count)) % reporters if reporters > 1 else author
    two = rng.random(count) < 0.10
    separator = np.where(rng.random(count) < 0.5, ", ", " dan ")
    span = (last_publish - first_publish).total_seconds()
    published = first_publish + pl.Series(np.sort(rng.random(count)) * span * 1e6).cast(pl.Int64).cast(
        pl.Duration("us"))

    region_of_title = pl.Series(title_regions).gather(pick)
    region_forms = {region: np.array(forms) for region, forms in REGION_FORMS.items()}
    form_pick = rng.integers(0, 3, count)
    filled = rng.random(count) < 0.5

    frame = pl.DataFrame({
        "article_no": np.arange(first_id, first_id + count, dtype=np.int64),
        "template": pl.Series(titles).gather(pick),
        "number": rng.integers(2, 400, count),
        "published": published,
        "author": pl.Series(names).gather(author),
        "co_author": pl.Series(names).gather(co_author),
        "two_authors": two,
        "separator": separator,
        "photographer": pl.Series(PHOTOGRAPHERS).gather(rng.integers(0, len(PHOTOGRAPHERS), count)),
        "has_photographer": rng.random(count) < 0.4,
        "category": pl.Series(categories).gather(pick),
        "title_region": region_of_title,
        "region_filled": filled,
        "form_pick": form_pick,
        "site": pl.Series(SITES).gather(rng.integers(0, len(SITES), count)),
        "tracking": rng.random(count) < 0.05,
        # View curve: total reach, how fast it comes, and a slow evergreen trickle.
        "reach": rng.lognormal(np.log(2500), 1.1, count),
        "speed_days": rng.uniform(0.4, 4.0, count),
        "trickle": np.where(rng.random(count) < 0.05, rng.uniform(5, 60, count), 0.0),
    })
    region_column = pl.lit(None, pl.String)
    for region, forms in region_forms.items():
        spelled = pl.Series(forms).gather(np.minimum(form_pick, len(forms) - 1))
        region_column = pl.when(pl.col("title_region") == region).then(
            pl.lit(spelled)).otherwise(region_column)
    frame = frame.with_columns(region_column.alias("region_spelled"))
    return frame.select(
        "article_no", "published", "reach", "speed_days", "trickle",
        pl.col("template").str.replace("{n}", pl.col("number").cast(pl.String), literal=True).alias("Judul"),
        "category",
        pl.when("two_authors").then(pl.concat_str("author", "separator", "co_author"))
        .otherwise("author").alias("Penulis"),
        pl.when("has_photographer").then("photographer").otherwise(None).alias("Fotografer"),
        pl.when("region_filled").then("region_spelled").otherwise(None).alias("Wilayah"),
        "site", "tracking",
    ).with_columns(
        pl.concat_str(
            pl.lit("https://www."), "site", pl.lit("/read/"), pl.col("article_no").cast(pl.String), pl.lit("/"),
            pl.col("Judul").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "-").str.strip_chars("-"),
            pl.when("tracking").then(pl.lit("?utm_source=wa")).otherwise(pl.lit("")),
        ).alias("Tautan"),
    ).drop("site", "tracking")


def views_on(frame: pl.DataFrame, snapshot: date) -> pl.Expr:
    """Cumulative views as of the end of `snapshot` (WIB): never decreasing week to week."""
    end = datetime.combine(snapshot, datetime.max.time())
    age_days = (pl.lit(end) - pl.col("published")).dt.total_seconds() / 86400
    return (pl.col("reach") * (1 - (-age_days / pl.col("speed_days")).exp()) + pl.col("trickle") * age_days
            ).floor().cast(pl.Int64).clip(lower_bound=0)


def export_frame(frame: pl.DataFrame, snapshot: date) -> pl.DataFrame:
    """The rows of one export, newest first, as the CMS writes them."""
    return frame.sort("published", descending=True).select(
        "Judul",
        "Tautan",
        pl.col("published").dt.strftime("%Y-%m-%d %H:%M").alias("Tanggal Terbit"),
        "Penulis",
        "Fotografer",
        pl.col("category").alias("Kanal"),
        "Wilayah",
        views_on(frame, snapshot).alias("Dilihat"),
    )


def export_path(folder: Path, snapshot: date) -> Path:
    return folder / f"{EXPORT_PREFIX}{snapshot.isoformat()}.csv"


def write_weekly(folder: Path, workload: Workload) -> list[Path]:
    """`workload.files` weekly exports into `folder`, oldest first."""
    folder.mkdir(parents=True, exist_ok=True)
    snapshots = [LAST_SNAPSHOT - timedelta(weeks=w) for w in reversed(range(workload.files))]
    first = datetime.combine(snapshots[0] - timedelta(days=workload.window_days - 1), datetime.min.time())
    last = datetime.combine(snapshots[-1], datetime.max.time())
    days = (snapshots[-1] - snapshots[0]).days + workload.window_days
    every = articles(days * workload.per_day, first, last, workload.reporters, workload.seed)
    paths = []
    for snapshot in snapshots:
        since = datetime.combine(snapshot - timedelta(days=workload.window_days - 1), datetime.min.time())
        until = datetime.combine(snapshot, datetime.max.time())
        window = every.filter(pl.col("published").is_between(since, until))
        path = export_path(folder, snapshot)
        export_frame(window, snapshot).write_csv(path)
        paths.append(path)
    return paths


def write_archive(folder: Path, rows: int, seed: int = 3, years: float = 3.0) -> Path:
    """One full-archive export of `rows` articles published over the last `years` years."""
    folder.mkdir(parents=True, exist_ok=True)
    last = datetime.combine(LAST_SNAPSHOT, datetime.min.time()) + timedelta(hours=20)
    first = last - timedelta(days=round(365 * years))
    frame = articles(rows, first, last, reporters=400, seed=seed, first_id=5_000_000)
    path = export_path(folder, LAST_SNAPSHOT)
    export_frame(frame, LAST_SNAPSHOT).write_csv(path)
    return path


@dataclass
class Generated:
    year: list[Path]
    backlog: list[Path]
    archive: Path


def generate(root: Path, scale: Scale) -> Generated:
    return Generated(
        year=write_weekly(root / "year", scale.year),
        backlog=write_weekly(root / "backlog", scale.backlog),
        archive=write_archive(root / "archive", scale.archive_rows),
    )


def main(argv: list[str] | None = None) -> None:
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Write the benchmark's synthetic exports.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    made = generate(args.folder, SCALES[args.scale])
    print(f"{len(made.year)} + {len(made.backlog)} + 1 files in {time.perf_counter() - started:.1f} s "
          f"under {args.folder}")


if __name__ == "__main__":
    main()
