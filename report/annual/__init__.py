"""The year-end summary of teacher training (年度教师培训工作总结) as a 公文-style .docx.

``make_report(con, year, township=…, school=…, allowed_schools=…, lang=…)`` returns the
document's bytes and its ``Report`` (content and figures); ``python -m report annual`` and
the dashboard's button (``ui/report_button.py``) both call it.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb

from report.annual.build import Report, build
from report.annual.document import write
from report.annual.scope import ReportError, Scope, resolve

__all__ = ["ReportError", "Report", "Scope", "make_report", "file_name"]


def make_report(con: duckdb.DuckDBPyConnection, year: int, *, township: str | None = None,
                school: str | None = None, allowed_schools: frozenset[str] | None = None,
                lang: str = "zh", templates: Path | None = None,
                today: dt.date | None = None) -> tuple[bytes, Report]:
    """The .docx bytes and the report's content, for the reader's scope (``ReportError``
    when the year, township or school cannot be reported on)."""
    scope = resolve(con, year, township, school, allowed_schools)
    report = build(con, scope, lang, templates, today)
    buf = io.BytesIO()
    write(report, buf, templates)
    return buf.getvalue(), report


def file_name(report: Report) -> str:
    """``2024年度教师培训工作总结_附城镇.docx`` / ``annual-report-2024-附城镇.docx``."""
    slug = report.scope.slug
    if report.lang == "en":
        return f"annual-report-{report.scope.year}{'-' + slug if slug else ''}.docx"
    return f"{report.scope.year}年度教师培训工作总结{'_' + slug if slug else ''}.docx"
