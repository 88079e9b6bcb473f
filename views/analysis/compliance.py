"""学时达标 Cycle compliance: the five-year 360-hour picture as of the selected year, by a
dimension and year by year through the cycle, and the teachers behind pace.

Data: ``warehouse.queries.cycle`` (compliance, compliance_trend, behind_pace).
"""

import polars as pl
import streamlit as st

from ui.reader import resolve_user
from credits import forecast as credit_forecast
from credits.rules import display_name
from warehouse.queries import cycle
from ui import charts, data, filters, links, tables, widgets
from ui import format as fmt
from ui.i18n import lang, text
from ui.tables import Col

DIMENSIONS = {
    "school": [Col("school_name", "text")],
    "township": [Col("township", "text")],
    "stage": [Col("stage", "code:stage")],
    "urban_rural": [Col("urban_rural", "code:urban_rural")],
    "subject": [Col("subject", "text")],
    "dev_tier": [Col("dev_tier", "code:dev_tier")],
}

f = filters.current()
widgets.title(text("p_compliance"), widgets.filter_summary(f), f, ignores=("train_tiers", "train_forms"))
total = data.query(cycle.compliance, f)
if f.year is None or total.is_empty() or not total["teachers"][0]:
    widgets.empty()
    st.stop()
now = total.row(0, named=True)
trend = data.query(cycle.compliance_trend, f)
before = trend.filter(pl.col("as_of_year") == now["as_of_year"] - 1)
before = before.row(0, named=True) if before.height else {}
st.caption(text("cy_cycle", start=now["cycle_start"], end=now["cycle_end"], year=now["as_of_year"]) + "　"
           + text("cy_rule"))
rules = data.query(credit_forecast.rule_in_use, f)  # which credit rule set the bureau uses (#18)
if rules.height:
    # This page counts hours against the national 360-hour pace (the inspection's item); the
    # bureau's own rule set counts credits, with its caps and offsets: its figures end the page.
    rule_name = display_name(rules["rule_id"][0], rules["name"][0], lang())
    st.caption(text("cy_credit_rules", name=rule_name))

cols = st.columns(4)
widgets.metric(cols[0], text("cy_rate"), now["compliance_rate"], before.get("compliance_rate"), "pct")
widgets.metric(cols[1], text("cy_behind"), now["behind_teachers"],
               before["teachers"] - before["compliant_teachers"] if before else None, lower_is_better=True)
widgets.metric(cols[2], text("cy_avg"), now["avg_passed_hours"], before.get("avg_passed_hours"), "num")
widgets.metric(cols[3], text("cy_due"), now["avg_required_hours"], None, "num")
if (now["avg_passed_hours"] or 0) > (now["avg_required_hours"] or 0) and (now["compliance_rate"] or 0) < 1:
    # Averages above the pace beside a rate below 100% look like a contradiction: say why they are not.
    st.caption(text("cy_avg_note", rate=fmt.pct(now["compliance_rate"]), behind=fmt.num(now["behind_teachers"])))

links.seed("compliance_by", list(DIMENSIONS), field=text("cov_by"), multi=False)
by = st.radio(text("cov_by"), list(DIMENSIONS), format_func=lambda b: text(f"by_{b}"), horizontal=True,
              key="compliance_by")
links.keep("compliance_by", by)
rows = data.query(cycle.compliance, f, by=by).sort("compliance_rate", nulls_last=True)
shown = tables.display(rows, DIMENSIONS[by] + [Col("compliance_rate", "pct"), Col("teachers"),
                                               Col("behind_teachers"), Col("avg_passed_hours", "num"),
                                               Col("avg_required_hours", "num"), Col("hours_needed", "num")])
name = text("cy_by_chart", year=now["as_of_year"], by=text(f"by_{by}"))
drawn = charts.first_rows(shown)  # the furthest behind first
fig = charts.bar(drawn, DIMENSIONS[by][0].source, "compliance_rate", title=name, value_kind="pct", horizontal=True,
                 show_values=True, height=max(300, 28 * drawn.height + 120))
charts.show(fig, shown, name, "compliance_by", drawn=drawn.height)

shown = tables.display(trend, [Col("as_of_year", "year"), Col("compliance_rate", "pct"), Col("teachers"),
                               Col("compliant_teachers"), Col("avg_passed_hours", "num"),
                               Col("required_hours_full_time", "num")])
fig = charts.line(shown, "as_of_year", "compliance_rate", title=text("cy_trend_chart"), value_kind="pct")
charts.show(fig, shown, text("cy_trend_chart"), "compliance_trend")

@st.fragment  # turning the list's pages reruns only the list
def behind_list() -> None:
    st.subheader(text("cy_behind_title"))
    user = resolve_user()
    if user is not None and user.can_download_teacher_rows:
        people, count, page_of = widgets.paged(cycle.behind_pace, f, "compliance_page")
        st.caption(text("cov_untrained_count", n=fmt.num(count)) + " " + page_of)
        columns = [Col("school_name", "text"), Col("name", "text"), Col("id_masked", "text"),
                   Col("start_year", "year"), Col("passed_hours", "num"), Col("required_hours", "num"),
                   Col("hours_needed", "num"), Col("hours_to_cycle_target", "num")]
        tables.show(tables.display(people, columns), text("cy_behind_title"), "compliance_behind",
                    everything=widgets.every_row(cycle.behind_pace, f, count,
                                                 lambda rows: tables.display(rows, columns)))
    else:
        st.caption(text("cy_behind_hidden"))
        schools = data.query(cycle.compliance, f, by="school").filter(pl.col("behind_teachers") > 0)
        shown = tables.display(schools.sort("behind_teachers", descending=True),
                               [Col("school_name", "text"), Col("behind_teachers"), Col("teachers")])
        tables.show(shown, text("cy_behind_title"), "compliance_behind")


behind_list()

# The bureau's own rule set (credits, caps, offsets) for the same scope, after everything in hours.
if rules.height:
    ledger = data.query(credit_forecast.forecast, f)
    if ledger.height:
        led = ledger.row(0, named=True)
        st.subheader(text("cy_ledger_title", name=rule_name, start=led["cycle_start"], end=led["cycle_end"],
                          year=led["as_of_year"]))   # the ledger's latest year, whatever the page's year
        cols = st.columns(4)
        widgets.metric(cols[0], text("cy_ledger_met"), led["compliance_rate"], None, "pct",
                       help_text=text("cy_ledger_met_help"))
        widgets.metric(cols[1], text("cy_ledger_projected"), led["projected_rate"], None, "pct",
                       help_text=text("cy_ledger_projected_help"))
        widgets.metric(cols[2], text("cy_ledger_at_risk"), led["at_risk"], None, lower_is_better=True)
        widgets.metric(cols[3], text("cy_ledger_unreachable"), led["unreachable"], None, lower_is_better=True)
        st.page_link("views/analysis/teacher.py", label=text("cy_ledger_link"), icon=":material/badge:")

widgets.definition("metric_teacher_cycle")
