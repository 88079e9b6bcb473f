"""The logged-in reader: role, schools, and what the role may do.

Roles (docs/deployment.md):
- 局领导 ``leader``: sees every school; downloads aggregated tables.
- 分析员 ``analyst``: sees every school, imports files, downloads teacher-level tables.
- 学校 ``school``: sees only its own school(s), on every page and in every download; no
  teacher-level downloads, no import, no data-quality page (rejected rows carry raw
  values of other schools' teachers and have no school column to scope by).

The row-level scope is enforced in the query layer: ``scope(filters)`` sets
``Filters.allowed_schools`` and every query function in ``warehouse/queries`` applies it.
"""
from __future__ import annotations

from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from warehouse.codebook import codes, labels
from warehouse.filters import Filters

ROLES: tuple[str, ...] = codes("role")
Role = Literal[ROLES]
ROLE_LABELS: dict[str, tuple[str, str]] = labels("role")  # code -> (zh, en), from the codebook


# Query columns (as the queries name them, before any header is translated) that make a table
# teacher-level: a teacher's name, masked ID, code or key, or the raw values of a rejected row.
TEACHER_COLUMNS = frozenset({"teacher_key", "name", "id_masked", "teacher_code", "raw"})
# A row of a bureau file (rejects, warnings): its reason or message may quote the row's cells.
ROW_COLUMNS, QUOTING_COLUMNS = frozenset({"row_number"}), frozenset({"reason", "message"})


def is_teacher_level(columns: Iterable[str]) -> bool:
    """True when a table of these query columns names teachers or quotes a bureau file's row."""
    columns = set(columns)
    return bool(columns & TEACHER_COLUMNS) or bool(columns & ROW_COLUMNS and columns & QUOTING_COLUMNS)


class User(BaseModel):
    """Who is reading. Built from an account at login (or the demo reader); frozen."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str
    role: Role
    schools: frozenset[str] = Field(default_factory=frozenset)
    display_name: str = ""
    demo: bool = False  # no accounts configured: everyone is a leader, and the app says so

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @property
    def sees_all_schools(self) -> bool:
        return self.role in ("leader", "analyst")

    @property
    def allowed_schools(self) -> frozenset[str] | None:
        """The row-level scope: ``None`` = every school; a school user's own codes otherwise."""
        return None if self.sees_all_schools else frozenset(self.schools)

    def scope(self, filters: Filters) -> Filters:
        """``filters`` narrowed to what this user may see (never widened).

        A school user gets ``allowed_schools`` = their schools, intersected with any scope
        already set; an empty result sees nothing rather than everything.
        """
        mine = self.allowed_schools
        if mine is None:
            return filters
        if filters.allowed_schools is not None:
            mine = mine & filters.allowed_schools
        return filters.replace(allowed_schools=frozenset(mine))

    @property
    def can_import(self) -> bool:
        return self.role == "analyst" or self.demo

    @property
    def can_download_teacher_rows(self) -> bool:
        """Teacher-level tables (names, masked IDs) as files: analysts only (and the demo)."""
        return self.role == "analyst" or self.demo

    def may_download(self, columns: Iterable[str] | None) -> bool:
        """May this reader download a table made of these query columns? Aggregates: yes (their
        rows are already scoped). Teacher-level rows: analysts (and the demo) only. ``None`` (a
        table whose columns are not known) counts as teacher-level."""
        return self.can_download_teacher_rows or (columns is not None and not is_teacher_level(columns))

    @property
    def can_view_data_quality(self) -> bool:
        """The rejects / load history pages: not school users (see the module docstring)."""
        return self.sees_all_schools


DEMO_USER = User(username="demo", role="leader", display_name="演示模式", demo=True)
# No accounts file and no DASHBOARD_DEMO: aggregates for everyone, no import, no teacher-level downloads.
READ_ONLY_USER = User(username="anonymous", role="leader", display_name="只读访问")
