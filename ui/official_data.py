"""The official statistics tables for the page, cached like every query (``ui.data``): keyed on the
reader's scoped filters, the period, the language and the warehouse version, so a new load shows
at once.

The annex of teachers below pace (``report.official.tables.teacher_table``) is a province's
317,000 rows: the page shows it a page at a time, like the compliance page's list, and only to
roles allowed teacher-level data; its downloads and the workbook hold every page, built when the
reader clicks."""
from __future__ import annotations

import polars as pl
import streamlit as st

from report.official.tables import OfficialStats, Table, build, teacher_table, with_teachers, word
from report.official.workbook import workbook_bytes
from ui import data, format as fmt, tables, widgets
from ui.downloads import file_stem, mark
from ui.i18n import text
from ui.reader import as_reader, resolve_user, scope_filters
from warehouse.filters import Filters
from warehouse.queries.cycle import behind_pace


@st.cache_data(ttl=600, max_entries=200, show_spinner=False)
def _cached(filters_json: str, period: str, lang: str, path: str, version) -> OfficialStats:
    filters = Filters.model_validate_json(filters_json)
    with data.connection().cursor() as cur:
        return build(cur, filters, period, lang)


def official_stats(filters: Filters, period: str, lang: str) -> OfficialStats:
    """Every table but the teacher annex (``teacher_list`` draws that one)."""
    filters = scope_filters(filters)  # the reader's row-level scope, whatever the page passed
    path = data.warehouse_file()
    stats = _cached(filters.model_dump_json(), period, lang, str(path), data.version(path))
    for table in stats.tables:  # the cache hands back copies: mark them here, for the download rule
        mark(table.frame, table.sources)
    return stats


def may_list() -> bool:
    """Whether the reader may see the teacher annex (names and masked IDs)."""
    user = resolve_user()
    return bool(user and user.can_download_teacher_rows)


def _annex(rows: pl.DataFrame, lang: str) -> Table:
    """The annex of ``rows``, marked for the download rule (names and masked IDs: teacher-level)."""
    table = teacher_table(rows, lang)
    mark(table.frame, table.sources)
    return table


@st.fragment  # turning the annex's pages reruns only the annex
def teacher_list(filters: Filters, stats: OfficialStats) -> None:
    """The teacher annex, one page at a time; its downloads hold every page."""
    scoped = filters.replace(year=stats.year)
    st.subheader(word("titles", "completion_teachers", stats.lang))
    rows, count, page_of = widgets.paged(behind_pace, scoped, "of_page")
    page = _annex(rows, stats.lang)
    st.caption(text("cov_untrained_count", n=fmt.num(count)) + " " + page_of)
    tables.show(page.frame, f"{stats.year}_{page.title}", "official_completion_teachers",
                everything=widgets.every_row(behind_pace, scoped, count, lambda every: _annex(every, stats.lang).frame))
    with st.expander(word("titles", "definition", stats.lang), icon=":material/menu_book:"):
        st.text("\n".join(page.rules))


def workbook_button(stats: OfficialStats, filters: Filters, scope: str) -> None:
    """One workbook of every table on the page (the teacher annex whole, for a reader allowed
    it), with a rule (口径) sheet each; built on click."""
    def book() -> bytes:
        whole = stats
        if may_list():
            # The same cached read as the list's own downloads (``widgets.every_row``): the count
            # from its first page (cached when the page drew it), then every row.
            scoped = filters.replace(year=stats.year)
            first = data.query(behind_pace, scoped, limit=widgets.PAGE_SIZE, offset=0)
            count = first["total"][0] if first.height else 0
            every = widgets.every_row(behind_pace, scoped, count, lambda rows: rows)()
            whole = with_teachers(stats, _annex(every, stats.lang))
        return workbook_bytes(whole, scope)

    st.download_button(text("of_download"), data=as_reader(book),
                       file_name=file_stem(f"{stats.year}_{text('p_official')}_{scope.replace(' · ', '_')}") + ".xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="of_workbook", on_click="ignore", icon=":material/download:")
