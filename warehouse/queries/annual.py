"""Year-end report (report/annual): the figures the other query modules do not give yet.

School ratings by grade with the schools' names, person-times by training form (both read
from ``figures`` and ``forms``, which the overview shows), the warehouse's load date, and
year-on-year changes (this year minus the year before) of
figures the other modules compute, so the report never does arithmetic itself. Reads
``school_rating``, ``school``, ``participation``/``program``, ``etl_batch`` and the query
functions of ``overview``, ``coverage`` and ``progression``.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from settings import FORMS, RATINGS
from warehouse.filters import Filters, where_clause
from warehouse.queries import coverage, figures, forms, overview, progression
from warehouse.queries.common import latest_year, run, scalar

COUNTY_AND_ABOVE = ("national", "provincial", "municipal", "county")
RATING_COLUMNS = {
    "year": "r.year",
    "school": "r.school_code",
    "township": "s.township",
    "stage": "s.stage",
    "urban_rural": "s.urban_rural",
}


def _values(codes: tuple[str, ...], name: str) -> str:
    rows = ", ".join(f"('{c}', {i})" for i, c in enumerate(codes, start=1))
    return f"(values {rows}) as o({name}, code_order)"


def school_ratings(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Schools per rating grade in the selected year (the end of a range, else the latest
    roster year), one row per grade (excellent, good, pass, fail; 0 when none): that year's
    rows of ``figures.rating_counts`` (the one definition, as the overview shows it).

    Columns: year, rating, schools. School filters and the access scope apply; teacher
    filters not. ``rated_schools`` names them.
    """
    year = latest_year(con, filters) or 0
    got = figures.rating_counts(con, filters.replace(year=year)).filter(pl.col("year") == year)
    schools = dict(zip(got["rating"].to_list(), got["schools"].to_list()))
    return pl.DataFrame({"year": [year] * len(RATINGS), "rating": list(RATINGS),
                         "schools": [int(schools.get(r, 0)) for r in RATINGS]},
                        schema={"year": pl.Int32, "rating": pl.String, "schools": pl.Int64})


def rated_schools(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """The rated schools of the selected year, by grade (excellent first) then school code
    (the order of the bureau's school list). Columns: year, rating, school_code, school_name.
    School filters and the access scope apply."""
    year = latest_year(con, filters) or 0
    where, params = where_clause(filters.replace(year=year), RATING_COLUMNS)
    sql = f"""
    select r.year, r.rating, r.school_code, s.school_name
    from school_rating as r
    left join school as s using (school_code)
    join {_values(RATINGS, 'rating')} using (rating)
    {where}
    order by o.code_order, r.school_code
    """
    return run(con, sql, params)


def person_times_by_form(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Participation rows per training form (the programme's 培训形式) in the selected year,
    one row per form (online, offline, blended, shadowing, other; 0 when none), and a row
    with form NULL for programmes without a form when there are any: that year's rows of
    ``forms.person_times_by_form`` (the one definition, as the overview shows it).

    Columns: year, form, person_times. Every filter and the access scope apply.
    """
    year = latest_year(con, filters) or 0
    got = forms.person_times_by_form(con, filters.replace(year=year)).filter(pl.col("year") == year)
    counts = dict(zip(got["form"].to_list(), got["person_times"].to_list()))
    names = list(FORMS) + ([None] if counts.get("unknown") else [])
    return pl.DataFrame({"year": [year] * len(names), "form": names,
                         "person_times": [int(counts.get(f or "unknown", 0)) for f in names]},
                        schema={"year": pl.Int32, "form": pl.String, "person_times": pl.Int64})


def loaded_at(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When the warehouse was last loaded (the newest load's time), or None when never."""
    return scalar(con, "select max(loaded_at) from etl_batch")


def _pair(frame: pl.DataFrame, keys: list[str], measures: list[str], year: int) -> pl.DataFrame:
    """``frame``'s rows of ``year`` (all columns) with ``<m>_previous`` (the year before's value) and
    ``<m>_change`` (this year minus the year before; NULL when either is missing)."""
    if not keys:  # a single row per year: join on a constant
        frame, keys = frame.with_columns(pl.lit(1).alias("_one")), ["_one"]
    now = frame.filter(pl.col("year") == year)
    before = frame.filter(pl.col("year") == year - 1).select(
        [*keys, *(pl.col(m).alias(f"{m}_previous") for m in measures)])
    joined = now.join(before, on=keys, how="left", nulls_equal=True)
    changes = [(pl.col(m) - pl.col(f"{m}_previous")).alias(f"{m}_change") for m in measures]
    return joined.with_columns(changes).drop("_one", strict=False)


HEADLINE_MEASURES = ["roster_teachers", "trained_teachers", "coverage", "person_times", "pass_rate",
                     "passed_hours", "hours_per_teacher", "awards"]


def headline_change(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row: ``overview.headline`` of the selected year (every column) with ``<m>_previous``
    and ``<m>_change`` for roster_teachers, trained_teachers, coverage, person_times,
    pass_rate, passed_hours, hours_per_teacher, awards. A year without data has zeros and
    NULL rates, as in ``headline``; rate changes are in fractions (0.012 = 1.2 points)."""
    head = overview.headline(con, filters)
    year = head["year"][0]
    return _pair(head, [], HEADLINE_MEASURES, year)


def tier_change(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per training tier: ``coverage.coverage_by(by="train_tier")`` of the selected
    year with ``<m>_previous`` and ``<m>_change`` for person_times, pass_rate, coverage.
    Columns: year, train_tier, the measures, their previous values and changes."""
    year = latest_year(con, filters) or 0
    frame = coverage.coverage_by(con, filters.replace(year=None, year_from=year - 1, year_to=year),
                                 by="train_tier")
    return _pair(frame, ["train_tier"], ["person_times", "pass_rate", "coverage"], year)


def urban_rural_change(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per urban/town/rural group: ``coverage.equity_gaps`` of the selected year with
    the year before's coverage and coverage_gap (highest minus lowest group coverage) and
    their changes. Columns: year, urban_rural, roster_teachers, coverage, coverage_gap,
    coverage_previous, coverage_gap_previous, coverage_change, coverage_gap_change."""
    year = latest_year(con, filters) or 0
    frame = coverage.equity_gaps(con, filters.replace(year=None, year_from=year - 1, year_to=year))
    paired = _pair(frame, ["urban_rural"], ["coverage", "coverage_gap"], year)
    return paired.join(frame.filter(pl.col("year") == year).select("urban_rural", "roster_teachers"),
                       on="urban_rural", how="left")


def dev_tier_change(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per development tier: ``progression.dev_tier_counts`` of the selected year with
    ``teachers_previous`` and ``teachers_change``. Columns: year, dev_tier, teachers,
    teachers_previous, teachers_change (teachers without a tier are left out)."""
    year = latest_year(con, filters) or 0
    frame = progression.dev_tier_counts(con, filters.replace(year=None, year_from=year - 1, year_to=year))
    frame = frame.filter(pl.col("dev_tier").is_not_null())
    return _pair(frame, ["dev_tier"], ["teachers"], year)


def schools_below_coverage(con: duckdb.DuckDBPyConnection, filters: Filters, below_pct: float = 85,
                           min_teachers: int = 10) -> pl.DataFrame:
    """Schools of the selected year with at least ``min_teachers`` roster teachers whose
    coverage (``coverage.coverage_by(by="school")``) is below ``below_pct`` per cent,
    lowest first (then by school code). Columns: school_code, school_name, roster_teachers,
    coverage, total (how many schools are below)."""
    year = latest_year(con, filters) or 0
    frame = coverage.coverage_by(con, filters.replace(year=year), by="school")
    low = frame.filter((pl.col("roster_teachers") >= min_teachers) & (pl.col("coverage") * 100 < below_pct))
    low = low.sort(["coverage", "school_code"]).select("school_code", "school_name", "roster_teachers", "coverage")
    return low.with_columns(pl.lit(low.height, dtype=pl.Int64).alias("total"))


def schools_without_tiers(con: duckdb.DuckDBPyConnection, filters: Filters,
                          tiers: tuple[str, ...] = COUNTY_AND_ABOVE, min_teachers: int = 1) -> pl.DataFrame:
    """Schools of the selected year with at least ``min_teachers`` roster teachers and no
    participation at all in ``tiers`` (e.g. county level and above), by school code.
    Columns: school_code, school_name, roster_teachers, person_times (0), total."""
    year = latest_year(con, filters) or 0
    frame = coverage.coverage_by(con, filters.replace(year=year, train_tiers=tiers), by="school")
    none = frame.filter((pl.col("roster_teachers") >= min_teachers) & (pl.col("person_times") == 0))
    none = none.sort("school_code").select("school_code", "school_name", "roster_teachers", "person_times")
    return none.with_columns(pl.lit(none.height, dtype=pl.Int64).alias("total"))
