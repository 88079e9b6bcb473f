"""培训覆盖 Coverage: coverage by school, township, stage, subject, urban/rural, development
tier or training tier; the rural gap over the years; the teachers not yet trained this year.

Data: ``warehouse.queries.coverage`` (coverage_by, equity_gaps, untrained_teachers).
"""

import polars as pl
import streamlit as st

from ui.reader import resolve_user
from warehouse.queries import coverage, quality
from ui import charts, data, filters, links, tables, widgets
from ui import format as fmt
from ui.i18n import text
from ui.tables import Col

DIMENSIONS = {  # by → the columns that name a row
    "school": [Col("school_name", "text"), Col("township", "text"), Col("stage", "code:stage")],
    "township": [Col("township", "text")],
    "stage": [Col("stage", "code:stage")],
    "subject": [Col("subject", "text")],
    "urban_rural": [Col("urban_rural", "code:urban_rural")],
    "dev_tier": [Col("dev_tier", "code:dev_tier")],
    "train_tier": [Col("train_tier", "code:train_tier")],
}
MEASURES = [Col("coverage", "pct"), Col("roster_teachers"), Col("trained_teachers"), Col("person_times"),
            Col("pass_rate", "pct"), Col("hours_per_teacher", "num")]

f = filters.current()
widgets.title(text("p_coverage"), widgets.filter_summary(f))
if f.year is None:
    widgets.empty()
    st.stop()

# Rows without a result count in no coverage and no pass rate: say so where the coverage is shown.
unresulted = data.query(quality.results_missing, f)
if unresulted.height:
    st.warning(text("cov_no_result", rows=fmt.num(unresulted["rows"].sum()), files=fmt.num(unresulted["source_file"].n_unique())),
               icon=":material/rule:")
    user = resolve_user()
    if user is not None and user.can_view_data_quality:  # the page is routable only for them
        st.page_link("views/data/quality.py", label=text("cov_no_result_link"), icon=":material/fact_check:")

links.seed("coverage_by", list(DIMENSIONS), field=text("cov_by"), multi=False)
by = st.radio(text("cov_by"), list(DIMENSIONS), format_func=lambda b: text(f"by_{b}"), horizontal=True,
              key="coverage_by")
links.keep("coverage_by", by)
rows = data.query(coverage.coverage_by, f, by=by)
if by not in ("dev_tier", "train_tier"):
    rows = rows.sort("coverage", nulls_last=True)
shown = tables.display(rows, DIMENSIONS[by] + MEASURES)
name = text("cov_chart", year=f.year, by=text(f"by_{by}"))
drawn = charts.first_rows(shown)  # the lowest coverage first
fig = charts.bar(drawn, DIMENSIONS[by][0].source, "coverage", title=name, value_kind="pct", horizontal=True,
                 show_values=True, height=max(300, 28 * drawn.height + 120),
                 color=DIMENSIONS[by][0].source if by in ("dev_tier", "train_tier", "urban_rural") else None,
                 color_kind=by if by in ("dev_tier", "train_tier", "urban_rural") else None)
charts.show(fig, shown, name, "coverage_by", drawn=drawn.height)

st.subheader(text("cov_gap_title"))
gaps = data.query(coverage.equity_gaps, f.replace(year=None))
groups = {r["urban_rural"]: r for r in gaps.filter(pl.col("year") == f.year).iter_rows(named=True)}
urban, rural = groups.get("urban"), groups.get("rural")
if urban and rural and urban["coverage"] is not None and rural["coverage"] is not None:
    st.caption(text("cov_gap_note", year=f.year, rural=fmt.pct(rural["coverage"]), urban=fmt.pct(urban["coverage"]),
                    gap=fmt.num(abs(rural["coverage"] - urban["coverage"]) * 100, 1)))
shown = tables.display(gaps, [Col("year", "year"), Col("urban_rural", "code:urban_rural"), Col("coverage", "pct"),
                              Col("roster_teachers"), Col("trained_teachers"), Col("hours_per_teacher", "num")])
fig = charts.line(shown, "year", "coverage", color="urban_rural", color_kind="urban_rural",
                  title=text("cov_gap_chart"), value_kind="pct")
charts.show(fig, shown, text("cov_gap_chart"), "coverage_gap")

@st.fragment  # turning the list's pages reruns only the list
def untrained_list() -> None:
    st.subheader(text("cov_untrained_title", year=f.year))
    user = resolve_user()
    if user is not None and user.can_download_teacher_rows:
        people, total, page_of = widgets.paged(coverage.untrained_teachers, f, "coverage_untrained_page")
        st.caption(text("cov_untrained_count", n=fmt.num(total)) + " " + page_of)
        columns = [Col("school_name", "text"), Col("name", "text"), Col("id_masked", "text"),
                   Col("subject", "text"), Col("dev_tier", "code:dev_tier"), Col("person_times")]
        tables.show(tables.display(people, columns), text("cov_untrained_title", year=f.year), "coverage_untrained",
                    everything=widgets.every_row(coverage.untrained_teachers, f, total,
                                                 lambda rows: tables.display(rows, columns)))
    else:
        st.caption(text("cov_untrained_hidden"))
        schools = data.query(coverage.coverage_by, f, by="school").with_columns(
            (pl.col("roster_teachers") - pl.col("trained_teachers")).alias("untrained_teachers"))
        schools = schools.filter(pl.col("untrained_teachers") > 0).sort("untrained_teachers", descending=True)
        shown = tables.display(schools, [Col("school_name", "text"), Col("untrained_teachers"), Col("roster_teachers")])
        tables.show(shown, text("cov_untrained_title", year=f.year), "coverage_untrained")


untrained_list()
widgets.definition("metric_school_year", "metric_tier_year")
