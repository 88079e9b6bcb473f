"""数据导入 Import: upload bureau files, see what a load would do (preview: each sheet's kind and
why, its columns, its first rows as stored, the rows new / changed / unchanged / rejected),
confirm, read what the load did and download the rejected rows with their reasons.

Work: ``ui.importing`` (dry run, report tables) over ``etl.upload_guard`` / ``etl.load``;
rejects from ``warehouse.queries.quality.rejects``.
"""
import polars as pl
import streamlit as st

import settings
from ui.reader import require
from etl.upload_guard import import_uploads, preview_uploads
from warehouse.filters import Filters
from warehouse.queries import quality
from ui import data, import_mapping, importing, reasons, tables, widgets
from ui.format import plain
from ui.i18n import text
from ui.tables import Col

require("can_import")
widgets.title(text("p_import"), text("im_intro"))
if settings.warehouse_path().is_dir():   # a lake of models built on Spark: read-only here
    st.info(text("im_lake", path=str(settings.warehouse_path())), icon=":material/cloud:")
    st.stop()
SHEET_COLS = [Col("source_file", "text"), Col("sheet", "text"), Col("kind", "code:kind"), Col("status", "code:status"),
              Col("header_row"), Col("rows_read"), Col("rows_loaded"), Col("rows_rejected"), Col("rows_skipped"),
              Col("rows_warned"), Col("message", "reason")]

kind = st.selectbox(text("im_kind"), importing.kind_options(), key="import_kind",
                    format_func=lambda k: importing.kind_label(k, text("im_auto")))
st.html(importing.uploader_css("import_files", text("im_browse"),
                               text("im_limit", mb=st.get_option("server.maxUploadSize"))))
uploads = st.file_uploader(text("im_files"), type=["xlsx", "xls", "csv"], accept_multiple_files=True,
                           key="import_files")
warehouse = settings.warehouse_path()
if uploads:
    files = [(u.name, u.getvalue()) for u in uploads]
    # What a file does not say (a roster's year, a list's programme, an unknown column) is asked first:
    # the preview below is the load with these answers.
    q = import_mapping.questions(tuple(files), kind, str(warehouse), settings.ALIASES_FILE.stat().st_mtime)
    given = import_mapping.ask_given(q)
    if import_mapping.column_mapping(q, kind):
        st.rerun()  # read the uploads again with the new alias
    sig = importing.signature(files, kind, warehouse, given)
    if st.session_state.get("import_preview", (None,))[0] != sig:
        with st.spinner(text("im_previewing")):
            st.session_state["import_preview"] = (sig, *preview_uploads(files, warehouse, kind, given))
    _, plan, refused = st.session_state["import_preview"]
    for message in refused:
        st.error(plain(reasons.shown(message)), icon=":material/block:")
    st.subheader(text("im_recognised"))
    st.caption(text("im_preview_note"))
    tables.show(tables.display(importing.report_frame(plan), SHEET_COLS), text("im_recognised"), "import_preview")
    for i, r in enumerate(plan.results if plan else []):
        if r.status != "loaded":
            continue
        with st.expander(text("im_sheet_detail", where=r.where, kind=importing.kind_label(r.kind, "")), expanded=i == 0):
            st.markdown(f"**{text('im_why')}**：{plain(reasons.shown(r.why))}")  # headers come from the file: shown as text
            st.markdown("\n".join(f"- {plain(reasons.shown(line))}" for line in importing.effect_lines(r, dry_run=True)))
            mapping = importing.mapping_frame(r).rename({"header": text("im_header"), "field": text("im_field")})
            tables.show(mapping, f"{r.where}_{text('im_header')}", f"import_mapping_{i}")
            if r.sample is not None and r.sample.height:
                st.caption(text("im_sample"))
                tables.show(r.sample, f"{r.where}_{text('im_sample')}", f"import_sample_{i}")
    if st.button(text("im_load"), type="primary", disabled=not importing.ready(plan), icon=":material/upload:",
                 key="import_go"):
        with st.spinner(text("im_loading")):
            report, messages = import_uploads(files, warehouse, kind, given)
        st.session_state["import_result"] = (importing.report_frame(report), messages)
        st.session_state.pop("import_preview", None)
        st.rerun()  # the preview above now describes the warehouse as loaded

if "import_result" in st.session_state:
    summary, messages = st.session_state["import_result"]
    st.subheader(text("im_summary"))
    for message in messages:
        st.error(plain(reasons.shown(message)), icon=":material/error:")
    if summary.height:
        st.success(text("im_done", **importing.counts(summary)), icon=":material/task_alt:")
    tables.show(tables.display(summary, SHEET_COLS), text("im_summary"), "import_summary")

    st.subheader(text("im_rejects"))
    batches = summary.filter(pl.col("rows_rejected") > 0)["batch_id"].drop_nulls().to_list()
    rejects = [data.query(quality.rejects, Filters(), batch_id=b, limit=100_000) for b in batches]
    rejects = pl.concat(rejects, how="vertical_relaxed") if rejects else pl.DataFrame()
    if rejects.is_empty():
        st.info(text("im_no_rejects"), icon=":material/check_circle:")
    else:
        shown = tables.display(rejects, [Col("source_file", "text"), Col("sheet", "text"), Col("row_number"),
                                         Col("column_name", "text"), Col("reason", "reason"), Col("raw", "text")])
        tables.show(shown, text("im_rejects"), "import_rejects")
