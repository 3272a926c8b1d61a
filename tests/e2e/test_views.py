"""What an editor does with one view: filter and share its URL, switch the language,
(the PNG download is in test_downloads.py)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .harness import (chart_marks, chart_texts, choose, exceptions, heading, metrics, open_app,
                      rerun, selected)

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
