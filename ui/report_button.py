"""The year-end report button (overview and school pages): the same .docx as
``python -m report annual``, for the page's year and scope and the reader's access.

The report covers the county, one township or one school: one school chosen (or a
school account) gives the school's report, one township its report, anything else the
county's. Filters the report does not take (stage, urban/rural, tiers, several townships)
are named under the button. Two clicks: "make" builds the file (a second or two), then the
download offers it; the file is kept per filters, language and warehouse version.
"""
from __future__ import annotations

import streamlit as st

from ui.reader import scope_filters
from report.annual import ReportError, file_name, make_report
from ui import data
from ui.i18n import lang, text
from warehouse.filters import Filters

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def request(filters: Filters) -> tuple[int | None, str | None, str | None, list[str]]:
    """(year, township, school, ignored filter names) the report is made for."""
    school = filters.schools[0] if len(filters.schools) == 1 else None
    township = filters.townships[0] if len(filters.townships) == 1 and not school else None
    ignored = [k for k in ("stages", "urban_rural", "train_tiers", "subjects", "dev_tiers")
               if getattr(filters, k, ())]
    if len(filters.townships) > 1 and not school:
        ignored.append("townships")
    if len(filters.schools) > 1:
        ignored.append("schools")
    return filters.year_to, township, school, ignored


def show(filters: Filters, key: str = "annual_report") -> None:
    """Draw the button (and, once made, the download) for ``filters``."""
    f = scope_filters(filters)
    year, township, school, ignored = request(f)
    if year is None:
        return
    signature = (f.model_dump_json(), lang(), data.version())
    if st.button(text("report_button.make"), key=key, help=text("report_button.help"), icon=":material/description:"):
        with st.spinner(text("report_button.making")):
            try:
                with data.connection().cursor() as con:
                    made, report = make_report(con, year, township=township, school=school,
                                               allowed_schools=f.allowed_schools, lang=lang())
            except ReportError as exc:
                st.warning(str(exc))
                return
        st.session_state[f"{key}_file"] = (signature, made, file_name(report))
    stored = st.session_state.get(f"{key}_file")
    if stored and stored[0] == signature:
        st.download_button(text("report_button.download", name=stored[2]), stored[1], file_name=stored[2], mime=DOCX,
                           key=f"{key}_download", on_click="ignore", icon=":material/download:")
    if ignored:
        st.caption(text("report_button.ignored", names="、".join(text(f"report_button.{k}") for k in ignored)))
