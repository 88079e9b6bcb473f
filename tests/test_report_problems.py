"""三、问题与不足 on small warehouses built so that each problem is present, or absent.

The base county has everything right: schools A (urban) and B (rural), ten teachers each
on the 2023 and 2024 rosters, every teacher passing a county programme of 80 hours in
each year (coverage 100 %, pass rates 100 %, 160 cycle hours against 144 required). Each
variant breaks one thing and must raise exactly that problem (thresholds of
report/templates/annual_zh.toml: coverage < 85 %, gap ≥ 5 points, cycle < 90 %, a pass
rate down ≥ 1 point, no county-level participation).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from report.annual import problems
from report.annual.scope import resolve
from report.annual.sections import Context
from report.annual.text import TEMPLATES_DIR, Templates
from tests.metric_fixtures import Warehouse

TEACHERS = 10


def county(*, untrained: dict[str, int] | None = None, county_hours: float = 80,
           failed_extra: bool = False, school_tier_only: str | None = None) -> Warehouse:
    """``untrained``: per school, how many of its teachers take nothing in 2024 (they did a
    second 80-hour programme in 2023, so they stay on cycle pace); ``county_hours``: the
    hours of each year's county programme; ``failed_extra``: one teacher of A also fails a
    second county programme in 2024; ``school_tier_only``: that school's 2024 programme is
    school-based instead of county."""
    untrained = untrained or {}
    w = Warehouse()
    w.school("A", urban_rural="urban", name="甲小学").school("B", urban_rural="rural", name="乙小学",
                                                             township="乙乡")
    w.program("C23", 2023, "county", hours=county_hours).program("X23", 2023, "county", hours=80)
    w.program("C24", 2024, "county", hours=county_hours).program("S24", 2024, "school", hours=county_hours)
    w.program("F24", 2024, "county", hours=10)
    for school in ("A", "B"):
        for i in range(TEACHERS):
            key = f"{school.lower()}{i}"
            w.roster(2023, key, school).roster(2024, key, school)
            w.took("C23", key)
            if i >= TEACHERS - untrained.get(school, 0):
                w.took("X23", key)
                continue
            w.took("S24" if school == school_tier_only else "C24", key)
    if failed_extra:
        w.took("F24", "a0", "failed")
    return w


def found(w: Warehouse, templates: Path | None = None, school: str | None = None) -> dict[str, str]:
    scope = resolve(w.con, 2024, school=school)
    c = Context(w.con, scope, Templates("zh", templates))
    return {p.key: p.evidence.plain("zh") for p in problems.find(c)}


def test_a_county_without_problems_says_so_and_states_the_criteria():
    w = county()
    assert found(w) == {}
    scope = resolve(w.con, 2024)
    c = Context(w.con, scope, Templates("zh"))
    [block] = problems.problem_blocks(c, [])
    text = block.text.plain("zh")
    assert "未发现突出问题" in text and "低于85%" in text and "低于90%" in text


def test_low_coverage_schools_are_named_with_their_coverage():
    # 2 of 10 untrained at both schools: 80 % each (< 85 %), no gap between them
    assert found(county(untrained={"A": 2, "B": 2})) == {
        "low_coverage": "按培训覆盖率低于85%、名册教师10人及以上判定，有2所学校覆盖率偏低，其中甲小学80.0%、乙小学80.0%。"}


def test_coverage_at_the_threshold_is_not_a_problem(tmp_path):
    w = county(untrained={"A": 2, "B": 2})
    data = tomllib.loads((TEMPLATES_DIR / "annual_zh.toml").read_text(encoding="utf-8"))
    text = (TEMPLATES_DIR / "annual_zh.toml").read_text(encoding="utf-8")
    edited = tmp_path / "annual_zh.toml"
    edited.write_text(text.replace("low_coverage_pct = 85", "low_coverage_pct = 80"), encoding="utf-8")
    assert data["thresholds"]["low_coverage_pct"] == 85
    assert found(w, edited) == {}  # 80 % is not below 80 %


def test_small_schools_are_left_out_of_low_coverage():
    w = county(untrained={"A": 2, "B": 2})
    w.school("D", name="丁教学点").roster(2024, "d1", "D")  # one teacher, untrained: 0 %
    assert "丁教学点" not in found(w)["low_coverage"]


def test_urban_rural_gap_with_its_trend():
    # B rural 90 % (not low), A urban 100 %: 10 points apart; 2023 both 100 %: widened by 10
    assert found(county(untrained={"B": 1})) == {
        "urban_rural_gap": "各类学校培训覆盖率为城区学校100.0%、乡村学校90.0%，最高与最低相差10.0个百分点"
                           "（判定标准：相差5个百分点及以上），差距较上年扩大10.0个百分点。"}


def test_teachers_behind_on_the_cycle_by_school():
    # 20 h a year: 40 passed hours against 144 required (72 × 2 years since 2023) for everyone
    assert found(county(county_hours=20)) == {
        "cycle_behind": "截至2024年，2021—2025年周期学时达标率为0.0%，低于90%的判定标准，20名教师未达到"
                        "按年折算的学时进度，人数较多的学校有甲小学10人、乙小学10人。"}


def test_a_falling_pass_rate_names_the_tier():
    # county tier: 2023 20/20 passed; 2024 20 of 21 (a0 failed F24): 95.2 %, down 4.8 points
    assert found(county(failed_extra=True)) == {
        "pass_rate_drop": "按合格率较上年下降1个百分点及以上判定，县培合格率95.2%，较上年下降4.8个百分点。"}


def test_a_school_without_county_level_training():
    assert found(county(school_tier_only="B")) == {
        "no_county_training": "乙小学等1所学校全年没有教师参加县级及以上（国培、省培、州培、县培）培训"
                              "（判定标准：名册教师1人及以上、全年没有县级及以上培训参训记录）。"}


def test_a_school_report_finds_only_its_own_problems():
    w = county(untrained={"B": 1}, school_tier_only="B")
    assert set(found(w)) == {"urban_rural_gap", "no_county_training"}
    # A's report: A is fine, and B's problems are not A's (no gap within one school)
    assert found(w, school="A") == {}
    assert found(w, school="B") == {"no_county_training": "乙小学全年没有教师参加县级及以上（国培、省培、州培、县培）培训。"}


@pytest.mark.parametrize("variant", [{"untrained": {"A": 2, "B": 2}}, {"county_hours": 20}])
def test_each_problem_has_a_plan_marked_for_editing(variant):
    w = county(**variant)
    scope = resolve(w.con, 2024)
    c = Context(w.con, scope, Templates("zh"))
    found_problems = problems.find(c)
    blocks = problems.plan_blocks(c, found_problems)
    assert all(b.edit for b in blocks)
    assert blocks[0].text.plain("zh").startswith("【")
    assert blocks[1].text.plain("zh") == "2025年，将围绕以下几方面重点推进："
    plans = [b.text.plain("zh") for b in blocks[2:]]
    assert len(plans) == len(found_problems) + 2
