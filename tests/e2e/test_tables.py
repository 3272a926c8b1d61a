"""Tables that never cut numbers and charts that are drawn, at 1400×900 and on a 390×844
phone, in both languages (issue #20).

st.dataframe draws on a canvas, so a cut cell cannot be read from the DOM. Two checks
instead: the grid's scroller is no wider than its box (no column off-screen: the trending
table was 1378 px in a 938 px box), and the width rule the app sizes columns with
(dashboard.ui.text_px) never measures a text narrower than the browser draws it in the
grid's font (a column sized by it cannot cut "688" to "68")."""
from __future__ import annotations

import pytest

from dashboard import ui
from etl.present import formats as fmt

from .harness import RUN_COUNTER_JS, chart_marks, exceptions, open_app

pytestmark = pytest.mark.browser

PERIOD = "period=2024-11-10"
PAGES = [  # path, charts at least
    ("", 3),
    ("terpopuler", 1),
    ("terpopuler?view=movers", 0),
    ("pewarta", 1),
    ("pewarta?reporter=Ani", 1),
    ("wilayah?region=Jakarta+Selatan", 4),
    ("artikel?q=banjir", 1),
]
VIEWPORTS = [(1400, 900), (390, 844)]

_GRIDS_JS = """els => els.filter(e => e.offsetParent !== null).map(e => {
    const s = e.querySelector('.dvn-scroller');
    return s ? [s.scrollWidth, s.clientWidth] : null;
})"""


@pytest.fixture(scope="module", params=VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def sized(browser, request):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(RUN_COUNTER_JS)
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("path", "charts"), PAGES, ids=[p[0] or "ringkasan" for p in PAGES])
def test_no_column_off_screen_and_charts_drawn(server, sized, path, charts, lang):
    page = sized.new_page()
    try:
        joiner = "&" if "?" in path else "?"
        open_app(page, f"{server.url}/{path}{joiner}{PERIOD}&lang={lang}")
        assert exceptions(page) == []
        marks = chart_marks(page, charts)
        assert all(n > 0 for n in marks), f"charts without marks on /{path}: {marks}"
        page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
            .filter(e => e.offsetParent !== null).every(e => e.querySelector('.dvn-scroller'))""")
        grids = page.locator('[data-testid="stDataFrame"]').evaluate_all(_GRIDS_JS)
        assert grids, f"no table shown on /{path}"
        for scroll_width, box_width in grids:
            assert scroll_width <= box_width, f"/{path}: a table {scroll_width} px wide in a {box_width} px box"
    finally:
        page.close()


def shown_grids(page) -> list[list[int]]:
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
        .filter(e => e.offsetParent !== null).every(e => e.querySelector('.dvn-scroller'))""")
    return page.locator('[data-testid="stDataFrame"]').evaluate_all(_GRIDS_JS)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_upload_page_tables_fit(server, sized, lang):
    """The upload page's tables: the file's columns in the preview (no load: the shared
    database stays as it is) and the upload history; the rejected rows after a load are
    checked in test_ingest.py."""
    from .conftest import DASHBOARD_FIXTURES
    from .harness import rerun

    page = sized.new_page()
    try:
        open_app(page, f"{server.url}/unggah?lang={lang}")
        with rerun(page):
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                DASHBOARD_FIXTURES / "upload-2024-11-17.csv")
        assert exceptions(page) == []
        grids = shown_grids(page)
        assert len(grids) >= 2, "the preview's columns and the history"
        for scroll_width, box_width in grids:
            assert scroll_width <= box_width, f"/unggah: a table {scroll_width} px wide in a {box_width} px box"
    finally:
        page.close()


def test_width_rule_never_narrower_than_the_browser(server, page):
    """Every text the tables show by rule (numbers, dates, headers) measured in Chromium in
    the grid's cell font: the rule must not come out narrower (by more than half a pixel)."""
    open_app(page, f"{server.url}/pewarta?{PERIOD}")
    samples = [fmt.number(n, lang) for n in (688, 594, 463, 1_234_567, 402.5) for lang in ("id", "en")]
    samples += [fmt.day(d, lang) for d in (__import__("datetime").date(2024, 11, 30),) for lang in ("id", "en")]
    samples += [ui._label(c, lang) for c in ("views_gained", "views_total", "median_views_new", "rank_gain",
                                             "articles_change", "views_change") for lang in ("id", "en")]
    samples += ["↑12", "↓3", "baru", "tetap", "✓", "113,4%"]
    drawn = page.evaluate("""texts => {
        const font = getComputedStyle(document.querySelector('[data-testid="stMain"]')).fontFamily;
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = '400 14px ' + font;
        return texts.map(t => ctx.measureText(t).width);
    }""", samples)
    for text, width in zip(samples, drawn):
        assert ui.text_px(text) >= width - 0.5, f"{text!r}: rule {ui.text_px(text):.1f} px, drawn {width:.1f} px"
