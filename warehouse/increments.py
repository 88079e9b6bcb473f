"""What a load changed, and which years of which stored model that touches.

``fingerprints`` reads, per base table and year, the row count and the sum of a hash of
every row; ``model_state`` keeps the last build's. Comparing the two gives the (table, year)
pairs a load inserted, replaced or deleted, whatever path wrote them. ``plan`` turns those
into the years (or cycles) each stored model must rebuild:

- ``teacher_year``, ``school_year_totals``: the years of changed roster, participation or
  program rows (a teacher-year reads that year's rows only); ``dev_tier_school_year``: changed
  roster years (it counts roster teachers by their roster school, subject and tier, which no
  participation or programme row changes);
- ``award_detail``: changed award or roster years; ``metric_school_year``: all of the above
  and changed rating years; ``program_participation``: changed participation years;
  ``teacher_form_year``, ``form_school_year``: changed participation or program years;
- ``teacher_dev_tier_step``: changed roster years and the year after each (a step pairs a
  year with the one before); ``dev_tier_spell``: whole, when any roster year changed (a
  spell spans years);
- the cycle rows: those as of the earliest changed teacher-year or later (a row sums its
  cycle's years up to its as-of year; a teacher's first roster year, which starts the
  pro-rating, moves only to a changed year), computed over every cycle from the one holding
  that year on;
- ``school_stage_resources``: as ``teacher_year``; ``teacher_training_period`` (keyed by
  ``period_year``): the changed teacher-years, and the school years (September to August) that
  the programmes of changed participation or programme years fall in, before the change and
  after it (``program_period`` keeps, per programme year, the school years of its programmes:
  a school year reads the programmes of two calendar years), and the roster years of teachers
  whose sex changed (``teacher_sex``: per roster year, a hash of its teachers' sex).

A changed school list, codebook, cycle parameter or model SQL rebuilds everything.
``restricted`` writes a model's SQL with its import CTEs limited to the years that matter
(sqlglot edits the parsed query, so DuckDB reads only those years' rows).
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

import duckdb
import sqlglot
from sqlglot import exp

from warehouse.schema import METRICS_DIR

STATE = "model_state"
YEAR_TABLES = ("roster", "participation", "program", "award", "school_rating")
WHOLE_TABLES = ("school", "codebook", "cycle_parameter")
PERIODS = "program_period"  # programme year -> the school years its programmes fall in
SEX = "teacher_sex"         # roster year -> a hash of its teachers' sex (teacher_training_period)
YEAR_COLUMN = {"teacher_training_period": "period_year"}  # else "year"

# model -> import CTE -> how it is limited (a `year` column, or the years and the years before)
INPUTS: dict[str, dict[str, str]] = {
    "teacher_year": {"rosters": "year", "form_rows": "year"},
    "award_detail": {"awards": "year", "rosters": "year"},
    "teacher_dev_tier_step": {"rosters": "year_and_before"},
    "dev_tier_school_year": {"roster_years": "year"},
    "school_year_totals": {"teacher_years": "year"},
    "metric_school_year": {"teacher_years": "year", "awards": "year", "ratings": "year"},
    "program_participation": {"participations": "year"},
    "teacher_form_year": {"participations": "year"},
    "form_school_year": {"participations": "year"},
    "school_stage_resources": {"rosters": "year", "teacher_years": "year"},
    # a period without a roster has no rows (only roster teachers count): its training is not read
    "teacher_training_period": {"training_rows": "pp.period_year in {years} and pp.period_year in "
                                                 "(select distinct year from roster)",
                                "roster_rows": "r.year in {years}"},
}


@dataclass
class Plan:
    full: bool = False
    years: dict[str, set[int]] = field(default_factory=dict)  # model -> years to rebuild
    whole: set[str] = field(default_factory=set)              # models rebuilt whole
    cycles_from: int | None = None                            # rebuild cycles starting here on
    as_of_from: int | None = None                             # … their rows as of this year on


def sql_digest(names: list[str]) -> str:
    """A digest of the stored models' names and SQL files: any edit rebuilds everything."""
    h = hashlib.sha256()
    for path in sorted(METRICS_DIR.glob("*.sql")):
        h.update(path.name.encode() + path.read_bytes())
    h.update(",".join(names).encode())
    return h.hexdigest()


def fingerprints(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int | None], str]:
    """(table, year or None) -> 'rows:hash-sum' for the base tables the models read."""
    out: dict[tuple[str, int | None], str] = {}
    for table in YEAR_TABLES:
        for year, n, h in con.execute(
                f"select year, count(*), to_hex(sum(hash(t))::hugeint) from {table} as t group by year").fetchall():
            out[(table, year)] = f"{n}:{h}"
    for year, n, h in con.execute("select r.year, count(*), to_hex(sum(hash(r.teacher_key, t.gender))::hugeint) "
                                  "from roster as r left join teacher as t using (teacher_key) group by r.year").fetchall():
        out[(SEX, year)] = f"{n}:{h}"
    for table in WHOLE_TABLES:
        n, h = con.execute(f"select count(*), to_hex(sum(hash(t))::hugeint) from {table} as t").fetchall()[0]
        out[(table, None)] = f"{n}:{h}"
    for year, periods in con.execute(_program_periods_sql()).fetchall():
        out[(PERIODS, year)] = periods
    return out


def _program_periods_sql() -> str:
    """Per programme year, its programmes' school years ('2024,2025'), by the model's own
    ``program_periods`` CTE, so the school-year rule is written once."""
    tree = sqlglot.parse_one((METRICS_DIR / "teacher_training_period.sql").read_text(encoding="utf-8"),
                             read="duckdb")
    ctes = {c.alias: c.sql(dialect="duckdb") for c in tree.find_all(exp.CTE)}
    return (f"with {ctes['programs']}, {ctes['program_periods']}\n"
            "select calendar_year, string_agg(distinct period_year::varchar, ',' order by period_year::varchar)\n"
            "from program_periods join programs using (program_code)\n"
            "where period_kind = 'school' group by calendar_year")


def saved(con: duckdb.DuckDBPyConnection) -> tuple[dict, str | None]:
    """The fingerprints and SQL digest of the last build ({} and None when there is none)."""
    exists = con.execute("select count(*) from duckdb_tables() where schema_name = 'main' "
                         "and table_name = $t", {"t": STATE}).fetchall()[0][0]
    if not exists:
        return {}, None
    rows = con.execute(f"select source, year, fingerprint from {STATE}").fetchall()
    digest = next((f for s, _, f in rows if s == "sql"), None)
    return {(s, y): f for s, y, f in rows if s != "sql"}, digest


def save(con: duckdb.DuckDBPyConnection, prints: dict, digest: str) -> None:
    con.execute(f"create or replace table {STATE} (source varchar, year integer, fingerprint varchar)")
    con.executemany(f"insert into {STATE} values (?, ?, ?)",
                    [(s, y, f) for (s, y), f in prints.items()] + [("sql", None, digest)])


def plan(before: dict, after: dict, cycle_of) -> Plan:
    """The rebuild each stored model needs for the change from ``before`` to ``after``."""
    changed: dict[str, set] = {}
    for key in set(before) | set(after):
        if before.get(key) != after.get(key):
            changed.setdefault(key[0], set()).add(key[1])
    if any(t in changed for t in WHOLE_TABLES):
        return Plan(full=True)
    get = lambda t: {y for y in changed.get(t, ()) if y is not None}  # noqa: E731
    roster = get("roster")
    teacher_years = roster | get("participation") | get("program")
    awards = get("award") | roster
    p = Plan()
    p.years = {
        "teacher_year": teacher_years, "school_year_totals": teacher_years,
        "dev_tier_school_year": roster, "award_detail": awards,
        "teacher_dev_tier_step": roster | {y + 1 for y in roster},
        "metric_school_year": teacher_years | awards | get("school_rating"),
        "program_participation": get("participation"),
        "teacher_form_year": get("participation") | get("program"),   # a programme's form or tier
        "form_school_year": get("participation") | get("program"),
    }
    training = get("participation") | get("program")
    p.years["school_stage_resources"] = teacher_years
    p.years["teacher_training_period"] = teacher_years | get(SEX) | _school_years(before, after, training)
    p.years = {m: ys for m, ys in p.years.items() if ys}
    if roster:
        p.whole.add("dev_tier_spell")
    if teacher_years:
        p.cycles_from = cycle_of(min(teacher_years))
        p.as_of_from = min(teacher_years)
    return p


def _school_years(before: dict, after: dict, years: set[int]) -> set[int]:
    """The school years the programmes of ``years`` fall in, before and after the change."""
    out: set[int] = set()
    for prints in (before, after):
        for y in years:
            out |= {int(p) for p in (prints.get((PERIODS, y)) or "").split(",") if p}
    return out


def _years_sql(years: set[int]) -> str:
    return "(" + ", ".join(str(int(y)) for y in sorted(years)) + ")"  # ints from the warehouse


def restricted(model: str, sql: str, years: set[int]) -> str:
    """``sql`` with the model's import CTEs limited to ``years`` (see ``INPUTS``)."""
    shapes = {"year": "year in {years}", "year_and_before": "year in {with_before}"}
    conditions = {cte: shapes.get(how, how).format(years=_years_sql(years),
                                                   with_before=_years_sql(years | {y - 1 for y in years}))
                  for cte, how in INPUTS.get(model, {}).items()}
    return limited(sql, conditions)


def limited(sql: str, conditions: dict[str, str]) -> str:
    """``sql`` with a ``where`` condition added to each named CTE (import CTEs: DuckDB then
    reads only the rows that matter). Conditions hold only integers from the warehouse."""
    tree = _parsed(sql).copy()
    for cte in tree.find_all(exp.CTE):
        if cte.alias in conditions:
            cte.this.where(conditions[cte.alias], dialect="duckdb", copy=False)
    return tree.sql(dialect="duckdb")


@functools.lru_cache(maxsize=64)
def _parsed(sql: str) -> exp.Expression:
    """A model file parsed once per process (parsing is most of ``limited``'s time)."""
    return sqlglot.parse_one(sql, read="duckdb")


def restricted_cycles(sql: str, first_cycle: int, as_of_from: int) -> str:
    """The cycle model limited to cycles starting at ``first_cycle`` or later, and its rows'
    attributes to the as-of years from ``as_of_from`` (a running sum still reads every year)."""
    return limited(sql, {"running": f"cycle_start >= {int(first_cycle)}",
                         "cumulative": f"r.cycle_start >= {int(first_cycle)}",
                         "attributes": f"year >= {int(as_of_from)}"})
