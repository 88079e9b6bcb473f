"""Data-quality page: what each load read and rejected, and where the data has holes.

Reads ``etl_batch``, ``etl_reject``, ``etl_warning`` (written by ``etl/``) and
``metric_school_year``. Load history, rejects and warnings are bureau-wide: a user scoped
to some schools (``allowed_schools`` set) gets them empty, since raw rows may belong to any
school. The gap queries are per school and honour the scope.
"""
from __future__ import annotations

import duckdb
import polars as pl

from warehouse.filters import Filters, where_clause
from warehouse.queries.common import run

SCHOOL_GRID_COLUMNS = {
    "year": "g.year",
    "school": "g.school_code",
    "township": "g.township",
    "stage": "g.stage",
    "urban_rural": "g.urban_rural",
}
ROSTER_COLUMNS = {
    "year": "r.year",
    "school": "r.school_code",
    "township": "s.township",
    "stage": "s.stage",
    "urban_rural": "s.urban_rural",
    "subject": "r.subject",
    "dev_tier": "r.dev_tier",
}


def _bureau_wide(filters: Filters) -> bool:
    return filters.allowed_schools is None


def load_history(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 50,
                 offset: int = 0) -> pl.DataFrame:
    """One page of loads, newest first.

    Columns: batch_id, source_file, sheet, kind, loaded_at, rows_read, rows_loaded,
    rows_rejected, rows_skipped, rows_warned, status, message, total. Empty for a
    school-scoped user.
    """
    sql = """
    select batch_id, source_file, sheet, kind, loaded_at, rows_read, rows_loaded, rows_rejected,
           rows_skipped, rows_warned, status, message, count(*) over () as total
    from etl_batch
    where $bureau_wide
    order by loaded_at desc, batch_id desc
    limit $limit offset $offset
    """
    return run(con, sql, {"bureau_wide": _bureau_wide(filters), "limit": int(limit), "offset": int(offset)})


def rejects(con: duckdb.DuckDBPyConnection, filters: Filters, batch_id: int | None = None,
            limit: int = 50, offset: int = 0) -> pl.DataFrame:
    """One page of rejected rows (of one load, or all), newest load first, by row number.

    Columns: batch_id, source_file, sheet, row_number, column_name, reason, raw (JSON text,
    ID numbers masked by the ETL), total. Empty for a school-scoped user.
    """
    sql = """
    select batch_id, source_file, sheet, row_number, column_name, reason, raw::varchar as raw,
           count(*) over () as total
    from etl_reject
    where $bureau_wide and ($batch_id is null or batch_id = $batch_id)
    order by batch_id desc, row_number
    limit $limit offset $offset
    """
    return run(con, sql, {"bureau_wide": _bureau_wide(filters), "batch_id": batch_id,
                          "limit": int(limit), "offset": int(offset)})


def reject_reasons(con: duckdb.DuckDBPyConnection, filters: Filters, batch_id: int | None = None,
                   limit: int = 100) -> pl.DataFrame:
    """The most frequent reasons rows were rejected, most rows first.

    Columns: source_file, sheet, column_name, reason, rows, first_row (the first row number
    with that reason). Empty for a school-scoped user.
    """
    sql = """
    select source_file, sheet, column_name, reason, count(*) as rows, min(row_number) as first_row
    from etl_reject
    where $bureau_wide and ($batch_id is null or batch_id = $batch_id)
    group by source_file, sheet, column_name, reason
    order by rows desc, source_file, sheet, first_row
    limit $limit
    """
    return run(con, sql, {"bureau_wide": _bureau_wide(filters), "batch_id": batch_id, "limit": int(limit)})


def load_warnings(con: duckdb.DuckDBPyConnection, filters: Filters, batch_id: int | None = None,
                  limit: int = 50, offset: int = 0) -> pl.DataFrame:
    """One page of warnings on loaded rows, newest load first.

    Columns: batch_id, source_file, sheet, row_number, column_name, message, total. Empty
    for a school-scoped user.
    """
    sql = """
    select batch_id, source_file, sheet, row_number, column_name, message, count(*) over () as total
    from etl_warning
    where $bureau_wide and ($batch_id is null or batch_id = $batch_id)
    order by batch_id desc, row_number
    limit $limit offset $offset
    """
    return run(con, sql, {"bureau_wide": _bureau_wide(filters), "batch_id": batch_id,
                          "limit": int(limit), "offset": int(offset)})


def data_gaps(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Every school on the school list for every roster year, flagged where data is missing,
    ordered by year and school code.

    Columns: year, school_code, school_name, roster_teachers, person_times, awards, rating,
    no_roster (no teacher on that year's roster), no_participation (roster teachers but no
    participation row), not_rated (no rating that year).
    """
    where, params = where_clause(filters, SCHOOL_GRID_COLUMNS)
    sql = f"""
    with grid as (
        select y.year, s.school_code, s.school_name, s.township, s.stage, s.urban_rural
        from (select distinct year from roster) as y
        cross join school as s
    )
    select g.year, g.school_code, g.school_name,
        coalesce(m.roster_teachers, 0) as roster_teachers,
        coalesce(m.person_times, 0)    as person_times,
        coalesce(m.awards, 0)          as awards,
        m.rating,
        coalesce(m.roster_teachers, 0) = 0                                   as no_roster,
        coalesce(m.roster_teachers, 0) > 0 and coalesce(m.person_times, 0) = 0 as no_participation,
        m.rating is null                                                     as not_rated
    from grid as g
    left join metric_school_year as m using (year, school_code)
    {where}
    order by g.year, g.school_code
    """
    return run(con, sql, params)


def roster_completeness(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """How complete each year's roster is, oldest year first.

    Columns: year, roster_teachers, missing_subject, missing_dev_tier, missing_hire_date,
    unknown_school (school code not on the school list).
    """
    where, params = where_clause(filters, ROSTER_COLUMNS)
    sql = f"""
    select r.year,
        count(*)                                          as roster_teachers,
        count(*) filter (where r.subject is null)         as missing_subject,
        count(*) filter (where r.dev_tier is null)        as missing_dev_tier,
        count(*) filter (where r.hire_date is null)       as missing_hire_date,
        count(*) filter (where s.school_code is null)     as unknown_school
    from roster as r
    left join school as s using (school_code)
    {where}
    group by r.year
    order by r.year
    """
    return run(con, sql, params)


MISSING_RESULT_COLUMNS = {"year": "p.year", "school": "p.school_code", "township": "s.township",
                          "stage": "s.stage", "urban_rural": "s.urban_rural"}


def results_missing(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Participation rows without a result, by file and why (``participation.result_gap``):
    ``no_column`` the file had no result column, ``blank`` the cell was empty, ``unrecognised``
    its value was not a known result. These rows count in no coverage and no pass rate.

    Columns: source_file, sheet, year, result_gap, rows. Honours the year, the school filters
    (school, township, stage, urban/rural: the participation row's school) and the scope.
    """
    where, params = where_clause(filters, MISSING_RESULT_COLUMNS)
    condition = "p.result is null"
    where = f"{where}\n  and {condition}" if where else f"where {condition}"
    sql = f"""
    select b.source_file, b.sheet, p.year, coalesce(p.result_gap, 'blank') as result_gap, count(*) as rows
    from participation p
    left join etl_batch b using (batch_id)
    left join school s on s.school_code = p.school_code
    {where}
    group by all
    order by rows desc, source_file
    """
    return run(con, sql, params)
