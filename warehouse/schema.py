"""Create the warehouse tables and metric views from the SQL files under ``warehouse/sql/``.

``sql/tables/*.sql`` hold one ``create table`` each, applied in file-name order.
``sql/metrics/<view_name>.sql`` hold one ``select`` each (dbt style: import CTEs, logic
CTEs, ``final``); the file name is the view name and the header comment is the metric's
definition, which the dashboard shows next to the numbers.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from settings import SQL_DIR

TABLES_DIR = SQL_DIR / "tables"
METRICS_DIR = SQL_DIR / "metrics"


def table_files() -> list[Path]:
    return sorted(TABLES_DIR.glob("*.sql"))


def view_files() -> list[Path]:
    return sorted(METRICS_DIR.glob("*.sql"))


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for path in table_files():
        con.execute(path.read_text(encoding="utf-8"))


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
