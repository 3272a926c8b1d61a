"""Saved article pages (tests/fixtures/pages). beritajakarta_2024-11-06.txt is the real page
from /work/shared/samples, saved on 2024-11-06; the .html file is the same page as markup.
Expected values are read off the page by hand."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from etl import metrics
from etl.db import checks
from etl.db.connect import connect, reading
from etl.errors import RefusedFile
from etl.ingest.files import ingest_paths
from etl.ingest.saved_pages import (
    ingest_page,
    ingest_pages,
    parse_page,
    resolve_day_month,
    split_entry_meta,
)
from etl.newsroom.cells import title_key

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
ROOT = Path(__file__).resolve().parent.parent
TEXT_PAGE = FIXTURES / "beritajakarta_2024-11-06.txt"
HTML_PAGE = FIXTURES / "beritajakarta_2024-11-06.html"
TABLES = ("ingests", "snapshots", "rejects", "ingest_warnings", "articles", "authors")

# (title, publish date, views, author) of the five entries, top to bottom.
POPULAR = [
    ("Puskesmas Mampang Prapatan Wakili Jaksel di Lomba Konvensi Mutu Tingkat Provinsi",
     date(2024, 11, 5), 2233, "Tiyo Surya Sakti"),
    ("Rintik Hujan Diprediksi Basahi Jaksel dan Jaktim di Malam Hari",
     date(2024, 10, 30), 1262, "Tiyo Surya Sakti"),
    ("Pemprov DKI Adakan Rakor Pilkada Ramah Anak", date(2024, 10, 29), 1219, "Aldi Geri Lumban Tobing"),
    ("DPRD-Kanwil Kemenag DKI Bahas Sekolah Madrasah Gratis", date(2024, 10, 29), 1070, "Dessy Suciati"),
    ("Pimpinan Dewan-Pj Gubernur DKI Teken MoU KUA-PPAS APBD 2025", date(2024, 11, 1), 989, "Dessy Suciati"),
]
OWN_TITLE = "Pemprov DKI Adakan Konsultasi Publik Ketahanan Kota"
PHOTOGRAPHER = "Aldi Geri Lumban Tobing"
URL_3 = "beritajakarta.id/read/144815/pemprov-dki-adakan-rakor-pilkada-ramah-anak"
URL_4 = "beritajakarta.id/read/144822/dprd-kanwil-kemenag-dki-bahas-sekolah-madrasah-gratis"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "sorot.duckdb"


def import_pages(db_path: Path, *names: str, as_of: date | None = None):
    return ingest_pages(db_path, [FIXTURES / n for n in names], as_of=as_of)


def query(db_path: Path, sql: str, params=None):
    with reading(db_path) as con:
        return con.execute(sql, params or []).fetchall()


def stored_entries(db_path: Path) -> list[tuple]:
    rows = query(db_path, "select title, published_date, views, authors, snapshot_date "
                          "from snapshots order by views desc")
    return [(t, p, v, a) for t, p, v, [a], _s in rows]


def dump_all(db_path: Path) -> dict[str, list]:
    with reading(db_path) as con:
        return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in TABLES}


def checks_pass(db_path: Path) -> None:
    with reading(db_path) as con:
        assert checks.run_checks(con) == dict.fromkeys(checks.check_names(), 0)


# --- reading the page -------------------------------------------------------------------

@pytest.mark.parametrize("page", [TEXT_PAGE, HTML_PAGE], ids=["text", "html"])
def test_the_page_gives_exactly_its_five_popular_entries(page):
    parsed = parse_page(page.read_text(encoding="utf-8"))
    assert parsed.form == ("text" if page.suffix == ".txt" else "HTML")
    got = [(e.title, e.date_text, e.views_text, e.author_text) for e in parsed.entries]
    assert got == [(t, d.strftime("%d-%m-%Y"), str(v), a) for t, d, v, a in POPULAR]


@pytest.mark.parametrize("page", [TEXT_PAGE, HTML_PAGE], ids=["text", "html"])
def test_the_page_own_article(page):
    article = parse_page(page.read_text(encoding="utf-8")).article
    assert (article.title, article.photographer, article.date_text) == (OWN_TITLE, PHOTOGRAPHER, "Rabu (29/11)")
    assert (article.day, article.month, article.weekday) == (29, 11, "Rabu")
    assert "Konsultasi Publik Draft Nol" in article.body
    assert "Puskesmas" not in article.body          # the popular list is not the article


def test_entry_meta_icons():
    assert split_entry_meta("access_time05-11-2024 remove_red_eye2.233 personTiyo Surya Sakti") == {
        "before": "", "date": "05-11-2024", "views": "2.233", "author": "Tiyo Surya Sakti"}
    # `person` inside a name is not the icon
    assert split_entry_meta("remove_red_eye12 personBudi Jasperson")["author"] == "Budi Jasperson"


def test_day_month_takes_the_latest_year_on_or_before_the_snapshot():
    assert resolve_day_month(29, 11, date(2024, 11, 6)) == date(2023, 11, 29)
    assert resolve_day_month(6, 11, date(2024, 11, 6)) == date(2024, 11, 6)
    assert resolve_day_month(29, 2, date(2025, 3, 1)) == date(2024, 2, 29)
    with pytest.raises(ValueError):
        resolve_day_month(31, 13, date(2024, 11, 6))


# --- importing ------------------------------------------------------------------------------

def test_text_page_import_stores_the_five_entries(db):
    [report] = import_pages(db, TEXT_PAGE.name)
    assert (report.status, report.snapshot_date, report.snapshot_date_source) == (
        "loaded", date(2024, 11, 6), "file name")
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (5, 5, 0)
    assert stored_entries(db) == [(t, d, v, a) for t, d, v, a in POPULAR]
    keys = [k for [k] in query(db, "select article_id from articles order by article_id")]
    assert keys == sorted(title_key(t, d) for t, d, _v, _a in POPULAR)
    assert query(db, "select distinct url, snapshot_date from snapshots") == [(None, date(2024, 11, 6))]
    assert query(db, "select source_kind, encoding, delimiter from ingests") == [("page", "UTF-8", None)]
    regions = dict(query(db, "select title, regions from snapshots"))
    assert regions[POPULAR[0][0]] == ["Jakarta Selatan"]                    # Mampang Prapatan, Jaksel
    assert regions[POPULAR[1][0]] == ["Jakarta Selatan", "Jakarta Timur"]   # Jaksel dan Jaktim
    assert regions[POPULAR[3][0]] == ["DKI Jakarta"]
    checks_pass(db)


def test_html_rendition_gives_the_same_entries_keyed_by_their_links(db):
    [report] = import_pages(db, HTML_PAGE.name)
    assert report.status == "loaded" and report.page_form == "HTML"
    assert stored_entries(db) == [(t, d, v, a) for t, d, v, a in POPULAR]
    keys = dict(query(db, "select title, article_id from articles"))
    assert keys[POPULAR[2][0]] == URL_3                                        # the link, canonical
    assert keys[POPULAR[3][0]] == title_key(POPULAR[3][0], POPULAR[3][1])  # entry without link


def test_own_article_is_reported_with_photographer_and_inferred_year(db):
    [report] = import_pages(db, TEXT_PAGE.name)
    own = title_key(OWN_TITLE, date(2023, 11, 29))
    [(line, message)] = [w for w in report.warnings if OWN_TITLE in w[1]]
    assert line == 7
    assert f"photo {PHOTOGRAPHER}" in message and "2023-11-29" in message and "no view count" in message
    assert query(db, "select article_id, line_number from ingest_warnings") == [(own, 7)]
    assert query(db, "select count(*) from snapshots where title = ?", [OWN_TITLE]) == [(0,)]


def test_the_photographer_is_recorded_never_credited_as_author(db, tmp_path):
    # The page's own article in its own popular list: its snapshot gets the photographer.
    text = TEXT_PAGE.read_text(encoding="utf-8") + (
        f"\n  6. {OWN_TITLE}\n\n    access_time29-11-2023 remove_red_eye512 personDessy Suciati\n")
    page = tmp_path / "own_in_list_2024-11-06.txt"
    page.write_text(text, encoding="utf-8")
    with connect(db) as con:
        report = ingest_page(con, page)
    assert report.rows_loaded == 6 and not [w for w in report.warnings if "article on the page" in w[1]]
    assert query(db, "select photographer, authors, published_date from snapshots where title = ?",
                 [OWN_TITLE]) == [(PHOTOGRAPHER, ["Dessy Suciati"], date(2023, 11, 29))]
    assert query(db, "select photographer from articles where title = ?", [OWN_TITLE]) == [(PHOTOGRAPHER,)]
    # Aldi Geri Lumban Tobing is an author only where the list's `person` names him (entry 3).
    credited = query(db, "select title from articles where list_contains(author_ids, 'aldi geri lumban tobing')")
    assert credited == [(POPULAR[2][0],)]


def test_page_notes_are_counted_with_the_ingest_warnings(db):
    [report] = import_pages(db, TEXT_PAGE.name)
    assert query(db, "select rows_warned from ingests") == [(len(report.warnings),)]
    assert query(db, "select count(*) from ingest_warnings") == [(len(report.warnings),)]


def test_a_failure_inside_the_transaction_leaves_no_page_notes(db, monkeypatch):
    import etl.ingest.load

    with connect(db):
        pass                                # the schema, so there is an empty database to compare
    before = dump_all(db)

    def boom(con, since, **options):
        raise RuntimeError("disk full")

    monkeypatch.setattr(etl.ingest.load, "refresh_marts", boom)
    with connect(db) as con:
        with pytest.raises(RuntimeError):
            ingest_page(con, TEXT_PAGE)     # this page has a note on its own article
    assert query(db, "select count(*) from ingest_warnings") == [(0,)]
    assert dump_all(db) == before


def test_page_without_popular_list_is_refused_and_changes_nothing(db):
    import_pages(db, TEXT_PAGE.name)
    before = dump_all(db)
    [report] = import_pages(db, "no_popular_list_2024-11-06.txt")
    assert report.status == "refused"
    assert report.message == (
        "No 'Berita Terpopuler' list found in no_popular_list_2024-11-06.txt; "
        "is it a saved beritajakarta.id article page?")
    assert dump_all(db) == before


def test_html_without_popular_list_is_refused():
    html = HTML_PAGE.read_text(encoding="utf-8")
    cut = html[:html.index('<div class="popular">')] + "</aside></main></body></html>"
    with pytest.raises(RefusedFile, match="No 'Berita Terpopuler' list found in x.html"):
        parse_page(cut, "x.html")


def test_changed_layout_says_which_part_is_missing(db):
    [report] = import_pages(db, "layout_changed_2024-11-06.txt")
    assert report.status == "refused"
    assert "no usable entry in its 'Berita Terpopuler' list" in report.message
    assert "no view count (the number after 'remove_red_eye')" in report.message
    assert query(db, "select count(*) from ingests") == [(0,)]


def test_own_article_missing_parts_are_named_and_the_list_still_loads(db, tmp_path):
    page = tmp_path / "no_credit_2024-11-06.txt"
    page.write_text(TEXT_PAGE.read_text(encoding="utf-8").replace(f"photo {PHOTOGRAPHER} - Beritajakarta.id", ""),
                    encoding="utf-8")
    [report] = ingest_pages(db, [page])
    assert (report.status, report.rows_loaded) == ("loaded", 5)
    [(line, message)] = report.warnings
    assert line == 1
    assert "could not find its title (the line after the photo credit); the photo credit" in message


def test_an_entry_with_a_bad_value_is_rejected_not_dropped(db, tmp_path):
    page = tmp_path / "bad_views_2024-11-06.txt"
    page.write_text(TEXT_PAGE.read_text(encoding="utf-8").replace("remove_red_eye1262", "remove_red_eyen/a"),
                    encoding="utf-8")
    [report] = ingest_pages(db, [page])
    assert (report.rows_loaded, report.rows_rejected) == (4, 1)
    assert query(db, "select line_number, reason from rejects") == [(32, "views 'n/a' is not a whole number")]


def test_the_same_article_twice_on_a_page_keeps_the_most_views_as_an_export_does(db, tmp_path):
    title, published, views, author = POPULAR[0]
    page = tmp_path / "twice_2024-11-06.txt"
    page.write_text(TEXT_PAGE.read_text(encoding="utf-8") + (
        f"\n  6. {title}\n\n    access_time{published:%d-%m-%Y} remove_red_eye{views - 1} person{author}\n"),
        encoding="utf-8")
    [report] = ingest_pages(db, [page])
    assert (report.rows_loaded, report.rows_duplicate) == (5, 1)
    assert query(db, "select reason, kind from rejects") == [
        ("duplicate of the same article on line 29, which has the most views and was kept", "duplicate")]
    assert query(db, "select views from snapshots where title = ?", [title]) == [(views,)]


def test_page_without_snapshot_date_is_refused_unless_as_of(db):
    [refused] = import_pages(db, "beritajakarta_undated.txt")
    assert refused.status == "refused"
    assert refused.message == (
        "beritajakarta_undated.txt has no snapshot date: put the day the page was saved in the file "
        "name (e.g. beritajakarta_2024-11-06.txt) or pass --as-of 2024-11-06.")
    [loaded] = import_pages(db, "beritajakarta_undated.txt", as_of=date(2024, 11, 7))
    assert (loaded.status, loaded.snapshot_date, loaded.snapshot_date_source) == (
        "loaded", date(2024, 11, 7), "--as-of")
    assert query(db, "select distinct snapshot_date from snapshots") == [(date(2024, 11, 7),)]


def test_reimporting_the_same_page_changes_nothing(db):
    import_pages(db, TEXT_PAGE.name)
    before = dump_all(db)
    [again] = import_pages(db, TEXT_PAGE.name)
    assert again.status == "unchanged" and "nothing changed" in again.message
    assert dump_all(db) == before


# --- pages and exports together ---------------------------------------------------------------

def test_page_then_csv_export_become_one_article_per_title(db):
    import_pages(db, TEXT_PAGE.name)
    [csv] = ingest_paths(db, [FIXTURES / "beritajakarta_export_2024-11-13.csv"])
    assert csv.status == "loaded" and csv.rows_loaded == 5
    articles = query(db, "select title, article_id, url, first_snapshot_date from articles order by title")
    assert len(articles) == 5
    assert all(key.startswith("beritajakarta.id/read/") and url == f"https://{key}" for _t, key, url, _f in articles)
    assert {first for *_rest, first in articles} == {date(2024, 11, 6)}
    history = query(db, "select article_id, snapshot_date, views from snapshots order by article_id, snapshot_date")
    assert len(history) == 10                          # both sources, under the URL key
    assert (URL_3, date(2024, 11, 6), 1219) in history and (URL_3, date(2024, 11, 13), 1301) in history
    # The export's spelling of the title wins (latest snapshot), the page's is matched anyway.
    assert "Pimpinan Dewan - Pj Gubernur DKI Teken MoU KUA-PPAS APBD 2025" in [t for t, *_ in articles]
    assert query(db, "select sum(len(author_ids))::int from articles") == [(5,)]
    checks_pass(db)
    with reading(db) as con:
        period = metrics.resolve_period(con, as_of=date(2024, 11, 13))
        gains = dict(zip(*metrics.trending(con, period).select("article_id", "views_gained")))
    assert gains[URL_3] == 1301 - 1219


def test_page_after_an_export_of_the_same_articles_takes_their_url(db):
    ingest_paths(db, [FIXTURES / "beritajakarta_export_2024-10-30.csv"])
    import_pages(db, TEXT_PAGE.name)
    assert query(db, "select count(*) from articles") == [(5,)]
    assert query(db, "select snapshot_date, views from snapshots where article_id = ? order by 1", [URL_4]) == [
        (date(2024, 10, 30), 512), (date(2024, 11, 6), 1070)]
    checks_pass(db)


# --- command line ---------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=120)


def test_cli_import_page_exit_codes(db):
    ok = run_cli("import-page", str(TEXT_PAGE), str(HTML_PAGE), "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    assert "saved text page" in ok.stdout and "saved HTML page" in ok.stdout
    assert "entries read 5" in ok.stdout and f"photo {PHOTOGRAPHER}" in ok.stdout
    bad = run_cli("import-page", str(FIXTURES / "no_popular_list_2024-11-06.txt"),
                  str(FIXTURES / "beritajakarta_undated.txt"), "--db", str(db))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "No 'Berita Terpopuler' list found" in bad.stderr and "has no snapshot date" in bad.stderr
    dated = run_cli("import-page", str(FIXTURES / "beritajakarta_undated.txt"), "--as-of", "2024-11-07",
                    "--db", str(db))
    assert dated.returncode == 0, dated.stderr
    bad_option = run_cli("import-page", str(TEXT_PAGE), "--as-of", "11/31/2024", "--db", str(db))
    assert bad_option.returncode == 2 and "--as-of" in bad_option.stderr and "Traceback" not in bad_option.stderr
