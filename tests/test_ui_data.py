"""ui.data: the cached read-only connection and the cached query wrapper see a new warehouse
version (a load swaps the file) at once, on a real DuckDB file."""
from __future__ import annotations

import os

import duckdb
import pytest

from ui import data
from warehouse.queries import options
from warehouse.filters import Filters
from warehouse.schema import create_schema


def build(path, schools: list[tuple[str, str]]) -> None:
    with duckdb.connect(str(path)) as con:
        create_schema(con)
        con.executemany("insert into school (school_code, school_name) values (?, ?)", schools)


@pytest.fixture()
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    build(path, [("S1", "一小")])
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    yield path
    data.release()


def swap(path, schools) -> None:
    """What a load does: build the new state beside the file and rename it over the old one."""
    staged = path.with_name("staged.duckdb")
    build(staged, schools)
    os.replace(staged, path)


def test_version_is_none_without_a_file_and_changes_when_the_file_is_swapped(warehouse):
    assert data.version(warehouse.with_name("missing.duckdb")) is None
    before = data.version(warehouse)
    swap(warehouse, [("S1", "一小"), ("S2", "二小")])
    assert data.version(warehouse) != before


def test_connection_reads_the_new_file_after_a_swap(warehouse):
    # an open connection to the old file must not hand the old database to the new one
    assert data.connection().execute("select count(*) from school").fetchone() == (1,)
    swap(warehouse, [("S1", "一小"), ("S2", "二小")])
    assert data.connection().execute("select count(*) from school").fetchone() == (2,)


def test_cached_query_shows_a_new_load_at_once(warehouse):
    assert data.query(options.schools, Filters())["school_name"].to_list() == ["一小"]
    swap(warehouse, [("S1", "一小"), ("S2", "二小")])
    assert data.query(options.schools, Filters())["school_name"].to_list() == ["一小", "二小"]


def test_problem_names_a_missing_and_a_broken_file(tmp_path, monkeypatch):
    missing = tmp_path / "none.duckdb"
    monkeypatch.setenv("WAREHOUSE_PATH", str(missing))
    assert data.problem() == ("missing", str(missing))
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("WAREHOUSE_PATH", str(broken))
    kind, reason = data.problem()
    assert kind == "broken" and reason


def test_query_runs_the_function_it_is_given_and_keys_the_cache_on_its_name(warehouse):
    assert data.dotted_name(options.schools) == "warehouse.queries.options.schools"
    assert data.query(options.schools, Filters())["school_code"].to_list() == ["S1"]
    assert data.query(options.years, Filters()).height == 0  # same filters, its own result (no roster yet)


def test_query_refuses_a_function_without_a_module_level_name(warehouse):
    def schools(con, filters):  # would share a cache key with any other local "schools"
        return options.schools(con, filters)

    for function in (schools, lambda con, filters: options.schools(con, filters)):
        with pytest.raises(ValueError, match="not a module-level query function"):
            data.query(function, Filters())
