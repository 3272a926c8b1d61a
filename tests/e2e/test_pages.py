"""Every page in a real browser: it runs without a Streamlit exception and its charts are
really drawn by Vega-Embed (an SVG, or a canvas, with marks in it)."""
from __future__ import annotations

import pytest

from .harness import chart_marks, exceptions, heading, open_app

pytestmark = pytest.mark.browser

PERIOD = "period=2024-11-10"
# path (with the query that opens a full view), its title, how many charts it shows at least
PAGES = [
    ("", "Ringkasan", 3),
    ("terpopuler", "Artikel terpopuler", 1),
    ("pewarta", "Pewarta", 1),
    ("pewarta?reporter=Ani", "Pewarta", 1),
    ("wilayah?region=Jakarta+Selatan", "Wilayah", 4),
    ("artikel?q=banjir", "Artikel", 1),
    ("unggah", "Unggah data", 0),
]


@pytest.mark.parametrize(("path", "title", "charts"), PAGES, ids=[p[0] or "ringkasan" for p in PAGES])
def test_page_renders(server, page, path, title, charts):
    joiner = "&" if "?" in path else "?"
    open_app(page, f"{server.url}/{path}{joiner}{PERIOD}")
    assert exceptions(page) == []
    assert heading(page) == title
    assert page.get_by_role("dialog").count() == 0  # e.g. Streamlit's "Page not found"
    marks = chart_marks(page, charts)
    assert len(marks) >= charts
    assert all(n > 0 for n in marks), f"charts without marks on /{path}: {marks}"


def test_overview_documented_path(server, page):
    open_app(page, f"{server.url}/ringkasan?{PERIOD}")
    assert page.get_by_role("dialog").count() == 0
    assert heading(page) == "Ringkasan"


def test_first_visitor_deep_link_on_a_fresh_server(e2e_db, browser, tmp_path):
    """The shared server is warmed up; this one is not: its very first request is a deep
    link, which once got a "Page not found" dialog (dashboard/server.py prevents it)."""
    from .harness import new_context, serving

    with serving(e2e_db, tmp_path / "fresh.log") as fresh:
        context = new_context(browser)
        try:
            page = context.new_page()
            open_app(page, f"{fresh.url}/terpopuler?{PERIOD}")
            assert page.get_by_role("dialog").count() == 0
            assert heading(page) == "Artikel terpopuler"
            assert exceptions(page) == []
        finally:
            context.close()
