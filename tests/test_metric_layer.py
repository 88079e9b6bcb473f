"""warehouse.layer: declared measures and rates, rendered over the smallest model, on hand-made rows.

Two schools, 2024: school A (urban) has three roster teachers, T1 passed a county course
(10 h) and a school course (5 h), T2 failed a county course, T3 took nothing; a fourth
teacher T4 trained at A without being on its roster (passed, 8 h, school tier). School B
(rural) has one roster teacher T5 who passed a provincial course (20 h). A has two awards
(national, school), B one (county).
"""
from __future__ import annotations

import pytest

from metric_fixtures import Warehouse
from warehouse import aggregates, layer
from warehouse.filters import Filters
from warehouse.layer import Rate
from warehouse.layer.render import choose


@pytest.fixture(scope="module")
def con():
    w = Warehouse()
    w.school("A", urban_rural="urban").school("B", urban_rural="rural", township="乡镇二")
    for key, school, subject in (("T1", "A", "语文"), ("T2", "A", "数学"), ("T3", "A", "语文"), ("T5", "B", "语文")):
        w.roster(2024, key, school, subject=subject)
    w.program("P1", 2024, "county", hours=10).program("P2", 2024, "school", hours=5)
    w.program("P3", 2024, "provincial", hours=20).program("P4", 2024, "school", hours=8)
    w.took("P1", "T1").took("P2", "T1").took("P1", "T2", "failed")
    w.took("P4", "T4", school="A").took("P3", "T5")
    w.award("T1", 2024, "national").award("T2", 2024, "school").award("T5", 2024, "county")
    aggregates.build(w.con)  # stored models, as after a load
    yield w.con


def rows(frame):
    return [tuple(r) for r in frame.iter_rows()]


def test_coverage_and_density_by_school_join_two_models(con):
    frame = layer.query(con, ["roster_teachers", "trained_teachers", "coverage", "awards", "award_density"],
                        by=["year", "school_code"])
    # A: T1 trained of 3 on roster; 2 awards per 3 teachers = 66.7 per 100. B: 1 of 1, 1 award.
    assert rows(frame) == [(2024, "A", 3, 1, 1 / 3, 2, 200 / 3), (2024, "B", 1, 1, 1.0, 1, 100.0)]


def test_a_tier_filter_reads_that_tier_and_person_times_count_off_roster_teachers(con):
    frame = layer.query(con, ["person_times", "trained_teachers", "passed_hours", "hours_per_teacher"],
                        by=["year"], filters=Filters(train_tiers=("school",)))
    # school tier: T1's 5 h and T4's 8 h (T4 is not on a roster: hours yes, trained no)
    assert rows(frame) == [(2024, 2, 1, 13.0, 13.0 / 4)]


def test_several_tiers_move_trained_teachers_to_the_teacher_rows(con):
    f = Filters(train_tiers=("county", "school"))
    assert [m.name for m, _ in choose(["trained_teachers"], ["year"], f, f.train_tiers)] == ["teacher_year"]
    assert [m.name for m, _ in choose(["person_times"], ["year"], f, f.train_tiers)] == ["school_year_totals"]
    # T1 passed in both tiers: one trained teacher, not two
    assert rows(layer.query(con, ["trained_teachers"], ["year"], f)) == [(2024, 1)]


def test_a_subject_filter_needs_the_teacher_model(con):
    f = Filters(subjects=("数学",))
    assert [m.name for m, _ in choose(["roster_teachers"], ["year"], f, ())] == ["teacher_year"]
    assert rows(layer.query(con, ["roster_teachers", "coverage"], ["year"], f)) == [(2024, 1, 0.0)]


def test_by_train_tier_gives_each_tier_its_own_coverage_in_codebook_order(con):
    frame = layer.query(con, ["trained_teachers", "coverage"], ["year", "train_tier"])
    assert rows(frame) == [(2024, "national", 0, 0.0), (2024, "provincial", 1, 0.25),
                           (2024, "municipal", 0, 0.0), (2024, "county", 1, 0.25), (2024, "school", 1, 0.25)]


def test_a_grid_gives_every_code_a_row_and_the_scope_applies(con):
    frame = layer.query(con, ["roster_teachers", "coverage"], ["year", "urban_rural"],
                        Filters(allowed_schools=frozenset({"B"})), grid={"urban_rural": "urban_rural"})
    assert rows(frame) == [(2024, "urban", 0, None), (2024, "town", 0, None), (2024, "rural", 1, 1.0)]


def test_a_new_rate_is_one_declaration(con, monkeypatch):
    rate = Rate("passed_per_person_time", "passed", "person_times",
                zh="人均合格次数：分子 = 合格记录数；分母 = 参训人次；单位：比例 0–1；分母为 0 时为空。",
                en="Passed rows per person-time: numerator = passed rows; denominator = person-times; "
                   "unit: fraction 0–1; NULL when the denominator is 0.")
    monkeypatch.setitem(layer.RATES, rate.name, rate)
    # 5 person-times (T1 twice, T2, T4, T5), 4 passed
    assert rows(layer.query(con, ["passed_per_person_time"], ["year"])) == [(2024, 0.8)]
    assert rows(layer.query(con, ["passed_per_person_time"], ["year", "school_code"],
                            Filters(schools=("A",)))) == [(2024, "A", 0.75)]
    assert layer.definition("passed_per_person_time").startswith("人均合格次数")


def test_every_rate_has_a_definition_in_both_languages():
    for name in layer.RATES:
        assert layer.definition(name, "zh") and layer.definition(name, "en"), name


def test_an_undeclared_measure_is_refused_by_name():
    with pytest.raises(ValueError, match="undeclared measures.*nonsense"):
        layer.render(["nonsense"], ["year"])


def test_the_same_declarations_render_for_spark():
    sql, _ = layer.render(["coverage"], ["year", "township"], Filters(year=2024), dialect="spark")
    assert "nullif" in sql.lower() or "NULLIF" in sql


def test_the_awards_headline_is_the_sum_of_its_school_rows(con):
    from warehouse.queries import awards
    by_school = awards.awards_by_school(con, Filters(year=2024))
    total = awards.award_totals(con, Filters(year=2024))
    # 3 awards for 4 roster teachers (A: 3, B: 1) = 75 per 100, as the page showed it
    assert rows(total) == [(2024, 4, 3, 75.0)]
    assert total["awards"][0] == by_school["awards"].sum()
    assert total["roster_teachers"][0] == by_school["roster_teachers"].sum()


def _direct(con, model, measures, where):
    sql = (f"select {', '.join(f'{model.measures[m]} as {m}' for m in measures)} "
           f"from {model.name} as m where {where}")
    return con.execute(sql).fetchall()


def test_the_directly_read_models_are_declared_with_a_true_grain_and_measures(con):
    from warehouse.layer.catalog import (DIRECT_MODELS, METRIC_TEACHER_CREDIT, SCHOOL_STAGE_RESOURCES,
                                         TEACHER_TRAINING_PERIOD)
    for model in DIRECT_MODELS:
        grain = ", ".join(model.grain)
        assert con.execute(f"select count(*) from (select {grain} from {model.name} "
                           f"group by {grain} having count(*) > 1)").fetchall() == [(0,)]
        assert set(model.keys) <= {c for (c,) in con.execute(
            "select column_name from duckdb_columns() where table_name = $t", {"t": model.name}).fetchall()}
    # calendar 2024: T1, T2, T3 (A) and T5 (B) on the roster; T1 (10 + 5 h) and T5 (20 h) passed,
    # T2 failed; T4 trained without being on the roster and does not count
    assert _direct(con, TEACHER_TRAINING_PERIOD,
                   ["teachers", "attended_teachers", "completed_teachers", "passed_hours",
                    "completed_county", "completed_provincial", "completed_school"],
                   "m.period_kind = 'calendar' and m.period_year = 2024") == [(4, 3, 2, 35.0, 1, 1, 1)]
    # both schools are primary: one stage group, four teachers, 35 h, no key teachers
    assert _direct(con, SCHOOL_STAGE_RESOURCES, ["teachers", "passed_hours", "key_teachers"],
                   "m.year = 2024 and m.stage_group = 'primary'") == [(4, 35.0, 0)]
    # the national rules (360 h in 2021–2025): four roster teachers, 15 + 20 h earned, none compliant
    assert _direct(con, METRIC_TEACHER_CREDIT, ["teachers", "compliant_teachers", "earned"],
                   "m.cycle_start = 2021") == [(4, 0, 35.0)]
