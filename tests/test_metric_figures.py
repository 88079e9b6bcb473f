"""figures.attendance (参训率) and figures.rating_counts on the small county, worked by hand."""
import pytest

from metric_fixtures import small_county
from warehouse.filters import Filters
from warehouse.queries import figures


@pytest.fixture
def wh():
    w = small_county()
    w.rating(2024, "A", "excellent").rating(2024, "B", "pass").rating(2024, "C", "pass")
    return w


def rows(df, *cols):
    return [tuple(r[c] for c in cols) for r in df.iter_rows(named=True)]


def test_attendance_counts_any_result_coverage_only_passed(wh):
    df = figures.attendance(wh.con, Filters())
    # 2023 roster a1 a2 m b1 c1: took part a1 a2 m b1 (a2 failed) -> 4 of 5, passed 3.
    # 2024 roster a1 a2 m b1 c1 c2: took part a1 m b1 (b1 incomplete) -> 3 of 6, passed 2.
    assert rows(df, "year", "roster_teachers", "attended_teachers", "trained_teachers") == [
        (2023, 5, 4, 3), (2024, 6, 3, 2)]


def test_attendance_follows_school_and_tier_filters(wh):
    # School B in 2024: m (passed C24) and b1 (incomplete C24).
    df = figures.attendance(wh.con, Filters(year=2024, schools=("B",)))
    assert rows(df, "roster_teachers", "attended_teachers", "trained_teachers") == [(2, 2, 1)]
    # School tier only, 2024: a1 at S24.
    df = figures.attendance(wh.con, Filters(year=2024, train_tiers=("school",)))
    assert rows(df, "attended_teachers", "trained_teachers") == [(1, 1)]


def test_rating_counts_give_all_four_ratings(wh):
    df = figures.rating_counts(wh.con, Filters(year=2024))
    assert rows(df, "rating", "schools") == [("excellent", 1), ("good", 0), ("pass", 2), ("fail", 0)]
    assert df["rated_schools"].unique().to_list() == [3]
    # 乡A holds only C (pass); the scope of school A only: its excellent.
    assert rows(figures.rating_counts(wh.con, Filters(year=2024, townships=("乡A",))), "rating", "schools")[2] == ("pass", 1)
    scoped = figures.rating_counts(wh.con, Filters(year=2024, allowed_schools=frozenset({"A"})))
    assert rows(scoped, "rating", "schools") == [("excellent", 1), ("good", 0), ("pass", 0), ("fail", 0)]


def test_the_views_agree_with_the_queries(wh):
    got = wh.rows("select year, sum(attended_teachers), sum(roster_teachers) from attendance_school_year "
                  "group by 1 order by 1")
    assert got == [(2023, 4, 5), (2024, 3, 6)]
    assert wh.rows("select rating, schools from school_rating_count where year = 2024 order by rating_order") == [
        ("excellent", 1), ("good", 0), ("pass", 2), ("fail", 0)]


def test_demo_2024_has_twenty_excellent_and_nineteen_pass_schools(demo_con):
    df = figures.rating_counts(demo_con, Filters(year=2024))
    assert rows(df, "rating", "schools") == [("excellent", 20), ("good", 0), ("pass", 19), ("fail", 0)]
