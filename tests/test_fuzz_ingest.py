"""A fuzzer over export files (issue #15): whatever bytes arrive, `sorot ingest`'s front door
(etl.ingest.files.ingest_paths) gives a clear sentence (a refused file, rejected rows) or a
load, never an unexpected error, on both parse paths; and the reports then run.

Two sources of files: random bytes (behind a byte-order mark or not), and CSVs built from
the header aliases and the cell notations of SPEC §1, then mangled (quotes, delimiters and
line breaks dropped or doubled, text re-encoded). The suite runs a bounded, derandomized
number of examples; `SOROT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q
tests/test_fuzz_ingest.py` runs it long (docs/decisions.md records the long runs).
"""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from etl import metrics
from etl.metrics import rollup
from etl.errors import RefusedFile, SorotError
from etl.ingest.files import ingest_paths, preview
from etl.ingest.read import DELIMITERS
from etl.newsroom.cells import COLUMN_ALIASES, canonical_column
from etl.present.ingest_report import print_ingest_report

EXAMPLES = int(os.environ.get("SOROT_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("SOROT_FUZZ_EXAMPLES"),
                suppress_health_check=list(HealthCheck), database=None)

VIEWS = ["2233", "2.233", "2,233", "1.234.567", " 2 233 ", "2\u00a0233", "0", "2.5", "n/a", "-4", "",
         "1000000000000", "1000000000001", "99999999999999999999", "9223372036854775808", "１２３",
         "٨٠٠", "1e5", "+5", "0x10", "١٬٢٣٤", "2,233,4", "1.234,567", "\u2212" + "3"]
DATES = ["2024-11-05", "2024-11-05T14:05", "2024-11-05 14:05:09+07:00", "05/11/2024", "5-11-2024",
         "05/11/2024 14.05 WIB", "Rabu, 29 November 2023 14:05 WIB", "29 Nov 2023", "Jum'at, 8 Nov 2024",
         "Nov 29, 2023", "31/02/2024", "2024-13-01", "0224-11-05", "٢٠٢٤-١١-٠٥", "２０２４-１１-０５",
         "Senin, 5 November 2024", "", "kemarin", "2024-11-05 25:00", "1899-12-31", "45231"]
URLS = ["https://www.beritajakarta.id/read/1/a", "http://m.x.id/read/2/b/?utm_source=wa#top", "x.id/3",
        "https://x.id:8080/4", "https://", "javascript:alert(1)", "", "https://www.m.www.x.id/5",
        "mailto:a@b.c", "https://user:pw@x.id/6"]
AUTHORS = ["Nurito", "Oleh: Budi Santoso dan Siti Aminah", "A, B; C & D / E", "Editor: Rina", "",
           "Reporter: A | Editor: B", "  budi  SANTOSO "]
REGIONS = ["Jaksel", "Jakarta Selatan, Jakut", "Kep. Seribu", "Bandung", "", "DKI Jakarta"]
TITLES = ["Banjir di Tebet", "Macet di Pasar Minggu", "Makassar bukan Makasar", "Gunung Tambora", "",
          "=HYPERLINK(\"x\")", "Judul\u0007dengan kontrol", "Ŝƥëçïåĺ ünïcödé 中文", "a" * 3000]
HEADERS = sorted(COLUMN_ALIASES) + ["Judul", "Tanggal Terbit", "Jumlah Dilihat", "URL Artikel", "extra", ""]
NAMES = ["export-2024-11-10.csv", "export-2024-11-03.tsv", "backlog_2024-11-03_to_2024-11-10.txt",
         "tanpa-tanggal.csv", os.fsdecode(b"ekspor-\xff-2024-11-10.csv"), "10-11-2024.csv", "x.CSV"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One database per parse path for all examples of the module: a new database per
    example would cost most of the run; a shared one also meets replaced weeks, views going
    down and files sent twice."""
    return tmp_path_factory.mktemp("fuzz")


def ingest_and_report(folder: Path, name: str, data: bytes, fast: bool) -> None:
    """The property: a sentence or a load, never another error, for the upload preview and
    the ingest; then every report runs."""
    path = folder / "files" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    try:                                     # the upload page's first look
        preview(Path(name), data=data)
    except RefusedFile as refused:
        assert str(refused).strip()
    db = folder / ("fast.duckdb" if fast else "python.duckdb")
    before = os.environ.get("SOROT_FAST_PATH_MIN_ROWS")
    os.environ["SOROT_FAST_PATH_MIN_ROWS"] = "0" if fast else "1000000000"
    try:
        reports = ingest_paths(db, [path])
    except SorotError as refused:            # a sentence: fine
        assert str(refused).strip()
        return
    finally:
        if before is None:
            del os.environ["SOROT_FAST_PATH_MIN_ROWS"]
        else:
            os.environ["SOROT_FAST_PATH_MIN_ROWS"] = before
    [report] = reports
    assert report.status in ("loaded", "unchanged", "refused")
    if report.status != "loaded":
        assert report.message.strip().endswith((".", "?")), report.message
        assert "Traceback" not in report.message
    for problem in report.problems:
        assert problem.reason.strip()
    print_ingest_report(report, Console(file=io.StringIO()), Console(file=io.StringIO()))  # as the CLI does
    if not db.exists():
        return
    with metrics.reading(db) as con:
        outlets = metrics.all_outlets(con)   # random hosts: files go to several outlets
        for outlet in outlets or [None]:
            if outlet is not None:
                metrics.use_outlet(con, outlet)
            period = metrics.resolve_period(con)
            if period is None:
                continue
            metrics.trending(con, period)
            metrics.reporters(con, period)
            metrics.regions(con, period)
            metrics.overview(con, period)
            metrics.views_per_period(con, period.end, 3)
        together = rollup.resolve(con, outlets) if len(outlets) > 1 else None
        if together is not None:
            for report in (rollup.trending, rollup.reporters, rollup.regions, rollup.overview):
                report(con, together)


BOMS = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])


@FUZZ
@given(bom=BOMS, body=st.binary(max_size=600), name=st.sampled_from(NAMES), fast=st.booleans())
def test_random_bytes_give_a_sentence_or_a_load(folder, bom, body, name, fast):
    ingest_and_report(folder, name, bom + body, fast)


# how many of the first notations of each list are readable
READABLE = {id(VIEWS): 7, id(DATES): 10, id(URLS): 4, id(TITLES): 4, id(AUTHORS): len(AUTHORS),
            id(REGIONS): len(REGIONS)}
ANY_TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=12)  # NUL: in the random bytes


def cell_text(draw_from: list[str]):
    # mostly readable notations, so that many files load and reach the marts; then any
    # notation, any text
    readable = st.sampled_from(draw_from[:READABLE.get(id(draw_from), len(draw_from))])
    return st.one_of(readable, readable, readable, st.sampled_from(draw_from), ANY_TEXT)


@st.composite
def mangled_csv(draw) -> bytes:
    delimiter = draw(st.sampled_from(DELIMITERS))
    required = ["url", "title", "published_at", "author", "views"]
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=4))
    if draw(st.integers(0, 4)):   # mostly one column per field; else a repeated one is refused
        header = [h for h in dict.fromkeys(header) if canonical_column(h) not in required]
    header = draw(st.permutations(required + header)) if draw(st.booleans()) else header + required
    notations = {"url": URLS, "title": TITLES, "views": VIEWS, "published_at": DATES, "snapshot_date": DATES,
                 "author": AUTHORS, "region": REGIONS}
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        row = []
        for heading in header:
            row.append(draw(cell_text(notations.get(canonical_column(heading), TITLES + VIEWS + DATES))))
        rows.append(row)

    def quoted(text: str) -> str:
        if any(c in text for c in (delimiter, '"', "\n", "\r")) or draw(st.booleans()):
            return '"' + text.replace('"', '""') + '"'
        return text

    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(delimiter.join(quoted(c) for c in row) for row in [header, *rows]) + newline
    # mangling: drop or double a quote, a delimiter or a line break somewhere
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        if not text:
            break
        at = draw(st.integers(min_value=0, max_value=len(text) - 1))
        action = draw(st.sampled_from(["drop", "double", "quote", "delimiter", "newline", "blank"]))
        insert = {"quote": '"', "delimiter": delimiter, "newline": newline, "blank": newline * 2}.get(action)
        if action == "drop":
            text = text[:at] + text[at + 1:]
        elif action == "double":
            text = text[:at] + text[at] + text[at:]
        else:
            text = text[:at] + insert + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(data=mangled_csv(), name=st.sampled_from(NAMES), fast=st.booleans())
def test_mangled_exports_give_a_sentence_or_a_load(folder, data, name, fast):
    ingest_and_report(folder, name, data, fast)


@FUZZ
@given(files=st.lists(st.tuples(mangled_csv(), st.sampled_from(NAMES)), min_size=2, max_size=4),
       fast=st.booleans())
def test_a_series_of_mangled_exports_into_one_database(folder, files, fast):
    # later files replace earlier weeks, views go down, the same bytes come back
    for data, name in files:
        ingest_and_report(folder, name, data, fast)
