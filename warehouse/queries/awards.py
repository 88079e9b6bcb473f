"""Awards page: awards by level, by category and by school (density per 100 roster
teachers), and a paged award list.

Reads ``award_detail`` and ``teacher_year`` (warehouse/sql/metrics/); award density is
defined in the header of ``metric_school_year.sql``. An award belongs to the school on
the award row, else to the teacher's roster school that year.
"""
from __future__ import annotations

import duckdb
import polars as pl

from warehouse.filters import Filters, where_clause
from warehouse.queries.common import run, teacher_year_where

AWARD_COLUMNS = {
    "year": "a.year",
    "school": "a.school_code",
    "township": "a.township",
    "stage": "a.stage",
    "urban_rural": "a.urban_rural",
    "subject": "a.subject",
    "dev_tier": "a.dev_tier",
}
LEVELS = "(values ('national', 1), ('provincial', 2), ('municipal', 3), ('county', 4), ('school', 5)) as l(award_level, level_order)"
CATEGORIES = ("honour", "contest", "paper", "research", "coaching", "other")


def awards_by_level(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year (with awards) and award level (all five, 0 when none).

    Columns: year, award_level, awards, weighted_awards (level weights national 5,
    provincial 4, municipal 3, county 2, school 1). Every filter but the training tier.
    """
    where, params = where_clause(filters, AWARD_COLUMNS)
    sql = f"""
    with counts as (
        select a.year, a.award_level, count(*) as awards, sum(a.level_weight)::bigint as weighted_awards
        from award_detail as a
        {where}
        group by a.year, a.award_level
    )
    select y.year, l.award_level, coalesce(c.awards, 0) as awards,
           coalesce(c.weighted_awards, 0) as weighted_awards
    from (select distinct year from counts) as y
    cross join {LEVELS}
    left join counts as c on c.year = y.year and c.award_level = l.award_level
    order by y.year, l.level_order
    """
    return run(con, sql, params)


def awards_by_category(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year and category that has awards (NULL category = not given).

    Columns: year, category, awards. Every filter but the training tier.
    """
    where, params = where_clause(filters, AWARD_COLUMNS)
    order = " ".join(f"when '{c}' then {i}" for i, c in enumerate(CATEGORIES, start=1))
    sql = f"""
    select a.year, a.category, count(*) as awards
    from award_detail as a
    {where}
    group by a.year, a.category
    order by a.year, case a.category {order} else 99 end
    """
    return run(con, sql, params)


def awards_by_school(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year and school with roster teachers or awards, by school code.

    Columns: year, school_code, school_name, roster_teachers, awards, award_density
    (awards × 100 ÷ roster teachers), weighted_awards, weighted_award_density; densities
    NULL with no roster teachers. Subject and development-tier filters restrict both the
    awards (by the winner's roster row) and the roster teachers. No tier filter.
    """
    f = filters.replace(train_tiers=())
    ty_where, ty_params = teacher_year_where(f)
    ty_where = f"{ty_where}\n  and ty.on_roster" if ty_where else "where ty.on_roster"
    a_where, a_params = where_clause(f, AWARD_COLUMNS)
    sql = f"""
    with
    teachers as (
        select ty.year, ty.school_code, any_value(ty.school_name) as school_name, count(*) as roster_teachers
        from teacher_year as ty
        {ty_where}
        group by ty.year, ty.school_code
    ),
    awards as (
        select a.year, a.school_code, any_value(a.school_name) as school_name,
               count(*) as awards, sum(a.level_weight)::bigint as weighted_awards
        from award_detail as a
        {a_where}
        group by a.year, a.school_code
    )
    select year, school_code, coalesce(t.school_name, a.school_name) as school_name,
           coalesce(t.roster_teachers, 0) as roster_teachers,
           coalesce(a.awards, 0) as awards,
           100.0 * coalesce(a.awards, 0) / nullif(t.roster_teachers, 0) as award_density,
           coalesce(a.weighted_awards, 0) as weighted_awards,
           100.0 * coalesce(a.weighted_awards, 0) / nullif(t.roster_teachers, 0) as weighted_award_density
    from teachers as t
    full outer join awards as a using (year, school_code)
    order by year, school_code
    """
    return run(con, sql, {**ty_params, **a_params})


def award_list(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 50,
               offset: int = 0) -> pl.DataFrame:
    """One page of awards, newest year first, then level, school, name.

    Columns: year, school_code, school_name, id_masked, name, award_name, award_level,
    category, grade, issuer, total (awards in all pages). Identity is the masked ID and
    the name only.
    """
    where, params = where_clause(filters, AWARD_COLUMNS)
    # A province has a million awards a year: sorting them all by the winner's name (from the
    # teacher table) to show fifty took most of a second. The page's rows lie in the (year,
    # level, school) groups of the first offset + limit rows, so only those groups meet the
    # teacher table; the order and the rows are the same as sorting everything.
    sql = f"""
    with
    matching as (
        select a.*, l.level_order
        from award_detail as a
        left join {LEVELS} using (award_level)
        {where}
    ),
    page_groups as (
        select distinct year, level_order, school_code
        from (select year, level_order, school_code from matching
              order by year desc, level_order, school_code
              limit $limit + $offset)
    ),
    page as (
        select m.year, m.school_code, m.school_name, t.id_masked, t.name, m.award_name,
               m.award_level, m.category, m.grade, m.issuer, m.level_order, m.award_id
        from matching as m
        join page_groups as g
          on g.year = m.year and g.level_order is not distinct from m.level_order
         and g.school_code is not distinct from m.school_code
        left join teacher as t on t.teacher_key = m.teacher_key
        order by m.year desc, m.level_order, m.school_code, t.name, m.award_id
        limit $limit offset $offset
    )
    select year, school_code, school_name, id_masked, name, award_name, award_level, category,
           grade, issuer, (select count(*) from matching) as total
    from page
    order by year desc, level_order, school_code, name, award_id
    """
    return run(con, sql, {**params, "limit": int(limit), "offset": int(offset)})
