"""Shared pieces of the query modules: running SQL, and the measures over ``teacher_year``.

The measure expressions below aggregate the ``teacher_year`` model exactly as the
``metric_school_year`` / ``metric_tier_year`` views do (see their header comments); the
tests check that the two agree. Tier names come from ``settings.TRAIN_TIERS`` only.
"""
from __future__ import annotations

import re

import duckdb
import polars as pl

from settings import TRAIN_TIERS
from warehouse.filters import Filters, where_clause

# Filter dimension -> column of the teacher_year model (alias ty).
TEACHER_YEAR_COLUMNS = {
    "year": "ty.year",
    "school": "ty.school_code",
    "township": "ty.township",
    "stage": "ty.stage",
    "urban_rural": "ty.urban_rural",
    "subject": "ty.subject",
    "dev_tier": "ty.dev_tier",
}

# Filter dimension -> column of a school-grain source (alias s), for views without teachers.
SCHOOL_COLUMNS = {
    "year": "s.year",
    "school": "s.school_code",
    "township": "s.township",
    "stage": "s.stage",
    "urban_rural": "s.urban_rural",
}


def used_params(sql: str, params: dict | None) -> dict:
    """The parameters the SQL names (DuckDB refuses values for markers that are absent)."""
    names = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql))
    return {k: v for k, v in (params or {}).items() if k in names}


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pl.DataFrame:
    """Execute with bound parameters and return a polars DataFrame."""
    return con.sql(sql, params=used_params(sql, params)).pl()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None):
    """The first column of the first row (or None); the result is read to its end."""
    rows = con.execute(sql, used_params(sql, params)).fetchall()
    return rows[0][0] if rows else None


def _tier_sum(column: str, tiers: tuple[str, ...]) -> str:
    # Only names from the fixed tier list ever reach the SQL text.
    assert all(t in TRAIN_TIERS for t in tiers)
    return "(" + " + ".join(f"ty.{column}_{t}" for t in tiers) + ")"


def tier_columns(filters: Filters) -> dict[str, str]:
    """Per-teacher-year expressions honouring ``filters.train_tiers``.

    With no tier selected these are the all-tier columns; with tiers selected, the sums
    of those tiers' columns, and a teacher counts as trained when passed in any of them.
    """
    tiers = tuple(filters.train_tiers)
    if not tiers:
        return {
            "person_times": "ty.person_times",
            "with_result": "ty.with_result",
            "passed": "ty.passed",
            "passed_hours": "ty.passed_hours",
        }
    return {c: _tier_sum(c, tiers) for c in ("person_times", "with_result", "passed", "passed_hours")}


def aggregates(filters: Filters) -> str:
    """Select-list of the additive components, over ``teacher_year ty``."""
    t = tier_columns(filters)
    return f"""
        count(*) filter (where ty.on_roster)                          as roster_teachers,
        count(*) filter (where ty.on_roster and {t['passed']} > 0)    as trained_teachers,
        coalesce(sum({t['person_times']}), 0)::bigint                 as person_times,
        coalesce(sum({t['with_result']}), 0)::bigint                  as with_result,
        coalesce(sum({t['passed']}), 0)::bigint                       as passed,
        coalesce(sum({t['passed_hours']}), 0)::double                 as passed_hours"""


SCHOOL_TOTALS = "school_year_totals"


def totals_source(filters: Filters) -> tuple[str, str]:
    """``(model, select-list)``: where a query grouping by year or school attributes reads
    the additive components (``aggregates``' columns), over alias ``ty``.

    The stored ``school_year_totals`` (a row per school and year, 15,000 in a province) holds
    them already summed, so the sums of its rows are the counts over ``teacher_year`` (three
    million rows) for any filter on year or school attributes and at most one training tier.
    A subject or development-tier filter, or several tiers at once (a teacher trained in two
    of them counts once), need the teacher rows: ``teacher_year`` and ``aggregates``.
    """
    tiers = tuple(filters.train_tiers)
    if filters.subjects or filters.dev_tiers or len(tiers) > 1:
        return "teacher_year", aggregates(filters)
    suffix = f"_{tiers[0]}" if tiers else ""
    assert not tiers or tiers[0] in TRAIN_TIERS  # only names from the fixed list reach the SQL
    trained = f"trained{suffix}" if tiers else "trained_teachers"
    return SCHOOL_TOTALS, f"""
        coalesce(sum(ty.roster_teachers), 0)::bigint           as roster_teachers,
        coalesce(sum(ty.{trained}), 0)::bigint                 as trained_teachers,
        coalesce(sum(ty.person_times{suffix}), 0)::bigint      as person_times,
        coalesce(sum(ty.with_result{suffix}), 0)::bigint       as with_result,
        coalesce(sum(ty.passed{suffix}), 0)::bigint            as passed,
        coalesce(sum(ty.passed_hours{suffix}), 0)::double      as passed_hours"""


# The rates, computed from the components exactly as the metric views define them.
RATES = """
        trained_teachers / nullif(roster_teachers, 0) as coverage,
        passed / nullif(with_result, 0)               as pass_rate,
        passed_hours / nullif(roster_teachers, 0)     as hours_per_teacher"""


def teacher_year_where(filters: Filters) -> tuple[str, dict]:
    return where_clause(filters, TEACHER_YEAR_COLUMNS)


def latest_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> int | None:
    """The selected year (the end of a range), else the latest year with roster data."""
    if filters.year_to is not None:
        return filters.year_to
    return scalar(con, "select max(year) from roster")
