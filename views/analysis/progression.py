"""层级进阶 Tier progression: the development-ladder pyramid, the moves between steps from
last year to this year, promotion rates, years spent per step, and the training-tier mix.

Data: ``warehouse.queries.progression``.
"""
import polars as pl
import streamlit as st

from settings import DEV_TIERS
from warehouse.queries import progression
from ui import charts, data, filters, links, tables, widgets
from ui.i18n import label, text
from ui.tables import Col

f = filters.current()
widgets.title(text("p_progression"), widgets.filter_summary(f), f, ignores=("train_tiers", "train_forms"))
if f.year is None:
    widgets.empty()
    st.stop()
year, prev = f.year, f.year - 1
moves_now = data.query(progression.movement_counts, f)
moves_before = data.query(progression.movement_counts, f.replace(year=prev))
counts = data.query(progression.dev_tier_counts, f)


def moved(frame, movement):
    row = frame.filter(pl.col("movement") == movement)
    return row["teachers"][0] if row.height else None


cols = st.columns(4)
widgets.metric(cols[0], text("pr_teachers"), counts["teachers"].sum(),
               data.query(progression.dev_tier_counts, f.replace(year=prev))["teachers"].sum())
for col, (key, movement) in zip(cols[1:], (("pr_up", "up"), ("pr_joined_n", "joined"), ("pr_left_n", "left"))):
    widgets.metric(col, text(key), moved(moves_now, movement), moved(moves_before, movement),
                   lower_is_better=movement == "left")

left, right = st.columns(2)
with left:
    shown = tables.display(counts.filter(pl.col("dev_tier").is_not_null()).reverse(), [Col("dev_tier", "code:dev_tier"), Col("teachers"), Col("share", "pct")])
    if shown[charts.header(shown, "teachers")].sum() == 0:
        shown = tables.cleared(shown)
    name = text("pr_pyramid", year=year)
    fig = charts.pyramid(shown, "dev_tier", "teachers", title=name, kind="dev_tier")
    charts.show(fig, shown, name, "progression_pyramid")
with right:
    rates = data.query(progression.promotion_rates, f).filter(pl.col("from_tier") != DEV_TIERS[-1])
    shown = tables.display(rates, [Col("from_tier", "code:dev_tier"), Col("promotion_rate", "pct"),
                                   Col("promoted"), Col("teachers")])
    name = text("pr_promotion", year=year)
    fig = charts.bar(shown, "from_tier", "promotion_rate", title=name, color="from_tier",
                     color_kind="dev_tier", value_kind="pct", show_values=True)
    charts.show(fig, shown, name, "progression_promotion")
    st.caption(text("pr_promotion_note"))

links.seed_flag("progression_stayed", field=text("pr_stayed"))
stayed = st.toggle(text("pr_stayed"), key="progression_stayed", bind="query-params")
moves = data.query(progression.transitions, f)
if not stayed:
    moves = moves.filter(pl.col("movement") != "stayed")
shown = tables.display(moves, [Col("from_tier", "code:dev_tier"), Col("to_tier", "code:dev_tier"),
                               Col("movement", "code:movement"), Col("teachers")])
# Sankey nodes say which year they belong to; joiners come from, and leavers go to, outside.
source = [text("pr_joined") if c is None else f"{prev} {label('dev_tier', c)}" for c in moves["from_tier"]]
target = [text("pr_left") if c is None else f"{year} {label('dev_tier', c)}" for c in moves["to_tier"]]
flows = pl.DataFrame({"source": source, "target": target, "teachers": moves["teachers"]}, strict=False)
palette = {f"{y} {label('dev_tier', c)}": colour for c, colour in charts.PALETTE["dev_tier"].items() for y in (prev, year)}
name = text("pr_flows", prev=prev, year=year)
fig = charts.sankey(flows, "source", "target", "teachers", title=name, colours=palette)
charts.show(fig, shown, name, "progression_flows")

left, right = st.columns(2)
with left:
    spells = data.query(progression.years_at_tier, f)
    shown = tables.display(spells, [Col("dev_tier", "code:dev_tier"), Col("median_years_to_promotion", "num"),
                                    Col("promoted_spells"), Col("current_teachers"), Col("median_years_so_far", "num")])
    name = text("pr_years")
    fig = charts.bar(shown, "dev_tier", "median_years_to_promotion", title=name, color="dev_tier",
                     color_kind="dev_tier", value_kind="num", show_values=True)
    charts.show(fig, shown, name, "progression_years")
with right:
    mix = data.query(progression.train_tier_mix, f.replace(year=None))
    shown = tables.display(mix, [Col("year", "year"), Col("train_tier", "code:train_tier"), Col("share", "pct"),
                                 Col("person_times")])
    name = text("pr_mix")
    fig = charts.bar(shown, "year", "share", title=name, color="train_tier",
                     color_kind="train_tier", value_kind="pct")
    charts.show(fig, shown, name, "progression_mix")
widgets.definition("metric_dev_tier_year", "metric_tier_year")
