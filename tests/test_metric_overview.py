"""overview.headline / yearly_trend on a two-school, two-year warehouse worked by hand."""
import pytest

from metric_fixtures import Warehouse
from warehouse.filters import Filters
from warehouse.queries import overview


@pytest.fixture
def wh() -> Warehouse:
    w = Warehouse()
    w.school("A", urban_rural="urban").school("B", stage="junior", urban_rural="rural")
    # 2023: t1, t2 at A; t3 at B.  2024: t2 moved to B; t4 joined A.
    w.roster(2023, "t1", "A").roster(2023, "t2", "A").roster(2023, "t3", "B")
    w.roster(2024, "t1", "A").roster(2024, "t2", "B").roster(2024, "t3", "B").roster(2024, "t4", "A")
    w.program("P23n", 2023, "national", hours=30).program("P23s", 2023, "school", hours=10)
    w.program("P24c", 2024, "county", hours=20).program("P24s", 2024, "school", hours=10)
    w.took("P23n", "t1").took("P23s", "t1").took("P23s", "t2", "failed")
    w.took("P24c", "t1").took("P24s", "t2").took("P24s", "t4", "incomplete").took("P24c", "t3")
    w.award("t1", 2024, "provincial").award("t3", 2024, "county").award("t2", 2023, "school")
    return w


def test_headline_gives_selected_year_and_previous_year(wh):
    df = overview.headline(wh.con, Filters(year=2024))
    assert df["year"].to_list() == [2024, 2023]
    y24, y23 = df.row(0, named=True), df.row(1, named=True)
    # 2024: roster t1 t2 t3 t4 = 4; passed: t1, t2, t3 -> 3/4
    assert (y24["roster_teachers"], y24["trained_teachers"], y24["coverage"]) == (4, 3, 0.75)
    # 4 rows: county 2 (t1, t3), school 2 (t2, t4)
    assert (y24["person_times"], y24["person_times_county"], y24["person_times_school"]) == (4, 2, 2)
    assert y24["person_times_national"] == 0
    # incomplete is a result: 3 passed / 4 with a result
    assert y24["pass_rate"] == 0.75
    # passed hours 20 + 10 + 20 = 50 over 4 roster teachers
    assert (y24["passed_hours"], y24["hours_per_teacher"]) == (50, 12.5)
    # provincial (weight 4) + county (weight 2)
    assert (y24["awards"], y24["awards_provincial"], y24["awards_county"], y24["weighted_awards"]) == (2, 1, 1, 6)
    # 2023: roster 3, only t1 passed -> 1/3; 2 passed of 3 rows; 30 + 10 = 40 h over 3
    assert y23["coverage"] == pytest.approx(1 / 3)
    assert y23["pass_rate"] == pytest.approx(2 / 3)
    assert y23["hours_per_teacher"] == pytest.approx(40 / 3)
    assert (y23["person_times"], y23["person_times_national"], y23["awards_school"]) == (3, 1, 1)


def test_headline_defaults_to_latest_roster_year(wh):
    assert overview.headline(wh.con, Filters())["year"].to_list() == [2024, 2023]


def test_headline_scope_shows_only_allowed_school(wh):
    df = overview.headline(wh.con, Filters(year=2024, allowed_schools=frozenset({"B"})))
    y24, y23 = df.row(0, named=True), df.row(1, named=True)
    # 2024 at B: t2 (moved in) and t3, both passed: 2/2; hours 10 + 20 = 30 over 2
    assert (y24["roster_teachers"], y24["coverage"], y24["hours_per_teacher"]) == (2, 1.0, 15.0)
    assert (y24["person_times"], y24["awards"], y24["weighted_awards"]) == (2, 1, 2)
    # 2023 at B: t3 alone, no participation: coverage 0/1, pass rate has no denominator
    # (t2's 2023 failure and award count for A, where t2 was that year)
    assert (y23["roster_teachers"], y23["coverage"], y23["person_times"]) == (1, 0.0, 0)
    assert y23["pass_rate"] is None
    assert y23["awards"] == 0


def test_headline_tier_filter_restricts_coverage_to_that_tier(wh):
    row = overview.headline(wh.con, Filters(year=2024, train_tiers=["school"])).row(0, named=True)
    # school tier 2024: t2 passed, t4 incomplete -> trained 1 of 4 roster; 2 rows, 1 passed
    assert (row["coverage"], row["person_times"], row["pass_rate"]) == (0.25, 2, 0.5)


def test_headline_of_an_empty_year_has_zero_counts_and_null_rates(wh):
    df = overview.headline(wh.con, Filters(year=2030))
    row = df.row(0, named=True)
    assert (row["year"], row["roster_teachers"], row["person_times"]) == (2030, 0, 0)
    assert row["coverage"] is None and row["pass_rate"] is None and row["hours_per_teacher"] is None


def test_yearly_trend_has_one_row_per_year(wh):
    df = overview.yearly_trend(wh.con, Filters())
    assert df.select("year", "roster_teachers", "trained_teachers", "person_times").rows() == [
        (2023, 3, 1, 3), (2024, 4, 3, 4),
    ]
