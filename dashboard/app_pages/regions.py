"""Wilayah: coverage and views per region, over time, on a schematic map, with a drill-down."""
import streamlit as st

from dashboard import downloads, queries, state, ui
from etl.metrics import REGIONS
from etl.present import charts
from etl.present.strings import t

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
with left:
    tiles = charts.region_tiles(per_region, lang, measure=measure)
    st.altair_chart(tiles, width="content")
    downloads.chart_downloads(tiles, "region_tiles", period=period, lang=lang)
with right:
    share = charts.region_share(per_region, lang)
    st.altair_chart(share)
    st.caption(t("help_share_articles", lang))  # why the shares may add up to more than 100 %
    downloads.chart_downloads(share, "region_share", period=period, lang=lang)
    ui.table(per_region.to_pandas(), lang, key="regions", space=ui.DESKTOP_SPACE * 3 // 5 - 16, compact=True)
    downloads.table_downloads(per_region, "wilayah", period=period, lang=lang)

st.subheader(t("over_time", lang), anchor=False)
history = queries.regions_over_time(period.end)
span = ui.history_text(period, lang)
for column, name, build in zip(st.columns(2), ("regions_articles", "regions_views"),
                               (charts.regions_articles, charts.regions_views)):
    with column:
        chart = build(history, lang)
        st.altair_chart(chart)
        downloads.chart_downloads(chart, name, period=span, data_date=period.end, lang=lang)

st.subheader(t("region_pick", lang), anchor=False)
region = ui.choice("region", t("col_region", lang), ["", *REGIONS], lang, format_func=lambda r: r or t("none", lang))
if region:
    st.caption(t("region_articles", lang, name=region))
    articles = queries.region_articles(region, period)
    if articles.is_empty():
        st.info(t("no_rows", lang))
    else:
        table = ui.articles_frame(articles, lang, ["outlet", "title", "authors", "published_at", "category",
                                                   "views_gained", "views_total", "link"])
        ui.table(table, lang, key="region_articles", compact=True)
        downloads.table_downloads(table.drop(columns=["link"]), f"wilayah-{region}", period=period, lang=lang,
                                  key="dl_region_articles")
