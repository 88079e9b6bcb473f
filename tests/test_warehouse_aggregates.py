"""warehouse.aggregates: the heavy models stored as tables hold exactly what their views return.

Built on the small county of metric_fixtures (3 schools, 2023–2024, seven participation rows).
"""
from __future__ import annotations

import duckdb
import pytest

from metric_fixtures import small_county
from warehouse import aggregates
from warehouse.filters import Filters
from warehouse.queries import coverage, cycle


def kind(con, name: str) -> str:
    tables = {t for (t,) in con.execute("select table_name from duckdb_tables()").fetchall()}
    return "table" if name in tables else "view"


def everything(con, name: str) -> list[tuple]:
    return sorted(con.execute(f"select * from {name}").fetchall(), key=repr)


@pytest.fixture
def pair():
    """(views only, stored models) over the same rows."""
    plain, stored = small_county(), small_county()
    aggregates.build(stored.con)
    return plain.con, stored.con


def test_build_turns_each_listed_model_into_a_table(pair):
    plain, stored = pair
    names = [name for name, _ in aggregates.MATERIALISED]
    assert aggregates.stored_models(stored) == names
    assert aggregates.stored_models(plain) == []
    assert kind(stored, "metric_tier_year") == "view"  # cheap views stay views


@pytest.mark.parametrize("model", [name for name, _ in aggregates.MATERIALISED] + ["teacher_cycle_year"])
def test_stored_model_holds_what_the_view_returns(pair, model):
    plain, stored = pair
    assert everything(stored, model) == everything(plain, model)


def test_teacher_year_numbers_survive_storing(pair):
    _, stored = pair
    rows = stored.execute("select teacher_key, passed_hours, passed_any from teacher_year "
                          "where year = 2023 order by teacher_key").fetchall()
    # 2023: a1 N23 40 h passed; a2 failed; b1 12 h passed; c1 nothing; m S23 10 h passed
    assert rows == [("a1", 40.0, True), ("a2", 0.0, False), ("b1", 12.0, True), ("c1", 0.0, False),
                    ("m", 10.0, True)]


def test_coverage_query_agrees_before_and_after(pair):
    plain, stored = pair
    before = coverage.coverage_by(plain, Filters(year=2024), by="school")
    after = coverage.coverage_by(stored, Filters(year=2024), by="school")
    assert after.equals(before)
    # 2024: A a1 (S24 passed) of a1, a2 -> 1/2; B m (C24 passed) of m, b1 -> 1/2; C none of 2
    assert after["coverage"].to_list() == [0.5, 0.5, 0.0]


@pytest.mark.parametrize("anchor", [2021, 2022, 2024])
def test_cycle_rows_follow_the_connections_anchor(pair, anchor):
    """The stored rows answer for the configured anchor; any other anchor runs the model."""
    plain, stored = pair
    assert cycle.compliance(stored, Filters(), cycle_start=anchor).equals(
        cycle.compliance(plain, Filters(), cycle_start=anchor))


def test_build_twice_replaces_the_tables_with_current_rows(pair):
    _, stored = pair
    stored.execute("insert into roster (year, teacher_key, school_code) values (2024, 'n1', 'A')")
    aggregates.build(stored)
    # 2024 roster was 6 teachers (a1, a2, m, b1, c1, c2); n1 makes 7
    assert stored.execute("select count(*) from teacher_year where year = 2024 and on_roster").fetchall() == [(7,)]


def test_stored_warehouse_reopens_read_only(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    w = small_county()
    for table in ("school", "teacher", "roster", "program", "participation"):
        con.register("src", w.con.sql(f"select * from {table}").arrow())
        con.execute(f"create table {table} as select * from src")
        con.unregister("src")
    from warehouse.schema import create_tables
    create_tables(con)
    aggregates.build(con)
    con.close()
    ro = duckdb.connect(str(path), read_only=True)
    cycle.set_cycle_start(ro, 2021)
    # as of 2024, cycle 2021: a1 40 + 10 = 50 h of 2 × 72 = 144 required -> not compliant
    assert ro.execute("select passed_hours, required_hours, compliant from teacher_cycle_year "
                      "where teacher_key = 'a1' and as_of_year = 2024").fetchall() == [(50.0, 144.0, False)]
    ro.close()


def test_a_whole_rebuild_writes_the_new_models_into_the_blocks_of_the_old_ones(demo_warehouse, tmp_path):
    """Every later load copies the whole file: a rebuild that appended the models to it (their old
    blocks free only after a checkpoint) left the demo county's 58 blocks at 75, 18 of them free."""
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_warehouse.read_bytes())
    con = duckdb.connect(str(copy))
    try:
        [(before,)] = con.execute("select total_blocks from pragma_database_size()").fetchall()
        aggregates.build(con, full=True)
        con.execute("checkpoint")
        [(after, free)] = con.execute("select total_blocks, free_blocks from pragma_database_size()").fetchall()
    finally:
        con.close()
    assert after <= before * 1.15 and free <= before * 0.15, (before, after, free)  # now about 58 -> 61, 5 free
