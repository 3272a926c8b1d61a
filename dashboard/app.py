"""Sorot dashboard entry point: the language switch, the page routes, the freshness line."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import downloads, identity, ui  # noqa: E402
from etl.errors import SorotError  # noqa: E402
from etl.present.strings import t  # noqa: E402

# The tab icon is a file: for a ":material/…:" page icon the browser fetches an SVG from
# fonts.gstatic.com, and nothing the dashboard shows may load from outside the server (issue
# #20). Streamlit inlines an SVG file as a data: URL. (The menu's and buttons' ":material/…:"
# icons are drawn with the Material Symbols font Streamlit ships, so they stay.)
st.set_page_config(page_title="Sorot", page_icon=ROOT / "dashboard" / "assets" / "page-icon.svg", layout="wide")
lang = ui.language_switch()
try:
    # Before anything that reads data: a visitor without a role gets the sign-in or the "ask
    # your admin" page, and the run stops inside (dashboard/identity.py).
    visitor = identity.admit(lang)
except SorotError as problem:  # the role could not be read (a busy or an old database)
    ui.page_failure(problem, lang)
    st.stop()
overview = st.Page("app_pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", default=True)


def _overview_alias() -> None:
    """/ringkasan: Streamlit serves the default page at / only; the named path opens it too."""
    st.switch_page(overview, query_params=st.query_params.to_dict())


page = st.navigation([
    overview,
    st.Page("app_pages/trending.py", title=t("page_trending", lang), icon=":material/trending_up:", url_path="terpopuler"),
    st.Page("app_pages/reporters.py", title=t("page_reporters", lang), icon=":material/badge:", url_path="pewarta"),
    st.Page("app_pages/regions.py", title=t("page_regions", lang), icon=":material/map:", url_path="wilayah"),
    st.Page("app_pages/search.py", title=t("page_search", lang), icon=":material/search:", url_path="artikel"),
    # A viewer has no upload page in the menu; its address still opens it, to say why not.
    st.Page("app_pages/ingest.py", title=t("page_ingest", lang), icon=":material/upload_file:", url_path="unggah",
            visibility="visible" if visitor.may("upload") else "hidden"),
    st.Page(_overview_alias, title=t("page_overview", lang), url_path="ringkasan", visibility="hidden"),
])
ui.outlet_picker(lang)
ui.freshness_line(lang)
try:
    page.run()
except Exception as problem:  # noqa: BLE001 — st.stop() and reruns are BaseExceptions and pass
    # One sentence in the visitor's language, the details in the server log (ui.problem_sentence).
    ui.page_failure(problem, lang)
    st.stop()
# After the page: its widgets have put their values in the URL by now. (A page that stops
# early — no data yet — has no view worth sharing and shows no button.)
downloads.copy_link_button(lang=lang, where=st.sidebar)
