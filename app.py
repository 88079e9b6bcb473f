"""师训数据看板 — entry point: ``streamlit run app.py`` (or ``make run``).

Reads the DuckDB warehouse at ``settings.warehouse_path()`` (``WAREHOUSE_PATH``), read-only.
Draws the language switch and the global filters in the sidebar, then runs the page the
reader chose. Without a readable warehouse it shows how to build one instead of a traceback.
"""
# st.dataframe converts every table through pandas, which Streamlit imports on first use:
# about 0.9 s, paid once per server process here rather than inside the first page with a table.
import pandas  # noqa: F401
import streamlit as st

from ui.login import current_user
from ui.reader import visible_pages
from ui import data, downloads, filters, missing, navigation, widgets
from ui.i18n import text

st.set_page_config(page_title=text("app_title"), page_icon=":material/school:", layout="wide",
                   initial_sidebar_state="expanded")

# A metric's label wraps instead of being cut ("Distinguishe…" in a narrow box, in English).
st.html("<style>[data-testid='stMetricLabel'] p { white-space: normal !important; overflow: visible !important;"
        " text-overflow: clip !important; word-break: normal !important; overflow-wrap: normal !important; }</style>")
filters.language_switch()
# Login form (and stop) when accounts exist, the demo banner otherwise; sets the row-level scope.
user = current_user()

readable = data.problem() is None
if not readable:
    setup = st.Page(missing.page, title=text("p_setup"), icon=":material/database:", url_path="setup",
                    default=True)
    importer = navigation.spec_for("import")
    page = st.navigation([setup] + ([navigation.st_page(importer)] if user.can_import else []))
else:
    page = st.navigation(navigation.sections(visible_pages(user, navigation.PAGES)))
    spec = navigation.spec_for(page.url_path) or navigation.PAGES[0]
    st.session_state["_filters"] = filters.sidebar(expanded=spec.filters)
downloads.start_page()  # the page registers its tables for "download this page", and may name its subject
page.run()
if readable:  # one workbook of every table and chart the page drew, its filters and definitions
    shown = navigation.spec_for(page.url_path) or navigation.PAGES[0]
    downloads.page_button(text(shown.title_key), widgets.filter_summary(filters.current()))
