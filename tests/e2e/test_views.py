"""What an editor does with one view: filter and share its URL, choose a custom range,
switch the language (the PNG download is in test_downloads.py)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import DASHBOARD_FIXTURES, E2E_FIXTURES
from .harness import (Server, chart_marks, chart_texts, choose, exceptions, heading, metrics, open_app,
                      rerun, selectbox, selected, sidebar_captions, warm_up)

pytestmark = pytest.mark.browser


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def view_of(page) -> dict:
    """What the editor sees, as far as the DOM tells: title, every select box, the captions
    of the page, and the text of every chart."""
    return {
        "path": urlsplit(page.url).path,
        "title": heading(page),
        "selects": page.get_by_role("combobox").evaluate_all("boxes => boxes.map(b => b.value)"),
        "captions": page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').all_inner_texts(),
        "charts": chart_texts(page),
    }


def test_filter_changes_url_and_the_url_reopens_the_view(server, page, fresh_context):
    open_app(page, f"{server.url}/terpopuler?period=2024-11-10")
    chart_marks(page)
    assert "region" not in query(page.url)
    assert page.get_by_text("4 artikel bertambah pembacanya").count() == 1

    choose(page, "Wilayah", "Jakarta Selatan")
    page.wait_for_url(lambda url: query(url).get("region") == ["Jakarta Selatan"])
    assert page.get_by_text("2 artikel bertambah pembacanya").count() == 1  # a and d
    chart_marks(page)
    shown = view_of(page)
    assert "1. Banjir di Tebet" in shown["charts"][0] and "Budi" not in shown["charts"][0]

    again = fresh_context.new_page()  # another browser profile: nothing but the URL carries the view
    open_app(again, page.url)
    chart_marks(again)
    assert exceptions(again) == []
    assert selected(again, "Wilayah") == "Jakarta Selatan"
    assert view_of(again) == shown
    assert query(again.url) == query(page.url)


def test_switch_language(server, page):
    open_app(page, f"{server.url}/?period=2024-11-10")
    assert heading(page) == "Ringkasan"
    assert metrics(page)["Tambahan dilihat"] == ("810", "+730 (+912,5%)")

    with rerun(page):
        page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"]').get_by_text("English").click()
    assert exceptions(page) == []
    assert heading(page) == "Overview"
    assert metrics(page)["Views gained"] == ("810", "+730 (+912.5%)")
    assert query(page.url)["lang"] == ["en"]
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Data as of").count() == 1

    # The language stays when the editor moves to another page.
    with rerun(page):
        page.locator('[data-testid="stSidebarNavLink"]', has_text="Trending articles").click()
    assert heading(page) == "Trending articles"
    assert query(page.url)["lang"] == ["en"]
    assert "Views gained" in chart_texts(page)[0]

    with rerun(page):
        page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"]').get_by_text("Bahasa Indonesia").click()
    assert heading(page) == "Artikel terpopuler"
    assert query(page.url)["lang"] == ["id"]


@pytest.fixture(scope="module")
def four_weeks(browser, tmp_path_factory):
    """A server of its own over four snapshots (3, 10, 17, 24 Nov): over the session's two a
    custom range has one possible start, the one the plain period already starts at, so
    choosing would change nothing. Its own database: adding weeks to the shared one would
    break the tests that check a week is not there before they load it."""
    from etl.ingest.files import ingest_paths

    folder = tmp_path_factory.mktemp("range")
    ingest_paths(folder / "sorot.duckdb", [
        DASHBOARD_FIXTURES / "export-2024-11-03.csv", DASHBOARD_FIXTURES / "export-2024-11-10.csv",
        DASHBOARD_FIXTURES / "upload-2024-11-17.csv", E2E_FIXTURES / "export-2024-11-24.csv"])
    app = Server(folder / "sorot.duckdb", folder / "serve.log").start()
    try:
        warm_up(browser, app.url)
        yield app
    finally:
        app.stop()


def range_switch(page):
    return page.get_by_role("switch", name="Rentang khusus", exact=True)


def test_custom_range_goes_into_the_url_and_the_url_reopens_it(four_weeks, page, fresh_context):
    open_app(page, f"{four_weeks.url}/terpopuler?period=2024-11-24")
    assert "Periode 17 Nov 2024 – 24 Nov 2024" in sidebar_captions(page)  # the plain period: one week
    assert "from" not in query(page.url)
    assert selectbox(page, "Dari (tanggal data)").count() == 0

    with rerun(page):  # the switch's label takes the click (the input is drawn under it)
        page.locator('[data-testid="stSidebar"] label', has=range_switch(page)).click()
    assert exceptions(page) == []
    # Switched on, the range starts RANGE_WEEKS snapshots back, here at the oldest.
    assert selected(page, "Dari (tanggal data)") == "3 Nov 2024"
    page.wait_for_url(lambda url: query(url).get("from") == ["2024-11-03"])

    choose(page, "Dari (tanggal data)", "10 Nov 2024")
    page.wait_for_url(lambda url: query(url).get("from") == ["2024-11-10"])
    assert query(page.url)["period"] == ["2024-11-24"]
    captions = sidebar_captions(page)
    assert "Periode 10 Nov 2024 – 24 Nov 2024" in captions
    assert "Periode 17 Nov 2024 – 24 Nov 2024" not in captions
    assert exceptions(page) == []

    again = fresh_context.new_page()  # another browser profile: nothing but the URL carries the range
    open_app(again, page.url)
    assert exceptions(again) == []
    assert range_switch(again).is_checked()
    assert selected(again, "Dari (tanggal data)") == "10 Nov 2024"
    assert selected(again, "Periode (akhir)") == "24 Nov 2024"
    assert sidebar_captions(again) == captions
    assert query(again.url) == query(page.url)

    # The range is session-wide like the period: another page of the menu keeps it.
    with rerun(again):
        again.locator('[data-testid="stSidebarNavLink"]', has_text="Pewarta").click()
    assert exceptions(again) == []
    assert query(again.url)["from"] == ["2024-11-10"]
    assert selected(again, "Dari (tanggal data)") == "10 Nov 2024"
    assert "Periode 10 Nov 2024 – 24 Nov 2024" in sidebar_captions(again)
