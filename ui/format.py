"""Numbers as people read them: thousands separators, percentages, year-on-year changes.

Rates arrive from the warehouse as fractions in [0, 1] or NULL (empty denominator); NULL is
shown as a dash, never as 0.
"""
from __future__ import annotations

import html
import math
import re

DASH = "—"
# Characters Markdown (and Streamlit's :colour[…], :icon:, $math$) give a meaning to.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=^])")


def plain(value) -> str:
    """A value from an imported file, safe inside Markdown (titles, captions, messages): every
    character Markdown could read as a link, an image, emphasis or HTML is escaped, and line
    breaks become spaces. Data is text, never markup."""
    text = "" if value is None else str(value)
    return _MARKDOWN.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def html_text(value):
    """A value safe inside plotly's HTML-like labels (titles, legends, category ticks): ``<``,
    ``>`` and ``&`` as entities, so ``<a href=…>`` shows as text, not as a link."""
    return html.escape(value, quote=False) if isinstance(value, str) else value


def display_width(value) -> int:
    """Columns a text takes in a table or a spreadsheet: a CJK character about twice a Latin one."""
    return len(str(value).encode("gbk", "replace"))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def num(value, digits: int = 0) -> str:
    """``13400`` → ``"13,400"``; ``12.345`` with ``digits=1`` → ``"12.3"``."""
    if _missing(value):
        return DASH
    return f"{value:,.{digits}f}"


def pct(fraction, digits: int = 1) -> str:
    """A fraction as a percentage: ``0.8534`` → ``"85.3%"``."""
    if _missing(fraction):
        return DASH
    return f"{fraction * 100:.{digits}f}%"


def delta_count(current, previous, digits: int = 0) -> str | None:
    """Change of a count from the previous year, signed: ``"+1,200"``; ``None`` if unknown."""
    if _missing(current) or _missing(previous):
        return None
    change = current - previous
    if change == 0:
        return "0"
    return f"{change:+,.{digits}f}"


def delta_points(current, previous, unit: str, digits: int = 1) -> str | None:
    """Change of a rate in percentage points: ``"+2.1 个百分点"`` (unit from i18n)."""
    if _missing(current) or _missing(previous):
        return None
    change = round((current - previous) * 100, digits)
    if change == 0:
        return "0"
    return f"{change:+.{digits}f} {unit}"
