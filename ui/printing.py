"""A4 print for the pages a leader prints (overview, school report card, ranking).

``printable()`` adds print-only CSS to the page: no sidebar, header, toolbar, buttons,
inputs, downloads, banners or definition boxes; the page laid out as on a wide screen and
scaled down to the A4 width (``zoom``), so charts drawn at screen width fit the paper; no
chart, metric row or table split across pages. ``print_only()`` is a container shown only
on paper (e.g. a compact table where the screen has a wide scrolling grid).
"""
from __future__ import annotations

from html import escape

import polars as pl
import streamlit as st

from ui import format as fmt
from ui.i18n import label

# A4 portrait, 10 mm margins: 190 mm ≈ 718 CSS px. The main column is about 1,160 px wide on a
# 1,400 px screen with the sidebar open; zoom 0.6 lays the page out at ~1,200 px and prints it at 718.
ZOOM = 0.6
PRINT_ONLY = "print_only"

CSS = f"""<style>
[class*="st-key-{PRINT_ONLY}"] {{ display: none; }}
@media print {{
  @page {{ size: A4 portrait; margin: 10mm; }}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stBaseButton-tertiary"],
  [data-testid="stExpander"], [data-testid="stSelectbox"], [data-testid="stMultiSelect"],
  [data-testid="stRadio"], [data-testid="stSlider"], [data-testid="stNumberInput"],
  [data-testid="stCheckbox"], [data-testid="stToggle"], [data-testid="stAlert"],
  [data-testid="stElementToolbar"], .modebar-container, [class*="st-key-print_hide"] {{ display: none !important; }}
  [class*="st-key-{PRINT_ONLY}"] {{ display: block !important; }}
  [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ margin: 0 !important; padding: 0 !important;
      overflow: visible !important; height: auto !important; position: static !important; }}
  [data-testid="stMainBlockContainer"] {{ zoom: {ZOOM}; max-width: none !important; padding: 0 !important; }}
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stHorizontalBlock"],
  [data-testid="stTable"], [data-testid="stDataFrame"], [data-testid="stHeading"] {{
      break-inside: avoid; page-break-inside: avoid; }}
  [data-testid="stHeading"] {{ break-after: avoid; page-break-after: avoid; }}
  [data-testid="stTable"] tr, .paper-table tr {{ break-inside: avoid; }}
  .paper-table thead {{ display: table-header-group; }}   /* the header again on every sheet */
}}
.paper-table {{ border-collapse: collapse; width: 100%; font-size: 0.85rem; }}
.paper-table th, .paper-table td {{ border: 1px solid #d0d3d9; padding: 0.15rem 0.4rem; text-align: left; }}
.paper-table td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style>"""


def printable() -> None:
    """Make the current page print on A4 (see the module doc)."""
    st.html(CSS)


def screen_only(name: str):
    """A container left off paper (e.g. a wide scrolling grid that ``print_only`` replaces)."""
    return st.container(key=f"print_hide_{name}")


def print_only(name: str):
    """A container drawn only on paper (``name`` tells two apart on one page)."""
    return st.container(key=f"{PRINT_ONLY}_{name}")


def paper_table(shown: pl.DataFrame) -> None:
    """A display frame as a plain table for paper: years as they are, counts with thousands
    separators, other numbers to one decimal, empty cells blank (a grid is a canvas, which
    does not print). One HTML element: a province's ranking (3,000 schools) as ``st.table``
    kept the browser busy for 6–8 s on every visit of the page, though the table is hidden
    on screen; as one HTML string it costs nothing noticeable."""
    from ui import tables

    def cell(column: str, value) -> str:
        if value is None:
            return ""
        if column in tables.YEAR_TITLES or isinstance(value, str):
            return str(value)
        if isinstance(value, bool):
            return label("bool", value)
        return fmt.num(value, 0 if isinstance(value, int) else 1)

    numeric = {c for c, t in shown.schema.items() if t.is_numeric() and c not in tables.YEAR_TITLES}
    head = "".join(f"<th>{escape(c)}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{escape(cell(c, v))}</td>' if c in numeric else f"<td>{escape(cell(c, v))}</td>"
                         for c, v in zip(shown.columns, row)) + "</tr>"
        for row in shown.iter_rows())
    st.html(f'<table class="paper-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
