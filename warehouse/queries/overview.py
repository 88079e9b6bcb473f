"""Home page: the headline numbers of a year next to the year before.

Reads the ``teacher_year`` model (or its sums per school and year, ``school_year_totals``,
when the filters allow: ``common.totals_source``) and ``award_detail`` (warehouse/sql/metrics/).
"""
from __future__ import annotations

import duckdb
import polars as pl

from settings import AWARD_LEVELS, TRAIN_TIERS
from warehouse.filters import Filters, where_clause
from warehouse.queries.awards import AWARD_COLUMNS
from warehouse.queries.common import RATES, latest_year, run, teacher_year_where, totals_source


def headline(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Two rows, the selected year (``filters.year``/``year_to``, else the latest roster
    year) and the year before, in that order; a year without data still has its row.

    Columns: year, roster_teachers, trained_teachers, coverage, person_times,
    person_times_<tier> for national/provincial/municipal/county/school, with_result,
    passed, pass_rate, passed_hours, hours_per_teacher, awards,
    awards_<level> for national/provincial/municipal/county/school, weighted_awards.
    Every filter applies; the tier filter restricts the totals and rates, while the
    person_times_<tier> columns always show each tier.
    """
    year = latest_year(con, filters)
    if year is None:
        year = 0
    scoped = filters.replace(year=None, year_from=year - 1, year_to=year)

    where, params = teacher_year_where(scoped)
    source, sums = totals_source(scoped)
    per_tier = ",\n".join(
        f"coalesce(sum(ty.person_times_{t}), 0)::bigint as person_times_{t}" for t in TRAIN_TIERS
    )
    award_where, award_params = where_clause(scoped, AWARD_COLUMNS)
    per_level = ",\n".join(
        f"count(*) filter (where a.award_level = '{lvl}') as awards_{lvl}" for lvl in AWARD_LEVELS
    )
    level_cols = ",\n".join(f"coalesce(aw.awards_{lvl}, 0) as awards_{lvl}" for lvl in AWARD_LEVELS)
    tier_cols = ",\n".join(f"coalesce(t.person_times_{tr}, 0) as person_times_{tr}" for tr in TRAIN_TIERS)
    sql = f"""
    with
    years as (
        select * from (values ($year), ($year - 1)) as y(year)
    ),
    teacher_totals as (
        select ty.year, {sums}, {per_tier}
        from {source} as ty
        {where}
        group by ty.year
    ),
    award_totals as (
        select a.year, count(*) as awards, coalesce(sum(a.level_weight), 0)::bigint as weighted_awards,
               {per_level}
        from award_detail as a
        {award_where}
        group by a.year
    ),
    final as (
        select
            y.year,
            coalesce(t.roster_teachers, 0)  as roster_teachers,
            coalesce(t.trained_teachers, 0) as trained_teachers,
            t.trained_teachers / nullif(t.roster_teachers, 0) as coverage,
            coalesce(t.person_times, 0)     as person_times,
            {tier_cols},
            coalesce(t.with_result, 0)      as with_result,
            coalesce(t.passed, 0)           as passed,
            t.passed / nullif(t.with_result, 0)  as pass_rate,
            coalesce(t.passed_hours, 0)     as passed_hours,
            t.passed_hours / nullif(t.roster_teachers, 0) as hours_per_teacher,
            coalesce(aw.awards, 0)          as awards,
            {level_cols},
            coalesce(aw.weighted_awards, 0) as weighted_awards
        from years as y
        left join teacher_totals as t using (year)
        left join award_totals as aw using (year)
    )
    select * from final order by year desc
    """
    return run(con, sql, {**params, **award_params, "year": year})


def yearly_trend(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year in the filter's range with data, oldest first.

    Columns: year, roster_teachers, trained_teachers, person_times, with_result, passed,
    passed_hours, coverage, pass_rate, hours_per_teacher. Every filter applies.
    """
    where, params = teacher_year_where(filters)
    source, sums = totals_source(filters)
    sql = f"""
    with totals as (
        select ty.year, {sums}
        from {source} as ty
        {where}
        group by ty.year
    )
    select *, {RATES} from totals order by year
    """
    return run(con, sql, params)
