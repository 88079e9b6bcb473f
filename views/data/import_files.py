"""数据导入 Import: upload bureau files, see what was recognised, load them through the ETL,
read the per-file summary and download the rejected rows with their reasons.

Work: ``ui.importing`` (preview, report tables) over ``etl.upload_guard`` / ``etl.load``;
rejects from ``warehouse.queries.quality.rejects``.
"""
import polars as pl
import streamlit as st

import settings
from access.ui import require
from etl import upload_guard
from etl.upload_guard import import_uploads
from warehouse.filters import Filters
from warehouse.queries import quality
from ui import data, import_mapping, importing, tables, widgets
from ui.format import plain
from ui.i18n import text
from ui.tables import Col

require("can_import")
widgets.title(text("p_import"), text("im_intro"))

kind = st.selectbox(text("im_kind"), importing.kind_options(), key="import_kind",
                    format_func=lambda k: importing.kind_label(k, text("im_auto")))
uploads = st.file_uploader(text("im_files"), type=["xlsx", "xls", "csv"], accept_multiple_files=True,
                           key="import_files")
if uploads:
    files = [(u.name, u.getvalue()) for u in uploads]
    recognised, refused = upload_guard.preview_uploads(files, kind)  # in a limited child, cached
    for message in refused:
        st.error(plain(message), icon=":material/block:")
    st.subheader(text("im_recognised"))
    shown = tables.display(recognised, [Col("source_file", "text"), Col("sheet", "text"), Col("kind", "code:kind"),
                                        Col("status", "code:status"), Col("header_row"), Col("columns_found", "text"),
                                        Col("columns_ignored", "text"), Col("message", "text")])
    tables.show(shown, text("im_recognised"), "import_preview")
    q = import_mapping.questions(tuple(files), kind, str(settings.warehouse_path()), settings.ALIASES_FILE.stat().st_mtime)
    given = import_mapping.ask_given(q)
    if import_mapping.column_mapping(q, kind):
        st.rerun()  # read the uploads again with the new alias
    ready = recognised.filter(pl.col("status") == "recognised").height > 0 or bool(q.year_sheets or q.program_sheets)
    if st.button(text("im_load"), type="primary", disabled=not ready, icon=":material/upload:", key="import_go"):
        with st.spinner(text("im_loading")):
            report, messages = import_uploads(files, settings.warehouse_path(), kind, given)
        st.session_state["import_result"] = (importing.report_frame(report), messages)

if "import_result" in st.session_state:
    summary, messages = st.session_state["import_result"]
    st.subheader(text("im_summary"))
    for message in messages:
        st.error(plain(message), icon=":material/error:")
    if summary.height:
        st.success(text("im_done", **importing.counts(summary)), icon=":material/task_alt:")
    shown = tables.display(summary, [Col("source_file", "text"), Col("sheet", "text"), Col("kind", "code:kind"),
                                     Col("status", "code:status"), Col("rows_read"), Col("rows_loaded"),
                                     Col("rows_rejected"), Col("rows_skipped"), Col("rows_warned"),
                                     Col("message", "text")])
    tables.show(shown, text("im_summary"), "import_summary")

    st.subheader(text("im_rejects"))
    batches = summary.filter(pl.col("rows_rejected") > 0)["batch_id"].drop_nulls().to_list()
    rejects = [data.query(quality.rejects, Filters(), batch_id=b, limit=100_000) for b in batches]
    rejects = pl.concat(rejects, how="vertical_relaxed") if rejects else pl.DataFrame()
    if rejects.is_empty():
        st.info(text("im_no_rejects"), icon=":material/check_circle:")
    else:
        shown = tables.display(rejects, [Col("source_file", "text"), Col("sheet", "text"), Col("row_number"),
                                         Col("column_name", "text"), Col("reason", "text"), Col("raw", "text")])
        tables.show(shown, text("im_rejects"), "import_rejects")
