"""Pewarta: output against reach, the leaderboard, and a page per reporter."""
import streamlit as st

from dashboard import charts, queries, state, ui
from dashboard.i18n import t

lang = state.lang()
period = ui.period_picker(lang)
st.title(t("page_reporters", lang))

board = queries.reporters(period)
names = sorted(board["author"].to_list(), key=str.casefold)
reporter = ui.choice("reporter", t("reporter_pick", lang), ["", *names], lang,
                     format_func=lambda n: n or t("none", lang))

if reporter:
    st.header(ui.fmt.md_escape(reporter), anchor=False)
    row = board.filter(board["author"] == reporter)
    if row.height:
        stats = row.row(0, named=True)
        c1, c2, c3 = st.columns(3)
        c1.metric(t("col_articles", lang), ui.fmt.number(stats["articles"], lang), border=True)
        c2.metric(t("col_views", lang), ui.fmt.number(stats["views"], lang), border=True)
        c3.metric(t("col_views_new", lang), ui.fmt.number(stats["views_new"], lang), border=True)
    history = queries.reporter_history(reporter, period.end)
    if not history.is_empty():
        st.altair_chart(charts.reporter_history(history, lang))
    st.subheader(t("reporter_articles", lang, name=ui.fmt.md_escape(reporter)), anchor=False)
    articles = queries.reporter_articles(reporter, period)
    if articles.is_empty():
        st.info(t("reporter_unknown", lang))
    else:
        ui.table(ui.articles_frame(articles, lang, ["title", "published_at", "category", "regions",
                                                    "views_gained", "views_total", "link"]), lang, key="articles")
else:
    if board.is_empty():
        st.info(t("no_rows", lang))
        st.stop()
    left, right = st.columns([3, 2])
    left.altair_chart(charts.reporters_scatter(board, lang))
    with right:
        st.subheader(t("leaderboard", lang), anchor=False)
        ui.table(board.to_pandas(), lang, key="leaderboard")
