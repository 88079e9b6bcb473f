"""Filter options: the years and the schools a reader may choose from.

Same contract as the other query modules: ``(con, filters) -> polars.DataFrame``, values bound
as parameters, the access scope applied through the shared where-builder.
"""
from __future__ import annotations

import duckdb
import polars as pl

from warehouse.filters import Filters, where_clause
from warehouse.layer import run


def years(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Years with a roster or participation, newest first (the year filter's options).

    Read from the ``teacher_year`` model (a row per teacher and year on a roster or with
    participation, at the roster's school, which the ETL also writes on participation), not
    from the participation table: the sidebar asks on every page, and a province has ten
    million participation rows.
    """
    where, params = where_clause(filters.replace(year=None, year_from=None, year_to=None),
                                 {"school": "ty.school_code"})
    sql = f"""
        select distinct ty.year from teacher_year as ty {where} order by ty.year desc
    """
    return run(con, sql, params)


def schools(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Schools the reader may see, with the attributes the sidebar filters on, by name."""
    where, params = where_clause(
        Filters(allowed_schools=filters.allowed_schools), {"school": "s.school_code"},
    )
    sql = f"""
        select s.school_code, s.school_name, s.township, s.stage, s.urban_rural, s.is_weak
        from school s
        {where}
        order by s.school_name, s.school_code
    """
    return run(con, sql, params)


def forms_ready(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row when the warehouse has ``teacher_form_year`` (the training-form filter reads it),
    none when it was built before that model existed (until its next load). ``filters`` unused."""
    return run(con, "select 1 as ready from duckdb_tables() where table_name = 'teacher_form_year' "
                    "union all select 1 from duckdb_views() where view_name = 'teacher_form_year' limit 1")
