"""Each page's full render time through Streamlit's ``AppTest``, and the queries it issued.

``app.py`` is the entry point (sidebar filters, navigation), as a reader gets it. For each
typical filter a new AppTest session runs the home page once (imports, first connection:
not counted), sets the sidebar widgets, then switches to each page of
``ui.navigation.PAGES``: *cold* is the run after Streamlit's caches were cleared (every
query of the page and of the sidebar goes to DuckDB), *warm* the run right after it (the
result cache answers, as for a reader who comes back to the page).

``ui.data.query`` is wrapped while the pages run, so every query a page issued is recorded
with its filters and arguments, for ``province_queries`` to time one by one.
"""
from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

# Bare-mode AppTest logs a warning on every cache call; before streamlit is imported.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

import streamlit as st  # noqa: E402
import streamlit.logger  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import settings
from ui.reader import scope_filters
from benchmarks.province_queries import Call, Case, drop_from_page_cache, make_call
from ui import data, filters as sidebar_filters
from ui.navigation import PAGES

APP = settings.ROOT / "app.py"


@dataclasses.dataclass
class Render:
    page: str        # url_path
    case: str
    cold: float
    warm: float
    queries: int     # data.query calls in the cold run
    error: str | None = None


class _Recorder:
    """Wraps ``ui.data.query`` (pages call it as ``data.query``) and notes each call."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self._original = data.query

    def __enter__(self) -> "_Recorder":
        original = self._original

        def query(function, filters, **kwargs):
            self.calls.append((function, scope_filters(filters), kwargs))
            return original(function, filters, **kwargs)

        data.query = query
        return self

    def __exit__(self, *exc) -> None:
        data.query = self._original


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def _set_sidebar(at: AppTest, case: Case) -> None:
    f = case.filters
    if f.townships:
        at.sidebar.multiselect(key=sidebar_filters.TOWNSHIP).set_value(list(f.townships))
    if f.schools:
        at.sidebar.multiselect(key=sidebar_filters.SCHOOLS).set_value(list(f.schools))


def _errors(at: AppTest) -> str | None:
    if at.exception:
        return "; ".join(str(e.value)[:200] for e in at.exception)
    return None


def render_pages(warehouse: Path, cases: list[Case], timeout: float = 300) -> tuple[list[Render], list[Call]]:
    os.environ["WAREHOUSE_PATH"] = str(warehouse)
    # Every page, the import page included, as `make run` shows them (no accounts, full rights):
    # without it the app is read-only and the import page is not registered (ui/reader.py).
    os.environ["DASHBOARD_DEMO"] = "1"
    streamlit.logger.set_log_level("error")  # bare-mode warnings on every cache call drown the log
    renders: list[Render] = []
    recorded: list[Call] = []
    with _Recorder() as recorder:
        for case in cases:
            _clear_caches()
            at = AppTest.from_file(str(APP), default_timeout=timeout)
            if case.filters.year is not None:
                at.query_params[sidebar_filters.YEAR] = str(case.filters.year)
            at.run()
            _set_sidebar(at, case)
            for spec in PAGES:
                recorder.calls.clear()
                at.switch_page(spec.path)
                _clear_caches()
                drop_from_page_cache(warehouse)
                t0 = time.perf_counter()
                at.run()
                cold = time.perf_counter() - t0
                issued = list(recorder.calls)
                t0 = time.perf_counter()
                at.run()
                warm = time.perf_counter() - t0
                renders.append(Render(spec.url_path, case.label, cold, warm, len(issued), _errors(at)))
                sidebar = {("warehouse.queries.options", "years"), ("warehouse.queries.options", "schools")}
                for function, filters, kwargs in issued:
                    page = "sidebar" if (function.__module__, function.__name__) in sidebar else spec.url_path
                    recorded.append(make_call(page, case.label, function, filters, kwargs))
    return renders, recorded
