"""Display frames: a query result turned into the table the reader sees and downloads.

A page lists its columns once (``Col``): which result column, which header, what kind of
value. ``display()`` picks them, turns codes into labels and fractions into percentages,
and names the columns in the reader's language. ``show()`` draws that frame with its two
downloads, so the screen and the files cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import polars as pl
import streamlit as st

from ui import downloads, reasons
from ui import format as fmt
from ui.i18n import CODES, label, lang, pairs, text

# Column headers with their units, shared by every page: key → (中文, English), from ui/text.toml.
HEADERS: dict[str, tuple[str, str]] = pairs("headers")


@dataclass(frozen=True)
class Col:
    """One displayed column.

    ``kind``: ``int`` / ``num`` (rounded to ``digits``) / ``pct`` (a fraction shown as a
    percentage number) / ``text`` / ``reason`` (the ETL's Chinese reasons, warnings and load
    messages: text, in English when the reader reads English, see ``ui.reasons``) / ``year`` /
    ``code:<kind>`` (a code shown as its label, e.g. ``code:train_tier``) / ``bool`` (是/否).
    ``header`` is a key of ``HEADERS`` or a
    ``(中文, English)`` pair; by default the source column's own key.
    """

    source: str
    kind: str = "int"
    header: str | tuple[str, str] | None = None
    digits: int = 1

    def title(self) -> str:
        pair = self.header if isinstance(self.header, tuple) else HEADERS[self.header or self.source]
        return pair[0] if lang() == "zh" else pair[1]


def _expression(col: Col) -> pl.Expr:
    source = pl.col(col.source)
    if col.kind == "pct":
        return (source.cast(pl.Float64) * 100).round(col.digits)
    if col.kind == "num":
        return source.cast(pl.Float64).round(col.digits)
    if col.kind == "int":
        return source.cast(pl.Int64)
    if col.kind == "year":
        return source.cast(pl.Int64)
    if col.kind == "datetime":
        return source.dt.strftime("%Y-%m-%d %H:%M")
    # Labels are looked up here, in the script's thread: polars runs expressions in its own
    # threads, where the reader's language (session state) is not available.
    if col.kind == "bool":
        return (pl.when(source).then(pl.lit(label("bool", True))).when(~source).then(pl.lit(label("bool", False)))
                .otherwise(pl.lit(text("not_given"))))
    if col.kind.startswith("code:"):
        code_kind = col.kind.split(":", 1)[1]
        mapping = {code: label(code_kind, code) for code in CODES.get(code_kind, {})}
        return source.cast(pl.String).replace(mapping).fill_null(text("not_given"))
    # An empty text cell is shown (and downloaded) empty, not as Streamlit's grey "None".
    shown = source.cast(pl.String).fill_null("")
    return reasons.column(shown) if col.kind == "reason" else shown


# Headers of year columns, drawn without a thousands separator (2024, not 2,024).
YEAR_TITLES: set[str] = {*HEADERS["year"]}


def cleared(shown: pl.DataFrame) -> pl.DataFrame:
    """``shown`` with no rows, still naming its query columns (charts and downloads read them)."""
    sources = downloads.source_columns(shown)
    return shown.clear() if sources is None else downloads.mark(shown.clear(), sources)


def display(frame: pl.DataFrame, columns: list[Col]) -> pl.DataFrame:
    """The frame as the reader sees it: chosen columns, labels, percentages, their headers."""
    YEAR_TITLES.update(c.title() for c in columns if c.kind == "year")
    shown = frame.select(_expression(c).alias(c.title()) for c in columns)
    return downloads.mark(shown, (c.source for c in columns))  # the download rule reads these


LONG_TEXT = 24   # display width (a CJK character counts 2) above which a text column is capped


def _column_config(shown: pl.DataFrame) -> dict:
    """Numbers with thousands separators; a text column of long values (a programme's full
    name) capped at a medium width, so that the columns after it stay on screen (the cell
    shows the whole text when clicked, and downloads hold it whole)."""
    config = {}
    for name, dtype in shown.schema.items():
        if dtype.is_numeric() and name not in YEAR_TITLES:   # 305,100 元, not 305100
            config[name] = st.column_config.NumberColumn(format="localized")
        elif dtype == pl.String and shown.height:
            longest = max((fmt.display_width(v) for v in shown[name].drop_nulls().head(500).to_list()), default=0)
            if longest > LONG_TEXT:
                config[name] = st.column_config.TextColumn(width="medium")
    return config


def show(shown: pl.DataFrame, name: str, key: str, height: int | None = None,
         everything: Callable[[], pl.DataFrame] | None = None) -> None:
    """Draw a display frame with its CSV / Excel downloads; an empty frame gives a message.

    The table grows with its rows up to about 16 of them, then scrolls.
    """
    if shown.is_empty():
        st.info(text("no_data"), icon=":material/info:")
        return
    height = height or min(600, 35 * (shown.height + 1) + 3)
    st.dataframe(shown, hide_index=True, column_config=_column_config(shown), height=height,
                 key=f"table_{key}")
    downloads.buttons(shown, name, key, everything)
