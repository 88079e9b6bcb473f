"""计划完成 Plan vs actual: planned seats against participants per training tier, the annual
plan targets against what was done, and every program's completion.

Data: ``warehouse.queries.plan`` (tier_completion, plan_vs_actual, program_completion).
"""
import streamlit as st

from warehouse.queries import plan
from ui import charts, data, filters, tables, widgets
from ui.i18n import text
from ui.tables import Col

f = filters.current()
widgets.title(text("p_plan"), widgets.filter_summary(f))
tiers = data.query(plan.tier_completion, f)
if f.year is None or tiers.is_empty():
    widgets.empty()
    st.stop()

# the headline numbers at their own grain (summed over tiers in the query; the page does no arithmetic)
total = data.query(plan.completion_totals, f)
before = data.query(plan.completion_totals, f.replace(year=f.year - 1))


def first(frame, column: str):
    return frame[column][0] if frame.height else None


cols = st.columns(3)
widgets.metric(cols[0], text("pl_seats"), first(total, "planned_seats"), first(before, "planned_seats"))
widgets.metric(cols[1], text("pl_actual"), first(total, "participants"), first(before, "participants"))
widgets.metric(cols[2], text("pl_rate"), first(total, "completion"), first(before, "completion"), "pct")

shown = tables.display(tiers, [Col("train_tier", "code:train_tier"), Col("planned_seats"),
                               Col("participants_with_seats"), Col("completion", "pct"), Col("programs"),
                               Col("participants")])
name = text("pl_tier_chart", year=f.year)
fig = charts.grouped(shown, shown.columns[0], shown.columns[1:3], title=name, value_title=text("ov_person_times"))
charts.show(fig, shown, name, "plan_tiers")

targets = data.query(plan.plan_vs_actual, f)
if targets.is_empty():
    st.info(text("pl_no_plan", year=f.year), icon=":material/info:")
else:
    shown = tables.display(targets, [Col("category", "text", header="plan_category"),
                                     Col("train_tier", "code:train_tier"), Col("target"), Col("actual"),
                                     Col("completion", "pct"), Col("programs")])
    name = text("pl_plan_chart", year=f.year)
    fig = charts.grouped(shown, shown.columns[0], [shown.columns[2], shown.columns[3]], title=name,
                         value_title=text("ov_person_times"))
    charts.show(fig, shown, name, "plan_targets")

programs = data.query(plan.program_completion, f, limit=1000)
shown = tables.display(programs, [Col("program_code", "text"), Col("program_name", "text"),
                                  Col("train_tier", "code:train_tier"), Col("theme", "text"),
                                  Col("planned_seats"), Col("participants"), Col("passed"), Col("completion", "pct")])
st.subheader(text("pl_programs", year=f.year))
tables.show(shown, text("pl_programs", year=f.year), "plan_programs")
widgets.definition("metric_program_plan", "metric_plan_target")
