"""官方报表 Official statistics: the national in-service training table (教基4068 shape), SDG 4.c.7
and the balanced-development inspection items, each with its 口径, and one workbook of all.

Data: ``report.official.tables.build`` over ``warehouse.queries.official_stats``; the download is
``report.official.workbook`` of the very frames shown here (the teacher annex, shown a page at a
time, with every page: ``ui.official_data``).
"""
import streamlit as st

from report.official.tables import TEACHERS_AFTER, word
from warehouse.queries.official_stats import PERIODS
from ui import filters, tables, widgets
from ui.i18n import lang, text
from ui.official_data import may_list, official_stats, teacher_list, workbook_button

f = filters.current()
widgets.title(text("p_official"), widgets.filter_summary(f), f, ignores=("train_tiers", "train_forms"))
# The URL holds the period's code (?period=school), whatever the language.
linked = st.query_params.get("period")
if "of_period" not in st.session_state:
    st.session_state["of_period"] = linked if linked in PERIODS else "calendar"
    if linked is not None and linked not in PERIODS:
        st.warning(text("of_bad_period", value=linked[:40]), icon=":material/link_off:")
period = st.segmented_control(text("of_period"), options=list(PERIODS), format_func=lambda p: word("period", p, lang()),
                              key="of_period", required=True) or "calendar"
st.query_params["period"] = period
stats = official_stats(f, period, lang())
if stats.year is None:
    widgets.empty()
    st.stop()
st.caption(text("of_caption", year=stats.year, period=word("period", stats.period, lang())))
workbook_button(stats, f, widgets.filter_summary(f))
annex = may_list()
for table in stats.tables:
    st.subheader(table.title)
    tables.show(table.frame, f"{stats.year}_{table.title}", f"official_{table.key}")
    with st.expander(word("titles", "definition", lang()), icon=":material/menu_book:"):
        st.text("\n".join(table.rules))
    if table.key == TEACHERS_AFTER and annex:
        teacher_list(f, stats)
