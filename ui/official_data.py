"""The official statistics tables for the page, cached like every query (``ui.data``): keyed on the
reader's scoped filters, the period, the language, whether teacher rows may be shown, and the
warehouse version, so a new load shows at once."""
from __future__ import annotations

import streamlit as st

from report.official.tables import OfficialStats, build
from report.official.workbook import workbook_bytes
from ui import data
from ui.downloads import file_stem, mark
from ui.i18n import text
from ui.reader import resolve_user, scope_filters
from warehouse.filters import Filters


@st.cache_data(ttl=600, max_entries=200, show_spinner=False)
def _cached(filters_json: str, period: str, lang: str, teacher_level: bool, path: str, version) -> OfficialStats:
    filters = Filters.model_validate_json(filters_json)
    with data.connection().cursor() as cur:
        return build(cur, filters, period, lang, teacher_level)


def official_stats(filters: Filters, period: str, lang: str) -> OfficialStats:
    filters = scope_filters(filters)  # the reader's row-level scope, whatever the page passed
    user = resolve_user()
    teacher_level = bool(user and user.can_download_teacher_rows)
    path = data.warehouse_file()
    stats = _cached(filters.model_dump_json(), period, lang, teacher_level, str(path), data.version(path))
    for table in stats.tables:  # the cache hands back copies: mark them here, for the download rule
        mark(table.frame, table.sources)
    return stats


def workbook_button(stats: OfficialStats, scope: str) -> None:
    """One workbook of every table on the page, with a rule (口径) sheet each; built on click."""
    st.download_button(text("of_download"), data=lambda: workbook_bytes(stats, scope),
                       file_name=file_stem(f"{stats.year}_{text('p_official')}_{scope.replace(' · ', '_')}") + ".xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="of_workbook", on_click="ignore", icon=":material/download:")
