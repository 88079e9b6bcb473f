"""Shared pieces of the query modules: running SQL and the as-of year.

Measures, rates and the choice of stored model live in the metric layer (``warehouse.layer``);
this module keeps what is not a metric.
"""
from __future__ import annotations

import duckdb

from warehouse.filters import Filters
from warehouse.layer.run import run, scalar, used_params

__all__ = ["latest_year", "run", "scalar", "used_params"]


def latest_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> int | None:
    """The selected year (the end of a range), else the latest year with roster data."""
    if filters.year_to is not None:
        return filters.year_to
    return scalar(con, "select max(year) from roster")
