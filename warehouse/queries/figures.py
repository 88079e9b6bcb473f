"""Headline figures the year-end report quotes beside the overview's: 参训率 (attendance),
schools by rating (优秀/良好/合格), 骨干 and above by ladder level.

Definitions: the headers of ``attendance_school_year.sql`` and ``school_rating_count.sql``
(warehouse/sql/metrics/); development-tier counts are ``progression.dev_tier_counts``'.
"""
from __future__ import annotations

import duckdb
import polars as pl

from settings import RATINGS, TRAIN_TIERS
from warehouse.filters import Filters, where_clause
from warehouse.layer import ratio_sql, training_form
from warehouse.queries.common import run

# Filter dimension -> column of the teacher_year model (alias ty).
TEACHER_YEAR_COLUMNS = {"year": "ty.year", "school": "ty.school_code", "township": "ty.township",
                        "stage": "ty.stage", "urban_rural": "ty.urban_rural", "subject": "ty.subject",
                        "dev_tier": "ty.dev_tier"}


def _tier_sum(column: str, filters: Filters) -> str:
    """``ty.<column>`` or, with training tiers chosen, the sum of their ``<column>_<tier>``."""
    tiers = [t for t in TRAIN_TIERS if t in filters.train_tiers]   # names from the fixed list only
    return f"ty.{column}" if not tiers else "(" + " + ".join(f"ty.{column}_{t}" for t in tiers) + ")"

RATING_COLUMNS = {"year": "r.year", "school": "r.school_code", "township": "s.township",
                  "stage": "s.stage", "urban_rural": "s.urban_rural"}


def attendance(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year in the filter's range with roster teachers, oldest first.

    Columns: year, roster_teachers, attended_teachers (on the roster, at least one
    participation row of any result, in the selected tiers), trained_teachers (passed at
    least one), attendance_rate (参训率 = attended ÷ roster, as ``attendance_school_year``
    defines it; 覆盖率 = trained ÷ roster is the models'). Every filter applies (as ``attendance_school_year``
    and ``metric_school_year`` define them, read per teacher from ``teacher_year``).
    """
    where, params = where_clause(filters, TEACHER_YEAR_COLUMNS)
    t = {c: _tier_sum(c, filters) for c in ("person_times", "passed")}
    relation, form_params = training_form.source(filters)
    sql = f"""
    with totals as (
        select ty.year,
               count(*) filter (where ty.on_roster)                            as roster_teachers,
               count(*) filter (where ty.on_roster and {t['person_times']} > 0) as attended_teachers,
               count(*) filter (where ty.on_roster and {t['passed']} > 0)       as trained_teachers
        from {relation} as ty
        {where}
        group by ty.year
    )
    select *, {ratio_sql("attended_teachers", "roster_teachers")} as attendance_rate
    from totals
    where roster_teachers > 0
    order by year
    """
    return run(con, sql, {**params, **form_params})


def rating_counts(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Schools per rating, one row per year with ratings and rating (excellent, good, pass,
    fail: all four, 0 when none), oldest year first.

    Columns: year, rating, schools, rated_schools. School filters and the access
    scope apply; teacher-level filters (subject, tiers) do not concern schools' ratings.
    """
    where, params = where_clause(filters.replace(subjects=(), dev_tiers=(), train_tiers=()), RATING_COLUMNS)
    levels = ", ".join(f"('{r}', {i})" for i, r in enumerate(RATINGS))   # fixed list from settings
    sql = f"""
    with
    rated as (
        select r.year, r.rating from school_rating as r
        left join school as s using (school_code)
        {where}
    ),
    years as (select year, count(*) as rated_schools from rated group by year),
    levels as (select * from (values {levels}) as l(rating, rating_order)),
    final as (
        select y.year, l.rating, l.rating_order, count(r.rating) as schools, y.rated_schools
        from years as y cross join levels as l
        left join rated as r on r.year = y.year and r.rating = l.rating
        group by y.year, l.rating, l.rating_order, y.rated_schools
    )
    select year, rating, schools, rated_schools from final order by year, rating_order
    """
    return run(con, sql, params)
