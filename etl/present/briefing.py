"""The weekly briefing: ONE A4 page for the Monday meeting — the top stories, the
reporters, the regions and what changed against the previous period — with the long tables
(the ranking to 25, every reporter) and the charts on an optional appendix page.

The page is a single HTML file with inline CSS and, in the appendix, its charts embedded as
SVG data URIs (`<img src="data:image/svg+xml;base64,…">`): no JavaScript, no CDN, it opens
offline and can be mailed or dropped into a chat group. Charts go in as images rather than
inline `<svg>`, so a hostile title inside a chart can never become markup of the page, and
every text in the page itself is HTML-escaped, its control characters replaced
(cells.clean_text: a database an older Sorot wrote may hold them; the charts are cleaned by
export.chart_svg). The one-page part has no chart images: a chart is too tall to share an
A4 page with four tables; the top stories carry a bar drawn by CSS instead.

Fitting: on paper the first page holds a fixed number of rows (TOP_STORIES, MOVERS,
TOP_REPORTERS, the seven regions) and each title at most two lines, so it never spills onto a
second sheet; on a phone (390 px) the tables keep their width to the screen (fixed layout,
long words wrapped, the less needed columns hidden), so nothing scrolls sideways.

PDF: there is no offline HTML-to-PDF renderer among Sorot's dependencies (vl-convert
renders charts, not pages). `briefing_pdf` uses a Chromium already installed on the
machine (headless --print-to-pdf) and says so in one sentence when there is none; the
page's print CSS makes the browser's own "Save as PDF" come out the same.
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
from collections.abc import Sequence
from typing import Any

import polars as pl

from etl import metrics
from etl.errors import SorotError
from etl.metrics import Outlet, Period, rollup
from etl.newsroom.cells import clean_text
from etl.present import charts, export
from etl.present import formats as fmt
from etl.present.strings import t

TOP_STORIES = 10      # on the one page
MOVERS = 5            # on the one page
TOP_REPORTERS = 10    # on the one page
APPENDIX_STORIES = 25  # the ranking in the appendix
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
    trending: pl.DataFrame      # the top of the ranking (APPENDIX_STORIES rows)
    movers: pl.DataFrame        # the largest rank gains, with rank_gain
    reporters: pl.DataFrame     # every reporter; with articles_change/views_change when known
    regions: pl.DataFrame
    compared_with: Period | None = None  # what the changes are against (None: nothing before)


def briefing_data(con, period: Period, outlets: Sequence[Outlet] = ()) -> BriefingData:
    """The page's numbers for `period`, of the connection's outlet or rolled up over
    `outlets` (etl.metrics.rollup.read)."""
    def read(name: str, *args, **kwargs):
        return rollup.read(con, list(outlets), name, *args, **kwargs)

    return BriefingData(
        period=period,
        overview=read("overview", period),
        trending=read("trending", period, limit=max(TOP_STORIES, APPENDIX_STORIES)),
        movers=read("movers", period, limit=MOVERS),
        reporters=read("reporters_compared", period),
        regions=read("regions", period),
        compared_with=read("comparison_period", period),
    )


def top_stories(data: BriefingData, limit: int = TOP_STORIES) -> pl.DataFrame:
    return data.trending.sort("rank").head(limit)


def movers(data: BriefingData) -> pl.DataFrame:
    """Largest rank gains against the previous period (ties: the better current rank)."""
    return data.movers.head(MOVERS)


# --------------------------------------------------------------------------- page

def briefing_html(con, period: Period, lang: str = "id", *, appendix: bool = False,
                  outlets: Sequence[Outlet] = ()) -> str:
    """The briefing for `period` as one standalone HTML page; `appendix` adds the long
    tables and the charts on a page of their own (a second sheet when printed); over
    several `outlets`, their rollup."""
    return render_briefing(briefing_data(con, period, outlets), lang, appendix=appendix)


def render_briefing(data: BriefingData, lang: str = "id", *, appendix: bool = False) -> str:
    p = data.period
    title = t("briefing_title", lang)
    body = [
        '<div class="sheet">',
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="period">{escape(export.period_text(p, lang))}</p>',
        "</header>",
        _changes(data, lang),
        _top_stories(data, lang),
        '<div class="pair">',
        _reporters(data, lang),
        _regions(data, lang),
        "</div>",
        _movers(data, lang),
        f'<footer>{escape(export.source_line(p.end, lang))}</footer>',
        "</div>",
    ]
    if appendix:
        body.append(_appendix(data, lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · {escape(fmt.day(p.end, lang))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _changes(data: BriefingData, lang: str) -> str:
    """What changed: the three KPIs against the comparison period, which is named."""
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
    before = data.compared_with
    against = (t("briefing_compared", lang, start=fmt.day(before.start, lang), end=fmt.day(before.end, lang))
               if before is not None else t("briefing_compared_none", lang))
    return (f'<section class="changes"><h2>{escape(t("briefing_changes", lang))}</h2>'
            f'<div class="kpis">{"".join(cells)}</div><p class="note">{escape(against)}</p></section>')


def _top_stories(data: BriefingData, lang: str) -> str:
    top = top_stories(data)
    if top.is_empty():
        return _section("top_stories", f"<p>{escape(t('briefing_empty', lang))}</p>", lang, css="top-stories")
    most = max(top["views_gained"].max() or 0, 1)
    rows = []
    for r in top.iter_rows(named=True):
        # in a rollup over outlets, the story's outlet too (two portals may run the same story)
        byline = " · ".join(part for part in (fmt.names(r["authors"]), r["category"] or "", r.get("outlet") or "")
                            if part)
        title = _Raw(f'<span class="clamp">{_title_cell(r["title"], r["url"])}</span>'
                     f'<span class="byline">{escape(byline)}</span>')
        # the bar: a width in whole per cent of the top gain (a number, never data text)
        share = round(100 * (r["views_gained"] or 0) / most)
        gained = _Raw(f'{escape(_num(r["views_gained"], lang))}<span class="bar" style="width:{share}%"></span>')
        rows.append([_num(r["rank"], lang), fmt.movement(r["rank"], r["previous_rank"], lang), title, gained,
                     _num(r["views_total"], lang)])
    headers = ["col_rank", "col_move", "col_title", "col_views_gained", "col_views_total"]
    table = _table(headers, rows, lang, numeric={0, 3, 4}, raw={2, 3}, optional={1, 4},
                   widths=["2.2em", "3.6em", None, "6.4em", "6em"])
    return _section("top_stories", table, lang, css="top-stories")


def _movers(data: BriefingData, lang: str) -> str:
    up = movers(data)
    if up.is_empty():
        return _section("movers", f"<p>{escape(t('briefing_movers_none', lang))}</p>", lang)
    rows = [[_Raw(f'<span class="clamp">{_title_cell(r["title"], r["url"])}</span>'), _num(r["rank"], lang),
             _num(r["previous_rank"], lang), fmt.climbed(r["rank_gain"], lang)] for r in up.iter_rows(named=True)]
    headers = ["col_title", "col_rank", "col_previous_rank", "col_rank_gain"]
    return _section("movers", _table(headers, rows, lang, numeric={1, 2, 3}, raw={0}, optional={2},
                                     widths=[None, "3.4em", "5.5em", "5em"]), lang)


def _change_of(row: dict, column: str, lang: str) -> str:
    return fmt.change(row.get(column), lang)


def _reporters(data: BriefingData, lang: str) -> str:
    top = data.reporters.head(TOP_REPORTERS)
    if top.is_empty():
        return _section("reporters", f"<p>{escape(t('briefing_empty', lang))}</p>", lang)
    rows = [[r["author"], _num(r["articles"], lang), _num(r["views"], lang), _change_of(r, "views_change", lang)]
            for r in top.iter_rows(named=True)]
    headers = ["col_author", "col_articles", "col_views", "col_views_change"]
    note = ""
    if data.reporters.height > TOP_REPORTERS:
        note = f'<p class="note">{escape(t("briefing_reporters_more", lang, n=TOP_REPORTERS, total=data.reporters.height))}</p>'
    return _section("reporters", _table(headers, rows, lang, numeric={1, 2, 3},
                                        widths=[None, "4.2em", "5.6em", "5.6em"]) + note, lang)


def _regions(data: BriefingData, lang: str) -> str:
    frame = data.regions
    rows = [[r["region"], _num(r["articles"], lang), fmt.percent(r["share_articles"], lang),
             _num(r["views"], lang)] for r in frame.iter_rows(named=True)]
    headers = ["col_region", "col_articles", "col_share_articles", "col_views_gained"]
    missed = [r["region"] for r in frame.iter_rows(named=True) if not r["articles"]]
    notes = [t("briefing_regions_missed", lang, names=", ".join(missed))] if missed else []
    # an article in two regions counts in both: the shares may add up to more than 100 %
    notes.append(t("help_share_articles", lang))
    note = "".join(f'<p class="note">{escape(n)}</p>' for n in notes)
    return _section("regions", _table(headers, rows, lang, numeric={1, 2, 3},
                                      widths=[None, "4.2em", "4.6em", "5.6em"]) + note, lang)


def _appendix(data: BriefingData, lang: str) -> str:
    """The long tables and the charts, on a page of their own."""
    parts = [f'<section class="appendix"><h1>{escape(t("briefing_appendix", lang))}</h1>']
    ranking = top_stories(data, APPENDIX_STORIES)
    if not ranking.is_empty():
        rows = [[_num(r["rank"], lang), fmt.movement(r["rank"], r["previous_rank"], lang),
                 _title_cell(r["title"], r["url"]), fmt.names(r["authors"]), r["category"] or "",
                 _num(r["views_gained"], lang), _num(r["views_total"], lang)] for r in ranking.iter_rows(named=True)]
        headers = ["col_rank", "col_move", "col_title", "col_authors", "col_category", "col_views_gained",
                   "col_views_total"]
        parts.append(f"<h2>{escape(t('briefing_appendix_ranking', lang, n=ranking.height))}</h2>")
        parts.append(_table(headers, rows, lang, numeric={0, 5, 6}, raw={2}, optional={1, 3, 4},
                            widths=["2.4em", "3.6em", None, "9em", "6em", "6.4em", "6em"]))
        parts.append(_chart_img(charts.top_trending(fmt.with_movement(top_stories(data), lang), lang),
                                data.period, lang))
    if not data.reporters.is_empty():
        rows = [[r["author"], _num(r["articles"], lang), _change_of(r, "articles_change", lang),
                 _num(r["views"], lang), _change_of(r, "views_change", lang), _num(r["views_new"], lang),
                 _num(r["median_views_new"], lang)] for r in data.reporters.iter_rows(named=True)]
        headers = ["col_author", "col_articles", "col_articles_change", "col_views", "col_views_change",
                   "col_views_new", "col_median_views_new"]
        parts.append(f"<h2>{escape(t('briefing_appendix_reporters', lang, n=data.reporters.height))}</h2>")
        parts.append(_table(headers, rows, lang, numeric={1, 2, 3, 4, 5, 6}, optional={2, 5, 6},
                            widths=[None, "4.2em", "4.6em", "5.6em", "5.6em", "5.6em", "5.6em"]))
    if data.regions.height:
        parts.append(_chart_img(charts.region_share(data.regions, lang), data.period, lang))
    parts.append("</section>")
    return "".join(parts)


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
           raw: set[int] = frozenset(), optional: set[int] = frozenset(),
           widths: list[str | None] | None = None) -> str:
    """A table with a fixed layout (its width is the page's, whatever the data); `widths`
    are the columns' widths (None: the rest), `optional` columns are left out on a phone."""
    def cls(i: int) -> str:
        names = [n for n, on in (("num", i in numeric), ("opt", i in optional)) if on]
        return f' class="{" ".join(names)}"' if names else ""

    cols = "".join(f'<col{cls(i)} style="width:{w}">' if w else f"<col{cls(i)}>"
                   for i, w in enumerate(widths or [None] * len(headers)))
    head = "".join(f"<th{cls(i)}>{escape(t(h, lang))}</th>" for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = "".join(
            f"<td{cls(i)}>{value if (i in raw and isinstance(value, _Raw)) else escape(str(value))}</td>"
            for i, value in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _chart_img(chart, period: Period, lang: str) -> str:
    decorated = export.decorate(chart, data_date=period.end, lang=lang, width=CHART_WIDTH)
    svg = export.chart_svg(decorated)
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt_text = escape(export.chart_title(chart))
    return f'<figure><img alt="{alt_text}" src="data:image/svg+xml;base64,{encoded}"></figure>'


PHONE_PX = 480  # up to this width the optional columns are left out and the pair stacks

CSS = """
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: #1a1a1a; margin: 0;
       background: #fff; font-size: 13px; line-height: 1.35; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
header h1, .appendix h1 { font-size: 22px; margin: 0 0 2px; }
.period { color: #555; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 16px 0 6px; border-bottom: 2px solid #1f77b4; padding-bottom: 2px; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; }
.kpi { flex: 1 1 150px; min-width: 0; border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; }
.kpi .label { color: #555; font-size: 12px; }
.kpi .value { font-size: 20px; font-weight: bold; }
.kpi .change { color: #555; font-size: 11px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { text-align: left; padding: 3px 5px; border-bottom: 1px solid #e5e5e5; vertical-align: top;
         overflow-wrap: anywhere; }
th { font-size: 11px; color: #444; border-bottom: 1px solid #999; overflow-wrap: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.byline { display: block; color: #666; font-size: 11px; }
.bar { display: block; height: 4px; margin: 2px 0 0 auto; background: #1f77b4; border-radius: 2px; }
.pair { display: flex; gap: 20px; }
.pair > section { flex: 1 1 0; min-width: 0; }
a { color: #1a1a1a; text-decoration: none; }
figure { margin: 10px 0 0; }
figure img { max-width: 100%; height: auto; }
.note { color: #555; font-size: 11px; margin: 3px 0 0; }
footer { margin-top: 14px; color: #555; font-size: 11px; border-top: 1px solid #ddd; padding-top: 4px; }
.appendix { break-before: page; margin-top: 36px; }
@media (max-width: PHONE_PXpx) {
  main { padding: 12px; }
  .opt { display: none; }
  .pair { display: block; }
  .kpi .value { font-size: 18px; }
}
@media print {
  main { padding: 0; max-width: none; }
  body { font-size: 9.5px; line-height: 1.25; }
  header h1 { font-size: 18px; }
  h2 { font-size: 12.5px; margin: 9px 0 4px; }
  .kpi { padding: 4px 8px; }
  .kpi .value { font-size: 15px; }
  .kpi .label, .kpi .change, th, .note, .byline, footer { font-size: 8.5px; }
  th, td { padding: 2px 4px; }
  /* each title at most two lines on paper, so the page holds its rows whatever the titles */
  .clamp { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
  .byline { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .sheet { break-after: auto; }
  section { break-inside: avoid; }
  .appendix { margin-top: 0; }
}
""".replace("PHONE_PX", str(PHONE_PX))


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
