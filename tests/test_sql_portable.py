"""The metric models keep to the portable subset and render for DuckDB and Spark SQL (no JVM here).

What Spark then computes from the rendered SQL is proven in tests/test_spark_parity.py.
"""
from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from tests.metric_fixtures import small_county
from warehouse import portable

MODELS = portable.order()


def test_every_model_file_is_listed_once_in_dependency_order():
    assert sorted(MODELS) == sorted(portable.sources())
    position = {m: i for i, m in enumerate(MODELS)}
    for model in MODELS:
        for source in portable.reads(model):
            assert position[source] < position[model], (source, model)
    # teacher_year is materialised before the models that read it, and after the one it reads
    assert position["teacher_form_year"] < position["teacher_year"] < position["metric_school_year"]
    assert portable.reads("teacher_year") == {"teacher_form_year"}


def test_pending_models_exist_and_are_really_outside():
    for model, why in portable.PENDING.items():
        assert model in portable.sources() and why
        assert portable.problems(model), model  # once portable, it leaves PENDING


@pytest.mark.parametrize("model", portable.spark_models())
def test_model_is_inside_the_portable_subset(model):
    assert portable.problems(model) == []


@pytest.mark.parametrize("model", portable.spark_models())
def test_spark_render_knows_every_function_and_binds_only_the_cycle_anchor(model):
    tree = sqlglot.parse_one(portable.render(model, "spark"), read="spark")
    assert not list(tree.find_all(exp.Anonymous))
    placeholders = {p.name for p in tree.find_all(exp.Placeholder)}
    assert placeholders == ({"cycle_start"} if model == "teacher_cycle_year" else set())
    for literal in tree.find_all(exp.Literal):
        if literal.is_number and "." in literal.this:  # a decimal literal is computed in DOUBLE
            assert isinstance(literal.parent, exp.Cast) and literal.parent.to.is_type("double"), model


def test_models_that_depend_on_the_cycle_anchor():
    assert portable.anchor_bound() == {"teacher_cycle_year", "metric_teacher_cycle"}
    assert portable.variables("teacher_cycle_year") == {"cycle_start"}


@pytest.mark.parametrize("sql, why", [
    ("select list_value(1, 2) as x", "uses Array, not in PORTABLE"),    # lists: no portable type
    ("select md5_number(teacher_key) as h from roster", "not a function sqlglot knows"),
    ("select arg_max(subject, year) as s from roster", "must order by"),  # null semantics differ
    ("select strftime(hire_date, '%Y') as y from roster", "not in PORTABLE"),
])
def test_outside_the_subset_is_named(sql, why):
    found = portable.problems("example", sql)
    assert found and any(why in f for f in found), found


def test_the_null_safe_max_by_is_inside():
    sql = "select max_by(subject, case when subject is not null then year end) as s from roster"
    assert portable.problems("example", sql) == []


def test_duckdb_render_returns_the_views_rows():
    """The rendered DuckDB SQL is the model: same rows as the view, on a hand-made county."""
    w = small_county()
    w.con.execute("set variable cycle_start = 2021")
    for model in MODELS:
        view = w.rows(f"select * from {model} order by all")
        rendered = w.rows(f"select * from ({portable.render(model, 'duckdb')}) order by all")
        assert rendered == view, model
    # a1's national 40 h in 2023 (see small_county); no national training in 2024
    assert w.rows("select year, person_times, passed_hours from metric_tier_year "
                  "where train_tier = 'national' order by year") == [(2023, 1, 40.0), (2024, 0, 0.0)]
