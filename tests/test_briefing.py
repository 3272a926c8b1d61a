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
    for gained in ("3.000", "2.500", "800"):
        assert f'<td class="num">{gained}</td>' in top


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


def test_hostile_title_stays_literal_and_page_is_standalone(page):
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Nothing to fetch: no scripts, no external stylesheets or images.
    assert not re.search(r'(src|href)="(?!data:|https://warta\.example\.id/)', page)
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
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
