"""Queries the pages need that ``warehouse/queries`` does not offer (yet): filter options.

Same contract as ``warehouse.queries``: ``(con, filters) -> polars.DataFrame``, values bound
as parameters, the access scope applied through the shared where-builder.
"""
from __future__ import annotations

import duckdb
import polars as pl

from warehouse.filters import Filters, where_clause
from warehouse.queries.common import run


def years(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Years with a roster or participation, newest first (the year filter's options)."""
    where, params = where_clause(filters.replace(year=None, year_from=None, year_to=None),
                                 {"school": "school_code"})
    sql = f"""
        with years as (
            select year, school_code from roster
            union
            select year, school_code from participation
        )
        select distinct year from years {where} order by year desc
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
