"""The lake: the warehouse as Hive-partitioned Parquet, and a DuckDB connection that reads it.

Two kinds of folder (layout in docs/scale-out.md):

- a **lake of tables**, written by ``python -m etl export --lake DIR``::

      DIR/<table>/[region=<code>/][year=<yyyy>/]part-<n>.parquet

  every table of ``warehouse/sql/tables/``; the facts (tables with a ``year`` column) by year,
  and every table also by region when the export names one (one province's ETL owns its region);
- a **lake of stored models**, written by ``python -m warehouse.build --out DIR``::

      DIR/_build.json                  engine, lake of tables, cycle anchor, each model's columns
      DIR/<model>/[year=<yyyy>/]part-*.parquet

``connect`` opens either a DuckDB file or a lake of stored models (``WAREHOUSE_PATH`` names one
or the other): the app reads both the same way.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import duckdb

from warehouse.portable import anchor_bound, order, sources
from warehouse.schema import create_tables

YEAR = "year"
REGION = "region"
MANIFEST = "_build.json"
CYCLE_VARIABLE = "cycle_start"  # the connection variable a build (and the served models) anchor the cycle on
REGION_PATTERN = re.compile(r"^[0-9A-Za-z_-]{1,32}$")  # a folder name, never a path


@lru_cache(maxsize=1)
def base_tables() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every table of the contract with its (column, DuckDB type) in declared order."""
    con = duckdb.connect()
    try:
        con.execute("set enable_progress_bar = false")
        create_tables(con)
        rows = con.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'main' and database_name = current_database() and not internal "
            "order by table_name, column_index").fetchall()
    finally:
        con.close()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return {t: tuple(cols) for t, cols in tables.items()}


def partitioned_by_year(table: str) -> bool:
    return any(c == YEAR for c, _ in base_tables()[table])


def files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.parquet")) if folder.is_dir() else []


def regions(folder: Path) -> set[str]:
    """The region codes a table's folder is split by (empty for a lake without regions)."""
    return {p.name.split("=", 1)[1] for p in folder.iterdir()
            if p.is_dir() and p.name.startswith(f"{REGION}=")} if folder.is_dir() else set()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _relation(folder: Path, columns: tuple[tuple[str, str], ...], hive: dict[str, str]) -> str:
    """A select of ``columns`` (cast to their declared types) from the Parquet files under
    ``folder``; an empty select of the same columns when the folder holds no file yet."""
    if not files(folder):
        return "select " + ", ".join(f"cast(null as {t}) as {c}" for c, t in columns) + " where false"
    select = ", ".join(f"cast({c} as {t}) as {c}" for c, t in columns)
    types = ", ".join(f"{_quote(k)}: '{v}'" for k, v in hive.items())
    source = (f"read_parquet({_quote(str(folder / '**' / '*.parquet'))}, hive_partitioning = true"
              + (f", hive_types = {{{types}}}" if hive else "") + ", union_by_name = true)")
    return f"select {select} from {source}"


def attach_tables(con: duckdb.DuckDBPyConnection, lake: Path) -> None:
    """A view per contract table over the lake of tables (all regions together)."""
    for table, columns in base_tables().items():
        hive = ({REGION: "VARCHAR"} if regions(lake / table) else {}) | \
            ({YEAR: "INTEGER"} if partitioned_by_year(table) else {})
        con.execute(f"create or replace view {table} as {_relation(lake / table, columns, hive)}")


def read_manifest(out: Path) -> dict:
    return json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))


def write_manifest(out: Path, manifest: dict) -> None:
    path = Path(out) / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)  # the app's version of a lake is this file: it changes in one step


def attach_model(con: duckdb.DuckDBPyConnection, out: Path, model: str, info: dict, view: str) -> None:
    """A view named ``view`` over one stored model's Parquet files, in the build's column order."""
    columns = tuple((c, t) for c, t in info["columns"])
    hive = {c: t for c, t in columns if c in info.get("partition_by", [])}
    con.execute(f"create or replace view {view} as {_relation(Path(out) / model, columns, hive)}")


def is_model_lake(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / MANIFEST).is_file()


def version_file(path: Path) -> Path:
    """The file whose (inode, mtime, size) versions the warehouse: the DuckDB file itself, or a
    lake's build manifest (rewritten, by rename, at the end of every build)."""
    path = Path(path)
    return path / MANIFEST if path.is_dir() else path


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection for reading: the DuckDB file read-only, or an in-memory database whose
    tables and models are views over a lake of stored models and its lake of tables."""
    path = Path(path)
    if not path.is_dir():
        return duckdb.connect(str(path), read_only=True)
    try:
        manifest = read_manifest(path)
    except (OSError, ValueError) as exc:  # shown on the "warehouse unreadable" page
        raise duckdb.IOException(f"无法读取建模结果 {path / MANIFEST}：{exc}") from exc
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    attach_tables(con, Path(manifest["lake"]))
    serve_models(con, path, manifest)
    return con


def serve_models(con: duckdb.DuckDBPyConnection, out: Path, manifest: dict) -> None:
    """Views over a build's stored models. A model that depends on the cycle anchor serves its
    stored rows when the connection's ``cycle_start`` is the build's or unset, else computes from
    its SQL (as ``warehouse.aggregates`` does); a model the build lacks is computed from its SQL."""
    anchor = int(manifest["cycle_start"])
    stored = manifest["models"]
    for model in order():
        sql = sources()[model]
        if model not in stored:
            con.execute(f"create or replace view {model} as\n{sql}")
        elif model in anchor_bound():
            attach_model(con, out, model, stored[model], f"{model}__stored")
            con.execute(f"""create or replace view {model} as
                select * from {model}__stored where coalesce(getvariable('{CYCLE_VARIABLE}'), {anchor}) = {anchor}
                union all by name
                select * from ({sql}) where coalesce(getvariable('{CYCLE_VARIABLE}'), {anchor}) <> {anchor}""")
        else:
            attach_model(con, out, model, stored[model], model)
