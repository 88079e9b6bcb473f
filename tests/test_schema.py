"""The warehouse schema keeps the contract (DATA_CONTRACT.md, section Warehouse)."""
from __future__ import annotations

import pytest

# Copied from DATA_CONTRACT.md: table -> key + the columns it promises at least.
CONTRACT_TABLES = {
    "school": {"school_code", "school_name", "stage", "township", "urban_rural", "is_weak"},
    "teacher": {"teacher_key", "id_masked", "name", "gender", "birth_date"},
    "roster": {"year", "teacher_key", "school_code", "subject", "stage", "title", "hire_date", "dev_tier"},
    "program": {"program_code", "program_name", "year", "train_tier", "form", "theme", "organizer", "start_date",
                "end_date", "hours", "credits", "planned_seats"},
    "participation": {"program_code", "teacher_key", "year", "school_code", "hours", "credits", "result", "score"},
    "award": {"award_id", "teacher_key", "school_code", "year", "award_name", "award_level", "category", "grade",
              "issuer"},
    "training_funds": {"year", "school_code", "training_spend", "public_funds"},
    "school_rating": {"year", "school_code", "rating", "score"},
    "plan_target": {"year", "category", "target"},
    "etl_batch": {"batch_id", "source_file", "sheet", "kind", "sha256", "loaded_at", "rows_read", "rows_loaded",
                  "rows_rejected"},
    "etl_reject": {"batch_id", "row_number", "source_file", "sheet", "raw", "reason"},
}
CONTRACT_KEYS = {
    "school": ["school_code"], "teacher": ["teacher_key"], "roster": ["year", "teacher_key"],
    "program": ["program_code"], "participation": ["program_code", "teacher_key"], "award": ["award_id"],
    "school_rating": ["year", "school_code"], "plan_target": ["year", "category"], "etl_batch": ["batch_id"],
    "etl_reject": ["batch_id", "row_number"],
}
CONTRACT_VIEWS = {
    "metric_school_year": {"year", "school_code", "school_name", "roster_teachers", "trained_teachers", "coverage",
                           "person_times", "passed", "pass_rate", "passed_hours", "hours_per_teacher", "awards",
                           "award_density", "rating"},
    "metric_tier_year": {"year", "train_tier", "person_times", "trained_teachers", "coverage", "pass_rate",
                         "passed_hours"},
    "metric_teacher_cycle": {"cycle_start", "teacher_key", "passed_hours", "required_hours", "compliant"},
    "metric_dev_tier_year": {"year", "dev_tier", "teachers"},
}


def _columns(con, name: str) -> set[str]:
    return {r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_name = ?", [name]).fetchall()}


@pytest.mark.parametrize("table", sorted(CONTRACT_TABLES))
def test_table_has_contract_columns(fresh_db, table):
    assert CONTRACT_TABLES[table] <= _columns(fresh_db, table)


# The fact tables keep one row per key through the loader (etl/replace.py, tests/test_etl_replace.py),
# not through a primary-key index, which at a province's size cost more than the rest of the writing.
UNINDEXED = ("roster", "participation", "award")


def _primary_keys(con, table):
    return [list(r[0]) for r in con.execute(
        "select constraint_column_names from duckdb_constraints() where table_name = ? and constraint_type = 'PRIMARY KEY'",
        [table]).fetchall()]


@pytest.mark.parametrize("table", sorted(set(CONTRACT_KEYS) - set(UNINDEXED)))
def test_table_primary_key_is_contract_grain(fresh_db, table):
    assert _primary_keys(fresh_db, table) == [CONTRACT_KEYS[table]]


@pytest.mark.parametrize("table", UNINDEXED)
def test_fact_table_key_columns_are_required_but_not_indexed(fresh_db, table):
    assert _primary_keys(fresh_db, table) == []
    nullable = dict(fresh_db.execute("select column_name, is_nullable from duckdb_columns() where table_name = ?",
                                     [table]).fetchall())
    assert [nullable[k] for k in CONTRACT_KEYS[table]] == [False] * len(CONTRACT_KEYS[table])


def test_every_data_table_but_teacher_records_the_load_that_wrote_each_row(fresh_db):
    tables = {r[0] for r in fresh_db.execute("select table_name from duckdb_columns() where column_name = 'batch_id' "
                                             "and table_name not like 'etl_%'").fetchall()}
    assert tables == set(CONTRACT_TABLES) - {"teacher", "etl_batch", "etl_reject"}


def test_a_warehouse_from_before_batch_ids_moves_its_lineage_onto_the_rows():
    import duckdb

    from warehouse.schema import create_tables

    con = duckdb.connect()
    con.execute("create table school (school_code varchar primary key, school_name varchar not null)")
    con.execute("create table participation (program_code varchar, teacher_key varchar, year integer)")
    con.execute("create table etl_row_source (table_name varchar, row_key varchar, batch_id integer)")
    con.execute("insert into school values ('S1', '一小'), ('S2', '二小')")
    con.execute("insert into participation values ('P1', 'k1', 2024), ('P1', 'k2', 2024)")
    con.execute("insert into etl_row_source values ('school', 'S1', 3), ('participation', 'P1' || chr(31) || 'k2', 7)")
    create_tables(con)
    assert con.execute("select school_code, batch_id from school order by 1").fetchall() == [("S1", 3), ("S2", None)]
    assert con.execute("select teacher_key, batch_id from participation order by 1").fetchall() == [
        ("k1", None), ("k2", 7)]
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'etl_row_source'").fetchall() == [(0,)]


@pytest.mark.parametrize("view", sorted(CONTRACT_VIEWS))
def test_metric_view_has_contract_columns(fresh_db, view):
    assert CONTRACT_VIEWS[view] <= _columns(fresh_db, view)


def test_no_table_has_an_id_number_column(fresh_db):
    cols = {r[0] for r in fresh_db.execute("select column_name from information_schema.columns").fetchall()}
    assert not cols & {"id_number", "身份证号"}


def test_schema_is_idempotent(fresh_db):
    from warehouse.schema import create_schema

    fresh_db.execute("insert into school (school_code, school_name) values ('S1', '城东小学')")
    create_schema(fresh_db)
    assert fresh_db.execute("select count(*) from school").fetchall() == [(1,)]
