"""教师档案 queries: finding a teacher and everything recorded about one.

Same contract as ``warehouse.queries``: ``(con, filters, …) -> polars.DataFrame``, values
bound. A teacher belongs to the school of their latest roster year; a reader scoped to some
schools (``filters.allowed_schools``) finds and opens only those schools' teachers: every
function below starts from ``_VISIBLE`` and returns nothing for anyone else. Teachers are
named by ``teacher_key`` (a keyed hash) and shown with the masked ID only.
"""
from __future__ import annotations

import re

import duckdb
import polars as pl

from warehouse.filters import Filters, where_clause
from warehouse.queries.common import run

FULL_ID = re.compile(r"^\d{17}[\dXx]$")


def _visible(filters: Filters, keys_sql: str) -> tuple[str, dict]:
    """A CTE ``visible(teacher_key, school_code, year)``: the latest roster row of each teacher
    in ``keys_sql`` (a subquery of teacher keys), kept when the reader may see that school."""
    where, params = where_clause(Filters(allowed_schools=filters.allowed_schools), {"school": "v.school_code"})
    cte = f"""visible as (
        select v.teacher_key, v.school_code, v.year from (
            select teacher_key, arg_max(school_code, year) as school_code, max(year) as year
            from roster
            where teacher_key in ({keys_sql})
            group by teacher_key
        ) as v
        {where}
    )"""
    return cte, params


def search(con: duckdb.DuckDBPyConnection, filters: Filters, term: str = "", limit: int = 20) -> pl.DataFrame:
    """Teachers whose name contains ``term``, whose teacher code is ``term``, or whose masked ID
    matches it (a full ID number typed in is masked first and never kept; its last four
    characters alone also match). Columns: teacher_key, name, id_masked, teacher_code,
    school_code, school_name, year (the latest roster year), total (all matches)."""
    term = (term or "").strip().replace(" ", "")
    if not term:
        return pl.DataFrame()
    masked = f"{term[:3]}{'*' * 11}{term[14:].upper()}" if FULL_ID.match(term) else term.upper()
    keys = """select teacher_key from teacher
              where contains(name, $term) or teacher_code = $term or id_masked = $masked
                 or (length($term) = 4 and upper(right(id_masked, 4)) = $masked)"""
    cte, params = _visible(filters, keys)
    sql = f"""
    with {cte}
    select t.teacher_key, t.name, t.id_masked, t.teacher_code, v.school_code, s.school_name, v.year,
           count(*) over () as total
    from visible as v
    join teacher as t using (teacher_key)
    left join school as s using (school_code)
    order by t.name, s.school_name, t.teacher_key
    limit $limit
    """
    return run(con, sql, {**params, "term": term, "masked": masked, "limit": int(limit)})


def profile(con: duckdb.DuckDBPyConnection, filters: Filters, key: str = "") -> pl.DataFrame:
    """One row for a visible teacher: name, gender, id_masked, teacher_code, birth_year, and the
    latest roster year's school_code, school_name, stage, subject, title, dev_tier, hire_date."""
    return _one(con, filters, "profile", key)


def years(con: duckdb.DuckDBPyConnection, filters: Filters, key: str = "") -> pl.DataFrame:
    """The teacher's roster year by year, newest first: year, school_code, school_name,
    subject, title, dev_tier."""
    return _one(con, filters, "years", key)


def steps(con: duckdb.DuckDBPyConnection, filters: Filters, key: str = "") -> pl.DataFrame:
    """The teacher's moves on the development ladder (teacher_dev_tier_step, every movement
    but 'stayed'), oldest first: year, from_tier, to_tier, movement, school_name."""
    return _one(con, filters, "steps", key)


def trainings(con: duckdb.DuckDBPyConnection, filters: Filters, key: str = "") -> pl.DataFrame:
    """Every participation row of the teacher, newest first, with what the rule set counts:
    year, program_code, program_name, train_tier, form, theme, hours (completed), result,
    credits (converted; passed rows only), counted_hours, counted_credits (after caps),
    category, is_degree, cycle_start, teacher_key."""
    return _one(con, filters, "trainings", key)


def awards(con: duckdb.DuckDBPyConnection, filters: Filters, key: str = "") -> pl.DataFrame:
    """The teacher's awards, newest first: year, award_name, award_level, category, grade, issuer."""
    return _one(con, filters, "awards", key)


def ledger(con: duckdb.DuckDBPyConnection, filters: Filters, key: str = "") -> pl.DataFrame:
    """The teacher's ledger rows (metric_teacher_credit), one per cycle, newest first."""
    return _one(con, filters, "ledger", key)


def categories(con: duckdb.DuckDBPyConnection, filters: Filters, key: str = "") -> pl.DataFrame:
    """The teacher's categories and groups per cycle (teacher_credit_category): cycle_start,
    kind, category_name, earned, earned_hours, min_required, max_amount, shortfall, teacher_key."""
    return _one(con, filters, "categories", key)


# Each record query as a template over ``visible`` (see ``_visible``): one teacher or many.
SQL: dict[str, str] = {
    "profile": """
    with {cte}
    select t.teacher_key, t.name, t.gender, t.id_masked, t.teacher_code, year(t.birth_date) as birth_year,
           v.year, v.school_code, s.school_name, s.stage, r.subject, r.title, r.dev_tier, r.hire_date
    from visible as v
    join teacher as t using (teacher_key)
    join roster as r on r.teacher_key = v.teacher_key and r.year = v.year
    left join school as s on s.school_code = v.school_code
    """,
    "years": """
    with {cte}
    select r.year, r.school_code, s.school_name, r.subject, r.title, r.dev_tier
    from roster as r
    join visible as v using (teacher_key)
    left join school as s on s.school_code = r.school_code
    order by r.year desc
    """,
    "steps": """
    with {cte}
    select d.year, d.from_tier, d.to_tier, d.movement, d.school_name
    from teacher_dev_tier_step as d
    join visible as v using (teacher_key)
    where d.movement <> 'stayed'
    order by d.year
    """,
    "trainings": """
    with {cte}
    select p.year, p.program_code, g.program_name, g.train_tier, g.form, g.theme, p.hours, p.result,
           c.credits, c.counted_hours, c.counted_credits, c.category, c.is_degree, c.cycle_start, p.teacher_key
    from participation as p
    join visible as v using (teacher_key)
    join program as g using (program_code)
    left join credit_course as c on c.teacher_key = p.teacher_key and c.program_code = p.program_code
    order by p.year desc, g.start_date desc nulls last, p.program_code
    """,
    "awards": """
    with {cte}
    select a.year, a.award_name, a.award_level, a.category, a.grade, a.issuer
    from award as a
    join visible as v using (teacher_key)
    order by a.year desc, a.award_name
    """,
    "ledger": """
    with {cte}
    select m.* from metric_teacher_credit as m
    join visible as v using (teacher_key)
    order by m.cycle_start desc
    """,
    "categories": """
    with {cte}
    select c.cycle_start, c.kind, c.name as category_name, c.earned, c.earned_hours, c.min_required, c.max_amount, c.shortfall,
           c.teacher_key
    from teacher_credit_category as c
    join visible as v using (teacher_key)
    order by c.cycle_start desc, c.kind, c.position
    """,
}


def _one(con: duckdb.DuckDBPyConnection, filters: Filters, name: str, key: str) -> pl.DataFrame:
    cte, params = _visible(filters, "$key")
    return run(con, SQL[name].replace("{cte}", cte), {**params, "key": key})


def many(con: duckdb.DuckDBPyConnection, filters: Filters, name: str, keys: list[str]) -> pl.DataFrame:
    """Record query ``name`` (profile, trainings, ledger, …) for many teachers at once, with
    their ``teacher_key`` (for a school's batch of certificates)."""
    cte, params = _visible(filters, "select unnest($keys)")
    return run(con, SQL[name].replace("{cte}", cte), {**params, "keys": list(keys)})
