"""The page shown instead of the dashboard when the warehouse file is missing or unreadable.

It names the file and the command that builds it; it never shows a traceback.
"""
from __future__ import annotations

import streamlit as st

from access.ui import recovery_hint, unavailable_for_readers
from ui import data
from ui.i18n import text


def page() -> None:
    problem = data.problem()
    if problem is None:  # built meanwhile (e.g. by the import page): go to the dashboard
        st.rerun()
    kind, detail = problem
    if unavailable_for_readers():  # server paths and admin commands are for administrators only
        return
    if kind == "missing":
        st.title(text("missing_title"))
        st.info(text("missing_body", path=detail), icon=":material/database:")
    else:
        st.title(text("broken_title"))
        st.error(text("broken_body", path=str(data.warehouse_file()), reason=detail),
                 icon=":material/error:")
    recovery_hint()  # the kept <warehouse>.prev, when there is one
