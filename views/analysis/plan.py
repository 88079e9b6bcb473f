"""计划完成 Plan vs actual: planned seats against participants per training tier, the annual
plan targets against what was done, and every program's completion.

Data: ``warehouse.queries.plan`` (tier_completion, plan_vs_actual, program_completion).
"""
import polars as pl
import streamlit as st

from ui.reader import session_scope
from warehouse.queries import plan
from ui import charts, data, filters, tables, widgets
from ui import format as fmt
from ui.i18n import text
from ui.tables import Col

f = filters.current()
widgets.title(text("p_plan"), widgets.filter_summary(f))
if f.year is None or data.query(plan.tier_completion, f).is_empty():
    widgets.empty()
    st.stop()

# Seats and targets are the county's. Under a filter that narrows the participants (a township,
# a stage, a school, …) the completion stays the county's, and the selection's participants are
# shown beside it: dividing a township's participants by the county's seats would mislead. A
# school user (scoped) sees their own school's participants against the plan, with the same note.
NARROWING = ("townships", "stages", "urban_rural", "schools", "subjects", "dev_tiers")
narrowed = any(getattr(f, n) for n in NARROWING)
scoped = session_scope() is not None
county = f.replace(**{n: () for n in NARROWING}) if narrowed and not scoped else f

# the headline numbers at their own grain (summed over tiers in the query; the page does no arithmetic)
total = data.query(plan.completion_totals, county)
before = data.query(plan.completion_totals, county.replace(year=f.year - 1))


def first(frame, column: str):
    return frame[column][0] if frame.height else None


IN_SELECTION = Col("in_selection")


def beside(rows, query, keys: list[str], column: str, **kwargs):
    """``rows`` (the county's) with the selection's ``column`` of ``query`` as ``in_selection``."""
    mine = data.query(query, f, **kwargs).select(*keys, pl.col(column).alias("in_selection"))
    return rows.join(mine, on=keys, how="left", maintain_order="left").with_columns(pl.col("in_selection").fill_null(0))


cols = st.columns(4 if county is not f else 3)
widgets.metric(cols[0], text("pl_seats"), first(total, "planned_seats"), first(before, "planned_seats"))
widgets.metric(cols[1], text("pl_actual"), first(total, "participants"), first(before, "participants"))
widgets.metric(cols[2], text("pl_rate"), first(total, "completion"), first(before, "completion"), "pct")
if county is not f:
    mine, all_ = first(data.query(plan.completion_totals, f), "participants") or 0, first(total, "participants") or 0
    widgets.metric(cols[3], text("pl_in_selection"), mine,
                   first(data.query(plan.completion_totals, f.replace(year=f.year - 1)), "participants"))
    st.info(text("pl_scope_note", scope=widgets.filter_summary(f.replace(train_tiers=(), train_forms=())),
                 share=fmt.pct(mine / all_ if all_ else None)), icon=":material/info:")
elif scoped:
    st.info(text("pl_scope_school_note"), icon=":material/info:")

tiers = data.query(plan.tier_completion, county)
tier_cols = [Col("train_tier", "code:train_tier"), Col("planned_seats"), Col("participants_with_seats"),
             Col("completion", "pct"), Col("programs"), Col("participants")]
if county is not f:  # the selection's participants per tier, beside the county's
    tiers = beside(tiers, plan.tier_completion, ["train_tier"], "participants")
    tier_cols.append(IN_SELECTION)
shown = tables.display(tiers, tier_cols)
name = text("pl_tier_chart", year=f.year)
fig = charts.grouped(shown, "train_tier", ["planned_seats", "participants_with_seats"], title=name,
                     value_title=text("ov_person_times"))
charts.show(fig, shown, name, "plan_tiers")

targets = data.query(plan.plan_vs_actual, county)
if f.train_forms:   # plan targets are per category and tier, not per form
    st.caption(text("pl_targets_no_form"))
if targets.is_empty():
    st.info(text("pl_no_plan", year=f.year), icon=":material/info:")
else:
    target_cols = [Col("category", "text", header="plan_category"), Col("train_tier", "code:train_tier"),
                   Col("target"), Col("actual"), Col("completion", "pct"), Col("programs")]
    if county is not f:
        targets = beside(targets, plan.plan_vs_actual, ["year", "category"], "actual")
        target_cols.append(IN_SELECTION)
    shown = tables.display(targets, target_cols)
    name = text("pl_plan_chart", year=f.year)
    fig = charts.grouped(shown, "category", ["target", "actual"], title=name,
                         value_title=text("ov_person_times"))
    charts.show(fig, shown, name, "plan_targets")

programs = data.query(plan.program_completion, county, limit=1000)
program_cols = [Col("program_code", "text"), Col("program_name", "text"), Col("train_tier", "code:train_tier"),
                Col("theme", "text"), Col("planned_seats"), Col("participants"), Col("passed"), Col("completion", "pct")]
if county is not f:
    programs = beside(programs, plan.program_completion, ["program_code"], "participants", limit=1000)
    program_cols.append(IN_SELECTION)
shown = tables.display(programs, program_cols)
st.subheader(text("pl_programs", year=f.year))
tables.show(shown, text("pl_programs", year=f.year), "plan_programs")
widgets.definition("metric_program_plan", "metric_plan_target")
