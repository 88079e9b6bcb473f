"""Spark computes the same numbers as DuckDB: the demo county built on local Spark, row for row.

Marked ``spark``: it needs Java 17 and pyspark (``make test`` installs both; a missing one fails
the test, it is never skipped). One short-lived ``local[2]`` session with two shuffle partitions.
"""
from __future__ import annotations

import datetime
import math
from decimal import Decimal

import duckdb
import pytest

from etl.export import export_connection, export_lake
from tests.metric_fixtures import small_county
from warehouse import build as batch
from warehouse import lake
from warehouse.portable import order, spark_models

pytestmark = pytest.mark.spark
TOLERANCE = 1e-9


def _value(v):
    return float(v) if isinstance(v, Decimal) else v


def _key(row):
    # order rows by their exact columns; doubles rounded so that 1e-12 differences sort alike
    return tuple((v is None, round(v, 6) if isinstance(v, float) else
                  v.isoformat() if isinstance(v, datetime.date) else v) for v in row)


def _rows(con, model):
    return sorted((tuple(_value(v) for v in r) for r in con.execute(f"select * from {model}").fetchall()), key=_key)


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return a == b


def assert_same_models(expected: duckdb.DuckDBPyConnection, actual: duckdb.DuckDBPyConnection):
    for con in (expected, actual):
        con.execute("set variable cycle_start = 2021")  # as the pages do
    for model in order():
        columns = [c for c, *_ in expected.execute(f"describe {model}").fetchall()]
        assert [c for c, *_ in actual.execute(f"describe {model}").fetchall()] == columns, model
        want, got = _rows(expected, model), _rows(actual, model)
        assert len(got) == len(want), model
        for w, g in zip(want, got):
            assert all(_same(x, y) for x, y in zip(w, g)), (model, dict(zip(columns, w)), dict(zip(columns, g)))


@pytest.fixture(scope="module")
def demo_on_spark(demo_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("spark")
    export_lake(demo_warehouse, root / "lake")
    status = batch.main(["--engine", "spark", "--lake", str(root / "lake"), "--out", str(root / "models"),
                         "--master", "local[2]", "--shuffle-partitions", "2", "--memory", "1g"])
    assert status == 0
    return root / "models"


def test_every_model_and_public_view_equals_duckdb_on_the_demo_county(demo_warehouse, demo_on_spark):
    manifest = lake.read_manifest(demo_on_spark)
    assert manifest["engine"] == "spark" and sorted(manifest["models"]) == sorted(spark_models())
    file, served = duckdb.connect(str(demo_warehouse), read_only=True), lake.connect(demo_on_spark)
    assert_same_models(file, served)
    # the rows the app serves are Spark's own files, not a DuckDB recomputation
    for model, info in manifest["models"].items():
        assert info["rows"] == file.execute(f"select count(*) from {model}").fetchone()[0], model
    assert served.execute("select sum(person_times) from school_year_totals where year = 2024").fetchone() == \
        file.execute("select sum(person_times) from school_year_totals where year = 2024").fetchone()


def test_another_cycle_anchor_is_computed_from_the_stored_models(demo_warehouse, demo_on_spark):
    file, served = duckdb.connect(str(demo_warehouse), read_only=True), lake.connect(demo_on_spark)
    sql = "select count(*), sum(passed_hours) from teacher_cycle_year"
    for con in (file, served):
        con.execute("set variable cycle_start = 2022")
    assert served.execute(sql).fetchone() == pytest.approx(file.execute(sql).fetchone())


def test_null_semantics_and_rates_on_a_hand_made_county(tmp_path):
    """Where the engines differ by default (a null value at the end of a spell, a decimal rate),
    the rendered SQL gives the same answer, and the one a person computes by hand."""
    w = small_county()
    w.roster(2025, "a1", "A", dev_tier="new", subject=None)   # a1 states no subject in 2025
    w.award("a2", 2024, "county", school="A")
    export_connection(w.con, tmp_path / "lake")
    manifest = batch.build("spark", tmp_path / "lake", tmp_path / "models",
                           shuffle_partitions=1, memory="1g")
    served = lake.connect(tmp_path / "models")
    assert served.execute("select subject, first_year, last_year from dev_tier_spell "
                          "where teacher_key = 'a1'").fetchall() == [("语文", 2023, 2025)]
    # school A in 2024: 2 roster teachers, 1 award → 100 × 1 / 2 = 50 awards per 100 teachers
    [(density,)] = served.execute("select award_density from metric_school_year "
                                  "where year = 2024 and school_code = 'A'").fetchall()
    assert isinstance(density, float) and density == 50.0
    assert_same_models(w.con, served)
    assert manifest["models"]["teacher_year"]["partition_by"] == ["year"]
    assert sorted(p.name for p in (tmp_path / "models" / "teacher_year").glob("year=*")) == \
        ["year=2023", "year=2024", "year=2025"]
