"""Person-times by training form (培训形式): 网络培训, 外出交流/跟岗 and the others.

Reads ``form_school_year`` (warehouse/sql/metrics/form_school_year.sql, whose header is the
definition). A subject or development-tier filter needs each row's teacher, so it counts
``participation`` joined to that year's roster instead, with the same definitions.
"""
from __future__ import annotations

import duckdb
import polars as pl

from settings import TRAIN_TIERS
from warehouse.filters import FORM_CODES, Filters, where_clause
from warehouse.queries.common import run

FORM_ORDER = FORM_CODES   # display order; unknown = the program has no form

_MODEL_COLUMNS = {"year": "f.year", "school": "f.school_code", "township": "f.township",
                  "stage": "f.stage", "urban_rural": "f.urban_rural"}
_ROW_COLUMNS = {**_MODEL_COLUMNS, "subject": "r.subject", "dev_tier": "r.dev_tier"}


def _source(filters: Filters) -> tuple[str, dict]:
    """``(sql, params)``: rows of (year, train_tier, form, person_times, with_result, passed,
    passed_hours) for the filters, from the model or, with teacher filters, from the rows."""
    if filters.subjects or filters.dev_tiers:
        where, params = where_clause(filters, _ROW_COLUMNS)
        sql = f"""
        select f.year, f.train_tier, f.form, count(*)::bigint as person_times,
               count(f.result)::bigint as with_result,
               count(*) filter (where f.result = 'passed') as passed,
               coalesce(sum(f.hours) filter (where f.result = 'passed'), 0)::double as passed_hours
        from (select pa.year, pa.teacher_key, pa.school_code, pa.result, pa.hours, pr.train_tier,
                     coalesce(pr.form, 'unknown') as form, s.township, s.stage, s.urban_rural
              from participation pa join program pr using (program_code)
              left join school s on s.school_code = pa.school_code) as f
        left join roster as r on r.year = f.year and r.teacher_key = f.teacher_key
        {where}
        group by f.year, f.train_tier, f.form"""
        return sql, params
    where, params = where_clause(filters, _MODEL_COLUMNS)
    return f"""
        select f.year, f.train_tier, f.form, sum(f.person_times)::bigint as person_times,
               sum(f.with_result)::bigint as with_result, sum(f.passed)::bigint as passed,
               sum(f.passed_hours)::double as passed_hours
        from form_school_year as f {where}
        group by f.year, f.train_tier, f.form""", params


def _order(column: str, values: tuple[str, ...]) -> str:
    # Only names from the fixed lists in settings reach the SQL text.
    return "case " + " ".join(f"when {column} = '{v}' then {i}" for i, v in enumerate(values)) + " else 99 end"


def person_times_by_form(con: duckdb.DuckDBPyConnection, filters: Filters,
                         by_tier: bool = False) -> pl.DataFrame:
    """One row per year and training form with participation (and per training tier too when
    ``by_tier``), ordered by year, then tier, then form (``FORM_ORDER``).

    Columns: year, [train_tier,] form, person_times, with_result, passed, passed_hours.
    Every filter applies, the training-tier filter included: 网络培训人次 is the
    ``online`` row's person_times, 外出交流/跟岗人次 the ``shadowing`` row's.
    """
    assert all(t in TRAIN_TIERS for t in filters.train_tiers)
    source, params = _source(filters)
    tier_where = ""
    if filters.train_tiers:
        tier_where = "where list_contains($f_train_tiers, train_tier)"
        params = {**params, "f_train_tiers": list(filters.train_tiers)}
    if filters.train_forms:
        tier_where += (" and " if tier_where else "where ") + "list_contains($f_train_forms, form)"
        params = {**params, "f_train_forms": list(filters.train_forms)}
    keys = "year, train_tier, form" if by_tier else "year, form"
    order = f"year, {_order('train_tier', TRAIN_TIERS)}, {_order('form', FORM_ORDER)}" if by_tier \
        else f"year, {_order('form', FORM_ORDER)}"
    sql = f"""
    with rows as ({source}),
    final as (
        select {keys}, sum(person_times)::bigint as person_times, sum(with_result)::bigint as with_result,
               sum(passed)::bigint as passed, sum(passed_hours)::double as passed_hours
        from rows {tier_where}
        group by {keys}
    )
    select * from final order by {order}
    """
    return run(con, sql, params)


def form_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, int]:
    """Person-times per form over the filters' whole range (every form in ``FORM_ORDER``, 0 if
    none): ``form_totals(con, Filters(year=2024))["online"]`` is 2024's 网络培训人次."""
    df = person_times_by_form(con, filters)
    got = df.group_by("form").agg(pl.col("person_times").sum())
    counts = dict(zip(got["form"].to_list(), got["person_times"].to_list()))
    return {f: int(counts.get(f, 0)) for f in FORM_ORDER}
