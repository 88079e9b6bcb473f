"""Coverage page: coverage, person-times, pass rate and hours per teacher by a dimension,
the urban/town/rural equity gaps, and the (paged) list of roster teachers not yet trained.

Reads the ``teacher_year`` model (warehouse/sql/metrics/teacher_year.sql), or its sums per
school and year (``school_year_totals``) when the filters allow (``common.totals_source``);
the measures are those of ``metric_school_year`` and ``metric_tier_year`` (see their headers).
"""
from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl

from settings import TRAIN_TIERS
from warehouse.filters import Filters
from warehouse.queries.common import RATES, aggregates, run, teacher_year_where, tier_columns, totals_source

By = Literal["year", "school", "township", "stage", "subject", "urban_rural", "dev_tier", "train_tier"]

# Grouping columns per dimension: fixed text, never from the user.
GROUP_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": (),
    "school": ("school_code", "school_name", "stage", "township", "urban_rural"),
    "township": ("township",),
    "stage": ("stage",),
    "subject": ("subject",),
    "urban_rural": ("urban_rural",),
    "dev_tier": ("dev_tier",),
}

COMPONENTS = "roster_teachers, trained_teachers, person_times, with_result, passed, passed_hours"


def coverage_by(con: duckdb.DuckDBPyConnection, filters: Filters, by: By = "school") -> pl.DataFrame:
    """One row per year and value of ``by``, ordered by year then that value.

    Columns: year, the ``by`` columns (school: school_code, school_name, stage, township,
    urban_rural; train_tier: train_tier; otherwise the column named ``by``),
    roster_teachers, trained_teachers, person_times, with_result, passed, passed_hours,
    coverage, pass_rate, hours_per_teacher. Every filter applies. By train_tier, each
    selected tier (all five when none is selected) gets its own coverage over all roster
    teachers, as in ``metric_tier_year``.
    """
    where, params = teacher_year_where(filters)
    if by == "train_tier":
        tiers = filters.train_tiers or TRAIN_TIERS
        parts = []
        for order, tier in enumerate(TRAIN_TIERS, start=1):
            if tier in tiers:
                source, sums = totals_source(filters.replace(train_tiers=(tier,)))
                parts.append(f"""select ty.year, '{tier}' as train_tier, {order} as tier_order, {sums}
                    from {source} as ty {where} group by ty.year""")
        sql = f"""
        with totals as ({' union all '.join(parts)})
        select year, train_tier, {COMPONENTS}, {RATES}
        from totals order by year, tier_order
        """
        return run(con, sql, params)
    if by not in GROUP_COLUMNS:
        raise ValueError(f"unknown dimension {by!r}")
    keys = GROUP_COLUMNS[by]
    group = ", ".join(["ty.year", *(f"ty.{k}" for k in keys)])
    select_keys = ", ".join(["year", *keys])
    # Subject and development tier are teacher attributes: only teacher_year has them.
    source, sums = totals_source(filters) if by not in ("subject", "dev_tier") else \
        ("teacher_year", aggregates(filters))
    sql = f"""
    with totals as (
        select {group}, {sums}
        from {source} as ty
        {where}
        group by {group}
    )
    select {select_keys}, {COMPONENTS}, {RATES}
    from totals
    order by {select_keys}
    """
    return run(con, sql, params)


def equity_gaps(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Urban vs town vs rural, one row per year and urban_rural value (urban, town, rural).

    Columns: year, urban_rural, roster_teachers, trained_teachers, coverage, passed_hours,
    hours_per_teacher, coverage_gap_to_urban, hours_gap_to_urban (this group minus the
    urban group of the same year; NULL when either side has no roster teachers),
    coverage_gap (highest minus lowest coverage among the three that year). Every filter
    applies.
    """
    where, params = teacher_year_where(filters)
    source, sums = totals_source(filters)
    sql = f"""
    with
    totals as (
        select ty.year, ty.urban_rural, {sums}
        from {source} as ty
        {where}
        group by ty.year, ty.urban_rural
    ),
    groups as (
        select y.year, g.urban_rural, g.group_order
        from (select distinct year from totals) as y
        cross join (values ('urban', 1), ('town', 2), ('rural', 3)) as g(urban_rural, group_order)
    ),
    rated as (
        select
            g.year, g.urban_rural, g.group_order,
            coalesce(t.roster_teachers, 0)  as roster_teachers,
            coalesce(t.trained_teachers, 0) as trained_teachers,
            t.trained_teachers / nullif(t.roster_teachers, 0) as coverage,
            coalesce(t.passed_hours, 0)     as passed_hours,
            t.passed_hours / nullif(t.roster_teachers, 0)     as hours_per_teacher
        from groups as g
        left join totals as t using (year, urban_rural)
    ),
    final as (
        select
            r.year, r.urban_rural, r.roster_teachers, r.trained_teachers, r.coverage,
            r.passed_hours, r.hours_per_teacher,
            r.coverage - max(r.coverage) filter (where r.urban_rural = 'urban')
                over (partition by r.year)                          as coverage_gap_to_urban,
            r.hours_per_teacher - max(r.hours_per_teacher) filter (where r.urban_rural = 'urban')
                over (partition by r.year)                          as hours_gap_to_urban,
            max(r.coverage) over (partition by r.year)
                - min(r.coverage) over (partition by r.year)        as coverage_gap,
            r.group_order
        from rated as r
    )
    select * exclude (group_order) from final order by year, group_order
    """
    return run(con, sql, params)


def untrained_teachers(con: duckdb.DuckDBPyConnection, filters: Filters,
                       limit: int = 50, offset: int = 0) -> pl.DataFrame:
    """Roster teachers with no passed participation in the year (of the selected tiers), a
    page of ``limit`` rows from ``offset``, ordered by year, school, name.

    Columns: year, school_code, school_name, id_masked, name, subject, dev_tier,
    person_times, total (rows matching in all pages). Teacher identity is the masked ID
    and the name only. Every filter applies.
    """
    where, params = teacher_year_where(filters)
    t = tier_columns(filters)
    condition = "ty.on_roster and " + f"{t['passed']} = 0"
    where = f"{where}\n  and {condition}" if where else f"where {condition}"
    # Joining every untrained teacher of a province year (about 30,000) to the teacher table to
    # sort them by name for one page cost about a third of the query. The page's rows lie
    # in the (year, school) groups of the first offset + limit rows, so only those groups meet
    # the teacher table (as in award_list and behind_pace); same rows, same order.
    sql = f"""
    with
    matching as (
        select ty.year, ty.school_code, ty.school_name, ty.teacher_key, ty.subject, ty.dev_tier,
               {t['person_times']} as person_times
        from teacher_year as ty
        {where}
    ),
    page_groups as (
        select distinct year, school_code
        from (select year, school_code from matching
              order by year, school_code
              limit $limit + $offset)
    ),
    page as (
        select m.year, m.school_code, m.school_name, te.id_masked, te.name, m.subject, m.dev_tier,
               m.person_times, m.teacher_key
        from matching as m
        join page_groups as g
          on g.year = m.year and g.school_code is not distinct from m.school_code
        left join teacher as te on te.teacher_key = m.teacher_key
        order by m.year, m.school_code, te.name, m.teacher_key
        limit $limit offset $offset
    )
    select year, school_code, school_name, id_masked, name, subject, dev_tier, person_times,
           (select count(*) from matching) as total
    from page
    order by year, school_code, name, teacher_key
    """
    return run(con, sql, {**params, "limit": int(limit), "offset": int(offset)})
