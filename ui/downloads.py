"""Downloads of exactly the table a page shows: CSV (UTF-8 with BOM) and .xlsx.

The frame handed in is the display frame (headers already in the reader's language, codes
already turned into labels), so the file holds what is on screen. Excel on Chinese Windows
opens a CSV as GBK unless it starts with a byte-order mark, hence the BOM. In a CSV, a cell
that starts with ``= + - @`` (or a tab / carriage return) would be read by Excel as a formula,
so such text gets a leading single quote; in .xlsx every text cell is written as a string,
never a formula, so it needs none. Numbers are written as numbers and stay as they are.
Pressing a download button does not rerun the page (``on_click="ignore"``). Teacher-level
tables are offered to the readers allowed them only (``access.user.User.may_download``),
decided on the query columns ``ui.tables.display`` recorded on the frame (``mark``).
"""
from __future__ import annotations

import io
import re
from contextvars import ContextVar
from datetime import date, datetime
from typing import Callable

import polars as pl
import streamlit as st
import xlsxwriter

from access.user import User
from ui.format import display_width
from ui.i18n import text
from ui.reader import as_reader, resolve_user

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading ``'``; the rest is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column neutralised; numeric, date and boolean columns unchanged."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text_columns:
        return frame
    pattern = r"^[=+\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_columns
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, comma-separated, CRLF line ends (what Excel expects)."""
    body = safe_frame(frame).write_csv(line_terminator="\r\n", null_value="")
    return (BOM + body).encode("utf-8")


def _workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    # Text is never turned into formulas, links or numbers.
    return xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                       "strings_to_urls": False, "strings_to_numbers": False})


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31] or "数据"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[:31 - len(str(n)) - 1]}_{n}"
    taken.add(candidate.lower())
    return candidate


def _write_sheet(workbook: xlsxwriter.Workbook, sheet_name: str, frame: pl.DataFrame) -> None:
    """One sheet: bold header row, columns sized to their text, the header frozen."""
    worksheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    # Every text cell is written as a string (write_string, strings_to_formulas off), so Excel never
    # runs it: no leading apostrophe needed, the cell holds the text as shown. CSV has no cell
    # types, so csv_bytes neutralises (safe_frame).
    safe = frame
    for col, name in enumerate(safe.columns):
        worksheet.write_string(0, col, str(name), bold)
        widths = [display_width(name)] + [display_width(v) for v in safe[name].head(200).to_list() if v is not None]
        worksheet.set_column(col, col, min(max(widths) + 2, 60))
    for row, values in enumerate(safe.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(row, col, value)
            elif isinstance(value, (int, float)):
                worksheet.write_number(row, col, value)
            elif isinstance(value, date):
                worksheet.write_datetime(row, col, value, date_format)
            else:
                worksheet.write_string(row, col, str(value))
    worksheet.freeze_panes(1, 0)


def xlsx_bytes(frame: pl.DataFrame, sheet: str = "数据") -> bytes:
    """One sheet, bold header row, text never turned into formulas or links."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    _write_sheet(workbook, _sheet_name(sheet, set()), frame)
    workbook.close()
    return buffer.getvalue()


def page_workbook_bytes(about: list[tuple[str, str]], tables: list[tuple[str, pl.DataFrame]]) -> bytes:
    """"Download this page": a first sheet stating what the page shows (``about``: label, text
    pairs: the page, its filters, the time, each metric's definition), then a sheet per table or
    chart, named after it."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    taken: set[str] = set()
    first = text("page_about_sheet")
    _write_sheet(workbook, _sheet_name(first, taken),
                 pl.DataFrame({text("page_about_item"): [k for k, _ in about],
                               text("page_about_value"): [v for _, v in about]},
                              schema={text("page_about_item"): pl.String, text("page_about_value"): pl.String}))
    for name, frame in tables:
        _write_sheet(workbook, _sheet_name(name, taken), frame)
    workbook.close()
    return buffer.getvalue()


# What a page run showed, for its "download this page" workbook: app.py starts each page run
# with empty lists; ``buttons`` adds every table it offers (those the reader may download),
# ``ui.widgets.definition`` the metric views whose definitions the page shows.
PAGE_TABLES: ContextVar[list | None] = ContextVar("page_tables", default=None)
PAGE_VIEWS: ContextVar[list | None] = ContextVar("page_views", default=None)


def start_page() -> None:
    SUBJECT.set("")
    PAGE_TABLES.set([])
    PAGE_VIEWS.set([])


def _register(name: str, frame: pl.DataFrame, everything: Callable[[], pl.DataFrame] | None) -> None:
    shown = PAGE_TABLES.get()
    if shown is not None:
        shown.append((name, everything or frame))


def page_button(title: str, scope: str) -> None:
    """The "download this page" button, under everything the page drew (nothing to download: none)."""
    from warehouse import definitions
    from ui.i18n import lang

    tables = PAGE_TABLES.get() or []
    if not tables:
        return
    views = list(dict.fromkeys(PAGE_VIEWS.get() or []))
    stem = file_stem(f"{title}_{scope}")

    def build() -> bytes:
        about = [(text("page_about_page"), title), (text("page_about_scope"), scope),
                 (text("page_about_time"), f"{datetime.now():%Y-%m-%d %H:%M}")]
        for view in views:
            lines = definitions.definition(view, lang()).splitlines()
            if lines:
                about.append((text("page_about_definition"), "\n".join(lines)))
        return page_workbook_bytes(about, [(name, source() if callable(source) else source)
                                           for name, source in tables])

    # Small pages are built at once (the file is ready on click); big or paged ones when clicked.
    small = all(not callable(t) and t.height for _, t in tables) and sum(t.height for _, t in tables) <= EAGER_ALL_ROWS
    st.download_button(text("page_download"), data=build() if small else as_reader(build), file_name=f"{stem}.xlsx",
                       key="dl_page_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       on_click="ignore", icon=":material/download:", help=text("page_download_help"))


# xlsxwriter writes about 6,000 rows a second: 200 rows cost 25 ms on each rerun, 1,000 rows 170 ms.
EAGER_XLSX_ROWS = 200
# A CSV is quicker (1 ms a thousand rows), but a long table's is megabytes held on every rerun:
# the official page's province-wide list of 317,000 teachers behind pace, 32 MiB and 0.3 s.
EAGER_CSV_ROWS = 5000
# A paged list of up to this many rows is read whole on each rerun (cached) so its CSV is ready
# at once; a longer one (a province's 100,000 teachers behind pace) is read when the reader clicks.
EAGER_ALL_ROWS = 2000


# What the page is about (the school of a report card), put in front of its download names so a
# folder of downloads says whose each file is. app.py clears it before every page run.
SUBJECT: ContextVar[str] = ContextVar("download_subject", default="")


def file_stem(name: str) -> str:
    """A safe file name from a (Chinese) table name, with the page's subject in front when the
    name lacks it, dated so repeated downloads differ."""
    subject = SUBJECT.get()
    if subject and subject not in name:
        name = f"{subject}_{name}"
    clean = re.sub(r"[\\/:*?\"<>|\s]+", "_", name).strip("_") or "data"
    return f"{clean}_{date.today():%Y%m%d}"


# The query columns a display frame was made from, recorded on it by ``mark`` (``ui.tables.display``
# does): the download rule is decided on them, never on the translated headers.
SOURCE_COLUMNS = "_dashboard_source_columns"


def mark(frame: pl.DataFrame, columns) -> pl.DataFrame:
    """Record on ``frame`` the query columns it shows (in order); returns ``frame``."""
    setattr(frame, SOURCE_COLUMNS, tuple(columns))
    return frame


def source_columns(frame: pl.DataFrame) -> tuple[str, ...] | None:
    """The query columns ``mark`` recorded on ``frame``; None for a frame made otherwise (or
    derived from a marked one), which the download rule treats as teacher-level."""
    return getattr(frame, SOURCE_COLUMNS, None)


def may_download(frame: pl.DataFrame, user: User | None = None) -> bool:
    """May this reader (default: the session's) download ``frame``? Decided on its query columns."""
    user = user if user is not None else resolve_user()
    return user is not None and user.may_download(source_columns(frame))


def buttons(frame: pl.DataFrame, name: str, key: str,
            everything: Callable[[], pl.DataFrame] | None = None) -> None:
    """The two download buttons for ``frame``, side by side. A paged list passes
    ``everything``, which returns all its rows (every page): the files hold those, built
    when the reader clicks, not the page on screen."""
    if not may_download(frame):  # teacher-level rows: analysts only
        st.caption(text("access.no_teacher_download"))
        return
    _register(name, frame, everything)
    stem = file_stem(name)
    row = st.container(horizontal=True, gap="small")
    if everything is not None and getattr(everything, "total", EAGER_ALL_ROWS + 1) <= EAGER_ALL_ROWS:
        frame, everything = everything(), None   # a short list: its files are ready before the click
    if everything is not None:  # read on click, as this reader, in this language
        csv = as_reader(lambda: csv_bytes(everything()))
        xlsx = as_reader(lambda: xlsx_bytes(everything(), sheet=name))
    else:
        csv = csv_bytes(frame) if frame.height <= EAGER_CSV_ROWS else lambda: csv_bytes(frame)
        # A big table's workbook is built when the reader clicks (Streamlit runs the callable then):
        # xlsxwriter takes about a second for a province's 3,000-school table, on every rerun
        # (the plan page's 1,000 programmes: 0.2 s).
        xlsx = (xlsx_bytes(frame, sheet=name) if frame.height <= EAGER_XLSX_ROWS
                else lambda: xlsx_bytes(frame, sheet=name))
    row.download_button(
        text("download_csv"), data=csv, file_name=f"{stem}.csv",
        mime="text/csv", key=f"dl_csv_{key}", on_click="ignore", icon=":material/download:",
    )
    row.download_button(
        text("download_xlsx"), data=xlsx, file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl_xlsx_{key}", on_click="ignore", icon=":material/download:",
    )
