"""Plan page: participants against planned seats (per program, per tier) and against the
annual plan targets.

Reads ``program``, ``participation`` and ``plan_target_program``; the definitions are the
headers of ``metric_program_plan.sql`` and ``metric_plan_target.sql``. Participants are
counted only from the schools in scope (``allowed_schools`` and the school, township,
stage, urban/rural, subject and development-tier filters), while seats and targets are the
bureau's, so a school user sees their own share of each plan. Completion is a ratio that
exceeds 1 when a plan is over-subscribed.

Under a school scope the programmes themselves are scoped too: bureau programmes (national,
provincial, municipal, county tiers) are listed for everyone, a school-tier programme only
to the schools whose teachers took part in it (a programme row has no school column: its
participants say whose it is). Another school's own programmes, with their names and
planned seats, are never listed or counted.
"""
from __future__ import annotations

import duckdb
import polars as pl

from warehouse.filters import Filters, where_clause
from warehouse import layer
from warehouse.queries.common import run

PARTICIPANT_COLUMNS = {
    # a participation row's year is its program's (the ETL copies it), so the years bound both;
    # on participation it lets DuckDB skip the other years' row groups of ten million rows
    "year": "pa.year",
    "school": "pa.school_code",
    "township": "s.township",
    "stage": "s.stage",
    "urban_rural": "s.urban_rural",
    "subject": "r.subject",
    "dev_tier": "r.dev_tier",
}
PROGRAM_COLUMNS = {"year": "p.year"}
TIER_ORDER = "(select code as train_tier, sort_order as tier_order from codebook where list = 'train_tier') as o"


def _participants(filters: Filters) -> tuple[str, dict]:
    """CTE body: participation rows in scope (program_code, result), for counting per program.

    The school list and the roster are joined only when a filter needs them.
    """
    f = filters.replace(train_tiers=(), train_forms=())
    where, params = where_clause(f, PARTICIPANT_COLUMNS)
    joins = []
    if f.townships or f.stages or f.urban_rural:
        joins.append("left join school as s using (school_code)")
    if f.subjects or f.dev_tiers:
        joins.append("left join roster as r on r.year = pa.year and r.teacher_key = pa.teacher_key")
    if filters.train_tiers or filters.train_forms:
        # Every caller joins the counts to its programs, so this only trims the rows to count;
        # with no tier chosen the year bound already does, and the semi-join would cost more.
        condition = "pa.program_code in (select program_code from programs)"
        where = f"{where}\n  and {condition}" if where else f"where {condition}"
    sql = f"""
        select pa.program_code, pa.result
        from participation as pa
        {' '.join(joins)}
        {where}"""
    return sql, params


def _programs(filters: Filters) -> tuple[str, dict]:
    # bureau programmes are visible to all (the scope applies to their participants); a school's
    # own programmes only to that school
    where, params = where_clause(filters.replace(allowed_schools=None), PROGRAM_COLUMNS)
    conditions = []
    if filters.train_tiers:
        conditions.append("list_contains($f_train_tiers, p.train_tier)")
        params["f_train_tiers"] = list(filters.train_tiers)
    if filters.train_forms:   # a programme without a form is 'unknown' (未填)
        conditions.append("list_contains($f_train_forms, coalesce(p.form, 'unknown'))")
        params["f_train_forms"] = list(filters.train_forms)
    if filters.allowed_schools is not None:
        conditions.append("(p.train_tier <> 'school' or p.program_code in (select program_code from "
                          "participation where list_contains($p_allowed_schools, school_code)))")
        params["p_allowed_schools"] = sorted(filters.allowed_schools)
    for condition in conditions:
        where = f"{where}\n  and {condition}" if where else f"where {condition}"
    return f"select p.* from program as p {where}", params


def program_completion(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 100,
                       offset: int = 0) -> pl.DataFrame:
    """One page of programs in the selected years and tiers, newest year first, then tier
    order and program code.

    Columns: program_code, program_name, year, train_tier, theme, planned_seats,
    participants, passed, completion (participants ÷ planned seats; NULL without seats),
    total (programs in all pages).
    """
    part_sql, part_params = _participants(filters)
    prog_sql, prog_params = _programs(filters)
    sql = f"""
    with
    programs as ({prog_sql}),
    participants as ({part_sql}),
    counts as (
        select program_code, count(*) as participants,
               count(*) filter (where result = 'passed') as passed
        from participants group by program_code
    )
    select p.program_code, p.program_name, p.year, p.train_tier, p.theme, p.planned_seats,
           coalesce(c.participants, 0) as participants,
           coalesce(c.passed, 0) as passed,
           {layer.rate_sql("completion", {"participants": "coalesce(c.participants, 0)",
                                          "planned_seats": "p.planned_seats"}.get)} as completion,
           count(*) over () as total
    from programs as p
    left join counts as c using (program_code)
    left join {TIER_ORDER} using (train_tier)
    order by p.year desc, o.tier_order, p.program_code
    limit $limit offset $offset
    """
    return run(con, sql, {**part_params, **prog_params, "limit": int(limit), "offset": int(offset)})


def tier_completion(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Per year and training tier (tiers with programs only), oldest year first.

    Columns: year, train_tier, programs, programs_with_seats, planned_seats,
    participants (all programs), participants_with_seats (programs with planned seats),
    completion (participants_with_seats ÷ planned_seats; NULL when no program has seats).
    """
    return _completion(con, filters, by_tier=True)


def completion_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The page's headline: ``tier_completion`` summed over the tiers, one row per year with
    programs. Columns: year, programs, programs_with_seats, planned_seats, participants,
    participants_with_seats, completion."""
    return _completion(con, filters, by_tier=False)


def _completion(con: duckdb.DuckDBPyConnection, filters: Filters, by_tier: bool) -> pl.DataFrame:
    part_sql, part_params = _participants(filters)
    prog_sql, prog_params = _programs(filters)
    keys = "year, train_tier" if by_tier else "year"
    sql = f"""
    with
    programs as ({prog_sql}),
    participants as ({part_sql}),
    counts as (select program_code, count(*) as participants from participants group by program_code),
    per_program as (
        select p.year, p.train_tier, p.planned_seats, coalesce(c.participants, 0) as participants
        from programs as p left join counts as c using (program_code)
    ),
    totals as (
        select {keys},
            count(*) as programs,
            count(*) filter (where planned_seats > 0) as programs_with_seats,
            coalesce(sum(planned_seats) filter (where planned_seats > 0), 0)::bigint as planned_seats,
            sum(participants)::bigint as participants,
            coalesce(sum(participants) filter (where planned_seats > 0), 0)::bigint as participants_with_seats
        from per_program
        group by {keys}
    )
    select t.year, {"t.train_tier, " if by_tier else ""}t.programs, t.programs_with_seats, t.planned_seats,
           t.participants, t.participants_with_seats,
           {layer.rate_sql("tier_completion", "t.{}".format)} as completion
    from totals as t
    {f"left join {TIER_ORDER} using (train_tier)" if by_tier else ""}
    order by t.year{", o.tier_order" if by_tier else ""}
    """
    return run(con, sql, {**part_params, **prog_params})


def plan_vs_actual(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Annual plan targets against person-times in the matching programs, per year and
    category (plans in the selected years; the tier filter matches the plan's tier).

    Columns: year, category, train_tier, target, programs, actual, completion
    (actual ÷ target).
    """
    part_sql, part_params = _participants(filters)
    # targets are the bureau's; the scope applies to the participants counted against them
    where, params = where_clause(filters.replace(allowed_schools=None), {"year": "t.year"})
    if filters.train_tiers:
        condition = "list_contains($f_train_tiers, t.train_tier)"
        where = f"{where}\n  and {condition}" if where else f"where {condition}"
        params["f_train_tiers"] = list(filters.train_tiers)
    m_where, m_params = where_clause(filters.replace(allowed_schools=None), {"year": "m.year"})
    visible = ""  # a school scope counts the bureau's programmes and the school's own only
    if filters.allowed_schools is not None:
        visible = ("where m.program_code in (select p.program_code from program as p where p.train_tier <> 'school' "
                   "or p.program_code in (select program_code from participation "
                   "where list_contains($p_allowed_schools, school_code)))")
        m_params["p_allowed_schools"] = sorted(filters.allowed_schools)
    sql = f"""
    with
    programs as (select distinct m.program_code from plan_target_program as m {m_where}),
    participants as ({part_sql}),
    counts as (select program_code, count(*) as participants from participants group by program_code),
    matched as (
        select m.year, m.category, count(*) as programs, coalesce(sum(c.participants), 0)::bigint as actual
        from plan_target_program as m
        left join counts as c using (program_code)
        {visible}
        group by m.year, m.category
    )
    select t.year, t.category, t.train_tier, t.target,
           coalesce(m.programs, 0) as programs,
           coalesce(m.actual, 0) as actual,
           {layer.rate_sql("target_completion", {"actual": "coalesce(m.actual, 0)", "target": "t.target"}.get)}
               as completion
    from plan_target as t
    left join matched as m using (year, category)
    {where}
    order by t.year, t.category
    """
    return run(con, sql, {**part_params, **params, **m_params})
