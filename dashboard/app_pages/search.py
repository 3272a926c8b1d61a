"""Artikel: find an article by title words; its cumulative views and gain per period."""
import streamlit as st

from dashboard import downloads, queries, state, ui
from etl.present import charts
from etl.present import formats as fmt
from etl.present.strings import t

lang = state.lang()
ui.require_data(lang)
st.title(t("page_search", lang))

typed = st.text_input(t("search_words", lang), key=state.seed_text("q"), placeholder=t("search_hint", lang))
words, capped = queries.search_terms(typed)
state.publish("q", words)
if capped:
    st.caption(t("search_capped", lang, **queries.SEARCH_LIMITS))

chosen = state.url_value("article")
if words:
    found = queries.search_articles(words)
    if found.is_empty():
        st.info(t("search_none", lang))
    else:
        total = found["matches"][0]  # every match; the list holds the first (most read)
        st.caption(t("search_results", lang, n=fmt.number(total, lang)) if total == found.height else
                   t("search_results_first", lang, n=fmt.number(total, lang), shown=found.height))
        ids = found["article_id"].to_list()
        titles = {i: f"{title} · {fmt.day(day, lang)}" for i, title, day
                  in zip(ids, found["title"].to_list(), found["published_at"].to_list())}
        if chosen and chosen not in titles:
            ids, titles = [chosen, *ids], {chosen: (queries.article(chosen) or {}).get("title", chosen), **titles}
        chosen = ui.choice("article", t("article_pick", lang), ids, lang, format_func=lambda i: titles[i])

meta = queries.article(chosen) if chosen else None
if chosen and meta is None:
    st.warning(t("article_missing", lang))
elif chosen:
    state.publish("article", chosen)
    st.header(fmt.md_escape(meta["title"]), anchor=False)
    st.caption(t("article_meta", lang, date=fmt.day(meta["published_at"], lang),
                 authors=fmt.md_escape(fmt.names(meta["authors"])), category=fmt.md_escape(meta["category"] or "–"),
                 regions=fmt.names(meta["regions"])))
    if meta["url"]:
        st.text(meta["url"])
    history = queries.article_history(chosen)
    latest = history["snapshot_date"].max() if not history.is_empty() else None
    snapshots = t("share_all_snapshots", lang, date=fmt.day(latest, lang)) if latest else None
    # one measure per chart: the total views and the gain per period side by side
    for column, name in zip(st.columns(2), ("article_history", "article_gains")):
        with column:
            chart = charts.CHARTS[name](history, lang)
            st.altair_chart(chart)
            downloads.chart_downloads(chart, name, period=snapshots, data_date=latest,
                                      filters={"article": meta["title"]}, lang=lang)
    ui.table(history.to_pandas(), lang, key="history", compact=True)
    downloads.table_downloads(history, "artikel", lang=lang)
