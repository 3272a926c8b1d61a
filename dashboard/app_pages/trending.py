"""Artikel terpopuler: the full ranking with filters, rank movement, movers and evergreens."""
import streamlit as st

from dashboard import downloads, queries, state, ui
from etl.metrics import REGIONS
from etl.present import charts
from etl.present import formats as fmt
from etl.present.strings import t

lang = state.lang()
period = ui.period_picker(lang)
st.title(t("page_trending", lang))

ALL = ""
reporters = queries.trending_reporters(period)
show_all = lambda value: t("all", lang) if value == ALL else value  # noqa: E731

c1, c2, c3, c4 = st.columns(4)
region = ui.choice("region", t("filter_region", lang), [ALL, *REGIONS], lang, where=c1, format_func=show_all)
reporter = ui.choice("reporter", t("filter_reporter", lang), [ALL, *reporters], lang, where=c2, format_func=show_all)
category = ui.choice("category", t("filter_category", lang), [ALL, *queries.categories(period)], lang,
                     where=c3, format_func=show_all)
scope = ui.choice("scope", t("scope", lang), ["all", "new"], lang, where=c4,
                  format_func=lambda s: t(f"scope_{s}", lang))
view = ui.choice("view", t("view", lang), ["ranking", "movers", "evergreen"], lang,
                 format_func=lambda v: t(f"view_{v}", lang))

# The ranking is read a page at a time (55k rows at full scale): the counts, the page shown
# and the chart's top 20 come from SQL; the downloads read the whole view on click.
selection = {"region": region or None, "author": reporter or None, "category": category or None,
             "published_in_period": scope == "new"}
first = queries.trending_view(period, view=view, rows=ui.PAGE_ROWS, **selection)
filters = {"region": region, "reporter": reporter, "category": category}
columns = ["rank", "movement", "outlet", "title", "authors", "published_at", "category", "regions",
           "views_gained", "views_total", "evergreen", "link"]
if "outlet" not in first.rows.columns:   # one outlet: no outlet column (a rollup has one)
    columns.remove("outlet")
if view == "movers":
    columns.insert(1, "rank_gain")
# On screen the regions and the category stay in the filters and the downloads: with them
# the number columns no longer fit next to a readable title at 1400 px (and the movers'
# places climbed say what the movement column would).
off_screen = {"regions", "category"} | ({"movement"} if view == "movers" else set())
on_screen = [c for c in columns if c not in off_screen]


open_database = queries.reader()


def full_view():
    """The whole view for the CSV/Excel files, read on click (no st.* here)."""
    with open_database() as con:
        rows = queries.trending_view_of(con, period, view=view, **selection).rows
    return ui.articles_frame(rows, lang, columns).drop(columns=["link"])


def show_ranking() -> None:
    st.caption(t("trending_count", lang, n=fmt.number(first.ranked, lang), evergreen=first.evergreen))
    top = first.rows.head(20)
    if view == "movers":
        st.caption(t("movers_note", lang))
        chart = charts.movers(top, lang) if first.shown else None
    else:
        chart = None
    if chart is None and first.shown:
        chart = charts.top_trending(ui.display_columns(top, lang), lang)
    if chart is not None:
        st.altair_chart(chart)
        downloads.chart_downloads(chart, "movers" if view == "movers" else "top_trending", period=period,
                                  filters=filters, lang=lang)
    if not first.shown:
        st.info(t("no_rows", lang))
        return
    slot = st.container()  # the table, above its page picker
    page = ui.page_slice(first.shown, lang, key="ranking")
    shown = first.rows if page.start == 0 else queries.trending_view(
        period, view=view, offset=page.start, rows=ui.PAGE_ROWS, **selection).rows
    ui.table(ui.articles_frame(shown, lang, on_screen), lang, key="ranking", where=slot, compact=True)
    downloads.table_downloads(full_view, "terpopuler", period=period, lang=lang,
                              columns=[c for c in columns if c != "link"])


if not first.ranked:
    st.info(t("no_rows", lang))
else:
    show_ranking()
