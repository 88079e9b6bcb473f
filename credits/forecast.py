"""Cycle forecast queries over ``metric_teacher_credit`` (warehouse/sql/metrics/): the
projected completion rate at the end of the cycle for the county, each school or each stage,
and the teachers who can no longer make it or are at risk.

Same contract as ``warehouse.queries``: ``(con, filters, …) -> polars.DataFrame``, values
bound, the reader's scope applied through ``warehouse.filters.where_clause`` on the
teacher's as-of school. The cycle is the one holding the selected year (the end of a year
range), else the latest cycle with a roster.
"""
from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl

from warehouse.filters import Filters, where_clause
from warehouse.queries.common import run

By = Literal["total", "school", "stage"]
Status = Literal["unreachable", "at_risk"]

COLUMNS = {"school": "m.school_code", "township": "s.township", "stage": "s.stage",
           "urban_rural": "s.urban_rural"}
GROUPS: dict[str, tuple[str, ...]] = {"total": (), "school": ("m.school_code", "s.school_name"), "stage": ("s.stage",)}


def _scope(filters: Filters) -> tuple[str, dict]:
    """The where-clause on the ledger (alias m) joined to school (alias s), in one cycle."""
    where, params = where_clause(filters.replace(year=None), COLUMNS)
    cycle = """m.cycle_start = (select max(cycle_start) from metric_teacher_credit
                                where $year is null or cycle_start <= $year)"""
    where = f"{where}\n  and {cycle}" if where else f"where {cycle}"
    return where, {**params, "year": filters.year_to}


def forecast(con: duckdb.DuckDBPyConnection, filters: Filters, by: By = "total") -> pl.DataFrame:
    """Teachers by forecast class and the projected completion rate, per ``by`` value.

    Columns: cycle_start, cycle_end, as_of_year, rule_id, unit, the ``by`` columns
    (school: school_code, school_name; stage: stage), teachers, met, on_pace, at_risk,
    unreachable, compliance_rate (met ÷ teachers), projected_rate ((met + on_pace) ÷
    teachers), gap_to_full (teachers short of the 100% line), avg_earned, avg_required.
    Rates are NULL with no teachers. Sorted by projected_rate, lowest first.
    """
    if by not in GROUPS:
        raise ValueError(f"unknown dimension {by!r}")
    where, params = _scope(filters)
    keys = GROUPS[by]
    names = [k.split(".")[1] for k in keys]
    group = ", ".join(["m.cycle_start", "m.cycle_end", "m.as_of_year", "m.rule_id", "m.unit", *keys])
    select = ", ".join(["cycle_start", "cycle_end", "as_of_year", "rule_id", "unit", *names])
    sql = f"""
    with counts as (
        select {group},
            count(*)                                          as teachers,
            count(*) filter (where m.forecast = 'met')         as met,
            count(*) filter (where m.forecast = 'on_pace')     as on_pace,
            count(*) filter (where m.forecast = 'at_risk')     as at_risk,
            count(*) filter (where m.forecast = 'unreachable') as unreachable,
            avg(m.earned)                                      as avg_earned,
            avg(m.required)                                    as avg_required
        from metric_teacher_credit as m
        left join school as s using (school_code)
        {where}
        group by {group}
    )
    select {select}, teachers, met, on_pace, at_risk, unreachable,
           met / nullif(teachers, 0)               as compliance_rate,
           (met + on_pace) / nullif(teachers, 0)   as projected_rate,
           teachers - met - on_pace                as gap_to_full,
           avg_earned, avg_required
    from counts
    order by projected_rate nulls last, {select}
    """
    return run(con, sql, params)


def teachers(con: duckdb.DuckDBPyConnection, filters: Filters, status: Status = "unreachable",
             limit: int = 50, offset: int = 0) -> pl.DataFrame:
    """One page of the teachers in a forecast class, most remaining first.

    Columns: teacher_key (for the record's link), name, id_masked, school_code,
    school_name, earned, required, remaining, pace, projected, years_left, unit, total (rows
    in all pages). Identity is the name and the masked ID only.
    """
    where, params = _scope(filters)
    # The page's rows are found on the ledger alone (sorted, cut to one page), and only they
    # meet the teacher table: a province has hundreds of thousands of teachers behind.
    sql = f"""
    with matching as (
        select m.teacher_key, m.school_code, s.school_name, m.earned, m.required, m.remaining,
               m.pace, m.projected, m.years_left, m.unit
        from metric_teacher_credit as m
        left join school as s using (school_code)
        {where}
          and m.forecast = $status
    ),
    page as (
        select * from matching
        order by remaining desc, school_code, teacher_key
        limit $limit offset $offset
    )
    select g.teacher_key, t.name, t.id_masked, g.school_code, g.school_name, g.earned, g.required,
           g.remaining, g.pace, g.projected, g.years_left, g.unit,
           (select count(*) from matching) as total
    from page as g
    left join teacher as t using (teacher_key)
    order by g.remaining desc, g.school_code, g.teacher_key
    """
    return run(con, sql, {**params, "status": status, "limit": int(limit), "offset": int(offset)})


def rule_in_use(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The rule set the stored ledger was computed with: rule_id, name, source, check_note,
    unit, total, cycle_start, cycle_years, digest (no row when none was applied)."""
    return run(con, """select rule_id, name, source, check_note, unit, total, cycle_start, cycle_years,
                              yearly_min, new_teacher, digest from credit_rule_set""")


def unreachable_teachers(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 50,
                         offset: int = 0) -> pl.DataFrame:
    """``teachers`` of the class 'unreachable' (a paged list for ``ui.widgets.paged``)."""
    return teachers(con, filters, "unreachable", limit, offset)


def at_risk_teachers(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 50,
                     offset: int = 0) -> pl.DataFrame:
    """``teachers`` of the class 'at_risk' (a paged list for ``ui.widgets.paged``)."""
    return teachers(con, filters, "at_risk", limit, offset)
