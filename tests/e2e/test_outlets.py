"""Two outlets in a real browser (issue #18): the sidebar's outlet picker, the rollup on
every page, one outlet chosen and kept in the URL. The numbers are those worked out in
tests/test_outlets.py (as of 13 Nov: A's period (3 Nov, 10 Nov], B's (6 Nov, 13 Nov])."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from etl.ingest.files import ingest_paths
from tests.test_outlets import A, B, outlet_files

from .harness import chart_marks, chart_texts, exceptions, heading, open_app, rerun, serving, warm_up

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def group_server(tmp_path_factory, browser):
    root = tmp_path_factory.mktemp("e2e-outlets")
    db = root / "sorot.duckdb"
    reports = ingest_paths(db, outlet_files(root / "a", A) + outlet_files(root / "b", B))
    assert {r.status for r in reports} == {"loaded"}
    with serving(db, root / "serve.log") as app:
        warm_up(browser, app.url)
        yield app


def test_every_page_rolls_the_outlets_up_and_one_outlet_is_kept_in_the_url(group_server, page):
    for path, title in (("", "Ringkasan"), ("/terpopuler", "Artikel terpopuler"), ("/pewarta", "Pewarta"),
                        ("/wilayah", "Wilayah"), ("/artikel", "Artikel")):
        open_app(page, f"{group_server.url}{path}?period=2024-11-13")
        assert exceptions(page) == [], path
        assert heading(page) == title
    open_app(page, f"{group_server.url}/terpopuler?period=2024-11-13")
    chart_marks(page)
    # A-1, B-1, A-3, A-2, B-2 (tests/test_outlets.py)
    assert page.get_by_text("5 artikel bertambah pembacanya").count() == 1
    assert "1. Banjir Tebet" in chart_texts(page)[0] and "3. Rapat Balai Kota" in chart_texts(page)[0]
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    assert picker.count() == 1
    with rerun(page):
        picker.click()
        page.get_by_role("option", name=B, exact=True).click()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("situs") == [B])
    assert page.get_by_text("2 artikel bertambah pembacanya").count() == 1   # B: 1 and 2
    # the URL reopens the view: B alone
    again = page.context.new_page()
    open_app(again, page.url)
    assert exceptions(again) == []
    assert again.get_by_text("2 artikel bertambah pembacanya").count() == 1
    again.close()
