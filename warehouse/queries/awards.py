"""Awards page: awards by level, by category and by school (density per 100 roster
teachers), and a paged award list.

Counts and densities come from the metric layer (``warehouse.layer``: ``award_detail``
joined with the roster totals); award density is defined in the header of
``metric_school_year.sql``. An award belongs to the school on the award row, else to the
teacher's roster school that year.
"""
from __future__ import annotations

import duckdb
import polars as pl

from warehouse import layer
from warehouse.filters import Filters, where_clause
from warehouse.layer.catalog import AWARD_DETAIL

AWARD_COLUMNS = {k: v.replace("m.", "a.") for k, v in AWARD_DETAIL.columns.items()}


def awards_by_level(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year (with awards) and award level (all five, 0 when none).

    Columns: year, award_level, awards, weighted_awards (level weights national 5,
    provincial 4, municipal 3, county 2, school 1). Every filter but the training tier.
    """
    return layer.query(con, ("awards", "weighted_awards"), ("year", "award_level"), filters,
                       grid={"award_level": "award_level"})


def awards_by_category(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year and category that has awards (NULL category = not given).

    Columns: year, category, awards. Every filter but the training tier.
    """
    return layer.query(con, ("awards",), ("year", "category"), filters,
                       coded={"category": "award_category"})


def awards_by_school(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year and school with roster teachers or awards, by school code.

    Columns: year, school_code, school_name, roster_teachers, awards, award_density
    (awards × 100 ÷ roster teachers), weighted_awards, weighted_award_density; densities
    NULL with no roster teachers. Subject and development-tier filters restrict both the
    awards (by the winner's roster row) and the roster teachers. No tier filter.
    """
    return layer.query(
        con, ("roster_teachers", "awards", "award_density", "weighted_awards", "weighted_award_density"),
        ("year", "school_code", "school_name"), filters.replace(train_tiers=()),
        nonzero=("roster_teachers", "awards"))


def award_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """One row per year with roster teachers or awards: the page's headline, at its own grain.

    Columns: year, roster_teachers, awards, award_density (awards × 100 ÷ roster teachers;
    NULL with none). The same filters as ``awards_by_school``; no tier filter.
    """
    return layer.query(con, ("roster_teachers", "awards", "award_density"), ("year",),
                       filters.replace(train_tiers=()), nonzero=("roster_teachers", "awards"))


def award_list(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = 50,
               offset: int = 0) -> pl.DataFrame:
    """One page of awards, newest year first, then level, school, name.

    Columns: year, school_code, school_name, id_masked, name, award_name, award_level,
    category, grade, issuer, total (awards in all pages). Identity is the masked ID and
    the name only.
    """
    where, params = where_clause(filters, AWARD_COLUMNS)
    # A province has a million awards a year: sorting them all by the winner's name (from the
    # teacher table) to show fifty took most of a second. The page's rows lie in the (year,
    # level, school) groups of the first offset + limit rows, so only those groups meet the
    # teacher table; the order and the rows are the same as sorting everything.
    sql = f"""
    with
    matching as (
        select a.*, l.level_order
        from award_detail as a
        left join (select code as award_level, sort_order as level_order from codebook
                   where list = 'award_level') as l using (award_level)
        {where}
    ),
    page_groups as (
        select distinct year, level_order, school_code
        from (select year, level_order, school_code from matching
              order by year desc, level_order, school_code
              limit $limit + $offset)
    ),
    page as (
        select m.year, m.school_code, m.school_name, t.id_masked, t.name, m.award_name,
               m.award_level, m.category, m.grade, m.issuer, m.level_order, m.award_id
        from matching as m
        join page_groups as g
          on g.year = m.year and g.level_order is not distinct from m.level_order
         and g.school_code is not distinct from m.school_code
        left join teacher as t on t.teacher_key = m.teacher_key
        order by m.year desc, m.level_order, m.school_code, t.name, m.award_id
        limit $limit offset $offset
    )
    select year, school_code, school_name, id_masked, name, award_name, award_level, category,
           grade, issuer, (select count(*) from matching) as total
    from page
    order by year desc, level_order, school_code, name, award_id
    """
    return layer.run(con, sql, {**params, "limit": int(limit), "offset": int(offset)})
