"""The credit ledger (credit_course → teacher_credit_cycle / teacher_credit_category →
metric_teacher_credit) on hand-computed cases: conversion, each kind of cap, category
minimums, offsets with their caps, a teacher hired mid-cycle and a new teacher.

Unless a test says otherwise: rules in credits (10 学时 = 1 学分, 36 per 5-year cycle from
2021), one teacher on the roster 2021–2023, so the as-of year is 2023 (3 years elapsed).
"""
from __future__ import annotations

import pytest

from credits import rules
from tests.credit_fixtures import CreditWarehouse, rule_set

YEARS = (2021, 2022, 2023)


@pytest.fixture()
def wh():
    w = CreditWarehouse().school("S1")
    yield w.roster("t1", "S1", YEARS)
    w.con.close()


def test_conversion_by_form_and_tier_under_the_beijing_preset(wh):
    face = wh.course("t1", 2021, 40, tier="county", form="offline")     # 40 / 10 = 4
    online = wh.course("t1", 2022, 40, tier="provincial", form="online")  # 40 / 20 = 2
    school = wh.course("t1", 2022, 20, tier="school", form="offline")    # 20 / 20 = 1
    shadow = wh.course("t1", 2023, 60, tier="national", form="shadowing")  # 60 / 20 = 3
    wh.course("t1", 2023, 30, result="failed")                            # not passed: nothing
    wh.apply(rules.load("beijing"))
    assert wh.counted("t1") == {face: 4, online: 2, school: 1, shadow: 3}
    row = wh.ledger("t1")
    assert (row["training"], row["earned_credits"], row["earned_hours"]) == (10, 10, 160)
    assert (row["required"], row["remaining"], row["compliant"]) == (36, 26, False)
    assert row["rule_id"] == "beijing" and row["unit"] == "credits"


def test_an_hours_rule_set_counts_hours_and_shows_credits_beside_them(wh):
    wh.course("t1", 2021, 100)
    wh.course("t1", 2022, 150)
    wh.apply(rules.load("national"))
    row = wh.ledger("t1")
    # 360 h per 5 years, 3 of 5 years elapsed: 216 h due so far; 250 h earned = 25 credits at 10 h each.
    assert (row["earned"], row["earned_credits"], row["required"], row["required_to_date"]) == (250, 25, 360, 216)
    assert (row["remaining"], row["on_pace"], row["compliant"]) == (110, True, False)


def test_the_per_course_cap(wh):
    big = wh.course("t1", 2021, 50)    # 5 credits, capped at 3
    small = wh.course("t1", 2021, 20)  # 2 credits, under the cap
    wh.apply(rule_set(caps={"per_course": 3}))
    assert wh.counted("t1") == {big: 3, small: 2}
    row = wh.ledger("t1")
    assert (row["training"], row["recorded_hours"], row["earned_hours"]) == (5, 70, 50)  # 50 h = 30 + 20


def test_a_group_cap_scales_the_groups_courses_by_one_factor(wh):
    a = wh.course("t1", 2021, 30, tier="school")   # 3
    b = wh.course("t1", 2022, 30, tier="school")   # 3 → the group's 6 is capped at 4: × 2/3 each
    c = wh.course("t1", 2022, 10, tier="county")   # 1, not in the group
    wh.apply(rule_set(group=[{"name": "校本研修", "tiers": ["school"], "max": 4}]))
    assert wh.counted("t1") == {a: 2, b: 2, c: 1}
    assert wh.categories("t1")[("group", "校本研修")] == (4, 0, 0)
    assert wh.ledger("t1")["training"] == 5


def test_a_category_cap_by_theme_keyword(wh):
    a = wh.course("t1", 2021, 20, theme="师德师风建设")  # 2
    b = wh.course("t1", 2022, 20, theme="师德师风")       # 2 → 4 capped at 3: × 3/4
    c = wh.course("t1", 2022, 10, theme="信息技术")       # 1, another category
    wh.apply(rule_set(category=[{"name": "师德", "themes": ["师德"], "max": 3},
                                {"name": "技能", "themes": ["信息技术", "学科"]}]))
    assert wh.counted("t1") == {a: 1.5, b: 1.5, c: 1}
    cats = wh.categories("t1")
    assert cats[("category", "师德")] == (3, 0, 0) and cats[("category", "技能")] == (1, 0, 0)


def test_the_per_year_cap(wh):
    a = wh.course("t1", 2021, 40)  # 4
    b = wh.course("t1", 2021, 30)  # 3 → 2021's 7 capped at 5: × 5/7
    c = wh.course("t1", 2022, 30)  # 3, 2022 under the cap
    wh.apply(rule_set(caps={"per_year": 5}))
    counted = wh.counted("t1")
    assert counted == {a: round(20 / 7, 6), b: round(15 / 7, 6), c: 3}
    row = wh.ledger("t1")
    assert row["training"] == pytest.approx(8)
    assert row["earned_hours"] == pytest.approx(80)  # 70 h × 5/7 + 30 h


def test_caps_apply_in_order_course_then_group_then_category_then_year(wh):
    # per course 6 → 8 becomes 6; group (school) max 5 → 6 + 2 = 8 scaled × 5/8; year max 4 → × 4/5
    a = wh.course("t1", 2021, 80, tier="school")
    b = wh.course("t1", 2021, 20, tier="school")
    wh.apply(rule_set(caps={"per_course": 6, "per_year": 4},
                      group=[{"name": "校本", "tiers": ["school"], "max": 5}]))
    assert wh.counted("t1") == {a: 3, b: 1}  # 6 × 5/8 × 4/5 = 3; 2 × 5/8 × 4/5 = 1


def test_category_minimums_and_their_shortfall(wh):
    wh.course("t1", 2021, 20, theme="师德")     # 2 of 师德's 8
    wh.course("t1", 2022, 300, theme="学科教学")  # 30, no minimum
    wh.apply(rule_set(category=[{"name": "师德", "themes": ["师德"], "min": 8},
                                {"name": "学科", "themes": ["学科"]}]))
    assert wh.categories("t1")[("category", "师德")] == (2, 8, 6)
    row = wh.ledger("t1")
    # 32 earned of 36: 4 short in total, but 6 short in 师德, which the total cannot make up
    assert (row["earned"], row["category_shortfall"], row["remaining"], row["compliant"]) == (32, 6, 6, False)


def test_the_total_met_but_a_category_minimum_not_is_not_compliant(wh):
    wh.course("t1", 2021, 400, theme="学科教学")
    wh.apply(rule_set(category=[{"name": "师德", "themes": ["师德"], "min": 8}]))
    row = wh.ledger("t1")
    assert (row["earned"], row["remaining"], row["compliant"], row["forecast"]) == (40, 8, False, "on_pace")


def test_award_and_degree_offsets_each_capped(wh):
    wh.award("t1", 2021, "national").award("t1", 2022, "provincial").award("t1", 2022, "school")
    wh.award("t1", 2019, "national")  # before the cycle: not counted
    degree = wh.course("t1", 2022, 200, theme="学历提升（教育硕士）")  # 20 credits of degree study
    course = wh.course("t1", 2022, 50)                                 # 5 credits of training
    wh.apply(rule_set(offsets={
        "award": [{"levels": ["national"], "amount": 5}, {"levels": ["provincial", "municipal"], "amount": 3}],
        "award_cap": 6, "degree_themes": ["学历"], "degree_cap": 10}))
    row = wh.ledger("t1")
    # awards 5 + 3 (+ 0 for the school award) = 8 → capped at 6; degree 20 → capped at 10
    assert (row["award_offset"], row["degree_offset"], row["training"], row["earned"]) == (6, 10, 5, 21)
    assert wh.counted("t1") == {degree: 20, course: 5}  # the degree row before its cap
    assert row["earned_hours"] == 50  # degree study is not training hours


def test_offsets_under_their_caps_count_in_full(wh):
    wh.award("t1", 2023, "provincial")
    wh.apply(rule_set(offsets={"award": [{"levels": ["provincial"], "amount": 3}], "award_cap": 6}))
    assert wh.ledger("t1")["award_offset"] == 3


def test_a_teacher_hired_mid_cycle_owes_a_pro_rated_share():
    w = CreditWarehouse().school("S1")
    w.roster("old", "S1", (2021, 2022, 2023, 2024))
    w.roster("mid", "S1", (2023, 2024))  # joins in 2023: 3 of the cycle's 5 years
    w.course("mid", 2023, 100)
    w.apply(rule_set(category=[{"name": "师德", "themes": ["师德"], "min": 10}]))
    row = w.ledger("mid")
    assert (row["as_of_year"], row["start_year"], row["years_in_cycle"], row["years_elapsed"]) == (2024, 2023, 3, 2)
    assert row["required"] == pytest.approx(36 * 3 / 5)          # 21.6
    assert row["required_to_date"] == pytest.approx(36 * 2 / 5)  # 14.4
    assert w.categories("mid")[("category", "师德")] == (0, 6, 6)  # min 10 × 3/5
    assert (row["earned"], row["on_pace"]) == (10, False)


def test_a_new_teacher_owes_the_probation_requirement_then_the_pro_rated_rest():
    w = CreditWarehouse().school("S1")
    w.roster("veteran", "S1", (2021, 2022, 2023))
    w.roster("new", "S1", (2022, 2023), dev_tier="qualified", first_tier="new")
    w.course("new", 2022, 130)  # probation year
    w.course("new", 2023, 50)
    w.apply(rules.load("national"))
    row = w.ledger("new")
    assert (row["is_new_teacher"], row["probation_year"], row["probation_earned"]) == (True, 2022, 130)
    # 120 in the probation year + 360 × 3/5 for 2023–2025
    assert row["required"] == pytest.approx(120 + 216)
    assert row["required_to_date"] == pytest.approx(120 + 72)  # 2 years elapsed
    assert (row["earned"], row["on_pace"], row["remaining"]) == (180, False, pytest.approx(156))
    assert w.ledger("veteran")["is_new_teacher"] is False


def test_a_new_teacher_under_rules_without_a_new_teacher_requirement_is_only_pro_rated():
    w = CreditWarehouse().school("S1")
    w.roster("new", "S1", (2022, 2023), first_tier="new")
    w.apply(rules.load("shanghai"))
    row = w.ledger("new")
    assert (row["is_new_teacher"], row["required"]) == (False, pytest.approx(36 * 4 / 5))


def test_the_yearly_minimum_counts_the_years_below_it(wh):
    wh.course("t1", 2021, 30)  # 30 ≥ 24
    wh.course("t1", 2022, 20)  # 20 < 24
    wh.course("t1", 2023, 5)   # the as-of year is not over yet: not counted
    wh.apply(rules.load("zhejiang"))
    row = wh.ledger("t1")
    assert (row["years_below_min"], row["compliant"], row["forecast"]) == (1, False, "unreachable")


def test_teachers_are_the_as_of_rosters_and_sit_at_their_as_of_school():
    w = CreditWarehouse().school("S1").school("S2")
    w.roster("moved", "S1", (2021, 2022)).roster("moved", "S2", (2023,))
    w.roster("left", "S1", (2021, 2022))
    w.course("moved", 2021, 50)
    w.apply(rule_set())
    rows = w.con.execute("select teacher_key, school_code, training from metric_teacher_credit").fetchall()
    assert rows == [("moved", "S2", 5.0)]


def test_switching_rule_sets_recomputes_the_ledger(wh):
    wh.course("t1", 2021, 40, form="online")
    wh.apply(rules.load("beijing"))
    assert wh.ledger("t1")["earned"] == 2
    wh.apply(rules.load("zhejiang"))
    assert wh.ledger("t1")["earned"] == 40
    assert wh.con.execute("select count(*) from credit_rule_set").fetchall() == [(1,)]
