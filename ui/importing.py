"""The import page's work, outside the page: a dry run of the uploaded files (what each sheet
is, how its columns map, its first rows as stored, the effect on the warehouse), the load
after the user confirms, and both reports as tables.

Uploads go through ``etl.upload_guard`` (size, real file type, zip bombs) before the ETL
reads them. The preview is ``etl.load.preview``, the very load the confirm button then runs,
performed on a staging copy and thrown away, so what the page predicts is what the load does
(unless someone else loads in between; the summary afterwards says what it did).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import polars as pl

from etl.effect import lines
from etl.report import LoadReport
from etl.upload_guard import signature, stage_uploads  # noqa: F401  (signature: the page's)
from ui.i18n import label, text

SHEET_SCHEMA = {"batch_id": pl.Int64, "source_file": pl.String, "sheet": pl.String, "kind": pl.String,
                "status": pl.String, "header_row": pl.Int64, "rows_read": pl.Int64, "rows_loaded": pl.Int64,
                "rows_rejected": pl.Int64, "rows_skipped": pl.Int64, "rows_warned": pl.Int64, "message": pl.String}


def preview(files: list[tuple[str, bytes]], warehouse: Path, kind: str | None = None,
            given=None) -> tuple[LoadReport | None, list[str]]:
    """The dry run of the uploads: ``(report or None, messages for refused files or a failure)``."""
    from etl.load import preview as dry_run

    folder = Path(tempfile.mkdtemp(prefix="preview-"))
    try:
        paths, refused = stage_uploads(files, folder)
        if not paths:
            return None, refused
        try:
            return dry_run(paths, warehouse, kind, given=given), refused
        except Exception as exc:  # a message for the clerk, never a stack trace on the page
            return None, refused + [f"预览失败（{type(exc).__name__}）：文件未导入，请把文件发给系统管理员"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report_frame(report: LoadReport | None) -> pl.DataFrame:
    """One row per file and sheet; the message carries why it is that kind, or why not, and the effect."""
    rows = []
    for r in (report.results if report else []):
        if r.status == "loaded":
            told = [f"识别依据：{r.why}", *lines(r.effect, r.kind, future=report.dry_run)[:4]]
        else:
            told = [r.message]
        rows.append({"batch_id": None if report.dry_run else r.batch_id, "source_file": r.source_file,
                     "sheet": r.sheet, "kind": r.kind,
                     "status": "recognised" if report.dry_run and r.status == "loaded" else r.status,
                     "header_row": r.header_row, "rows_read": r.rows_read, "rows_loaded": r.rows_loaded,
                     "rows_rejected": r.rows_rejected, "rows_skipped": r.rows_skipped, "rows_warned": r.rows_warned,
                     "message": "；".join(m for m in [*told, *r.first_reasons[:3]] if m)})
    return pl.DataFrame(rows, schema=SHEET_SCHEMA)


def mapping_frame(result) -> pl.DataFrame:
    """Every column of a sheet: its header and the field it is stored as, or that it is not loaded."""
    ignored = text("im_not_loaded")
    return pl.DataFrame({"header": [h for h, _ in result.mapping],
                         "field": [f or ignored for _, f in result.mapping]}, schema={"header": pl.String, "field": pl.String})


def effect_lines(result, dry_run: bool) -> list[str]:
    return lines(result.effect, result.kind, future=dry_run)


def counts(report_rows: pl.DataFrame) -> dict[str, int]:
    return {s: report_rows.filter(pl.col("status") == s).height for s in ("loaded", "unchanged", "failed")}


def ready(report: LoadReport | None) -> bool:
    """Something would be written: at least one sheet would load."""
    return bool(report) and any(r.status == "loaded" for r in report.results)


def kind_options() -> list[str | None]:
    from etl.kinds import KINDS

    return [None, *KINDS]


def kind_label(kind: str | None, auto: str) -> str:
    return auto if kind is None else label("kind", kind)


def uploader_css(key: str, button: str, hint: str) -> str:
    """CSS that puts our words on the uploader ``key``: Streamlit writes "Upload" and "50MB per
    file" in English whatever the page's language, and has no parameter for them. The original
    text stays in the page (font-size 0) for screen readers; ours is drawn after it."""
    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    return (f"<style>{scope} button [data-testid='stMarkdownContainer'] p {{ font-size: 0; }}"
            f"{scope} button [data-testid='stMarkdownContainer'] p::after {{ content: {quoted(button)}; font-size: 0.875rem; }}"
            f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span {{ font-size: 0; }}"
            f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after {{ content: {quoted(hint)}; "
            f"font-size: 0.8rem; }}</style>")

