"""数据质量 Data quality: what was loaded when, which rows were rejected and why, rows loaded
with warnings, and the gaps (schools without a roster, participation or rating).

Data: ``warehouse.queries.quality``.
"""

import polars as pl
import streamlit as st

from ui.reader import require
from warehouse.queries import quality
from ui import data, filters, tables, widgets
from ui import format as fmt
from ui.i18n import text
from ui.tables import Col

require("can_view_data_quality")
f = filters.current()
widgets.title(text("p_quality"), widgets.filter_summary(f), f, ignores=("train_tiers", "train_forms"))
history = data.query(quality.load_history, f, limit=widgets.PAGE_SIZE)
reasons = data.query(quality.reject_reasons, f)
gaps = data.query(quality.data_gaps, f)
flagged = gaps.filter(pl.col("no_roster") | pl.col("no_participation") | pl.col("not_rated"))

cols = st.columns(4)
cols[0].metric(text("dq_loads"), fmt.num(history["total"][0] if history.height else 0), border=True)
cols[1].metric(text("dq_rejected"), fmt.num(reasons["rows"].sum() if reasons.height else 0), border=True)
warnings = data.query(quality.load_warnings, f, limit=widgets.PAGE_SIZE)
cols[2].metric(text("dq_warned"), fmt.num(warnings["total"][0] if warnings.height else 0), border=True)
cols[3].metric(text("dq_gaps", year=f.year), fmt.num(flagged["school_code"].n_unique()), border=True)

st.subheader(text("dq_history"))
shown = tables.display(history, [Col("batch_id"), Col("loaded_at", "datetime"), Col("source_file", "text"),
                                 Col("sheet", "text"), Col("kind", "code:kind"), Col("status", "code:status"),
                                 Col("rows_read"), Col("rows_loaded"), Col("rows_rejected"), Col("rows_skipped"),
                                 Col("rows_warned"), Col("message", "reason")])
tables.show(shown, text("dq_history"), "quality_history")

st.subheader(text("dq_reasons"))
shown = tables.display(reasons, [Col("source_file", "text"), Col("sheet", "text"), Col("column_name", "text"),
                                 Col("reason", "reason"), Col("rows"), Col("first_row")])
tables.show(shown, text("dq_reasons"), "quality_reasons")

st.subheader(text("dq_rejects"))
rejects, reject_count, page_of = widgets.paged(quality.rejects, f, "quality_page")
st.caption(text("page_of_total", page_of=page_of, n=fmt.num(reject_count)))
columns = [Col("source_file", "text"), Col("sheet", "text"), Col("row_number"),
           Col("column_name", "text"), Col("reason", "reason"), Col("raw", "text")]
tables.show(tables.display(rejects, columns), text("dq_rejects"), "quality_rejects",
            everything=widgets.every_row(quality.rejects, f, reject_count, lambda rows: tables.display(rows, columns)))

st.subheader(text("dq_warnings"))
warning_columns = [Col("source_file", "text"), Col("sheet", "text"), Col("row_number"),
                   Col("column_name", "text"), Col("message", "reason")]
warning_count = warnings["total"][0] if warnings.height else 0
tables.show(tables.display(warnings, warning_columns), text("dq_warnings"), "quality_warnings",
            everything=widgets.every_row(quality.load_warnings, f, warning_count,
                                         lambda rows: tables.display(rows, warning_columns)))

missing = data.query(quality.results_missing, f)
if missing.height:  # rows that count in no coverage and no pass rate (etl: participation.result_gap)
    st.subheader(text("dq_no_result"))
    for row in missing.head(10).iter_rows(named=True):
        st.warning(text(f"dq_no_result_{row['result_gap']}", file=row["source_file"], rows=fmt.num(row["rows"])),
                   icon=":material/rule:")
    tables.show(tables.display(missing, [Col("source_file", "text"), Col("sheet", "text"), Col("year", "year"),
                                         Col("result_gap", "code:result_gap"), Col("rows")]),
                text("dq_no_result"), "quality_no_result")

st.subheader(text("dq_gap_table", year=f.year))
if flagged.is_empty():
    st.success(text("dq_no_gaps", year=f.year), icon=":material/check_circle:")
else:
    shown = tables.display(flagged, [Col("school_name", "text"), Col("no_roster", "bool"),
                                     Col("no_participation", "bool"), Col("not_rated", "bool"),
                                     Col("roster_teachers"), Col("person_times"), Col("awards")])
    tables.show(shown, text("dq_gap_table", year=f.year), "quality_gaps")
st.subheader(text("dq_completeness"))
completeness = data.query(quality.roster_completeness, f.replace(year=None))
shown = tables.display(completeness, [Col("year", "year"), Col("roster_teachers"), Col("missing_subject"),
                                      Col("missing_dev_tier"), Col("missing_hire_date"), Col("unknown_school")])
tables.show(shown, text("dq_completeness"), "quality_completeness")
