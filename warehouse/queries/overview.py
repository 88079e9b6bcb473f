"""Home page: the headline numbers of a year next to the year before, and the yearly trend.

Every number comes from the metric layer (``warehouse.layer``): participation from
``school_year_totals`` or ``teacher_year``, awards from ``award_detail``, joined per year.
"""
from __future__ import annotations

import duckdb
import polars as pl

from settings import AWARD_LEVELS, TRAIN_TIERS
from warehouse import layer
from warehouse.filters import Filters
from warehouse.queries.common import latest_year

HEADLINE = (
    "roster_teachers", "trained_teachers", "coverage", "person_times",
    *(f"person_times_{t}" for t in TRAIN_TIERS), "with_result", "passed", "pass_rate",
    "passed_hours", "hours_per_teacher", "awards", *(f"awards_{lvl}" for lvl in AWARD_LEVELS),
    "weighted_awards",
)
TREND = ("roster_teachers", "trained_teachers", "person_times", "with_result", "passed",
         "passed_hours", "coverage", "pass_rate", "hours_per_teacher")


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
    return layer.query(con, HEADLINE, ("year",), scoped, grid={"year": [year, year - 1]})


def yearly_trend(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year in the filter's range with data, oldest first.

    Columns: year, roster_teachers, trained_teachers, person_times, with_result, passed,
    passed_hours, coverage, pass_rate, hours_per_teacher. Every filter applies.
    """
    return layer.query(con, TREND, ("year",), filters)
