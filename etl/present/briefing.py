"""The weekly briefing: one standalone page for the Monday meeting — top stories, movers,
reporter output and regional coverage for a period.

The page is a single HTML file with inline CSS and its charts embedded as SVG data URIs
(`<img src="data:image/svg+xml;base64,…">`): no JavaScript, no CDN, it opens offline and
can be mailed or dropped into a chat group. Charts go in as images rather than inline
`<svg>`, so a hostile title inside a chart can never become markup of the page, and every
text in the page itself is HTML-escaped, its control characters replaced (cells.clean_text:
a database an older Sorot wrote may hold them; the charts are cleaned by export.chart_svg).

PDF: there is no offline HTML-to-PDF renderer among Sorot's dependencies (vl-convert
renders charts, not pages). `briefing_pdf` uses a Chromium already installed on the
machine (headless --print-to-pdf) and says so in one sentence when there is none; the
page's print CSS makes the browser's own "Save as PDF" come out as one A4 page as well.
"""
from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any

import polars as pl

from etl import metrics
from etl.errors import SorotError
from etl.metrics import Period
from etl.newsroom.cells import clean_text
from etl.present import charts, export
from etl.present import formats as fmt
from etl.present.strings import t

TOP_STORIES = 10
MOVERS = 5
TOP_REPORTERS = 10
CHART_WIDTH = 720


def escape(text: str, quote: bool = True) -> str:
    """Text for the page: control characters replaced, then HTML-escaped."""
    return html_escape(clean_text(text), quote)


# --------------------------------------------------------------------------- data

@dataclass(frozen=True)
class BriefingData:
    """Everything the page shows; the dashboard can build it from its cached queries."""
    period: Period
    overview: dict[str, dict[str, Any]]
    trending: pl.DataFrame      # the top of the ranking
    movers: pl.DataFrame        # the largest rank gains, with rank_gain
    reporters: pl.DataFrame
    regions: pl.DataFrame


def briefing_data(con, period: Period) -> BriefingData:
    return BriefingData(
        period=period,
        overview=metrics.overview(con, period),
        trending=metrics.trending(con, period, limit=TOP_STORIES),
        movers=metrics.movers(con, period, limit=MOVERS),
        reporters=metrics.reporters(con, period),
        regions=metrics.regions(con, period),
    )


def top_stories(data: BriefingData) -> pl.DataFrame:
    return data.trending.sort("rank").head(TOP_STORIES)


def movers(data: BriefingData) -> pl.DataFrame:
    """Largest rank gains against the previous period (ties: the better current rank)."""
    return data.movers


# --------------------------------------------------------------------------- page

def briefing_html(con, period: Period, lang: str = "id") -> str:
    return render_briefing(briefing_data(con, period), lang)


def render_briefing(data: BriefingData, lang: str = "id") -> str:
    p = data.period
    title = t("briefing_title", lang)
    body = [
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="period">{escape(export.period_text(p, lang))}</p>',
        "</header>",
        _kpis(data, lang),
        _top_stories(data, lang),
        _movers(data, lang),
        _reporters(data, lang),
        _regions(data, lang),
        f'<footer>{escape(export.source_line(p.end, lang))}</footer>',
    ]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · {escape(fmt.day(p.end, lang))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _kpis(data: BriefingData, lang: str) -> str:
    cells = []
    for name in metrics.OVERVIEW_METRICS:
        entry = data.overview[name]
        change = ""
        if entry["change"] is not None:
            pct = f" ({fmt.percent(entry['change_pct'], lang, signed_=True)})" if entry["change_pct"] is not None else ""
            change = t("briefing_kpi_change", lang, change=fmt.signed(entry["change"], lang) + pct)
        cells.append(
            f'<div class="kpi"><div class="label">{escape(t(f"kpi_{name}", lang))}</div>'
            f'<div class="value">{escape(fmt.number(entry["value"], lang))}</div>'
            f'<div class="change">{escape(change)}</div></div>')
    return '<section class="kpis">' + "".join(cells) + "</section>"


def _top_stories(data: BriefingData, lang: str) -> str:
    top = top_stories(data)
    if top.is_empty():
        return _section("top_stories", f"<p>{escape(t('briefing_empty', lang))}</p>", lang)
    rows = []
    for r in top.iter_rows(named=True):
        rows.append([
            _num(r["rank"], lang), fmt.movement(r["rank"], r["previous_rank"], lang),
            _title_cell(r["title"], r["url"]), fmt.names(r["authors"]), r["category"] or "",
            _num(r["views_gained"], lang), _num(r["views_total"], lang),
        ])
    headers = ["col_rank", "col_move", "col_title", "col_authors", "col_category", "col_views_gained",
               "col_views_total"]
    table = _table(headers, rows, lang, numeric={0, 5, 6}, raw={2})
    chart = _chart_img(charts.top_trending(fmt.with_movement(top, lang), lang), data.period, lang)
    return _section("top_stories", table + chart, lang, css="top-stories")


def _movers(data: BriefingData, lang: str) -> str:
    up = movers(data)
    if up.is_empty():
        return _section("movers", f"<p>{escape(t('briefing_movers_none', lang))}</p>", lang)
    rows = [[_title_cell(r["title"], r["url"]), _num(r["rank"], lang), _num(r["previous_rank"], lang),
             fmt.climbed(r["rank_gain"], lang)] for r in up.iter_rows(named=True)]
    headers = ["col_title", "col_rank", "col_previous_rank", "col_rank_gain"]
    return _section("movers", _table(headers, rows, lang, numeric={1, 2, 3}, raw={0}), lang)


def _reporters(data: BriefingData, lang: str) -> str:
    top = data.reporters.head(TOP_REPORTERS)
    if top.is_empty():
        return _section("reporters", f"<p>{escape(t('briefing_empty', lang))}</p>", lang)
    rows = [[r["author"], _num(r["articles"], lang), _num(r["views"], lang), _num(r["views_new"], lang),
             _num(r["median_views_new"], lang)] for r in top.iter_rows(named=True)]
    headers = ["col_author", "col_articles", "col_views", "col_views_new", "col_median_views_new"]
    note = ""
    if data.reporters.height > TOP_REPORTERS:
        note = f'<p class="note">{escape(t("briefing_reporters_more", lang, n=TOP_REPORTERS, total=data.reporters.height))}</p>'
    return _section("reporters", _table(headers, rows, lang, numeric={1, 2, 3, 4}) + note, lang)


def _regions(data: BriefingData, lang: str) -> str:
    frame = data.regions
    rows = [[r["region"], _num(r["articles"], lang), fmt.percent(r["share_articles"], lang),
             _num(r["views"], lang)] for r in frame.iter_rows(named=True)]
    headers = ["col_region", "col_articles", "col_share_articles", "col_views_gained"]
    missed = [r["region"] for r in frame.iter_rows(named=True) if not r["articles"]]
    note = f'<p class="note">{escape(t("briefing_regions_missed", lang, names=", ".join(missed)))}</p>' if missed else ""
    chart = _chart_img(charts.region_share(frame, lang), data.period, lang) if frame.height else ""
    return _section("regions", _table(headers, rows, lang, numeric={1, 2, 3}) + note + chart, lang)


# --------------------------------------------------------------------------- HTML pieces

def _section(key: str, inner: str, lang: str, css: str = "") -> str:
    return f'<section class="{escape(css or key)}"><h2>{escape(t(f"briefing_{key}", lang))}</h2>{inner}</section>'


def _num(value, lang: str) -> str:
    return fmt.number(value, lang)


class _Raw(str):
    """Already-escaped HTML for a table cell."""


def _title_cell(title: str, url: str | None) -> _Raw:
    # Only web links become links: a javascript: or data: address stays plain text.
    if url and url.lower().startswith(("https://", "http://")):
        return _Raw(f'<a href="{escape(url, quote=True)}">{escape(title)}</a>')
    return _Raw(escape(title))


def _table(headers: list[str], rows: list[list], lang: str, numeric: set[int] = frozenset(),
           raw: set[int] = frozenset()) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{escape(t(h, lang))}</th>" for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = "".join(
            f"<td{cls(i)}>{value if (i in raw and isinstance(value, _Raw)) else escape(str(value))}</td>"
            for i, value in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _chart_img(chart, period: Period, lang: str) -> str:
    decorated = export.decorate(chart, data_date=period.end, lang=lang, width=CHART_WIDTH)
    svg = export.chart_svg(decorated)
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt_text = escape(export.chart_title(chart))
    return f'<figure><img alt="{alt_text}" src="data:image/svg+xml;base64,{encoded}"></figure>'


CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: #1a1a1a; margin: 0;
       background: #fff; font-size: 13px; line-height: 1.35; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
header h1 { font-size: 24px; margin: 0 0 4px; }
.period { color: #555; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 2px solid #1f77b4; padding-bottom: 3px; }
.kpis { display: flex; gap: 12px; }
.kpi { flex: 1; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; }
.kpi .label { color: #555; font-size: 12px; }
.kpi .value { font-size: 22px; font-weight: bold; }
.kpi .change { color: #555; font-size: 11px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
th { font-size: 12px; color: #444; border-bottom: 1px solid #999; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
a { color: #1a1a1a; text-decoration: none; }
figure { margin: 10px 0 0; }
figure img { max-width: 100%; height: auto; }
.note { color: #555; font-size: 12px; margin: 4px 0 0; }
footer { margin-top: 24px; color: #555; font-size: 12px; border-top: 1px solid #ddd; padding-top: 6px; }
@media print {
  main { padding: 0; max-width: none; }
  body { font-size: 10px; }
  h2 { margin-top: 12px; }
  section { break-inside: avoid; }
}
"""


# --------------------------------------------------------------------------- PDF

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_path() -> str | None:
    """A Chromium already on this machine ($SOROT_CHROMIUM first); Sorot never downloads one."""
    wanted = os.environ.get("SOROT_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).exists() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def briefing_pdf(html: str, timeout: float = 120) -> bytes:
    """The page printed to PDF by a local headless Chromium; SorotError when there is none."""
    browser = chromium_path()
    if browser is None:
        raise SorotError(
            "A PDF needs Chromium on this machine (apt install chromium, or set SOROT_CHROMIUM) and none "
            "was found; export .html instead and use the browser's Print → Save as PDF.")
    with tempfile.TemporaryDirectory() as work:
        page, pdf = Path(work) / "briefing.html", Path(work) / "briefing.pdf"
        page.write_text(html, encoding="utf-8")
        command = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as problem:
            raise SorotError(f"Chromium could not print the briefing to PDF ({problem}).") from None
        if not pdf.exists() or pdf.stat().st_size == 0:
            raise SorotError("Chromium did not produce a PDF; export .html and print it from the browser.")
        return pdf.read_bytes()
