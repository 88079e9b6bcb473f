"""Put a rule set into a warehouse and store the credit ledger it gives.

``apply(con, rules)`` writes the rule set into the ``credit_rule_*`` tables
(warehouse/sql/tables/12_credit_rule.sql), resolving it once for every (tier, form, theme)
of the program table and every (level, category) of awards, so the SQL models only join.
Then the ledger models (``MODELS``, defined in warehouse/sql/metrics/) are stored as
tables, in dependency order, like ``warehouse.aggregates`` stores the heavy models: a
province's ledger is read in well under a second instead of being recomputed from 10
million participation rows. ``refresh(con)`` does the same with the rule set chosen in
settings; the build calls it after every load.
"""
from __future__ import annotations

import hashlib
import json
import sys

import duckdb

import settings
from credits.rules import RuleSet, RulesError, load, resolve
from warehouse.increments import limited
from warehouse.schema import METRICS_DIR

# Stored, in dependency order, with the sort order of the stored rows.
MODELS: tuple[tuple[str, str | None], ...] = (
    ("credit_course", None),  # 10 million rows in a province: sorting them cost more than it saved
    ("credit_course_year", None),  # credit_course per teacher and year: the base sums these, not 10M rows
    ("teacher_credit_cycle", "school_code"),
    ("teacher_credit_category", "teacher_key"),
    ("metric_teacher_credit", "school_code"),
)
RULE_TABLES = ("credit_rule_set", "credit_rule_bucket", "credit_rule_match", "credit_rule_award")
# Every ledger row belongs to one (cycle, teacher) and every cap works within one, so a load
# rebuilds only the cycles from the earliest year it changed: each model's import CTEs limited
# to those cycles ({c}: the first cycle's start year). first_roster stays whole (a teacher's
# first roster year may lie in an earlier cycle).
# The per-course rows and their yearly sums need only the changed years when no group or
# category has a maximum (the per-course and per-year caps lie within one year): import CTE ->
# its year column.
BY_YEAR: dict[str, tuple[str, str]] = {"credit_course": ("passed", "p.year"), "credit_course_year": ("courses", "year")}
CYCLE_INPUTS: dict[str, dict[str, str]] = {
    "credit_course": {"passed": "p.year >= {c}"},
    "credit_course_year": {"courses": "cycle_start >= {c}"},
    "teacher_credit_cycle": {"roster_cycle": "r.year >= {c}", "course_years": "cycle_start >= {c}",
                             "awards": "a.year >= {c}"},
    "teacher_credit_category": {"teachers": "cycle_start >= {c}"},
    "metric_teacher_credit": {"base": "cycle_start >= {c}", "shortfalls": "cycle_start >= {c}"},
}


def digest(rules: RuleSet) -> str:
    """A fingerprint of the rules as checked: the page compares it with the settings' choice."""
    return hashlib.sha256(rules.model_dump_json().encode("utf-8")).hexdigest()


def chosen_rules() -> RuleSet:
    """The rule set named by ``settings.CREDIT_RULES`` (a preset or a file)."""
    return load(settings.CREDIT_RULES)


def write_rules(con: duckdb.DuckDBPyConnection, rules: RuleSet, toml_text: str = "") -> None:
    """Replace the ``credit_rule_*`` tables with ``rules``."""
    for table in RULE_TABLES:
        con.execute(f"delete from {table}")  # names from the fixed tuple above
    r, caps, offsets = rules.requirement, rules.caps, rules.offsets
    con.execute(
        "insert into credit_rule_set values ($id, $name, $source, $note, $unit, $years, $start, $total, "
        "$yearly_min, $new_teacher, $hpc, $per_course, $per_year, $yearly_max, $award_cap, $degree_cap, "
        "$digest, $toml)",
        {"id": rules.id, "name": rules.name, "source": rules.source, "note": rules.check_note,
         "unit": r.unit, "years": rules.cycle.years, "start": rules.cycle_start(settings.CYCLE_START),
         "total": r.total, "yearly_min": r.yearly_min, "new_teacher": r.new_teacher,
         "hpc": rules.conversion.hours_per_credit, "per_course": caps.per_course, "per_year": caps.per_year,
         "yearly_max": rules.yearly_max, "award_cap": offsets.award_cap, "degree_cap": offsets.degree_cap,
         "digest": digest(rules), "toml": toml_text or json.dumps(rules.model_dump(), ensure_ascii=False)})
    buckets = [("category", i, b.name, b.min, b.max) for i, b in enumerate(rules.category)]
    buckets += [("group", i, b.name, b.min, b.max) for i, b in enumerate(rules.group)]
    if buckets:
        con.executemany("insert into credit_rule_bucket values (?, ?, ?, ?, ?)", buckets)
    combos = con.execute(
        "select distinct train_tier, coalesce(form, ''), coalesce(theme, '') from program").fetchall()
    matches = []
    for tier, form, theme in combos:
        form_or_none, theme_or_none = form or None, theme or None
        degree = rules.is_degree(theme_or_none)
        matches.append((tier, form, theme, rules.hours_per_credit(tier, form_or_none, theme_or_none),
                        None if degree else rules.category_of(tier, form_or_none, theme_or_none),
                        None if degree else rules.group_of(tier, form_or_none, theme_or_none), degree))
    if matches:
        con.executemany("insert into credit_rule_match values (?, ?, ?, ?, ?, ?, ?)", matches)
    awards = con.execute("select distinct award_level, coalesce(category, '') from award").fetchall()
    amounts = [(level, cat, rules.award_amount(level, cat or None)) for level, cat in awards]
    amounts = [a for a in amounts if a[2] > 0]
    if amounts:
        con.executemany("insert into credit_rule_award values (?, ?, ?)", amounts)


def _kind(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    rows = con.execute(
        "select 'table' from duckdb_tables() where schema_name = 'main' and table_name = $n "
        "union all select 'view' from duckdb_views() where schema_name = 'main' and view_name = $n",
        {"n": name}).fetchall()
    return rows[0][0] if rows else None


def store_models(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the ledger models from their SQL files and store each as a table."""
    for name, _ in reversed(MODELS):
        kind = _kind(con, name)
        if kind is not None:
            con.execute(f"drop {kind} {name}")  # names from MODELS only
    for name, order in MODELS:
        _store(con, name, order)


def _store(con: duckdb.DuckDBPyConnection, name: str, order: str | None) -> None:
    sql = (METRICS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    sort = f" order by {order}" if order else ""
    con.execute(f"create or replace table {name} as select * from (\n{sql}\n){sort}")


def update_models(con: duckdb.DuckDBPyConnection, changed_years: set[int]) -> int:
    """Rebuild the stored ledger's rows for the cycles from the one holding the earliest of
    ``changed_years`` on (``CYCLE_INPUTS``); returns that cycle's start. Equal to
    ``store_models`` when the rule set is unchanged (tests/test_credit_store_increments.py).

    ``credit_course`` and ``credit_course_year`` need only the changed years when no group or
    category has a maximum (``BY_YEAR``). A model whose every stored cycle is rebuilt is
    stored anew (``create table as`` is faster than deleting every row)."""
    [(first, whole_caps)] = con.execute(
        "select (cycle_start + cycle_years * floor(($y - cycle_start) / cycle_years))::integer, "
        "(select count(*) from credit_rule_bucket where max_amount is not null) from credit_rule_set",
        {"y": int(min(changed_years))}).fetchall()
    years = "(" + ", ".join(str(int(y)) for y in sorted(changed_years)) + ")"
    for name, order in MODELS:
        sql = (METRICS_DIR / f"{name}.sql").read_text(encoding="utf-8")
        if name in BY_YEAR and not whole_caps:
            cte, column = BY_YEAR[name]
            done = f"year in {years}"
            sql = limited(sql, {cte: f"{column} in {years}"})
        else:
            done = f"cycle_start >= {int(first)}"
            [(older,)] = con.execute(f"select count(*) from {name} where cycle_start < {int(first)}").fetchall()
            if not older:
                _store(con, name, order)
                continue
            sql = limited(sql, {cte: cond.format(c=int(first)) for cte, cond in CYCLE_INPUTS[name].items()})
        sort = f" order by {order}" if order else ""  # the new rows clustered like the stored ones
        con.execute(f"delete from {name} where {done}")  # names from MODELS, integers from the warehouse
        con.execute(f"insert into {name} by name select * from ({sql}) where {done}{sort}")
    return int(first)


def _rule_state(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """What the stored ledger was computed under: the rule set's digest and cycle start."""
    return con.execute("select digest, cycle_start, cycle_years from credit_rule_set").fetchall()


def apply(con: duckdb.DuckDBPyConnection, rules: RuleSet, toml_text: str = "",
          changed_years: set[int] | None = None) -> None:
    """Write ``rules`` into the warehouse and store the ledger under them, in one transaction.

    ``changed_years`` (the build's): the base-table years a load changed. When the rule set
    and its cycle are those of the stored ledger, only the cycles from the earliest of them
    are rebuilt (nothing when it is empty); ``None``, or another rule set, rebuilds it whole.
    """
    con.execute("begin transaction")
    try:
        before = _rule_state(con)
        write_rules(con, rules, toml_text)
        stored = all(_kind(con, name) == "table" for name, _ in MODELS)
        if changed_years is None or not stored or not before or before != _rule_state(con):
            store_models(con)
        elif changed_years:
            update_models(con, changed_years)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def refresh(con: duckdb.DuckDBPyConnection, strict: bool = True,
            changed_years: set[int] | None = None) -> RuleSet | None:
    """``apply`` with the rule set the settings choose (the build calls it after every load,
    with the years the load changed: see ``apply``).

    With ``strict=False`` (the build) a rules file that cannot be used does not stop the load:
    its message goes to stderr, the rule tables are emptied and the ledger is stored empty, so
    no page shows credits under rules nobody chose; the pages repeat the message.
    """
    try:
        rules = chosen_rules()
        text = resolve(settings.CREDIT_RULES).read_text(encoding="utf-8")
    except RulesError as exc:
        if strict:
            raise
        print(f"学分台账未计算：{exc}", file=sys.stderr)
        con.execute("begin transaction")
        for table in RULE_TABLES:
            con.execute(f"delete from {table}")
        store_models(con)
        con.execute("commit")
        return None
    apply(con, rules, text, changed_years)
    return rules


def applied(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The rule set this warehouse's ledger was computed with (id, name, source, …), or None."""
    rows = con.sql("select * from credit_rule_set").pl()
    return rows.row(0, named=True) if rows.height else None
