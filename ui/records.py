"""The teacher-record page's words (zh / en) and its two drawing helpers: a table whose rows
link to each teacher's record, and the .docx certificate's download button.

Both helpers keep the page's promises: a table comes with its CSV / Excel downloads (without
the link column), and teacher-level files only for readers who may have them.
"""
from __future__ import annotations

import polars as pl
import streamlit as st

from ui import downloads
from ui.i18n import lang, pairs, text

# The page's words and headers, from the one catalogue (ui/text.toml).
TEXT, STATUS = pairs("records"), pairs("records_status")
UNITS, HEADERS = pairs("records_units"), pairs("records_headers")


def t(key: str, **values) -> str:
    """``text("records.<key>")``: the record page's words."""
    return text(f"records.{key}", **values)


def word(words: dict, key: str) -> str:
    """``key``'s word in ``words`` (STATUS, UNITS …), or the key itself."""
    pair = words.get(key, (key, key))
    return pair[0] if lang() == "zh" else pair[1]


def header(key: str, unit: str | None = None) -> tuple[str, str]:
    """A (中文, English) column header; counts from TEXT, measures from HEADERS with the unit."""
    zh, en = HEADERS[key] if key in HEADERS else TEXT[key]
    if unit:
        zh, en = f"{zh}（{UNITS[unit][0]}）", f"{en} ({UNITS[unit][1]})"
    return zh, en


def linked_table(shown: pl.DataFrame, keys: list[str], name: str, key: str) -> None:
    """``shown`` with a last column linking each row to ``/teacher?key=…``, and the downloads of
    ``shown`` (teacher-level: for readers allowed them, see ui.downloads)."""
    if shown.is_empty():
        st.info(text("no_data"), icon=":material/info:")
        return
    column = t("open")
    linked = shown.with_columns(pl.Series(column, [f"teacher?key={k}" for k in keys]))
    st.dataframe(linked, hide_index=True, key=f"table_{key}",
                 column_config={column: st.column_config.LinkColumn(display_text=column)})
    downloads.buttons(shown, name, key)


def document_button(data: bytes | None, file_name: str, key: str, label_text: str) -> None:
    """The download of a .docx made for this reader (already scoped by the queries behind it)."""
    if data is None:
        st.info(text("no_data"), icon=":material/info:")
        return
    st.download_button(label_text, data=data, file_name=f"{downloads.file_stem(file_name)}.docx", key=f"dl_docx_{key}",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       on_click="ignore", icon=":material/description:")
