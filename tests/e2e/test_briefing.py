"""The weekly briefing in a real browser: its HTML fits a 390 px phone without sideways
scrolling, and its PDF (printed by Chromium, as `sorot export briefing --out x.pdf` and the
dashboard's PDF button make it) is one A4 page — the appendix adds pages of its own.

Checked on the fixture briefing (tests/test_briefing.py works out its numbers) and on the
same briefing with titles, names and categories far longer than any newsroom's: the one page
must hold whatever the data."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from etl import metrics
from etl.db.connect import reading
from etl.present import briefing

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LONG_WORD = "Pemprov" + "DKI" * 40                      # 127 letters without a break
LONG_TITLE = ("Warga Jakarta Selatan dan Jakarta Timur Bergotong Royong Membersihkan Saluran Air "
              "Menjelang Musim Hujan di Kelurahan ") * 3 + LONG_WORD
LONG_NAME = "Raden Mas Bagus Setyo Nugroho Wicaksono Adiningrat Kusumawardhana"


@pytest.fixture(scope="module")
def briefings(fixture_db) -> dict[str, briefing.BriefingData]:
    with reading(fixture_db) as con:
        data = briefing.briefing_data(con, metrics.resolve_period(con, as_of=date(2024, 11, 10)))
    n = data.trending.height
    long = replace(
        data,
        trending=data.trending.with_columns(
            pl.Series("title", [f"{LONG_TITLE} {i}" for i in range(n)]),
            pl.Series("authors", [[LONG_NAME, LONG_NAME]] * n),
            pl.Series("category", ["Pemerintahan" * 6] * n)),
        movers=data.movers.with_columns(pl.lit(LONG_TITLE).alias("title")),
        reporters=data.reporters.with_columns(pl.lit(LONG_NAME).alias("author")))
    return {"fixture": data, "long": long}


def pdf_pages(pdf: bytes) -> int:
    """The page objects of a PDF (/Type /Page, not the /Pages tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("appendix", [False, True])
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("which", ["fixture", "long"])
def test_the_briefing_fits_a_phone(browser, briefings, which, lang, appendix):
    html = briefing.render_briefing(briefings[which], lang, appendix=appendix)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    try:
        page = context.new_page()
        page.set_content(html)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the briefing is {width} px wide on a 390 px screen"
        assert page.evaluate("document.body.scrollWidth") <= 390
        # every table fits its box (nothing cut off at the right edge)
        tables = page.evaluate("[...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right)")
        assert tables and max(tables) <= 390
    finally:
        context.close()


@pytest.mark.parametrize("which", ["fixture", "long"])
def test_the_pdf_is_one_a4_page_and_the_appendix_adds_pages(briefings, which):
    if briefing.chromium_path() is None:
        pytest.skip("no Chromium to print with")
    one = briefing.briefing_pdf(briefing.render_briefing(briefings[which], "id"))
    assert one.startswith(b"%PDF")
    assert pdf_pages(one) == 1
    # A4: 210 × 297 mm = 595.3 × 841.9 pt
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", one).group(1).split()]
    assert abs(box[2] - 595.3) < 1 and abs(box[3] - 841.9) < 1
    more = briefing.briefing_pdf(briefing.render_briefing(briefings[which], "id", appendix=True))
    assert pdf_pages(more) >= 2
