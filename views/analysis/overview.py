"""总览 Overview: the selected year's headline figures next to the year before (teachers,
person-times, 参训率 beside 覆盖率, pass rate, hours, awards), person-times by training tier
and by training form, schools by rating, key teachers by level, the coverage trend and the
schools furthest behind. Every headline number's definition is its hover text.

Data: ``warehouse.queries.overview`` (headline, yearly_trend), ``forms``, ``figures``,
``progression.dev_tier_counts`` and ``coverage.coverage_by``.
"""
import polars as pl
import streamlit as st

from settings import AWARD_LEVELS, RATINGS, TRAIN_TIERS
from warehouse.queries import coverage, figures, forms, overview, progression
from ui import charts, data, filters, printing, report_button, tables, widgets
from ui.i18n import label, text
from ui.tables import Col

MIN_TEACHERS = 5  # smaller schools swing too much to be called "behind"
BEHIND = 10
SHOWN_FORMS = ("online", "shadowing", "offline", "blended")
KEY_LEVELS = ("key", "distinguished", "educationist")  # 骨干教师 and above

f = filters.current()
widgets.title(text("p_overview"), widgets.filter_summary(f))
printing.printable()
head = data.query(overview.headline, f)
if head.is_empty() or head["roster_teachers"][0] == 0 and head["person_times"][0] == 0:
    widgets.empty()
    st.stop()
now, before = head.row(0, named=True), head.row(1, named=True)
year = now["year"]
st.caption(text("delta_note", year=before["year"]))
att = {r["year"]: r for r in data.query(figures.attendance, f.replace(year=None, year_from=year - 1, year_to=year))
       .iter_rows(named=True)}
att_now, att_before = att.get(year, {}), att.get(year - 1, {})


school = "metric_school_year"
cols = st.columns(4)
widgets.metric(cols[0], text("ov_teachers"), now["roster_teachers"], before["roster_teachers"],
               help_text=widgets.defined(school, "roster_teachers"))
widgets.metric(cols[1], text("ov_person_times"), now["person_times"], before["person_times"],
               help_text=widgets.defined(school, "person_times"))
widgets.metric(cols[2], text("ov_attendance"), att_now.get("attendance_rate"), att_before.get("attendance_rate"),
               "pct", help_text=widgets.defined("attendance_school_year", "attended_teachers", "attendance_rate"))
widgets.metric(cols[3], text("ov_coverage"), now["coverage"], before["coverage"], "pct",
               help_text=widgets.defined(school, "trained_teachers", "coverage"))
cols = st.columns(4)
widgets.metric(cols[0], text("ov_pass_rate"), now["pass_rate"], before["pass_rate"], "pct",
               help_text=widgets.defined(school, "pass_rate"))
widgets.metric(cols[1], text("ov_hours"), now["hours_per_teacher"], before["hours_per_teacher"], "num",
               help_text=widgets.defined(school, "hours_per_teacher"))
widgets.metric(cols[2], text("ov_awards"), now["awards"], before["awards"],
               help_text=widgets.defined("award_detail", "awards") or None)
widgets.metric(cols[3], text("ov_trained"), now["trained_teachers"], before["trained_teachers"],
               help_text=widgets.defined(school, "trained_teachers"))
st.caption(text("ov_definitions"))

st.subheader(text("ov_by_tier"))
cols = st.columns(len(TRAIN_TIERS))
for col, tier in zip(cols, TRAIN_TIERS):
    widgets.metric(col, label("train_tier", tier), now[f"person_times_{tier}"], before[f"person_times_{tier}"])
st.subheader(text("ov_by_form"))
by_form = data.query(forms.person_times_by_form, f.replace(year=None, year_from=year - 1, year_to=year))
per = {(r["year"], r["form"]): r["person_times"] for r in by_form.iter_rows(named=True)}
cols = st.columns(len(SHOWN_FORMS))
for col, form in zip(cols, SHOWN_FORMS):
    widgets.metric(col, label("form", form), per.get((year, form), 0), per.get((year - 1, form), 0),
                   help_text=widgets.defined("form_school_year", "person_times"))
st.subheader(text("ov_by_level"))
cols = st.columns(len(AWARD_LEVELS))
for col, level in zip(cols, AWARD_LEVELS):
    widgets.metric(col, label("award_level", level), now[f"awards_{level}"], before[f"awards_{level}"])


def boxes(title: str, query, code_column: str, value: str, kind: str, codes, help_text: str) -> None:
    """A row of five boxes (as the tiers and award levels above: side by side, "Distinguished
    teacher" and "Excellent" were cut in English): ``query``'s ``value`` per code, this year
    against the year before."""
    st.subheader(title)
    frame = data.query(query, f.replace(year=None, year_from=year - 1, year_to=year))
    counts = {(r["year"], r[code_column]): r[value] for r in frame.iter_rows(named=True)}
    for col, code in zip(st.columns(5), codes):
        widgets.metric(col, label(kind, code), counts.get((year, code)), counts.get((year - 1, code)),
                       help_text=help_text)


boxes(text("ov_ratings"), figures.rating_counts, "rating", "schools", "rating", RATINGS,
      widgets.defined("school_rating_count", "schools"))
boxes(text("ov_key_teachers"), progression.dev_tier_counts, "dev_tier", "teachers", "dev_tier", KEY_LEVELS,
      widgets.defined("metric_dev_tier_year", "teachers"))

left, right = st.columns(2)
with left:
    tiers = data.query(coverage.coverage_by, f.replace(year=year), by="train_tier")
    shown = tables.display(tiers, [Col("train_tier", "code:train_tier"), Col("person_times"),
                                   Col("trained_teachers"), Col("coverage", "pct"), Col("pass_rate", "pct")])
    fig = charts.bar(shown, "train_tier", "person_times", title=text("ov_tier_chart", year=year), color="train_tier",
                     color_kind="train_tier",
                     show_values=True)
    charts.show(fig, shown, text("ov_tier_chart", year=year), "overview_tiers")
with right:
    mix = data.query(forms.person_times_by_form, f.replace(year=year), by_tier=True)
    shown = tables.display(mix, [Col("train_tier", "code:train_tier"), Col("form", "code:form"), Col("person_times")])
    name = text("ov_form_chart", year=year)
    fig = charts.bar(shown, "train_tier", "person_times", color="form", color_kind="form",
                     title=name, x_order=charts.order("train_tier"))
    charts.show(fig, shown, name, "overview_forms")

trend = data.query(overview.yearly_trend, f.replace(year=None))
shown = tables.display(trend, [Col("year", "year"), Col("coverage", "pct"), Col("pass_rate", "pct"),
                               Col("person_times"), Col("roster_teachers")])
fig = charts.line(shown, "year", ["coverage", "pass_rate"], title=text("ov_trend_chart"),
                  value_kind="pct", y_title=text("ov_rate_axis"))
charts.show(fig, shown, text("ov_trend_chart"), "overview_trend")

schools = data.query(coverage.coverage_by, f.replace(year=year), by="school")
behind = (schools.filter(pl.col("roster_teachers") >= MIN_TEACHERS)
          .sort(["coverage", "school_name"], nulls_last=True).head(BEHIND))
shown = tables.display(behind, [Col("school_name", "text"), Col("township", "text"), Col("stage", "code:stage"),
                                Col("coverage", "pct"), Col("roster_teachers"), Col("trained_teachers")])
fig = charts.bar(shown, "school_name", "coverage", title=text("ov_behind_chart", year=year),
                 value_kind="pct", horizontal=True, show_values=True, height=420)
st.caption(text("ov_behind_note", n=BEHIND, min=MIN_TEACHERS))
charts.show(fig, shown, text("ov_behind_chart", year=year), "overview_behind")
widgets.definition("metric_school_year", "attendance_school_year", "metric_tier_year", "form_school_year",
                   "school_rating_count")
report_button.show(f)
