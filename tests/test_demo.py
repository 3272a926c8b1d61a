"""The demo newsroom generator: deterministic, and varied enough to show every feature.

These tests read the files with the csv module only, so they do not depend on the
ingester (written separately).
"""

from __future__ import annotations

import csv
import datetime
import io
import pathlib
import re

import pytest

from etl.demo import DEMO_END, write_demo_exports

SMALL = {"weeks": 8, "articles_per_day": 5}
HOSTILE_TITLE = "Warga Tebet Pasang Spanduk <b>Tolak</b> Parkir Liar"


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> list[pathlib.Path]:
    return write_demo_exports(tmp_path_factory.mktemp("demo"), **SMALL)


def decode(path: pathlib.Path) -> str:
    raw = path.read_bytes()
    if raw.startswith(b"\xff\xfe"):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw.decode("utf-8-sig")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def read_rows(path: pathlib.Path) -> list[list[str]]:
    text = decode(path)
    header_line = text.splitlines()[0]
    delimiter = max(",;\t|", key=header_line.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def column(rows: list[list[str]], index: int) -> list[str]:
    return [row[index] for row in rows[1:] if len(row) > index]


def test_same_arguments_give_byte_identical_files(tmp_path):
    first = write_demo_exports(tmp_path / "a", **SMALL)
    second = write_demo_exports(tmp_path / "b", **SMALL)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_another_seed_gives_other_files(tmp_path):
    first = write_demo_exports(tmp_path / "a", **SMALL)
    other = write_demo_exports(tmp_path / "b", seed=7, **SMALL)
    assert first[-1].read_bytes() != other[-1].read_bytes()


def test_one_file_per_sunday_ending_on_end(small_demo):
    assert len(small_demo) == 8
    dates = [datetime.date.fromisoformat(re.search(r"\d{4}-\d{2}-\d{2}", p.name).group()) for p in small_demo]
    assert dates[-1] == DEMO_END
    assert all(d.weekday() == 6 for d in dates)
    assert all(b - a == datetime.timedelta(days=7) for a, b in zip(dates, dates[1:]))
    assert all(p.name.startswith("sorot-export-") for p in small_demo)


def test_default_run_starts_on_2024_05_19(tmp_path):
    paths = write_demo_exports(tmp_path, articles_per_day=1)
    assert len(paths) == 26
    assert paths[0].name.startswith("sorot-export-2024-05-19.")
    assert paths[-1].name.startswith("sorot-export-2024-11-10.")


def test_rerun_replaces_old_exports_but_keeps_other_files(tmp_path):
    write_demo_exports(tmp_path, **SMALL)
    (tmp_path / "notes.md").write_text("keep me")
    paths = write_demo_exports(tmp_path, weeks=3, articles_per_day=5)
    assert sorted(tmp_path.glob("sorot-export-*")) == sorted(paths)
    assert (tmp_path / "notes.md").exists()


def test_week_7_is_utf16_tab_text_with_english_headers(small_demo):
    path = small_demo[6]
    assert path.suffix == ".txt"
    assert path.read_bytes().startswith(b"\xff\xfe")
    rows = read_rows(path)
    assert rows[0] == ["Title", "URL", "Publish Date", "Author", "Photographer", "Category", "Region", "Views"]
    assert "\t" in path.read_bytes().decode("utf-16").splitlines()[1]


def test_week_5_is_windows_1252_with_semicolons(small_demo):
    raw = small_demo[4].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert "‘" in text or "é" in text
    assert text.splitlines()[0].startswith("Judul;Tautan;")


def test_other_formats_appear(small_demo):
    pipe = small_demo[1].read_bytes()
    assert pipe.startswith(b"\xef\xbb\xbf")
    assert pipe.decode("utf-8-sig").splitlines()[0].startswith("Judul|Tautan|")
    header = read_rows(small_demo[2])[0]
    assert header[-1] == "Per Tanggal"
    assert set(column(read_rows(small_demo[2]), 8)) == {small_demo[2].name[13:23]} == {"2024-10-06"}
    plain = small_demo[0].read_bytes().decode("utf-8")
    assert plain.startswith("Judul,Tautan,Tanggal Terbit,Penulis,Fotografer,Kanal,Wilayah,Dilihat\r\n")


def test_no_file_has_an_id_column(small_demo):
    for path in small_demo:
        header = [h.strip().lower() for h in read_rows(path)[0]]
        assert "id" not in header and "id artikel" not in header


def test_date_and_number_formats_vary(small_demo):
    dates = [d for p in small_demo for d in column(read_rows(p), 2)]
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", d) for d in dates)
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}\.\d{2} WIB", d) for d in dates)
    assert any(re.fullmatch(r"[A-Z][a-z]+, \d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2} WIB", d) for d in dates)
    views = [v for p in small_demo for v in column(read_rows(p), 7)]
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", v) for v in views)
    assert any(re.fullmatch(r"\d{4,}", v) for v in views)


def test_every_region_form_appears(small_demo):
    regions = {r for p in small_demo for r in column(read_rows(p), 6)}
    for form in ["Jakarta Selatan", "Jaksel", "Kota Administrasi Jakarta Timur", "Kep. Seribu",
                 "Kab. Adm. Kepulauan Seribu", "DKI Jakarta", "Jakarta Barat, Jakarta Utara", ""]:
        assert form in regions, form


def test_hostile_title_is_there_exactly_as_one_article(small_demo):
    urls = {row[1].split("?")[0].rstrip("/").split("/read/")[-1]
            for p in small_demo for row in read_rows(p)[1:] if row and row[0] == HOSTILE_TITLE}
    assert len(urls) == 1


def test_25_to_35_reporters_and_photographers_never_author(small_demo):
    reporters = set()
    for path in small_demo:
        for row in read_rows(path)[1:]:
            if len(row) < 5:
                continue
            authors = {normalise(n) for n in split_byline(row[3])}
            reporters |= authors
            assert normalise(row[4]) not in authors or not row[4]
    assert 25 <= len(reporters) <= 35
    assert "tiyo surya sakti" in reporters


def test_bylines_vary(small_demo):
    bylines = [row[3] for p in small_demo for row in read_rows(p)[1:] if len(row) > 3]
    assert any("tiyo surya  sakti" in b for b in bylines)
    assert any(b.startswith(("Oleh: ", "Reporter: ")) for b in bylines)
    assert any(len(split_byline(b)) == 2 for b in bylines)


def test_bad_rows_are_few_and_scattered(small_demo):
    bad = 0
    for path in small_demo:
        rows = read_rows(path)
        for row in rows[1:]:
            if len(row) < len(rows[0]) or not row[0] or not row[1] or row[7] in {"n/a", "-4", "2.5"} \
                    or row[2] == "31/02/2024":
                bad += 1
    assert 5 <= bad <= 10


def test_views_grow_except_for_a_correction(tmp_path):
    paths = write_demo_exports(tmp_path, weeks=6, articles_per_day=10)
    history: dict[str, list[int]] = {}
    for path in paths:
        for row in read_rows(path)[1:]:
            if len(row) < 8 or not row[1] or not re.fullmatch(r"\d+|\d{1,3}([.,]\d{3})+", row[7]):
                continue
            key = row[1].split("?")[0].rstrip("/").split("/read/")[-1]
            history.setdefault(key, []).append(int(re.sub(r"[.,]", "", row[7])))
    drops = sum(1 for views in history.values() for a, b in zip(views, views[1:]) if b < a)
    assert 1 <= drops <= 4  # two corrections, plus the duplicate row's lower copy
    totals = sorted(views[-1] for views in history.values())
    assert totals[-1] > 10_000
    assert 100 < totals[len(totals) // 2] < 1_000


def split_byline(byline: str) -> list[str]:
    byline = re.sub(r"^\s*(oleh|reporter|penulis)\s*:\s*", "", byline, flags=re.I)
    return [p for p in re.split(r",|;|&|/| dan ", byline) if p.strip()]


def normalise(name: str) -> str:
    return " ".join(name.split()).lower()
