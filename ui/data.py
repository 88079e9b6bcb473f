"""Read access to the warehouse for the pages: one cached read-only connection, cached queries.

The warehouse is ``settings.warehouse_path()``: a DuckDB file, or a folder of stored models
built by ``python -m warehouse.build`` (``warehouse.lake.connect`` opens either). Its *version*
is the file's (a folder's: its build manifest's) (inode, mtime, size): a load replaces the file
(new inode) or rewrites it (new mtime), so the version changes and every cache keyed on it
misses at once; no restart, no stale page.
Query results are cached per (query function, scoped filters, arguments, version) with a TTL and
a bound on entries, so many users and many filter combinations cannot fill the memory.
"""
from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl
import streamlit as st

import settings
from ui.reader import scope_filters
from warehouse import lake
from warehouse.filters import Filters

Version = tuple[int, int, int]


def warehouse_file() -> Path:
    return settings.warehouse_path()


def version(path: Path | None = None) -> Version | None:
    """(inode, mtime in ns, size) of the warehouse file, or ``None`` when it does not exist."""
    path = lake.version_file(path or warehouse_file())
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _close(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.close()
    except duckdb.Error:  # already closed: nothing to release
        pass


@st.cache_resource(max_entries=4, on_release=_close, show_spinner=False)
def _connection(path: str, file_version: Version) -> duckdb.DuckDBPyConnection:
    return lake.connect(Path(path))


_lock = threading.Lock()
_opened: dict[str, Version | None] = {}  # path → the version its cached connection reads


def _open(path: str, file_version: Version | None) -> duckdb.DuckDBPyConnection:
    # DuckDB keeps one database per path in the process and hands it to every new
    # connection while any connection to that path is open: after a load swapped the file,
    # a new connection would still read the old file. So the old ones are closed first.
    with _lock:
        if _opened.get(path, file_version) != file_version:
            _connection.clear()
        _opened[path] = file_version
        return _connection(path, file_version)


def connection() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to the current warehouse version."""
    path = warehouse_file()
    return _open(str(path), version(path))


def release() -> None:
    """Close the cached connections (before the import page loads new files)."""
    _connection.clear()
    _cached_query.clear()


def problem() -> tuple[str, str] | None:
    """Why the warehouse cannot be read: ``("missing", path)``, ``("broken", reason)`` or None."""
    path = warehouse_file()
    if version(path) is None:
        return ("missing", str(path))
    try:
        with connection().cursor() as cur:
            cur.execute("select count(*) from school").fetchall()
    except (duckdb.Error, OSError) as exc:
        _connection.clear()
        return ("broken", str(exc).splitlines()[0][:300])
    return None


@st.cache_data(ttl=600, max_entries=1000, show_spinner=False)
def _cached_query(_function: Callable[..., pl.DataFrame], name: str, filters_json: str, kwargs_json: str,
                  path: str, file_version: Version) -> pl.DataFrame:
    # ``_function`` is not hashed (the leading underscore); ``name``, its dotted name, keys the cache.
    filters = Filters.model_validate_json(filters_json)
    # A cursor per query: one DuckDB connection must not run two queries at once.
    with _open(path, file_version).cursor() as cur:
        return _function(cur, filters, **json.loads(kwargs_json))


def dotted_name(function: Callable) -> str:
    """``warehouse.queries.coverage.coverage_by``: the cache key's name of a query function. Only
    a module-level function has one (a lambda or a local function would share its name with
    another, and so its cached results)."""
    name = f"{function.__module__}.{function.__qualname__}"
    if getattr(sys.modules.get(function.__module__), function.__qualname__, None) is not function:
        raise ValueError(f"{name} is not a module-level query function")
    return name


def query(function: Callable[..., pl.DataFrame], filters: Filters, **kwargs) -> pl.DataFrame:
    """``function(con, filters, **kwargs)`` (a query of ``warehouse.queries``, ``credits`` …), cached.

    The cache key holds the function's dotted name, the filters narrowed to the reader's scope,
    the keyword arguments (JSON, so dicts such as ranking weights key the cache too) and the
    warehouse version.
    """
    filters = scope_filters(filters)  # the reader's row-level scope, whatever the page passed
    key = (dotted_name(function), filters.model_dump_json(), json.dumps(kwargs, sort_keys=True, ensure_ascii=False))
    path = warehouse_file()
    try:
        return _cached_query(function, *key, str(path), version(path))
    except duckdb.ConnectionException:
        # Another session saw a new warehouse version and closed this connection under
        # the query: run it once more on the new version.
        return _cached_query(function, *key, str(path), version(path))
