"""Coverage page: coverage, person-times, pass rate and hours per teacher by a dimension,
the urban/town/rural equity gaps, and the (paged) list of roster teachers not yet trained.

The totals and rates come from the metric layer (``warehouse.layer``: the smallest stored
model that answers, ``school_year_totals`` or ``teacher_year``); the definitions are the
headers of ``metric_school_year`` and ``metric_tier_year``.
"""
from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl

from warehouse import layer
from warehouse.filters import Filters, where_clause
from warehouse.layer import training_form
from warehouse.layer.catalog import TEACHER_YEAR

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
    "train_tier": ("train_tier",),
}
MEASURES = ("roster_teachers", "trained_teachers", "person_times", "with_result", "passed",
            "passed_hours", "coverage", "pass_rate", "hours_per_teacher")


def coverage_by(con: duckdb.DuckDBPyConnection, filters: Filters, by: By = "school") -> pl.DataFrame:
    """One row per year and value of ``by``, ordered by year then that value.

    Columns: year, the ``by`` columns (school: school_code, school_name, stage, township,
    urban_rural; train_tier: train_tier; otherwise the column named ``by``),
    roster_teachers, trained_teachers, person_times, with_result, passed, passed_hours,
    coverage, pass_rate, hours_per_teacher. Every filter applies. By train_tier, each
    selected tier (all five when none is selected) gets its own coverage over all roster
    teachers, as in ``metric_tier_year``.
    """
    if by not in GROUP_COLUMNS:
        raise ValueError(f"unknown dimension {by!r}")
    return layer.query(con, MEASURES, ("year", *GROUP_COLUMNS[by]), filters)


def equity_gaps(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Urban vs town vs rural, one row per year and urban_rural value (urban, town, rural).

    Columns: year, urban_rural, roster_teachers, trained_teachers, coverage, passed_hours,
    hours_per_teacher, coverage_gap_to_urban, hours_gap_to_urban (this group minus the
    urban group of the same year; NULL when either side has no roster teachers),
    coverage_gap (highest minus lowest coverage among the three that year). Every filter
    applies.
    """
    rated, params = layer.render(
        ("roster_teachers", "trained_teachers", "coverage", "passed_hours", "hours_per_teacher"),
        ("year", "urban_rural"), filters, grid={"urban_rural": "urban_rural"}, keep_order=True)
    sql = f"""
    with
    rated as ({rated}),
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
            r.urban_rural__order
        from rated as r
    )
    select * exclude (urban_rural__order) from final order by year, urban_rural__order
    """
    return layer.run(con, sql, params)


def untrained_teachers(con: duckdb.DuckDBPyConnection, filters: Filters,
                       limit: int = 50, offset: int = 0) -> pl.DataFrame:
    """Roster teachers with no passed participation in the year (of the selected tiers), a
    page of ``limit`` rows from ``offset``, ordered by year, school, name.

    Columns: year, school_code, school_name, id_masked, name, subject, dev_tier,
    person_times, total (rows matching in all pages). Teacher identity is the masked ID
    and the name only. Every filter applies.
    """
    where, params = where_clause(filters, {k: v.replace("m.", "ty.") for k, v in TEACHER_YEAR.columns.items()})
    tiers = filters.train_tiers
    condition = f"ty.on_roster and {layer.tier_column('passed', tiers, 'ty')} = 0"
    where = f"{where}\n  and {condition}" if where else f"where {condition}"
    relation, form_params = training_form.source(filters)
    # Joining every untrained teacher of a province year (about 30,000) to the teacher table to
    # sort them by name for one page cost about a third of the query. The page's rows lie
    # in the (year, school) groups of the first offset + limit rows, so only those groups meet
    # the teacher table (as in award_list and behind_pace); same rows, same order.
    sql = f"""
    with
    matching as (
        select ty.year, ty.school_code, ty.school_name, ty.teacher_key, ty.subject, ty.dev_tier,
               {layer.tier_column('person_times', tiers, 'ty')} as person_times
        from {relation} as ty
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
    return layer.run(con, sql, {**params, **form_params, "limit": int(limit), "offset": int(offset)})
