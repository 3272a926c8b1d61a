"""Download and share buttons for the pages: chart images, table files, the weekly briefing
and "Salin tautan". The files themselves come from etl.present.export / etl.present.briefing
(no Streamlit there); this module only draws buttons.

Files are made on click, not on every rerun: `st.download_button` gets a function as its
data (rendering a PNG takes a few hundred ms). Those functions run outside the script
run, so they must not touch `st.*` — everything they need is captured before.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import streamlit as st

from etl.metrics import Period
from etl.present import export
from etl.present.strings import STRINGS, t

def _lang(lang: str | None) -> str:
    if lang:
        return lang
    from dashboard import state
    return state.lang()


def chart_downloads(chart, name: str, *, period: Period | str | None = None, data_date: date | None = None,
                    filters: Mapping[str, Any] | None = None, title: str | None = None,
                    lang: str | None = None, where=st, key: str | None = None) -> None:
    """PNG (1200 px at 2×) and SVG buttons for a chart as shown, decorated with title, period,
    filters and the source line, in a compact row under the chart. `data_date` defaults to
    the period's end. The decorated spec is built on click: validating a Vega-Lite spec
    costs tens of milliseconds per chart, too much to pay for every chart on every rerun."""
    lang = _lang(lang)
    if data_date is None:
        data_date = period.end if isinstance(period, Period) else date.today()

    def spec() -> dict:
        return export.decorate(chart, title=title, period=period, filters=filters, data_date=data_date,
                               lang=lang).to_dict()

    # Over-time charts pass their span as text; their files are named by the data date.
    stem = (export.file_stem(name, period) if isinstance(period, Period)
            else f"{export.file_stem(name)}-{data_date.isoformat()}")
    key = key or f"dl_{name}"
    row = _button_row(where)
    row.download_button(t("download_png", lang), lambda: export.chart_png(spec()), file_name=f"{stem}.png",
                        mime="image/png", key=f"{key}_png", on_click="ignore", icon=":material/image:")
    row.download_button(t("download_svg", lang), lambda: export.chart_svg(spec()).encode("utf-8"),
                        file_name=f"{stem}.svg", mime="image/svg+xml", key=f"{key}_svg",
                        on_click="ignore", icon=":material/draw:")


def _button_row(where):
    """A left-aligned row of content-width buttons, so every chart and table gets the same
    small strip of downloads under it."""
    return where.container(horizontal=True, gap="small")


def column_headers(columns, lang: str) -> dict[str, str]:
    """Column names as the tables show them (col_title -> 'Judul'); others unchanged."""
    return {c: t(f"col_{c}", lang) for c in columns if f"col_{c}" in STRINGS}


def table_downloads(df, name: str, *, period: Period | None = None, lang: str | None = None,
                    headers: Mapping[str, str] | bool = True, where=st, key: str | None = None,
                    columns: Sequence[str] | None = None) -> None:
    """CSV (UTF-8 with BOM) and Excel buttons for a table (polars or pandas). headers=True
    names the columns as the UI does, False keeps the data names, a dict renames.

    `df` may be a function returning the table, called on click (outside the script run, so
    it must not touch `st.*`): for a table the page does not hold whole, such as the trending
    ranking. `columns` then names its columns (for the headers)."""
    lang = _lang(lang)
    if headers is True:
        headers = column_headers(df.columns if columns is None else columns, lang)
    elif headers is False:
        headers = None
    table = df if callable(df) else (lambda: df)
    stem = export.file_stem(name, period)
    key = key or f"dl_{name}"
    row = _button_row(where)
    row.download_button(t("download_csv", lang), lambda: export.table_csv(table(), headers), file_name=f"{stem}.csv",
                        mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/table:")
    row.download_button(
        t("download_xlsx", lang), lambda: export.table_xlsx(table(), headers), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", on_click="ignore", icon=":material/grid_on:")


def briefing_download(period: Period, *, lang: str | None = None, where=st, key: str = "dl_briefing") -> None:
    """The weekly briefing for `period` (one A4 page) as a standalone HTML file and, when the
    server has a Chromium, as a PDF, side by side; read and rendered on click: it needs the
    ranking and the reporters, which the overview page does not show, and fetching them on
    every render cost the page more than half a second. Without a Chromium a caption says
    how to get the PDF instead (the browser's Print → Save as PDF)."""
    from dashboard import queries
    from etl.present import briefing

    lang = _lang(lang)
    open_database = queries.reader()

    def html() -> str:
        with open_database() as con:   # of the outlets chosen when the page ran (their rollup)
            return briefing.briefing_html(con, period, lang, outlets=queries.chosen_outlets_of(con))

    stem = export.file_stem("briefing", period)
    row = _button_row(where)
    row.download_button(
        t("download_briefing", lang), lambda: html().encode("utf-8"), file_name=f"{stem}.html",
        mime="text/html", key=f"{key}_html", on_click="ignore", icon=":material/summarize:")
    if briefing.chromium_path() is None:
        where.caption(t("briefing_pdf_unavailable", lang))
        return
    row.download_button(
        t("download_briefing_pdf", lang), lambda: briefing.briefing_pdf(html()), file_name=f"{stem}.pdf",
        mime="application/pdf", key=f"{key}_pdf", on_click="ignore", icon=":material/picture_as_pdf:")


def current_url() -> str:
    """This view's address: the page URL plus its query parameters (the view state)."""
    return export.share_url(st.context.url or "", st.query_params.to_dict())


def copy_link_button(*, lang: str | None = None, where=st) -> None:
    """'Salin tautan': a popover with a one-click copy button and the link itself (st.code
    has its own copy icon, the fallback when the browser blocks the clipboard). Call it
    after the page's widgets, so their values are already in the URL."""
    lang = _lang(lang)
    url = current_url()
    with where.popover(t("copy_link", lang), icon=":material/link:"):
        st.iframe(_copy_snippet(url, lang), height=44)
        st.code(url, language=None, wrap_lines=True)
        st.caption(t("link_hint", lang))


def _copy_snippet(url: str, lang: str) -> str:
    def js(value: str) -> str:  # a JS string literal that cannot close the <script> element
        return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    return f"""
<button id="copy" style="font:14px sans-serif;padding:6px 12px;border-radius:6px;border:1px solid #bbb;
 background:#fff;cursor:pointer">🔗 {_html(t("copy_link", lang))}</button>
<span id="said" style="font:13px sans-serif;margin-left:8px;color:#555"></span>
<script>
const url = {js(url)};
document.getElementById("copy").addEventListener("click", async () => {{
  let ok = false;
  try {{ await navigator.clipboard.writeText(url); ok = true; }}
  catch (e) {{
    const box = document.createElement("textarea");
    box.value = url; document.body.appendChild(box); box.select();
    try {{ ok = document.execCommand("copy"); }} catch (e2) {{ ok = false; }}
    box.remove();
  }}
  document.getElementById("said").textContent = ok ? {js(t("link_copied", lang))} : {js(t("copy_failed", lang))};
}});
</script>"""


def _html(text: str) -> str:
    from html import escape
    return escape(text)
