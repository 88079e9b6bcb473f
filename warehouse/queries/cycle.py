"""Cycle page: five-year 360-hour compliance, pro-rated 72 h per elapsed year.

Reads ``teacher_cycle_year`` (warehouse/sql/metrics/teacher_cycle_year.sql), whose cycle
anchor is the DuckDB variable ``cycle_start``; every function here sets it on the
connection it is given, from ``settings.CYCLE_START`` unless ``cycle_start`` is passed.
The as-of year is the selected year (the end of a range), else the latest roster year.
The training-tier filter does not apply: every tier counts towards the 360 hours.
"""
from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl

import settings
from warehouse.filters import Filters, where_clause
from warehouse import layer
from warehouse.queries.common import latest_year, run

By = Literal["total", "school", "township", "stage", "urban_rural", "subject", "dev_tier"]

CYCLE_COLUMNS = {
    "school": "c.school_code",
    "township": "c.township",
    "stage": "c.stage",
    "urban_rural": "c.urban_rural",
    "subject": "c.subject",
    "dev_tier": "c.dev_tier",
}

GROUP_COLUMNS: dict[str, tuple[str, ...]] = {
    "total": (),
    "school": ("school_code", "school_name"),
    "township": ("township",),
    "stage": ("stage",),
    "urban_rural": ("urban_rural",),
    "subject": ("subject",),
    "dev_tier": ("dev_tier",),
}


def set_cycle_start(con: duckdb.DuckDBPyConnection, cycle_start: int | None = None) -> int:
    """Point the cycle views of this connection at a cycle anchor (default: the setting)."""
    anchor = int(settings.CYCLE_START if cycle_start is None else cycle_start)
    con.execute("set variable cycle_start = $anchor", {"anchor": anchor})
    return anchor


cycle_of = layer.cycle_of  # the start of the cycle holding a year (kept here for callers)


def _scope(con, filters: Filters, cycle_start: int | None, condition: str) -> tuple[str, dict]:
    anchor = set_cycle_start(con, cycle_start)
    as_of = latest_year(con, filters)
    # the year picks the as-of row(s); the other filters pick teachers by their as-of school
    where, params = where_clause(filters.replace(year=None), CYCLE_COLUMNS)
    where = f"{where}\n  and {condition}" if where else f"where {condition}"
    this_cycle = cycle_of(as_of, anchor) if as_of is not None else None
    return where, {**params, "as_of": as_of, "this_cycle": this_cycle}


def compliance(con: duckdb.DuckDBPyConnection, filters: Filters, by: By = "total",
               cycle_start: int | None = None) -> pl.DataFrame:
    """Share of roster teachers on pace in the cycle holding the as-of year, per ``by`` value.

    Columns: cycle_start, cycle_end, as_of_year, the ``by`` columns (school: school_code,
    school_name), teachers, compliant_teachers, compliance_rate (NULL with no teachers),
    behind_teachers, avg_passed_hours, avg_required_hours, hours_needed (sum over the
    teachers behind pace). Every filter but the tier filter applies.
    """
    if by not in GROUP_COLUMNS:
        raise ValueError(f"unknown dimension {by!r}")
    # naming the cycle lets DuckDB prune the window's partitions to one cycle
    where, params = _scope(con, filters, cycle_start, "c.cycle_start = $this_cycle and c.as_of_year = $as_of")
    keys = GROUP_COLUMNS[by]
    group = ", ".join(["c.cycle_start", "c.cycle_end", "c.as_of_year", *(f"{_col(k)}" for k in keys)])
    select_keys = ", ".join(["cycle_start", "cycle_end", "as_of_year", *keys])
    sql = f"""
    with totals as (
        select {group},
            count(*)                                   as teachers,
            count(*) filter (where c.compliant)        as compliant_teachers,
            count(*) filter (where not c.compliant)    as behind_teachers,
            avg(c.passed_hours)                        as avg_passed_hours,
            avg(c.required_hours)                      as avg_required_hours,
            sum(c.hours_needed)                        as hours_needed
        from teacher_cycle_year as c
        left join school as s using (school_code)
        {where}
        group by {group}
    )
    select {select_keys}, teachers, compliant_teachers,
           {layer.rate_sql("compliance_rate")} as compliance_rate,
           behind_teachers, avg_passed_hours, avg_required_hours, hours_needed
    from totals
    order by {select_keys}
    """
    return run(con, sql, params)


def _col(key: str) -> str:
    return "s.school_name" if key == "school_name" else f"c.{key}"


def compliance_trend(con: duckdb.DuckDBPyConnection, filters: Filters,
                     cycle_start: int | None = None) -> pl.DataFrame:
    """Compliance as of each roster year of the cycle holding the as-of year, oldest first.

    Columns: cycle_start, as_of_year, teachers, compliant_teachers, compliance_rate,
    avg_passed_hours, required_hours_full_time (72 × years elapsed since the cycle start).
    Every filter but the tier filter applies (the year only picks the cycle).
    """
    where, params = _scope(con, filters, cycle_start,
                           "c.cycle_start = $this_cycle and c.as_of_year <= $as_of")
    sql = f"""
    select c.cycle_start, c.as_of_year,
        count(*)                                 as teachers,
        count(*) filter (where c.compliant)      as compliant_teachers,
        {layer.rate_sql("compliance_rate", {"compliant_teachers": "count(*) filter (where c.compliant)",
                                            "teachers": "count(*)"}.get)} as compliance_rate,
        avg(c.passed_hours)                      as avg_passed_hours,
        {layer.pace_sql("c.as_of_year - c.cycle_start + 1")} as required_hours_full_time
    from teacher_cycle_year as c
    {where}
    group by c.cycle_start, c.as_of_year
    order by c.as_of_year
    """
    return run(con, sql, params)


WHOLE_LIST = 10_000  # rows asked for at which behind_pace reads every matching row
EVERY_ROW = 2**31 - 1  # a limit that asks for every matching row (report.official's workbook)


def behind_pace(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 50,
                offset: int = 0, cycle_start: int | None = None) -> pl.DataFrame:
    """Teachers behind pace as of the as-of year, most hours needed first, one page.

    Columns: as_of_year, school_code, school_name, id_masked, name, start_year,
    years_elapsed, passed_hours, required_hours, hours_needed, hours_to_cycle_target,
    total (rows matching in all pages). Identity is the masked ID and the name only.
    """
    where, params = _scope(con, filters, cycle_start, "c.cycle_start = $this_cycle and c.as_of_year = $as_of and not c.compliant")
    # Sorting a province's behind-pace teachers by name (from the teacher table) to show one
    # page took a second; the page's rows lie in the (hours needed, school) groups of the first
    # offset + limit rows, so only those groups meet the teacher table. Same rows, same order.
    # A whole list (the official page's 317,000 teachers) skips that step, which then keeps
    # every row anyway (0.87 -> 0.55 s).
    groups = "" if limit + offset >= WHOLE_LIST else """
        join page_groups as g
          on g.hours_needed is not distinct from m.hours_needed
         and g.school_code is not distinct from m.school_code"""
    sql = f"""
    with
    matching as (
        select c.as_of_year, c.school_code, c.teacher_key, c.start_year, c.years_elapsed,
               c.passed_hours, c.required_hours, c.hours_needed, c.hours_to_cycle_target
        from teacher_cycle_year as c
        {where}
    ),
    page_groups as (
        select distinct hours_needed, school_code
        from (select hours_needed, school_code from matching
              order by hours_needed desc, school_code
              limit $limit + $offset)
    ),
    page as (
        select m.as_of_year, m.school_code, s.school_name, t.id_masked, t.name, m.start_year,
               m.years_elapsed, m.passed_hours, m.required_hours, m.hours_needed,
               m.hours_to_cycle_target, m.teacher_key
        from matching as m{groups}
        left join school as s on s.school_code = m.school_code
        left join teacher as t on t.teacher_key = m.teacher_key
        order by m.hours_needed desc, m.school_code, t.name, m.teacher_key
        limit $limit offset $offset
    )
    select as_of_year, school_code, school_name, id_masked, name, start_year, years_elapsed,
           passed_hours, required_hours, hours_needed, hours_to_cycle_target,
           (select count(*) from matching) as total
    from page
    order by hours_needed desc, school_code, name, teacher_key
    """
    return run(con, sql, {**params, "limit": int(limit), "offset": int(offset)})
