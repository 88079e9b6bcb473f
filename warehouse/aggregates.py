"""Materialise the heavy models as tables when a load finishes, so pages read aggregates.

Every model is still defined once, in ``warehouse/sql/metrics/<name>.sql``. ``build`` first
creates all of them as views (``warehouse.schema.create_views``), then, for the models in
``MATERIALISED`` (in dependency order), stores the view's rows as a table of the same name:
``create table <name>__new as select * from <name>``, drop the view, rename. Queries and
downstream views then read the stored rows instead of recomputing 10 million participation
rows each time. The contract's ``metric_school_year`` is stored too (the ranking reads it per
year); analysts query it exactly as before. The ETL calls ``build`` in the staging copy just before the
swap (``etl.load``), so readers see the new tables and the new data together.

``teacher_cycle_year`` depends on the connection's ``cycle_start`` variable, so it cannot
simply be stored. Its rows for the configured anchor (``settings.CYCLE_START``) are stored in
``teacher_cycle_year_stored`` and the view becomes "the stored rows when the connection's
anchor is that one, else the model's SQL as written"; DuckDB folds the variable to a
constant, so only one branch runs.

A tiny warehouse (the tests') loses nothing by this: the tables hold what the views would
return. Warehouses built with ``create_schema`` alone keep plain views, always current.
"""
from __future__ import annotations

import duckdb

import settings
from warehouse import codebook, increments, layer
from warehouse.schema import METRICS_DIR, create_views, set_parameters, view_files

# (model, sort order of the stored rows). By year: DuckDB keeps min/max per row group, so a
# year filter skips the other years' row groups; sorting on more keys cost more than it saved.
# metric_tier_year and the plan metrics are not read by the pages (the plan page counts
# participation itself, with its filters), so they stay views.
MATERIALISED: tuple[tuple[str, str | None], ...] = (
    ("teacher_form_year", "year"),     # teacher_year sums it; so does the training-form filter (layer/training_form.py)
    ("form_school_year", "year"),      # person-times by training form (overview): 342 ms as a view, province-wide
    ("teacher_year", "year"),
    ("award_detail", "year"),
    ("teacher_dev_tier_step", "year"),
    ("dev_tier_spell", None),          # read whole (years at a tier uses every year)
    ("dev_tier_school_year", "year"),  # tier counts per school and subject: the tier charts sum these
    ("school_year_totals", "year"),    # teacher_year summed per school: coverage, trends, headline
    ("metric_school_year", "year"),    # the ranking and data-gap queries read it per year
    ("program_participation", "year"), # participation per program: the plan views
    ("school_stage_resources", "year"),  # official statistics: the inspection's coefficients of variation
    ("teacher_training_period", "period_year"),  # official statistics: 教基4068 and SDG 4.c.7, per period
)
CYCLE_MODEL = "teacher_cycle_year"
CYCLE_STORED = "teacher_cycle_year_stored"
CYCLE_ORDER = "as_of_year"


def _kind(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """'table', 'view' or None for an object of the main schema."""
    rows = con.execute(
        "select 'table' from duckdb_tables() where schema_name = 'main' and table_name = $n "
        "union all select 'view' from duckdb_views() where schema_name = 'main' and view_name = $n",
        {"n": name}).fetchall()
    return rows[0][0] if rows else None


def _drop(con: duckdb.DuckDBPyConnection, name: str) -> None:
    kind = _kind(con, name)
    if kind is not None:
        con.execute(f"drop {kind} {name}")  # names come from MATERIALISED only


def stored_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The models this warehouse holds as tables (empty for a schema built with views only)."""
    return [name for name, _ in MATERIALISED if _kind(con, name) == "table"]


def build(con: duckdb.DuckDBPyConnection, cycle_start: int | None = None, full: bool = False) -> dict:
    """Bring the stored models up to date (``build_models``), then the credit ledger under the
    rule set chosen in settings (``credits.store.refresh``): whole after a full rebuild (it
    drops and re-creates every stored metric view, the ledger's included), else the cycles
    from the earliest roster, participation, programme or award year the load changed.
    Returns what ``build_models`` rebuilt."""
    done = build_models(con, cycle_start, full)
    from credits.store import refresh
    changed = None if done["full"] else set(done["years"].get("teacher_year", ())) | set(
        done["years"].get("award_detail", ()))  # award_detail: award and roster years
    refresh(con, strict=False, changed_years=changed)
    return done


def build_models(con: duckdb.DuckDBPyConnection, cycle_start: int | None = None, full: bool = False) -> dict:
    """Bring every stored model up to date with the base tables; returns what was rebuilt.

    When the last build's state is known (``increments``), only the models and years the
    tables' changes touch are rebuilt (deleted and inserted again from the model's SQL limited
    to those years); otherwise, or with ``full``, everything is rebuilt (``_full``).
    """
    anchor = int(settings.CYCLE_START if cycle_start is None else cycle_start)
    names = [name for name, _ in MATERIALISED]
    digest = increments.sql_digest(names)
    codebook.load(con)
    set_parameters(con, anchor)
    before, before_digest = increments.saved(con)
    after = increments.fingerprints(con)
    stored = set(stored_models(con)) == set(names) and _kind(con, CYCLE_STORED) == "table"
    todo = increments.plan(before, after, lambda y: layer.cycle_of(y, anchor))
    if full or not before or before_digest != digest or not stored or todo.full:
        _full(con, anchor)
        increments.save(con, after, digest)
        return {"full": True}
    for name, _ in MATERIALISED:
        model_sql = (METRICS_DIR / f"{name}.sql").read_text(encoding="utf-8")
        if name in todo.whole:
            con.execute(f"delete from {name}")
            con.execute(f"insert into {name} by name select * from ({model_sql})")
        elif name in todo.years:
            years = "(" + ", ".join(str(int(y)) for y in sorted(todo.years[name])) + ")"
            year = increments.YEAR_COLUMN.get(name, "year")
            con.execute(f"delete from {name} where {year} in {years}")
            con.execute(f"insert into {name} by name select * from "
                        f"({increments.restricted(name, model_sql, todo.years[name])}) where {year} in {years}")
    if todo.cycles_from is not None:
        cycle_sql = (METRICS_DIR / f"{CYCLE_MODEL}.sql").read_text(encoding="utf-8")
        rows = f"cycle_start >= {int(todo.cycles_from)} and as_of_year >= {int(todo.as_of_from)}"
        con.execute(f"delete from {CYCLE_STORED} where {rows}")
        con.execute(f"insert into {CYCLE_STORED} by name select * from "
                    f"({increments.restricted_cycles(cycle_sql, todo.cycles_from, todo.as_of_from)}) where {rows}")
    increments.save(con, after, digest)
    return {"full": False, "years": {k: sorted(v) for k, v in todo.years.items()},
            "whole": sorted(todo.whole), "cycles_from": todo.cycles_from}


def _full(con: duckdb.DuckDBPyConnection, anchor: int) -> None:
    """(Re)create every metric view, then store the heavy models as tables (see module doc)."""
    # Every model stored by any earlier build (the list may have changed since) goes first.
    for path in reversed(view_files()):
        if _kind(con, path.stem) == "table":
            _drop(con, path.stem)
    _drop(con, CYCLE_STORED)
    # The dropped tables' blocks are free for the new ones only after a checkpoint: without it a
    # whole rebuild appended every model to the file (a province's grew from 1.4 to 2.3 GB, and
    # every later load copies the file).
    con.execute("checkpoint")
    create_views(con)
    for name, order in MATERIALISED:
        sort = f" order by {order}" if order else ""
        con.execute(f"create table {name}__new as select * from {name}{sort}")
        con.execute(f"drop view {name}")
        con.execute(f"alter table {name}__new rename to {name}")
    con.execute(f"create table {CYCLE_STORED} as select * from {CYCLE_MODEL} order by {CYCLE_ORDER}")
    model_sql = (METRICS_DIR / f"{CYCLE_MODEL}.sql").read_text(encoding="utf-8")
    # The anchor is an int from settings, never user input.
    con.execute(f"""
        create or replace view {CYCLE_MODEL} as
        select * from {CYCLE_STORED}
        where coalesce(getvariable('cycle_start'), {anchor}) = {anchor}
        union all by name
        select * from (
{model_sql}
        ) where coalesce(getvariable('cycle_start'), {anchor}) <> {anchor}
    """)
