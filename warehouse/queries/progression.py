"""Progression page: development tiers per year, year-to-year moves, promotion rates, years
spent at each tier, and the mix of training tiers per year and per school.

Reads ``teacher_year``, ``school_year_totals``, ``dev_tier_school_year``,
``teacher_dev_tier_step`` and ``dev_tier_spell`` (warehouse/sql/metrics/). Definitions are in
those files' headers.
"""
from __future__ import annotations

import duckdb
import polars as pl

from settings import DEV_TIERS
from warehouse import layer
from warehouse.filters import Filters, where_clause
from warehouse.layer.catalog import TEACHER_DEV_TIER_STEP

DEV_TIER_ORDER = "(select code as dev_tier, sort_order as tier_order from codebook where list = 'dev_tier') as o"
STEP_COLUMNS = {k: v.replace("m.", "st.") for k, v in TEACHER_DEV_TIER_STEP.columns.items()}

SPELL_COLUMNS = {
    "school": "sp.school_code",
    "township": "sp.township",
    "stage": "sp.stage",
    "urban_rural": "sp.urban_rural",
    "subject": "sp.subject",
    "dev_tier": "sp.dev_tier",
}


def _keys(by_school: bool) -> tuple[str, ...]:
    return ("year", "school_code", "school_name") if by_school else ("year",)


def _school_keys(by_school: bool, alias: str) -> tuple[str, str]:
    if by_school:
        return f", {alias}.school_code, {alias}.school_name", ", school_code, school_name"
    return "", ""


def dev_tier_counts(con: duckdb.DuckDBPyConnection, filters: Filters,
                    by_school: bool = False) -> pl.DataFrame:
    """Roster teachers per development tier, one row per year [and school] and tier (all five
    tiers, 0 when empty; a row with an empty dev_tier when some teachers have none).

    Columns: year, [school_code, school_name,] dev_tier, teachers, share (of that year's
    [school's] roster). Every filter but the training tier applies.

    Sums the ``dev_tier_school_year`` model (a row per year, school and subject with a count
    per tier) through the layer, not ``teacher_year``: a province's three million roster rows
    took 20 ms to count on every view of the progression and school pages; the sums take a few.
    """
    # The development-tier filter picks columns; the other filters pick rows.
    counted = [t for t in DEV_TIERS if not filters.dev_tiers or t in filters.dev_tiers]
    counted += [] if filters.dev_tiers else ["no_tier"]
    keys = _keys(by_school)
    wide, params = layer.render([f"teachers_{t}" for t in counted], keys,
                                filters.replace(train_tiers=(), dev_tiers=()))
    total = " + ".join(f"w.teachers_{t}" for t in counted)
    shares = ", ".join(f"w.teachers_{t}, {layer.ratio_sql(f'w.teachers_{t}', total)}" for t in counted)
    sql = f"with wide as ({wide}) select {', '.join(f'w.{k}' for k in keys)}, {shares} from wide as w " \
          f"order by {', '.join(f'w.{k}' for k in keys)}"
    # At most a row per year (per school-year by school) to reshape: plain Python beats a
    # second query or a round of DataFrame calls here.
    rows = con.execute(sql, layer.used_params(sql, params)).fetchall()
    long = []
    for row in rows:
        key, values = row[:len(keys)], row[len(keys):]
        counts = {t: (values[2 * i], values[2 * i + 1]) for i, t in enumerate(counted)}
        if not any(n for n, _ in counts.values()):  # counted teacher by teacher, an empty group has no rows
            continue
        long.extend((*key, t, *counts.get(t, (0, 0.0))) for t in DEV_TIERS)
        if counts.get("no_tier", (0,))[0]:
            long.append((*key, None, *counts["no_tier"]))
    schema = {"year": pl.Int32, "school_code": pl.String, "school_name": pl.String}
    return pl.DataFrame(long, orient="row", schema={
        **{k: schema[k] for k in keys}, "dev_tier": pl.String, "teachers": pl.Int64, "share": pl.Float64})


def movement_counts(con: duckdb.DuckDBPyConnection, filters: Filters,
                    by_school: bool = False) -> pl.DataFrame:
    """Teachers by year-to-year movement, one row per year [and school] and movement
    (up, stayed, down, left, joined, unknown; 0 when none). The year is the later year
    of the pair; the school is last year's (this year's for joiners).

    Columns: year, [school_code, school_name,] movement, teachers. Every filter but the
    training tier applies (the tier filter matches last year's tier, or the joining tier).
    """
    return layer.query(con, ("step_teachers",), (*_keys(by_school), "movement"), filters,
                       grid={"movement": "movement"}).rename({"step_teachers": "teachers"})


def transitions(con: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Tier-to-tier counts: one row per year, from_tier and to_tier that occurs (NULL
    from_tier = joined, NULL to_tier = left).

    Columns: year, from_tier, to_tier, movement, teachers. Every filter but the training
    tier applies.
    """
    where, params = where_clause(filters, STEP_COLUMNS)
    sql = f"""
    select st.year, st.from_tier, st.to_tier, st.movement, count(*) as teachers
    from teacher_dev_tier_step as st
    {where}
    group by all
    order by st.year, min(st.from_order) nulls first, min(st.to_order) nulls last
    """
    return layer.run(con, sql, params)


def promotion_rates(con: duckdb.DuckDBPyConnection, filters: Filters,
                    by_school: bool = False) -> pl.DataFrame:
    """Promotion rate per step: one row per year [and school] and tier the teachers were at
    last year (school: last year's).

    Columns: year, [school_code, school_name,] from_tier, teachers (at that tier last year
    and still on the roster), promoted, promotion_rate (promoted ÷ teachers; NULL with no
    teachers or at the top tier). Every filter but the training tier applies.
    """
    frame = layer.query(con, ("stayers", "promoted", "promotion_rate"), (*_keys(by_school), "from_tier"),
                        filters, coded={"from_tier": "dev_tier"}, nonzero=("stayers",))
    top = pl.col("from_tier") == DEV_TIERS[-1]  # nobody is promoted from the top tier
    return frame.rename({"stayers": "teachers"}).with_columns(
        promotion_rate=pl.when(top).then(None).otherwise(pl.col("promotion_rate")))


def years_at_tier(con: duckdb.DuckDBPyConnection, filters: Filters,
                  by_school: bool = False) -> pl.DataFrame:
    """Years teachers spend at each development tier, one row per [school and] tier (all
    five; by school, for the schools with spells).

    Columns: [school_code, school_name,] dev_tier, promoted_spells, median_years_to_promotion (over spells that ended
    in a promotion), median_years_to_promotion_observed (only spells whose start is on
    record), current_teachers (still at the tier), median_years_so_far. Uses every year on
    record (the year filter does not apply); the school filters match the school at the
    spell's last year.
    """
    where, params = where_clause(filters.replace(year=None, train_tiers=()), SPELL_COLUMNS)
    keys, out_keys = _school_keys(by_school, "sp")
    sql = f"""
    with stats as (
        select sp.dev_tier{keys},
            count(*) filter (where sp.ended = 'up')                              as promoted_spells,
            median(sp.years) filter (where sp.ended = 'up')                      as median_years_to_promotion,
            median(sp.years) filter (where sp.ended = 'up' and sp.start_observed) as median_years_to_promotion_observed,
            count(*) filter (where sp.ended = 'ongoing')                         as current_teachers,
            median(sp.years) filter (where sp.ended = 'ongoing')                 as median_years_so_far
        from dev_tier_spell as sp
        {where}
        group by sp.dev_tier{keys}
    ),
    grid as (
        select g.*, o.dev_tier, o.tier_order
        from ({f'select distinct 1 as one{out_keys} from stats' if by_school else 'select 1 as one'}) as g
        cross join {DEV_TIER_ORDER}
    )
    select {'o.school_code, o.school_name, ' if by_school else ''}o.dev_tier,
        coalesce(s.promoted_spells, 0) as promoted_spells,
        s.median_years_to_promotion::double as median_years_to_promotion,
        s.median_years_to_promotion_observed::double as median_years_to_promotion_observed,
        coalesce(s.current_teachers, 0) as current_teachers,
        s.median_years_so_far::double as median_years_so_far
    from grid as o
    left join stats as s
      on s.dev_tier = o.dev_tier {'and s.school_code is not distinct from o.school_code' if by_school else ''}
    order by {'o.school_code, ' if by_school else ''}o.tier_order
    """
    return layer.run(con, sql, params)


def train_tier_mix(con: duckdb.DuckDBPyConnection, filters: Filters,
                   by_school: bool = False) -> pl.DataFrame:
    """Person-times per training tier, one row per year [and school] and tier (all five).

    Columns: year, [school_code, school_name,] train_tier, person_times, share (of that
    year's [school's] person-times; NULL when there were none). Every filter applies; with
    tiers selected, the other tiers show 0.
    """
    return layer.query(con, ("person_times",), (*_keys(by_school), "train_tier"), filters,
                       grid={"train_tier": "train_tier"}, share={"share": "person_times"})
