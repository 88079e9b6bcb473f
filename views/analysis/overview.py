"""总览 Overview: the selected year's headline figures next to the year before, person-times
by training tier, the coverage trend and the schools furthest behind.

Data: ``warehouse.queries.overview`` (headline, yearly_trend) and
``warehouse.queries.coverage.coverage_by``.
"""
import polars as pl
import streamlit as st

from settings import AWARD_LEVELS, TRAIN_TIERS
from warehouse.queries import coverage, overview
from ui import charts, data, filters, report_button, tables, widgets
from ui.i18n import label, text
from ui.tables import Col

MIN_TEACHERS = 5  # smaller schools swing too much to be called "behind"
BEHIND = 10

f = filters.current()
widgets.title(text("p_overview"), widgets.filter_summary(f))
head = data.query(overview.headline, f)
if head.is_empty() or head["roster_teachers"][0] == 0 and head["person_times"][0] == 0:
    widgets.empty()
    st.stop()
now, before = head.row(0, named=True), head.row(1, named=True)
year = now["year"]
st.caption(text("delta_note", year=before["year"]))

cols = st.columns(5)
widgets.metric(cols[0], text("ov_person_times"), now["person_times"], before["person_times"])
widgets.metric(cols[1], text("ov_coverage"), now["coverage"], before["coverage"], "pct")
widgets.metric(cols[2], text("ov_pass_rate"), now["pass_rate"], before["pass_rate"], "pct")
widgets.metric(cols[3], text("ov_hours"), now["hours_per_teacher"], before["hours_per_teacher"], "num")
widgets.metric(cols[4], text("ov_awards"), now["awards"], before["awards"])

st.subheader(text("ov_by_tier"))
cols = st.columns(len(TRAIN_TIERS))
for col, tier in zip(cols, TRAIN_TIERS):
    widgets.metric(col, label("train_tier", tier), now[f"person_times_{tier}"], before[f"person_times_{tier}"])
st.subheader(text("ov_by_level"))
cols = st.columns(len(AWARD_LEVELS))
for col, level in zip(cols, AWARD_LEVELS):
    widgets.metric(col, label("award_level", level), now[f"awards_{level}"], before[f"awards_{level}"])

left, right = st.columns(2)
with left:
    tiers = data.query(coverage.coverage_by, f.replace(year=year), by="train_tier")
    shown = tables.display(tiers, [Col("train_tier", "code:train_tier"), Col("person_times"),
                                   Col("trained_teachers"), Col("coverage", "pct"), Col("pass_rate", "pct")])
    x, y = shown.columns[0], shown.columns[1]
    fig = charts.bar(shown, x, y, title=text("ov_tier_chart", year=year), color=x, color_kind="train_tier",
                     show_values=True)
    charts.show(fig, shown, text("ov_tier_chart", year=year), "overview_tiers")
with right:
    trend = data.query(overview.yearly_trend, f.replace(year=None))
    shown = tables.display(trend, [Col("year", "year"), Col("coverage", "pct"), Col("pass_rate", "pct"),
                                   Col("person_times"), Col("roster_teachers")])
    fig = charts.line(shown, shown.columns[0], shown.columns[1:3], title=text("ov_trend_chart"),
                      value_kind="pct", y_title="%")
    charts.show(fig, shown, text("ov_trend_chart"), "overview_trend")

schools = data.query(coverage.coverage_by, f.replace(year=year), by="school")
behind = (schools.filter(pl.col("roster_teachers") >= MIN_TEACHERS)
          .sort(["coverage", "school_name"], nulls_last=True).head(BEHIND))
shown = tables.display(behind, [Col("school_name", "text"), Col("township", "text"), Col("stage", "code:stage"),
                                Col("coverage", "pct"), Col("roster_teachers"), Col("trained_teachers")])
fig = charts.bar(shown, shown.columns[0], shown.columns[3], title=text("ov_behind_chart", year=year),
                 value_kind="pct", horizontal=True, show_values=True, height=420)
st.caption(text("ov_behind_note", n=BEHIND, min=MIN_TEACHERS))
charts.show(fig, shown, text("ov_behind_chart", year=year), "overview_behind")
widgets.definition("metric_tier_year", "metric_school_year")
report_button.show(f)
