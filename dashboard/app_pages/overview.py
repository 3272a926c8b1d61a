"""Ringkasan: KPIs against the previous period, the top 10, views over time, coverage."""
import streamlit as st

from dashboard import downloads, queries, state, ui
from etl.present import charts
from etl.present import formats as fmt
from etl.present.strings import t

lang = state.lang()
period = ui.period_picker(lang)
st.title(t("page_overview", lang))

summary = queries.overview(period)
for column, name in zip(st.columns(len(summary)), summary):
    kpi = summary[name]
    change, color = None, "normal"
    if kpi["change"] == 0:  # no change: no green up arrow
        change, color = t("no_change", lang), "off"
    elif kpi["change"] is not None:
        change = fmt.signed(kpi["change"], lang)
        if kpi["change_pct"] is not None:
            change += f" ({fmt.percent(kpi['change_pct'], lang, signed_=True)})"
    column.metric(t(f"kpi_{name}", lang), fmt.number(kpi["value"], lang), change, border=True,
                  delta_color=color, delta_arrow="off" if color == "off" else "auto",
                  help=t("vs_previous", lang) if change else None)

# The top 10 takes the full width (titles and authors readable at 1400 px); the total views
# are on the full ranking.
st.subheader(t("top10", lang))
top = ui.articles_frame(queries.trending(period, limit=10), lang,
                        ["rank", "movement", "title", "authors", "views_gained", "link"])
if top.empty:
    st.info(t("no_rows", lang))
else:
    ui.table(top, lang, key="top10", compact=True)
    downloads.table_downloads(top.drop(columns=["link"]), "top10", period=period, lang=lang)
st.page_link("app_pages/trending.py", label=t("see_all", lang), icon=":material/trending_up:",
             query_params=ui.period_params(period, lang))

views = charts.views_per_period(queries.views_per_period(period.end), lang)
st.altair_chart(views)
downloads.chart_downloads(views, "views_per_period", period=ui.history_text(period, lang),
                          data_date=period.end, lang=lang)

st.subheader(t("coverage", lang))
coverage = queries.regions(period)
left, right = st.columns([3, 2])
with left:
    share = charts.region_share(coverage, lang)
    st.altair_chart(share)
    downloads.chart_downloads(share, "region_share", period=period, lang=lang)
with right:
    tiles = charts.region_tiles(coverage, lang, measure="articles")
    st.altair_chart(tiles, width="content")
    downloads.chart_downloads(tiles, "region_tiles", period=period, lang=lang)

downloads.briefing_download(period, lang=lang)
