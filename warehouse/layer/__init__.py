"""The metric layer: every measure and rate declared once, one renderer, read by everything.

Declarations live in ``warehouse/layer/catalog.py`` (models with their grain and dimensions,
additive measures, rates with their definitions); ``render`` turns a request into SQL over
the smallest stored model that answers it; ``query`` runs it. Query modules
(``warehouse/queries/*``), the year-end report and the statistics forms call ``query``
instead of writing sums and ratios of their own::

    from warehouse import layer
    from warehouse.filters import Filters

    layer.query(con, ["roster_teachers", "coverage", "award_density"],
                by=["year", "township"], filters=Filters(year=2025))
    # year | township | roster_teachers | coverage | award_density   (one row per township)

Coverage and roster teachers come from ``school_year_totals`` (a row per school and year);
a subject filter moves them to ``teacher_year``; award density joins ``award_detail``'s
award counts on the same keys. ``by=["year", "train_tier"]`` gives a row per tier (each
tier its own coverage), ``grid={"urban_rural": "urban_rural"}`` a row per code of the
codebook list even where there is no data, ``coded={"stage": "stage"}`` codebook order.

A new rate is one declaration in ``catalog.RATES`` and nothing else::

    Rate("passed_per_person_time", "passed", "person_times",
         zh="人均合格次数：分子 = 合格记录数；分母 = 参训人次；单位：比例 0–1；分母为 0 时为空。",
         en="Passed rows per person-time: numerator = passed rows; denominator = person-times; "
            "unit: fraction 0–1; NULL when the denominator is 0.")

after which ``layer.query(con, ["passed_per_person_time"], by=["year"])`` answers it for
every filter, scope and grouping, and ``layer.definition("passed_per_person_time")``
gives the text the page shows (``tests/test_metric_layer.py`` does exactly this). A rate
whose definition is a line of a metric view's SQL header names that view
(``defined_in="metric_school_year"``) instead of repeating the text.
"""
from __future__ import annotations

from typing import Sequence

import duckdb
import polars as pl

from warehouse.filters import Filters
from warehouse.layer.catalog import MODELS, RATES
from warehouse.layer.declare import Model, Rate
from warehouse.layer.render import components, render, share_sql
from warehouse.layer.run import run, scalar, used_params

__all__ = ["MODELS", "RATES", "Model", "Rate", "components", "cycle_of", "definition", "pace_sql", "query", "ratio_sql", "rate_sql",
           "render", "run", "scalar", "share_sql", "tier_column", "used_params"]


def query(con: duckdb.DuckDBPyConnection, names: Sequence[str], by: Sequence[str] = (),
          filters: Filters | None = None, **options) -> pl.DataFrame:
    """Run ``render(names, by, filters, **options)``: a polars frame with the ``by`` columns,
    then ``names`` in the order given."""
    sql, params = render(names, by, filters, **options)
    return run(con, sql, params)


def rate_sql(name: str, ref=lambda column: column) -> str:
    """A declared rate written over aggregated columns (``ref`` maps a measure to its SQL),
    for the few queries whose components the layer does not aggregate itself."""
    return RATES[name].sql(ref)


def cycle_of(year: int, anchor: int) -> int:
    """The start of the cycle holding ``year`` for cycles of ``settings.CYCLE_YEARS`` from ``anchor``."""
    import settings
    return anchor + settings.CYCLE_YEARS * ((year - anchor) // settings.CYCLE_YEARS)


def ratio_sql(numerator: str, denominator: str) -> str:
    """``numerator / nullif(denominator, 0)`` for two expressions a query already has (a share
    of a row's own total): the one way a ratio is written outside the declarations."""
    return f"{numerator} / nullif({denominator}, 0)"


def pace_sql(years_elapsed: str) -> str:
    """The cycle's required hours after ``years_elapsed`` full years (72 h a year for 360 h in
    5), from the build's ``cycle_parameter`` table."""
    return (f"((select cycle_hours / cycle_years from cycle_parameter) * ({years_elapsed}))")


def definition(name: str, lang: str = "zh") -> str:
    """The definition text of a declared rate, as the pages show it."""
    return RATES[name].definition(lang)


def tier_column(base: str, tiers: Sequence[str], alias: str = "m") -> str:
    """A tier-split ``teacher_year`` column for the chosen tiers (all tiers when none), e.g.
    ``tier_column("passed", ("county",))`` -> ``m.passed_county``."""
    from warehouse.layer.catalog import TEACHER_YEAR
    return TEACHER_YEAR.tier_column(base, tuple(tiers)).replace("m.", f"{alias}.")
