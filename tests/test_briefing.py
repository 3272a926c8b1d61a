"""The weekly briefing for the fixture period, checked against numbers worked out by hand
from tests/fixtures/export/ (SPEC §2–3).

Snapshots: 2024-11-03 and 2024-11-10, so with --as-of 2024-11-10 the period is
(a, b] = (3 Nov, 10 Nov].

article                     published  V(a)   V(b)   gained
1 Banjir Rob (Budi)         20 Oct     1000   4000   3000
2 Kafe ‘Rindu’ (Siti)        5 Nov        –   2500   2500  (published after a, so V(a) = 0)
3 <script>… Cabai (Budi)    28 Oct      500   3000   2500
4 Macet Sudirman (Rina)     15 Oct     2000   2800    800
5 Pasar Minggu (Joko)        1 Sep        –   9000      ?  (no snapshot <= a, published before a: unknown, left out)
6 Tawuran (Rina)            30 Oct     3000   2900      0  (views went down: gain 0, not ranked)
8 Festival Kota Tua (Siti)  25 Oct     1200   2000    800

Ranking by gained desc, then views_total desc:
  1 Banjir Rob (3000)
  2 Harga Cabai (2500, total 3000)   before Kafe: same gain, higher total
  3 Kafe ‘Rindu’ (2500, total 2500)
  4 Macet Sudirman (800, total 2800)
  5 Festival Kota Tua (800, total 2000)

Reporters by views gained: Budi 3000 + 2500 = 5500; Siti 2500 + 800 = 3300;
Rina 800 + 0 = 800. Joko's only gain is unknown, so he has no row.
"""
from __future__ import annotations

import base64
import re
from datetime import date

import pytest
from typer.testing import CliRunner

from etl import metrics
from etl.cli import app
from etl.db.connect import reading
from etl.present import briefing

TOP_STORIES = [
    "Banjir Rob di Muara Angke",
    "&lt;script&gt;alert(1)&lt;/script&gt; Harga Cabai",
    "Kafe ‘Rindu’ di Menteng",
    "Macet di Jalan Sudirman",
    "Festival Kota Tua",
]


@pytest.fixture(scope="module")
def page(fixture_db) -> str:
    with reading(fixture_db) as con:
        period = metrics.resolve_period(con, as_of=date(2024, 11, 10))
        return briefing.briefing_html(con, period, "id")


@pytest.fixture(scope="module")
def appendix_page(fixture_db) -> str:
    with reading(fixture_db) as con:
        period = metrics.resolve_period(con, as_of=date(2024, 11, 10))
        return briefing.briefing_html(con, period, "id", appendix=True)


def section(html: str, css_class: str) -> str:
    found = re.search(rf'<section class="{css_class}">(.*?)</section>', html, re.S)
    assert found, css_class
    return found.group(1)


def positions(text: str, needles: list[str]) -> list[int]:
    found = [text.find(n) for n in needles]
    assert -1 not in found, [n for n, at in zip(needles, found) if at == -1]
    return found


def test_top_stories_in_hand_computed_order(page):
    top = section(page, "top-stories")
    at = positions(top, TOP_STORIES)
    assert at == sorted(at)
    assert "Pasar Minggu" not in top      # unknown gain
    assert "Tawuran" not in top           # gain 0
    # views gained with a bar in whole per cent of the top gain: 3000 → 100, 2500 → 83, 800 → 27
    for gained, bar in (("3.000", 100), ("2.500", 83), ("800", 27)):
        assert f'<td class="num">{gained}<span class="bar" style="width:{bar}%"></span></td>' in top


def test_reporters_in_hand_computed_order(page):
    reporters = section(page, "reporters")
    at = positions(reporters, ["Budi Santoso", "Siti Aminah", "Rina Wijaya"])
    assert at == sorted(at)
    assert "5.500" in reporters and "3.300" in reporters
    assert "Joko" not in reporters


def test_regions_lists_all_seven(page):
    regions = section(page, "regions")
    for name in ("Jakarta Pusat", "Jakarta Utara", "Jakarta Barat", "Jakarta Selatan", "Jakarta Timur",
                 "Kepulauan Seribu", "DKI Jakarta"):
        assert f"<td>{name}</td>" in regions


def test_title_period_and_source(page):
    assert "<h1>Ringkasan pekanan Sorot</h1>" in page
    assert "Periode 3 Nov 2024 – 10 Nov 2024" in page
    assert "Sumber: Sorot · data per 10 Nov 2024" in page


def test_hostile_title_stays_literal_and_page_is_standalone(page, appendix_page):
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Nothing to fetch: no scripts, no external stylesheets or images.
    assert not re.search(r'(src|href)="(?!data:|https://warta\.example\.id/)', page)
    # the one page has no chart image (too tall for A4 next to four tables): the appendix has both
    assert "data:image" not in page
    appendix = appendix_page
    assert not re.search(r'(src|href)="(?!data:|https://warta\.example\.id/)', appendix)
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', appendix)
    assert len(images) == 2
    for encoded in images:
        svg = base64.b64decode(encoded).decode("utf-8")
        assert svg.startswith("<svg") and "Sumber: Sorot" in svg


def test_english_briefing(fixture_db):
    with reading(fixture_db) as con:
        period = metrics.resolve_period(con, as_of=date(2024, 11, 10))
        html = briefing.briefing_html(con, period, "en")
    assert "Sorot weekly briefing" in html
    assert "Source: Sorot · data as of 10 Nov 2024" in html
    assert "5,500" in section(html, "reporters")


def test_cli_writes_briefing(fixture_db, tmp_path):
    out = tmp_path / "briefing.html"
    result = CliRunner().invoke(app, ["export", "briefing", "--db", str(fixture_db), "--as-of", "2024-11-10",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    at = positions(section(html, "top-stories"), TOP_STORIES)
    assert at == sorted(at)


def test_cli_pdf_without_chromium_is_one_sentence(fixture_db, tmp_path, monkeypatch):
    monkeypatch.setattr(briefing, "chromium_path", lambda: None)
    result = CliRunner().invoke(app, ["export", "briefing", "--db", str(fixture_db),
                                      "--out", str(tmp_path / "b.pdf")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "needs Chromium" in result.stderr
    assert not (tmp_path / "b.pdf").exists()


# What changed: the period (3 Nov, 10 Nov] against the one before it, (27 Oct, 3 Nov] (its
# start is no snapshot: only articles published after 27 Oct have a known gain there).
#   before: published Cabai (28 Oct) and Tawuran (30 Oct) = 2; gained Cabai 500 + Tawuran 3000 = 3500
#   now:    published Kafe (5 Nov) = 1;  gained 3000 + 2500 + 2500 + 800 + 0 + 800 = 9600
#   articles 1 - 2 = -1 (-50,0 %); views 9600 - 3500 = +6100 (+174,3 %: 6100 / 3500 = 1.7429)
# Reporters' views against then: Budi 5500 - 500 = ↑5.000; Siti 3300 - 0 = ↑3.300; Rina 800 - 3000 = ↓2.200

def test_what_changed_against_the_previous_period(page):
    changes = section(page, "changes")
    assert "Perubahan dibanding periode 27 Okt 2024 – 3 Nov 2024." in changes
    assert "-1 (-50,0%) dibanding periode sebelumnya" in changes
    assert "9.600" in changes and "+6.100 (+174,3%) dibanding periode sebelumnya" in changes
    reporters = section(page, "reporters")
    for name, change in (("Budi Santoso", "↑5.000"), ("Siti Aminah", "↑3.300"), ("Rina Wijaya", "↓2.200")):
        assert re.search(rf"<td>{name}</td>.*?<td class=\"num\">{change}</td>", reporters)


def test_one_page_holds_the_four_parts_and_the_appendix_the_long_tables(page, appendix_page):
    order = positions(page, ['class="changes"', 'class="top-stories"', 'class="reporters"', 'class="regions"',
                             'class="movers"', "<footer>"])
    assert order == sorted(order)
    assert "Lampiran" not in page and 'class="appendix"' not in page
    appendix = appendix_page[appendix_page.index('class="appendix"'):]
    assert "<h2>5 artikel teratas</h2>" in appendix        # the ranking has five ranked articles
    assert "<h2>Semua pewarta (3)</h2>" in appendix         # Budi, Siti, Rina (Joko has no known gain)
    assert "Median (baru)" in appendix and "Median (baru)" not in page


def test_regions_say_why_shares_pass_100_percent(fixture_db):
    with reading(fixture_db) as con:
        period = metrics.resolve_period(con, as_of=date(2024, 11, 10))
        pages = {lang: briefing.briefing_html(con, period, lang) for lang in ("id", "en")}
    assert "dihitung di keduanya, jadi jumlah porsinya bisa lebih dari 100%" in section(pages["id"], "regions")
    assert "counts in both, so the shares can add up to more than 100%" in section(pages["en"], "regions")


def test_the_old_signatures_still_work(fixture_db):
    """The mail feature calls briefing_html(con, period, lang) and briefing_pdf(html): one page."""
    with reading(fixture_db) as con:
        period = metrics.resolve_period(con, as_of=date(2024, 11, 10))
        html = briefing.briefing_html(con, period, "id")
        data = briefing.briefing_data(con, period)
    assert briefing.render_briefing(data, "id") == html
    assert "appendix" not in html.split("<main>")[1]
