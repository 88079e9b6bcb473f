"""Running rendered SQL: bound parameters in, a polars frame (or one value) out."""
from __future__ import annotations

import re

import duckdb
import polars as pl


def used_params(sql: str, params: dict | None) -> dict:
    """The parameters the SQL names (DuckDB refuses values for markers that are absent)."""
    names = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql))
    return {k: v for k, v in (params or {}).items() if k in names}


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pl.DataFrame:
    """Execute with bound parameters and return a polars DataFrame."""
    return con.sql(sql, params=used_params(sql, params)).pl()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None):
    """The first column of the first row (or None); the result is read to its end."""
    rows = con.execute(sql, used_params(sql, params)).fetchall()
    return rows[0][0] if rows else None
