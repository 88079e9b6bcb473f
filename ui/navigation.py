"""The dashboard's pages, in menu order: the one list ``app.py`` builds its navigation from.

Page files live in ``views/<section>/``. The folder is deliberately not called ``pages/``:
Streamlit treats a ``pages/`` folder next to the entry point as an old-style multipage app,
so on a fresh server the first request for a deep link (``/ranking?year=2024``) shows
"Page not found", and every ``AppTest`` rerun after the first skips the entry point.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.i18n import text


@dataclass(frozen=True)
class PageSpec:
    path: str          # relative to the repository root
    url_path: str      # the address: http://host:8501/<url_path>
    title_key: str     # key of ui/text.toml [main]
    icon: str
    section: str       # key of ui/text.toml [main]
    filters: bool = True  # whether the global filters apply (otherwise they are folded away)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("views/analysis/overview.py", "overview", "p_overview", ":material/dashboard:", "section_analysis"),
    PageSpec("views/analysis/coverage.py", "coverage", "p_coverage", ":material/groups:", "section_analysis"),
    PageSpec("views/analysis/progression.py", "progression", "p_progression", ":material/stairs:", "section_analysis"),
    PageSpec("views/analysis/ranking.py", "ranking", "p_ranking", ":material/leaderboard:", "section_analysis"),
    PageSpec("views/analysis/school.py", "school", "p_school", ":material/school:", "section_analysis"),
    PageSpec("views/analysis/compliance.py", "compliance", "p_compliance", ":material/schedule:", "section_analysis"),
    PageSpec("views/analysis/teacher.py", "teacher", "p_teacher", ":material/badge:", "section_analysis"),
    PageSpec("views/analysis/awards.py", "awards", "p_awards", ":material/emoji_events:", "section_analysis"),
    PageSpec("views/analysis/plan.py", "plan", "p_plan", ":material/fact_check:", "section_analysis"),
    PageSpec("views/analysis/official.py", "official", "p_official", ":material/assignment:", "section_analysis"),
    PageSpec("views/data/import_files.py", "import", "p_import", ":material/upload_file:", "section_data", filters=False),
    PageSpec("views/data/quality.py", "quality", "p_quality", ":material/rule:", "section_data", filters=False),
)


def st_page(spec: PageSpec, default: bool = False) -> st.Page:
    return st.Page(spec.path, title=text(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                   default=default)


def sections(specs: tuple[PageSpec, ...] = PAGES) -> dict[str, list]:
    """``{section title: [st.Page, …]}`` for ``st.navigation``; the first page is the home page."""
    grouped: dict[str, list] = {}
    for i, spec in enumerate(specs):
        grouped.setdefault(text(spec.section), []).append(st_page(spec, default=(i == 0)))
    return grouped


def spec_for(url_path: str) -> PageSpec | None:
    return next((p for p in PAGES if p.url_path == url_path), None)
