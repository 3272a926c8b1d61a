"""Pewarta: output against reach, the leaderboard, and a page per reporter."""
import streamlit as st

from dashboard import downloads, queries, state, ui
from etl.present import charts
from etl.present.strings import t

lang = state.lang()
period = ui.period_picker(lang)
st.title(t("page_reporters", lang))

board = queries.reporters_compared(period)  # with the change against the previous period
names = sorted(board["author"].to_list(), key=str.casefold)
reporter = ui.choice("reporter", t("reporter_pick", lang), ["", *names], lang,
                     format_func=lambda n: n or t("none", lang))

if reporter:
    st.header(ui.fmt.md_escape(reporter), anchor=False)
    row = board.filter(board["author"] == reporter)
    if row.height:
        stats = row.row(0, named=True)
        c1, c2, c3 = st.columns(3)
        c1.metric(t("col_articles", lang), ui.fmt.number(stats["articles"], lang), border=True,
                  **ui.metric_change(stats["articles_change"], lang))
        c2.metric(t("col_views", lang), ui.fmt.number(stats["views"], lang), border=True,
                  **ui.metric_change(stats["views_change"], lang))
        c3.metric(t("col_views_new", lang), ui.fmt.number(stats["views_new"], lang), border=True,
                  help=t("help_views_new", lang))
    split = queries.reporter_by_outlet(reporter, period)
    if split.height > 1:   # a rollup, and the reporter wrote for several outlets: each one's numbers
        st.caption(t("reporter_by_outlet", lang))
        ui.table(split.to_pandas(), lang, key="by_outlet", compact=True)
    history = queries.reporter_history(reporter, period.end)
    if not history.is_empty():
        # one measure per chart: views gained and articles per week side by side
        for column, name in zip(st.columns(2), ("reporter_history", "reporter_articles_history")):
            with column:
                chart = charts.CHARTS[name](history, lang)
                st.altair_chart(chart)
                downloads.chart_downloads(chart, name, period=ui.history_text(period, lang),
                                          data_date=period.end, filters={"author": reporter}, lang=lang)
    st.subheader(t("reporter_articles", lang, name=ui.fmt.md_escape(reporter)), anchor=False)
    articles = queries.reporter_articles(reporter, period)
    if articles.is_empty():
        st.info(t("reporter_unknown", lang))
    else:
        table = ui.articles_frame(articles, lang, ["outlet", "title", "published_at", "category", "regions",
                                                   "views_gained", "views_total", "link"])
        ui.table(table, lang, key="articles", compact=True)
        downloads.table_downloads(table.drop(columns=["link"]), f"pewarta-{reporter}", period=period,
                                  lang=lang, key="dl_reporter_articles")
elif board.is_empty():
    st.info(t("no_rows", lang))
else:
    # The leaderboard (seven columns with the changes) takes the full width, so every
    # number fits at 1400 px; the scatter goes under it.
    st.subheader(t("leaderboard", lang), anchor=False)
    ui.table(board.to_pandas(), lang, key="leaderboard", compact=True)
    downloads.table_downloads(board, "pewarta", period=period, lang=lang)
    scatter = charts.reporters_scatter(board, lang)
    st.altair_chart(scatter)
    downloads.chart_downloads(scatter, "reporters_scatter", period=period, lang=lang)
