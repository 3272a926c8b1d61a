"""Wilayah: coverage and views per region, over time, on a schematic map, with a drill-down."""
import streamlit as st

from dashboard import charts, queries, state, ui
from dashboard.i18n import t
from etl.regions import REGIONS

lang = state.lang()
period = ui.period_picker(lang)
st.title(t("page_regions", lang))

per_region = queries.regions(period)
missed = per_region.filter(per_region["articles"] == 0)["region"].to_list()
if missed:
    st.warning(t("missed", lang, names=", ".join(missed)))

measure = ui.choice("measure", t("tile_measure", lang), ["views", "articles"], lang,
                    format_func=lambda m: t(f"measure_{m}", lang))
left, right = st.columns([2, 3])
left.altair_chart(charts.region_tiles(per_region, lang, measure=measure), width="content")
with right:
    st.altair_chart(charts.region_share(per_region, lang))
    ui.table(per_region.to_pandas(), lang, key="regions")

st.subheader(t("over_time", lang), anchor=False)
history = queries.regions_over_time(period.end)
left, right = st.columns(2)
left.altair_chart(charts.regions_articles(history, lang))
right.altair_chart(charts.regions_views(history, lang))

st.subheader(t("region_pick", lang), anchor=False)
region = ui.choice("region", t("col_region", lang), ["", *REGIONS], lang, format_func=lambda r: r or t("none", lang))
if region:
    st.caption(t("region_articles", lang, name=region))
    articles = queries.region_articles(region, period)
    if articles.is_empty():
        st.info(t("no_rows", lang))
    else:
        ui.table(ui.articles_frame(articles, lang, ["title", "authors", "published_at", "category",
                                                    "views_gained", "views_total", "link"]), lang, key="region_articles")
