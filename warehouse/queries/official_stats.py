"""Official statistics tables: persons, not person-times; hour bands; calendar or school years.

Each function reads one SQL model whose header is its 口径 (counting rule):
``teacher_training_period`` for the national in-service training table (教基4068 shape) and
SDG 4.c.7, ``school_stage_resources`` for the balanced-development coefficients of
variation, ``teacher_cycle_year`` (through ``warehouse.queries.cycle``) for the 360-hour
completion, and the ``training_funds`` table for the spend share. The scope filters
(school, township, urban/rural, school stage, the user's allowed schools) apply; the training
tier, subject and development-tier filters do not: official tables count all training of all
teachers. Rows come in the order of ``STAGE_GROUPS`` with the total (stage_group NULL) last.
"""
from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl

import settings
from warehouse import codebook
from warehouse.filters import Filters, where_clause
from warehouse.layer import ratio_sql
from warehouse.queries.common import latest_year, run

Period = Literal["calendar", "school"]
PERIODS: tuple[Period, ...] = ("calendar", "school")
STAGE_GROUPS = codebook.codes("stage_group")  # the rows of the tables, in codebook order
LEVELS = settings.TRAIN_TIERS
OFFICIAL_FORMS = ("offline", "online", "shadowing")
# Hour bands of the national table: (column, upper bound in hours, or None for the open band).
HOUR_BANDS = (("hours_le_36", 36), ("hours_37_72", 72), ("hours_73_108", 108), ("hours_ge_109", None))
# The balanced-development inspection's thresholds for resource indicators (教督〔2017〕6号).
CV_LIMITS = {"primary": 0.50, "junior": 0.45}
FUNDS_INSPECTION_SHARE = 0.05

FEMALE, MALE = "count(*) filter (where t.gender = '女')", "count(*) filter (where t.gender = '男')"
FEMALE_TRAINED = "count(*) filter (where t.gender = '女' and t.attended)"
MALE_TRAINED = "count(*) filter (where t.gender = '男' and t.attended)"
SHARE = ratio_sql("training_spend", "public_funds")  # 培训经费支出 ÷ 公用经费

# School attributes the scope filters name, over ``t`` (a model with school_code) joined to ``s``.
SCOPE_COLUMNS = {"school": "t.school_code", "township": "s.township", "stage": "s.stage",
                 "urban_rural": "s.urban_rural"}


def period_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> int | None:
    """The year the tables are for: the selected year (end of a range), else the latest roster year."""
    return latest_year(con, filters)


def _scope(filters: Filters, year: int | None, period: Period) -> tuple[str, dict]:
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    where, params = where_clause(filters.replace(year=None, train_tiers=(), subjects=(), dev_tiers=()),
                                 SCOPE_COLUMNS)
    cond = "t.period_kind = $period and t.period_year = $year"
    where = f"{where}\n  and {cond}" if where else f"where {cond}"
    return where, {**params, "period": period, "year": year}


def _bands() -> str:
    parts, lower = [], None
    for name, upper in HOUR_BANDS:
        cond = " and ".join(c for c in (f"t.passed_hours > {lower}" if lower is not None else "",
                                        f"t.passed_hours <= {upper}" if upper is not None else "") if c)
        parts.append(f"count(*) filter (where t.completed and {cond}) as {name}")
        lower = upper
    return ",\n        ".join(parts)  # bounds are the constants above, never input


def _by_stage(con: duckdb.DuckDBPyConnection, filters: Filters, period: Period, columns: str) -> pl.DataFrame:
    """``columns`` over ``teacher_training_period`` in the scope and period, a row per stage group
    (STAGE_GROUPS order) and the total (stage_group NULL) last."""
    year = period_year(con, filters)
    where, params = _scope(filters, year, period)
    sql = f"""
    select t.stage_group, {columns}
    from teacher_training_period as t
    left join school as s using (school_code)
    {where}
    group by grouping sets ((t.stage_group), ())
    order by grouping(t.stage_group), list_position($order, t.stage_group)
    """
    out = run(con, sql, {**params, "order": list(STAGE_GROUPS)})
    return out.with_columns(pl.lit(year).alias("period_year"), pl.lit(period).alias("period_kind"))


def training_table(con: duckdb.DuckDBPyConnection, filters: Filters, period: Period = "calendar") -> pl.DataFrame:
    """专任教师接受培训情况 (the national in-service training table, 教基4068 shape).

    Columns: stage_group (NULL on the total row), teachers (roster teachers), completed
    (distinct teachers who completed any training in the period: each counts once in a row
    even when trained at several levels), completed_<level> for the five levels, the four
    hour bands (HOUR_BANDS; they add up to ``completed``), completed_offline / _online /
    _shadowing (blended counts as offline), period_year, period_kind.
    """
    levels = ",\n        ".join(f"count(*) filter (where t.completed_{lv}) as completed_{lv}" for lv in LEVELS)
    forms = ",\n        ".join(f"count(*) filter (where t.completed_{f}) as completed_{f}" for f in OFFICIAL_FORMS)
    columns = f"""
        count(*)                                  as teachers,
        count(*) filter (where t.completed)       as completed,
        {levels},
        {_bands()},
        {forms}
    """
    return _by_stage(con, filters, period, columns)


def sdg_4c7(con: duckdb.DuckDBPyConnection, filters: Filters, period: Period = "calendar") -> pl.DataFrame:
    """SDG 4.c.7: percentage of teachers who received in-service training in the period.

    UIS definition: teachers trained ÷ all teachers at that level × 100, "trained" meaning at
    least one participation row in the period (attendance, any result). By the teacher's stage
    (counted once, at the roster's stage), by sex, and by type (each tier; each form).
    Columns: stage_group, teachers, trained, pct, female_teachers, female_trained, female_pct,
    male_teachers, male_trained, male_pct, pct_<tier>, pct_<form>, period_year, period_kind.
    Percentages are NULL where there are no teachers.
    """
    by_type = ",\n        ".join(
        f"100.0 * {ratio_sql(f'count(*) filter (where t.attended_{k})', 'count(*)')} as pct_{k}"
        for k in (*LEVELS, *OFFICIAL_FORMS))
    columns = f"""
        count(*)                                                                         as teachers,
        count(*) filter (where t.attended)                                               as trained,
        100.0 * {ratio_sql("count(*) filter (where t.attended)", "count(*)")}            as pct,
        {FEMALE}                                                                         as female_teachers,
        {FEMALE_TRAINED}                                                                 as female_trained,
        100.0 * {ratio_sql(FEMALE_TRAINED, FEMALE)}                                     as female_pct,
        {MALE}                                                                           as male_teachers,
        {MALE_TRAINED}                                                                   as male_trained,
        100.0 * {ratio_sql(MALE_TRAINED, MALE)}                                         as male_pct,
        {by_type}
    """
    return _by_stage(con, filters, period, columns)


def school_variation(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """校际差异系数 of hours per teacher and of key teachers per 100 teachers, primary and junior.

    Per stage, over the schools with teachers at that stage in the year: the teacher-weighted
    mean x̄ = Σ value_i·n_i ÷ Σ n_i and S = √(Σ n_i (x_i − x̄)² ÷ Σ n_i); CV = S ÷ x̄ (NULL when
    x̄ is 0). 教督〔2017〕6号 weights by students; the warehouse holds no student counts, so each
    school weighs by its teachers. Columns: stage_group, schools, teachers, hours_per_teacher,
    cv_hours, key_per_100, cv_key, cv_limit, year.
    """
    year = latest_year(con, filters)
    where, params = where_clause(filters.replace(year=None, train_tiers=(), subjects=(), dev_tiers=()),
                                 SCOPE_COLUMNS)
    cond = "t.year = $year and list_contains($stages, t.stage_group) and t.teachers > 0"
    where = f"{where}\n  and {cond}" if where else f"where {cond}"
    sql = f"""
    with units as (
        select t.stage_group, t.teachers as n,
               {ratio_sql("t.passed_hours", "t.teachers")}          as hours,
               100.0 * {ratio_sql("t.key_teachers", "t.teachers")}  as key
        from school_stage_resources as t
        left join school as s using (school_code)
        {where}
    ),
    means as (
        select stage_group, count(*) as schools, sum(n)::bigint as teachers,
               {ratio_sql("sum(hours * n)", "sum(n)")} as hours_mean, {ratio_sql("sum(key * n)", "sum(n)")} as key_mean
        from units group by stage_group
    ),
    spread as (
        select u.stage_group,
               sqrt({ratio_sql("sum(u.n * pow(u.hours - m.hours_mean, 2))", "sum(u.n)")}) as hours_sd,
               sqrt({ratio_sql("sum(u.n * pow(u.key - m.key_mean, 2))", "sum(u.n)")})     as key_sd
        from units as u join means as m using (stage_group)
        group by u.stage_group
    )
    select m.stage_group, m.schools, m.teachers,
           m.hours_mean as hours_per_teacher, {ratio_sql("d.hours_sd", "m.hours_mean")} as cv_hours,
           m.key_mean as key_per_100,        {ratio_sql("d.key_sd", "m.key_mean")}     as cv_key
    from means as m join spread as d using (stage_group)
    order by list_position($stages, m.stage_group)
    """
    out = run(con, sql, {**params, "year": year, "stages": list(CV_LIMITS)})
    limits = pl.DataFrame({"stage_group": list(CV_LIMITS), "cv_limit": list(CV_LIMITS.values())})
    return limits.join(out, on="stage_group", how="left").select(
        "stage_group", "schools", "teachers", "hours_per_teacher", "cv_hours", "key_per_100", "cv_key",
        "cv_limit").with_columns(pl.lit(year).alias("year"))


def funds_share(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Training spend as a share of the public-funds budget, per school in scope and in total.

    share = 培训经费支出 ÷ 公用经费 (NULL without a funds row or a budget). A school on the
    year's roster without a funds row is listed with has_funds false and counts in no total.
    Columns: school_code (NULL on the total row, last), school_name, has_funds, training_spend,
    public_funds, share, below_inspection (share < 5%), below_standard (share < the county's
    standard, settings.FUNDS_STANDARD), year.
    """
    year = latest_year(con, filters)
    where, params = where_clause(filters.replace(year=None, train_tiers=(), subjects=(), dev_tiers=()),
                                 SCOPE_COLUMNS)
    cond = "t.school_code in (select school_code from roster where year = $year)"
    where = f"{where}\n  and {cond}" if where else f"where {cond}"
    sql = f"""
    with schools as (
        select t.school_code, s.school_name, f.training_spend, f.public_funds, f.school_code is not null as has_funds
        from (select distinct school_code from school) as t
        left join school as s using (school_code)
        left join training_funds as f on f.school_code = t.school_code and f.year = $year
        {where}
    ),
    rows as (
        select school_code, any_value(school_name) as school_name, bool_or(has_funds) as has_funds,
               -- the total sums the schools that have a budget, so its share is theirs
               case when grouping(school_code) = 1
                    then sum(training_spend) filter (where public_funds is not null)
                    else sum(training_spend) end as training_spend,
               sum(public_funds) as public_funds
        from schools
        group by grouping sets ((school_code), ())
    )
    select school_code, school_name, has_funds, training_spend, public_funds,
           {SHARE}                   as share,
           {SHARE} < $inspection     as below_inspection,
           {SHARE} < $standard       as below_standard
    from rows
    order by school_code is null, share nulls first, school_code
    """
    out = run(con, sql, {**params, "year": year, "inspection": FUNDS_INSPECTION_SHARE,
                         "standard": settings.FUNDS_STANDARD})
    return out.with_columns(pl.lit(year).alias("year"))


def cycle_completion(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The 5-year 360-hour completion rate for the cycle so far (standard: 100%), in total and
    for each school below it, from ``teacher_cycle_year`` (pro-rated 72 hours a year elapsed).
    Returns (total, schools below pace); see ``warehouse.queries.cycle.compliance``."""
    from warehouse.queries.cycle import compliance

    scoped = filters.replace(train_tiers=(), subjects=(), dev_tiers=())
    total = compliance(con, scoped, "total")
    schools = compliance(con, scoped, "school")
    return total, schools.filter(pl.col("compliance_rate") < 1).sort("compliance_rate", "school_code")
