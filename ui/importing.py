"""The import page's work, outside the page: what the ETL recognises in uploaded files, and
the load report as tables.

Uploads go through ``etl.upload_guard`` (size, real file type, zip bombs) before the ETL
reads them; the load itself is ``etl.load.load_paths`` via ``upload_guard.import_uploads``,
the same path the command line uses. Nothing here writes to the warehouse.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import polars as pl

from etl.headers import HeaderError, recognise
from etl.read import ReadError, read_path
from etl.upload_guard import stage_uploads
from ui.i18n import label


def preview(files: list[tuple[str, bytes]], kind: str | None = None) -> tuple[pl.DataFrame, list[str]]:
    """Per file and sheet: the kind recognised, the header row, the columns used and not used.

    Returns ``(table, messages for refused files)``; a sheet that cannot be recognised is a
    row with status ``failed`` and the ETL's message (which names the file and the row).
    """
    folder = Path(tempfile.mkdtemp(prefix="preview-"))
    rows = []
    try:
        paths, refused = stage_uploads(files, folder)
        for path in paths:
            try:
                sheets = read_path(path)
            except ReadError as exc:
                rows.append({"source_file": path.name, "sheet": None, "kind": None, "status": "failed",
                             "header_row": None, "columns_found": "", "columns_ignored": "", "message": str(exc)})
                continue
            for sheet in sheets:
                row = {"source_file": path.name, "sheet": sheet.sheet, "kind": None, "status": "recognised",
                       "header_row": None, "columns_found": "", "columns_ignored": "", "message": ""}
                if not any(any(c not in (None, "") for c in r) for r in sheet.head):
                    row.update(status="empty")
                else:
                    try:
                        match = recognise(sheet.head, kind)
                    except HeaderError as exc:
                        row.update(status="failed", message=str(exc))
                    else:
                        used = set(match.columns.values())
                        row.update(kind=match.kind, header_row=match.header_index + 1,
                                   columns_found="、".join(h for i, h in enumerate(match.headers) if i in used and h),
                                   columns_ignored="、".join(h for i, h in enumerate(match.headers) if i not in used and h))
                rows.append(row)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    schema = {"source_file": pl.String, "sheet": pl.String, "kind": pl.String, "status": pl.String,
              "header_row": pl.Int64, "columns_found": pl.String, "columns_ignored": pl.String,
              "message": pl.String}
    return pl.DataFrame(rows, schema=schema), refused


def report_frame(report) -> pl.DataFrame:
    """``etl.load.LoadReport`` as one row per file and sheet, with the first reasons."""
    rows = [{
        "batch_id": r.batch_id, "source_file": r.source_file, "sheet": r.sheet, "kind": r.kind,
        "status": r.status, "rows_read": r.rows_read, "rows_loaded": r.rows_loaded,
        "rows_rejected": r.rows_rejected, "rows_skipped": r.rows_skipped, "rows_warned": r.rows_warned,
        "message": "；".join([m for m in [r.message, *r.first_reasons[:3]] if m]),
    } for r in (report.results if report else [])]
    schema = {"batch_id": pl.Int64, "source_file": pl.String, "sheet": pl.String, "kind": pl.String,
              "status": pl.String, "rows_read": pl.Int64, "rows_loaded": pl.Int64, "rows_rejected": pl.Int64,
              "rows_skipped": pl.Int64, "rows_warned": pl.Int64, "message": pl.String}
    return pl.DataFrame(rows, schema=schema)


def counts(report_rows: pl.DataFrame) -> dict[str, int]:
    return {s: report_rows.filter(pl.col("status") == s).height for s in ("loaded", "unchanged", "failed")}


def kind_options() -> list[str | None]:
    from etl.kinds import KINDS

    return [None, *KINDS]


def kind_label(kind: str | None, auto: str) -> str:
    return auto if kind is None else label("kind", kind)
