"""The cycle forecast on small cases: met, on pace, at risk and unreachable, for the county,
each school and each stage, and the teacher lists, under the national preset (360 h per
2021–2025; the preset assumes at most 144 h can be earned in a year).

Four teachers on the roster 2021–2023 (as of 2023: 3 years elapsed, 2 left):
  met      360 h                          → met
  pace     250 h, pace 83.3 h/yr × 2 = 166.7 ≥ 110 remaining          → on_pace
  risk     150 h, pace 50 h/yr × 2 = 100 < 210 remaining ≤ 144 × 2    → at_risk
  lost      60 h, 300 remaining > 144 × 2 = 288                      → unreachable
"""
from __future__ import annotations

import pytest

from credits import forecast, rules
from tests.credit_fixtures import CreditWarehouse
from warehouse.filters import Filters

YEARS = (2021, 2022, 2023)


@pytest.fixture(scope="module")
def con():
    w = CreditWarehouse().school("S1", "primary", "一小").school("S2", "junior", "二中")
    for key, school, hours in (("met", "S1", 360), ("pace", "S1", 250), ("risk", "S2", 150), ("lost", "S2", 60)):
        w.roster(key, school, YEARS, name=f"{key}老师")
        w.course(key, 2021, hours)
    w.apply(rules.load("national"))
    yield w.con
    w.con.close()


def classes(con) -> dict[str, str]:
    return dict(con.execute("select teacher_key, forecast from metric_teacher_credit").fetchall())


def test_each_teacher_falls_in_the_class_computed_by_hand(con):
    assert classes(con) == {"met": "met", "pace": "on_pace", "risk": "at_risk", "lost": "unreachable"}
    projected = dict(con.execute("select teacher_key, projected from metric_teacher_credit").fetchall())
    assert projected["pace"] == pytest.approx(250 + 250 / 3 * 2)
    assert projected["lost"] == pytest.approx(60 + 20 * 2)


def test_the_county_projection_against_the_100_percent_line(con):
    row = forecast.forecast(con, Filters()).row(0, named=True)
    assert (row["teachers"], row["met"], row["on_pace"], row["at_risk"], row["unreachable"]) == (4, 1, 1, 1, 1)
    assert (row["compliance_rate"], row["projected_rate"], row["gap_to_full"]) == (0.25, 0.5, 2)
    assert (row["cycle_start"], row["cycle_end"], row["as_of_year"], row["rule_id"]) == (2021, 2025, 2023, "national")


def test_by_school_and_by_stage_lowest_projection_first(con):
    schools = forecast.forecast(con, Filters(), by="school")
    assert schools.select("school_name", "projected_rate").rows() == [("二中", 0.0), ("一小", 1.0)]
    stages = forecast.forecast(con, Filters(), by="stage")
    assert stages.select("stage", "projected_rate", "teachers").rows() == [("junior", 0.0, 2), ("primary", 1.0, 2)]


def test_the_lists_of_teachers_unreachable_and_at_risk(con):
    lost = forecast.teachers(con, Filters(), status="unreachable")
    assert lost.select("name", "remaining", "total").rows() == [("lost老师", 300.0, 1)]
    risk = forecast.teachers(con, Filters(), status="at_risk")
    assert risk.select("name", "school_name", "remaining").rows() == [("risk老师", "二中", 210.0)]


def test_a_school_reader_sees_only_its_own_teachers(con):
    mine = Filters(allowed_schools=frozenset({"S1"}))
    assert forecast.teachers(con, mine, status="unreachable").is_empty()
    assert forecast.forecast(con, mine)["teachers"].to_list() == [2]
    assert forecast.forecast(con, Filters(allowed_schools=frozenset())).is_empty()


def test_a_year_picks_the_cycle_holding_it(con):
    assert forecast.forecast(con, Filters(year=2023))["cycle_start"].to_list() == [2021]
    assert forecast.forecast(con, Filters(year=2019)).is_empty()


def test_the_cycle_s_last_year_leaves_no_time():
    w = CreditWarehouse().school("S1")
    w.roster("late", "S1", (2021, 2022, 2023, 2024, 2025))
    w.course("late", 2025, 300)
    w.apply(rules.load("national"))
    assert classes(w.con) == {"late": "unreachable"}


def test_without_a_yearly_maximum_only_pace_decides():
    w = CreditWarehouse().school("S1")
    w.roster("slow", "S1", YEARS)
    w.course("slow", 2021, 6)  # 6 of 36 credits, pace 2 a year: far short, but no cap makes it impossible
    w.apply(rules.load("shanghai").model_copy(update={"forecast": rules.Forecast()}))
    assert classes(w.con) == {"slow": "at_risk"}
