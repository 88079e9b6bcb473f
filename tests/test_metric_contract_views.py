"""The four contract views (DATA_CONTRACT.md) on metric_fixtures.small_county: their columns,
hand-worked values, and agreement with the query functions the pages call."""
import pytest

from metric_fixtures import small_county
from warehouse.filters import Filters
from warehouse.queries import coverage, cycle, progression

CONTRACT = {
    "metric_school_year": ["year", "school_code", "school_name", "roster_teachers", "trained_teachers",
                           "coverage", "person_times", "passed", "pass_rate", "passed_hours",
                           "hours_per_teacher", "awards", "award_density", "rating"],
    "metric_tier_year": ["year", "train_tier", "person_times", "trained_teachers", "coverage",
                         "pass_rate", "passed_hours"],
    "metric_teacher_cycle": ["cycle_start", "teacher_key", "passed_hours", "required_hours", "compliant"],
    "metric_dev_tier_year": ["year", "dev_tier", "teachers"],
}


@pytest.fixture(scope="module")
def w():
    w = small_county()
    w.rating(2024, "A", "excellent").award("a1", 2024, "provincial")
    return w


@pytest.mark.parametrize("view", sorted(CONTRACT))
def test_contract_view_has_its_columns(w, view):
    columns = [d[0] for d in w.con.execute(f"select * from {view} limit 0").description]
    assert set(CONTRACT[view]) <= set(columns)


def test_school_year_view_values(w):
    rows = {(r[0], r[1]): r[2:] for r in w.rows(
        "select year, school_code, roster_teachers, trained_teachers, coverage, person_times, passed, "
        "pass_rate, passed_hours, hours_per_teacher, awards, award_density, rating from metric_school_year")}
    # 2024 A: a1, a2; a1 passed S24 10 h -> 1/2; 1 row passed; 10 h / 2; 1 award -> 100/2; excellent
    assert rows[(2024, "A")] == (2, 1, 0.5, 1, 1, 1.0, 10.0, 5.0, 1, 50.0, "excellent")
    # 2024 C: nobody trained: pass rate NULL, density 0 (roster present)
    assert rows[(2024, "C")] == (2, 0, 0.0, 0, 0, None, 0.0, 0.0, 0, 0.0, None)
    # 2023 A with the moved teacher m: a1 40 h + m 10 h over 3
    assert rows[(2023, "A")][:3] == (3, 2, pytest.approx(2 / 3))


def test_school_year_view_agrees_with_coverage_by_school(w):
    cols = ["year", "school_code", "roster_teachers", "trained_teachers", "coverage", "person_times",
            "pass_rate", "hours_per_teacher"]
    view = w.rows(f"select {', '.join(cols)} from metric_school_year order by year, school_code")
    query = coverage.coverage_by(w.con, Filters(), by="school").select(cols).rows()
    assert view == query


def test_tier_year_view_agrees_with_coverage_by_tier(w):
    cols = ["year", "train_tier", "roster_teachers", "trained_teachers", "coverage", "person_times",
            "pass_rate", "passed_hours"]
    view = w.rows(f"select {', '.join(cols)} from metric_tier_year order by year, tier_order")
    query = coverage.coverage_by(w.con, Filters(), by="train_tier").select(cols).rows()
    assert view == query
    # 2023 national: a1 passed N23 -> 1 of 5 on the roster
    assert view[0] == (2023, "national", 5, 1, 0.2, 1, 1.0, 40.0)


def test_teacher_cycle_view_agrees_with_compliance(w):
    cycle.set_cycle_start(w.con, 2021)
    [(teachers, compliant)] = w.rows("select count(*), count(*) filter (where compliant) from metric_teacher_cycle")
    row = cycle.compliance(w.con, Filters(), cycle_start=2021).row(0, named=True)
    assert (row["teachers"], row["compliant_teachers"]) == (teachers, compliant)
    # as of 2024 (roster since 2023 -> start 2023, 2 years, 144 h): nobody has 144 h
    assert (teachers, compliant) == (6, 0)


def test_dev_tier_view_agrees_with_dev_tier_counts(w):
    view = w.rows("select year, dev_tier, teachers from metric_dev_tier_year order by year, tier_order")
    query = progression.dev_tier_counts(w.con, Filters()).select("year", "dev_tier", "teachers").rows()
    assert view == query


@pytest.mark.parametrize("view", sorted(CONTRACT) + ["metric_program_plan", "metric_plan_target"])
def test_counts_are_plain_integers_not_decimals(w, view):
    # sums of integers widen to HUGEINT/DECIMAL in DuckDB, which polars and charts handle badly
    types = {d[0]: str(d[1]) for d in w.con.execute(f"select * from {view} limit 0").description}
    assert not {c: t for c, t in types.items() if "DECIMAL" in t or "HUGEINT" in t}
