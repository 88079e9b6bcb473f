"""The page shown instead of the dashboard when the warehouse file is missing or unreadable.

It names the file and the command that builds it; it never shows a traceback.
"""
from __future__ import annotations

import streamlit as st

from access.recovery import health
from etl.warehouse_io import previous_path
from ui import data
from ui.i18n import text
from ui.reader import resolve_user


def unavailable_for_readers() -> bool:
    """Readers who are not administrators get a plain notice (no server path, no commands);
    True when it was drawn."""
    user = resolve_user()
    if user is not None and user.can_import:
        return False
    st.info(text("access.unavailable"), icon=":material/hourglass_empty:")
    return True


def recovery_hint() -> None:
    """Under the missing/broken-warehouse message: the kept previous version, if usable. Server
    paths and admin commands are for administrators (analysts, or the demo) only."""
    user = resolve_user()
    if user is None or not user.can_import:
        return
    state = health()
    if state.previous:
        st.info(text("access.restore_hint", prev=previous_path(state.path).name), icon=":material/history:")


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
