"""Progression page: development tiers per year, year-to-year moves, promotion rates, years
spent at each tier, and the mix of training tiers per year and per school.

Reads ``teacher_year``, ``school_year_totals``, ``dev_tier_school_year``,
``teacher_dev_tier_step`` and ``dev_tier_spell`` (warehouse/sql/metrics/). Definitions are in
those files' headers.
"""
from __future__ import annotations

import duckdb
import polars as pl

from settings import DEV_TIERS, TRAIN_TIERS
from warehouse.filters import Filters, where_clause
from warehouse.queries.common import SCHOOL_TOTALS, run, teacher_year_where, used_params

DEV_TIER_ORDER = "(values ('new', 1), ('qualified', 2), ('key', 3), ('distinguished', 4), ('educationist', 5)) as o(dev_tier, tier_order)"
MOVEMENTS = ("up", "stayed", "down", "left", "joined", "unknown")

STEP_COLUMNS = {
    "year": "st.year",
    "school": "st.school_code",
    "township": "st.township",
    "stage": "st.stage",
    "urban_rural": "st.urban_rural",
    "subject": "st.subject",
    # a joiner has no earlier tier: filter on the tier they joined at
    "dev_tier": "coalesce(st.from_tier, st.to_tier)",
}

DEV_TIER_SCHOOL_COLUMNS = {
    "year": "d.year",
    "school": "d.school_code",
    "township": "d.township",
    "stage": "d.stage",
    "urban_rural": "d.urban_rural",
    "subject": "d.subject",
}

SPELL_COLUMNS = {
    "school": "sp.school_code",
    "township": "sp.township",
    "stage": "sp.stage",
    "urban_rural": "sp.urban_rural",
    "subject": "sp.subject",
    "dev_tier": "sp.dev_tier",
}


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
    per tier), not ``teacher_year``: a province's three million roster rows took 20 ms to
    count on every view of the progression and school pages; the sums take a few.
    """
    # The development-tier filter picks columns; the other filters pick rows.
    where, params = where_clause(filters.replace(train_tiers=(), dev_tiers=()), DEV_TIER_SCHOOL_COLUMNS)
    counted = [t for t in DEV_TIERS if not filters.dev_tiers or t in filters.dev_tiers]
    counted += [] if filters.dev_tiers else ["no_tier"]
    keys = ["year", "school_code", "school_name"] if by_school else ["year"]
    sql = f"""
    select {", ".join(f"d.{k}" for k in keys)}, {", ".join(f"sum(d.teachers_{t})::bigint" for t in counted)}
    from dev_tier_school_year as d
    {where}
    group by all
    order by all
    """
    # At most a row per year (per school-year by school) to reshape: plain Python beats a
    # second query or a round of DataFrame calls here.
    rows = con.execute(sql, used_params(sql, params)).fetchall()
    long = []
    for row in rows:
        key, counts = row[:len(keys)], dict(zip(counted, row[len(keys):]))
        total = sum(counts.values())
        if not total:  # counted teacher by teacher, a group with none has no rows
            continue
        long.extend((*key, t, counts.get(t, 0), counts.get(t, 0) / total) for t in DEV_TIERS)
        if counts.get("no_tier"):
            long.append((*key, None, counts["no_tier"], counts["no_tier"] / total))
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
    where, params = where_clause(filters, STEP_COLUMNS)
    keys, out_keys = _school_keys(by_school, "st")
    group = f"st.year{keys}"
    moves = ", ".join(f"('{m}', {i})" for i, m in enumerate(MOVEMENTS, start=1))
    sql = f"""
    with
    counts as (
        select {group}, st.movement, count(*) as teachers
        from teacher_dev_tier_step as st
        {where}
        group by {group}, st.movement
    ),
    grid as (
        select g.*, m.movement, m.movement_order
        from (select distinct year{out_keys} from counts) as g
        cross join (values {moves}) as m(movement, movement_order)
    )
    select g.year{out_keys.replace(', ', ', g.')}, g.movement, coalesce(c.teachers, 0) as teachers
    from grid as g
    left join counts as c
      on c.year = g.year and c.movement = g.movement
      {'and c.school_code is not distinct from g.school_code' if by_school else ''}
    order by g.year{out_keys.replace(', ', ', g.')}, g.movement_order
    """
    return run(con, sql, params)


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
    return run(con, sql, params)


def promotion_rates(con: duckdb.DuckDBPyConnection, filters: Filters,
                    by_school: bool = False) -> pl.DataFrame:
    """Promotion rate per step: one row per year [and school] and tier the teachers were at
    last year (school: last year's).

    Columns: year, [school_code, school_name,] from_tier, teachers (at that tier last year
    and still on the roster), promoted, promotion_rate (promoted ÷ teachers; NULL with no
    teachers or at the top tier). Every filter but the training tier applies.
    """
    where, params = where_clause(filters, STEP_COLUMNS)
    condition = "st.movement in ('up', 'stayed', 'down')"
    where = f"{where}\n  and {condition}" if where else f"where {condition}"
    keys, out_keys = _school_keys(by_school, "st")
    sql = f"""
    with counts as (
        select st.year{keys}, st.from_tier, min(st.from_order) as from_order,
               count(*) as teachers,
               count(*) filter (where st.movement = 'up') as promoted
        from teacher_dev_tier_step as st
        {where}
        group by st.year{keys}, st.from_tier
    )
    select year{out_keys}, from_tier, teachers, promoted,
           case when from_tier = 'educationist' then null
                else promoted / nullif(teachers, 0) end as promotion_rate
    from counts
    order by year{out_keys}, from_order
    """
    return run(con, sql, params)


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
    return run(con, sql, params)


def train_tier_mix(con: duckdb.DuckDBPyConnection, filters: Filters,
                   by_school: bool = False) -> pl.DataFrame:
    """Person-times per training tier, one row per year [and school] and tier (all five).

    Columns: year, [school_code, school_name,] train_tier, person_times, share (of that
    year's [school's] person-times; NULL when there were none). Every filter applies; with
    tiers selected, the other tiers show 0.
    """
    where, params = teacher_year_where(filters)
    keys, out_keys = _school_keys(by_school, "ty")
    group = f"ty.year{keys}"
    tiers = filters.train_tiers or TRAIN_TIERS
    unions = " union all ".join(
        f"select {group.replace('ty.', '')}, '{t}' as train_tier, {i} as tier_order, "
        f"{'person_times_' + t if t in tiers else '0'} as person_times from totals"
        for i, t in enumerate(TRAIN_TIERS, start=1)
    )
    sums = ", ".join(f"sum(ty.person_times_{t}) as person_times_{t}" for t in TRAIN_TIERS)
    # Person-times add up across schools whatever the tiers: the school-year sums answer
    # unless a subject or development tier (teacher attributes) is chosen.
    source = "teacher_year" if filters.subjects or filters.dev_tiers else SCHOOL_TOTALS
    sql = f"""
    with
    totals as (
        select {group}, {sums}
        from {source} as ty
        {where}
        group by {group}
    ),
    long as ({unions})
    select year{out_keys}, train_tier, coalesce(person_times, 0)::bigint as person_times,
           person_times / nullif(sum(person_times) over (partition by year{out_keys}), 0) as share
    from long
    order by year{out_keys}, tier_order
    """
    return run(con, sql, params)
