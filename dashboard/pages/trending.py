"""Artikel terpopuler: the full ranking with filters, rank movement, movers and evergreens."""
import streamlit as st

from dashboard import charts, downloads, queries, state, ui
from dashboard import format as fmt
from dashboard.i18n import t
from etl.regions import REGIONS

lang = state.lang()
period = ui.period_picker(lang)
st.title(t("page_trending", lang))

ALL = ""
everything = queries.trending(period)
reporters = sorted(everything["authors"].explode().drop_nulls().unique().to_list(), key=str.casefold)
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

ranking = queries.trending(period, region=region or None, author=reporter or None,
                           category=category or None, published_in_period=scope == "new")
filters = {"region": region, "reporter": reporter, "category": category}


def show_ranking() -> None:
    st.caption(t("trending_count", lang, n=fmt.number(ranking.height, lang),
                 evergreen=int(ranking["is_evergreen"].sum())))
    columns = ["rank", "movement", "title", "authors", "published_at", "category", "regions",
               "views_gained", "views_total", "evergreen", "link"]
    if view == "movers":
        st.caption(t("movers_note", lang))
        shown = ranking.filter(ranking["rank_gain"] > 0).sort(["rank_gain", "rank"], descending=[True, False])
        columns.insert(1, "rank_gain")
        chart = charts.movers(shown.head(20), lang) if not shown.is_empty() else None
    elif view == "evergreen":
        shown = ranking.filter(ranking["is_evergreen"])
        chart = None
    else:
        shown = ranking
        chart = None
    if chart is None and not shown.is_empty():
        chart = charts.top_trending(ui.display_columns(shown.head(20), lang), lang)
    if chart is not None:
        st.altair_chart(chart)
        downloads.chart_downloads(chart, "movers" if view == "movers" else "top_trending", period=period,
                                  filters=filters, lang=lang)
    table = ui.articles_frame(shown, lang, columns)
    if table.empty:
        st.info(t("no_rows", lang))
        return
    ui.table(table, lang, key="ranking")
    downloads.table_downloads(table.drop(columns=["link"]), "terpopuler", period=period, lang=lang)


if ranking.is_empty():
    st.info(t("no_rows", lang))
else:
    show_ranking()
