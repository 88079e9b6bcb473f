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


@pytest.mark.parametrize("table", sorted(CONTRACT_KEYS))
def test_table_primary_key_is_contract_grain(fresh_db, table):
    rows = fresh_db.execute(
        "select constraint_column_names from duckdb_constraints() where table_name = ? and constraint_type = 'PRIMARY KEY'",
        [table]).fetchall()
    assert [list(r[0]) for r in rows] == [CONTRACT_KEYS[table]]


@pytest.mark.parametrize("view", sorted(CONTRACT_VIEWS))
def test_metric_view_has_contract_columns(fresh_db, view):
    assert CONTRACT_VIEWS[view] <= _columns(fresh_db, view)


def test_no_table_has_an_id_number_column(fresh_db):
    cols = {r[0] for r in fresh_db.execute("select column_name from information_schema.columns").fetchall()}
    assert not cols & {"id_number", "身份证号"}


def test_schema_is_idempotent(fresh_db):
    from warehouse.schema import create_schema

    fresh_db.execute("insert into school values ('S1', '城东小学', 'primary', null, 'urban', false)")
    create_schema(fresh_db)
    assert fresh_db.execute("select count(*) from school").fetchall() == [(1,)]
