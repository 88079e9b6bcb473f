"""获奖荣誉 Awards: by level over the years, by category, per 100 teachers by school, and the
list behind the numbers.

Data: ``warehouse.queries.awards``.
"""

import polars as pl
import streamlit as st

from ui.reader import resolve_user
from warehouse.queries import awards
from ui import charts, data, filters, links, tables, widgets
from ui import format as fmt
from ui.i18n import text
from ui.tables import Col

f = filters.current()
widgets.title(text("p_awards"), widgets.filter_summary(f), f, ignores=("train_tiers", "train_forms"))
schools = data.query(awards.awards_by_school, f)
if f.year is None or schools.is_empty():
    widgets.empty()
    st.stop()
# the headline numbers at their own grain, from the layer (the page does no arithmetic)
total = data.query(awards.award_totals, f)
prev = data.query(awards.award_totals, f.replace(year=f.year - 1))


def first(frame: pl.DataFrame, column: str):
    return frame[column][0] if frame.height else None


cols = st.columns(2)
widgets.metric(cols[0], text("aw_total"), first(total, "awards"), first(prev, "awards"))
widgets.metric(cols[1], text("aw_density"), first(total, "award_density"), first(prev, "award_density"), "num")

levels = data.query(awards.awards_by_level, f.replace(year=None))
shown = tables.display(levels, [Col("year", "year"), Col("award_level", "code:award_level"), Col("awards"),
                                Col("weighted_awards", "num")])
fig = charts.bar(shown, "year", "awards", color="award_level", color_kind="award_level",
                 title=text("aw_level_chart"))
charts.show(fig, shown, text("aw_level_chart"), "awards_levels")

left, right = st.columns(2)
with left:
    categories = data.query(awards.awards_by_category, f)
    shown = tables.display(categories, [Col("category", "code:award_category"), Col("awards")])
    name = text("aw_category_chart", year=f.year)
    fig = charts.bar(shown, "category", "awards", title=name, show_values=True)
    charts.show(fig, shown, name, "awards_categories")
with right:
    links.seed_flag("awards_weighted", field=text("weighted"))
    weighted = st.toggle(text("weighted"), key="awards_weighted", bind="query-params")
    measure = "weighted_award_density" if weighted else "award_density"
    ranked = schools.filter(pl.col("roster_teachers") > 0).sort(measure, descending=True, nulls_last=True)
    shown = tables.display(ranked, [Col("school_name", "text"), Col(measure, "num"), Col("awards"),
                                    Col("roster_teachers")])
    name = text("aw_school_chart", year=f.year)
    drawn = charts.first_rows(shown)  # the most awarded first
    fig = charts.bar(drawn, "school_name", measure, title=name, value_kind="num", horizontal=True,
                     height=max(300, 22 * drawn.height + 120))
    charts.show(fig, shown, name, "awards_schools", drawn=drawn.height)

user = resolve_user()
if user is not None and user.can_download_teacher_rows:
    st.subheader(text("aw_list", year=f.year))
    rows, count, page_of = widgets.paged(awards.award_list, f, "awards_page")
    st.caption(text("page_of_total", page_of=page_of, n=fmt.num(count)))
    columns = [Col("school_name", "text"), Col("name", "text"), Col("award_name", "text"),
               Col("award_level", "code:award_level"), Col("category", "code:award_category"),
               Col("grade", "text"), Col("issuer", "text")]
    tables.show(tables.display(rows, columns), text("aw_list", year=f.year), "awards_list",
                everything=widgets.every_row(awards.award_list, f, count,
                                             lambda frame: tables.display(frame, columns)))
widgets.definition("metric_school_year")
