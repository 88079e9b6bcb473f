"""Create the warehouse tables and metric views from the SQL files under ``warehouse/sql/``.

``sql/tables/*.sql`` hold one ``create table`` each, applied in file-name order.
``sql/metrics/<view_name>.sql`` hold one ``select`` each (dbt style: import CTEs, logic
CTEs, ``final``); the file name is the view name and the header comment is the metric's
definition, which the dashboard shows next to the numbers.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

import settings
from settings import SQL_DIR
from warehouse import codebook

TABLES_DIR = SQL_DIR / "tables"
METRICS_DIR = SQL_DIR / "metrics"


def table_files() -> list[Path]:
    return sorted(TABLES_DIR.glob("*.sql"))


def view_files() -> list[Path]:
    return sorted(METRICS_DIR.glob("*.sql"))


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for path in table_files():
        con.execute(path.read_text(encoding="utf-8"))
    codebook.load(con)  # the code lists the models join (warehouse/codebook.csv)
    set_parameters(con)
    _upgrade(con)


def set_parameters(con: duckdb.DuckDBPyConnection, cycle_start: int | None = None) -> None:
    """Write the build's parameters (the training cycle, from ``settings``) to the one-row
    ``cycle_parameter`` table that ``teacher_cycle_year`` reads: no cycle number is written in SQL."""
    con.execute("create table if not exists cycle_parameter ("
                "cycle_start integer not null, cycle_years integer not null, cycle_hours integer not null)")
    con.execute("delete from cycle_parameter")
    con.execute("insert into cycle_parameter values (?, ?, ?)", [
        int(settings.CYCLE_START if cycle_start is None else cycle_start),
        settings.CYCLE_YEARS, settings.CYCLE_HOURS])


# Each data table's key (the contract's grain). Every one but teacher also records, per row, the
# load that last wrote it (``batch_id``); a teacher row lives while other rows refer to it.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "school": ("school_code",), "teacher": ("teacher_key",), "roster": ("year", "teacher_key"),
    "program": ("program_code",), "participation": ("program_code", "teacher_key"), "award": ("award_id",),
    "school_rating": ("year", "school_code"), "plan_target": ("year", "category"),
    "training_funds": ("year", "school_code"),
}
TRACKED = {t: k for t, k in TABLE_KEYS.items() if t != "teacher"}


def _upgrade(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse made before rows carried ``batch_id`` kept that lineage in a side table,
    ``etl_row_source`` (the key columns as text joined by chr(31)); move it onto the rows."""
    have = {(t, c) for t, c in con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'main'").fetchall()}
    for table, keys in TRACKED.items():  # identifiers from the fixed dict above
        if (table, "batch_id") in have:
            continue
        con.execute(f"alter table {table} add column batch_id integer")
        if ("etl_row_source", "row_key") in have:
            key = keys[0] + "::varchar" if len(keys) == 1 else \
                "concat_ws(chr(31), " + ", ".join(f"{k}::varchar" for k in keys) + ")"
            con.execute(f"update {table} set batch_id = s.batch_id from etl_row_source s "
                        f"where s.table_name = '{table}' and s.row_key = {key}")
    if ("etl_row_source", "row_key") in have:
        con.execute("drop table etl_row_source")
    for table in TRACKED:  # round 2 (#11): the load that created each row (identifiers from the fixed dict)
        if (table, "created_batch") not in have:
            con.execute(f"alter table {table} add column created_batch integer")
    if ("participation", "result_gap") not in have:  # round 2 (#11): why a row has no result
        con.execute("alter table participation add column result_gap varchar")


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every metric view. Views may read other views, so retry until all resolve."""
    pending = view_files()
    while pending:
        failed: list[tuple[Path, Exception]] = []
        for path in pending:
            try:
                con.execute(f"create or replace view {path.stem} as\n{path.read_text(encoding='utf-8')}")
            except duckdb.CatalogException as exc:  # depends on a view not made yet
                failed.append((path, exc))
        if len(failed) == len(pending):
            raise failed[0][1]
        pending = [p for p, _ in failed]


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    create_tables(con)
    create_views(con)
