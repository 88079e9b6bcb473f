"""coverage.coverage_by / equity_gaps / untrained_teachers and the school_year_totals model on
metric_fixtures.small_county."""
import pytest

from metric_fixtures import small_county
from warehouse.filters import Filters
from warehouse.queries import coverage

MEASURES = ["roster_teachers", "trained_teachers", "coverage", "person_times", "pass_rate", "hours_per_teacher"]


@pytest.fixture(scope="module")
def con():
    return small_county().con


def rows(df, *keys):
    return {tuple(r[k] for k in keys): tuple(r[m] for m in MEASURES) for r in df.iter_rows(named=True)}


def test_coverage_by_school_counts_a_moved_teacher_where_they_were_trained(con):
    got = rows(coverage.coverage_by(con, Filters(), by="school"), "year", "school_code")
    # 2023 A: a1, a2, m on roster; a1 and m passed -> 2/3; 3 rows, 2 passed; 40 + 10 h / 3
    assert got[(2023, "A")] == pytest.approx((3, 2, 2 / 3, 3, 2 / 3, 50 / 3))
    # 2023 B: b1 passed 12 h -> 1/1
    assert got[(2023, "B")] == (1, 1, 1.0, 1, 1.0, 12.0)
    # 2024 A: m has left for B; a1 passed S24 -> 1/2; 10 h / 2
    assert got[(2024, "A")] == (2, 1, 0.5, 1, 1.0, 5.0)
    # 2024 B: b1 and m; m passed C24 20 h, b1 incomplete -> 1/2, pass 1/2, 20 h / 2
    assert got[(2024, "B")] == (2, 1, 0.5, 2, 0.5, 10.0)


def test_school_without_participation_has_zero_coverage_and_null_pass_rate(con):
    got = rows(coverage.coverage_by(con, Filters(year=2024), by="school"), "school_code")
    # C: c1, c2 on roster, no rows: coverage 0/2, hours 0/2, pass rate 0/0 -> NULL
    assert got[("C",)] == (2, 0, 0.0, 0, None, 0.0)


def test_coverage_by_township_stage_subject_urban_rural_and_dev_tier(con):
    f = Filters(year=2024)
    cov = lambda by: {r[by]: r["coverage"] for r in coverage.coverage_by(con, f, by=by).iter_rows(named=True)}
    # 城关镇 = A + B: roster 4, trained a1 and m -> 2/4; 乡A = C: 0/2
    assert cov("township") == {"城关镇": 0.5, "乡A": 0.0}
    # primary = A + C: 4 roster, a1 trained -> 1/4; junior = B: 1/2
    assert cov("stage") == {"primary": 0.25, "junior": 0.5}
    # 语文: a1, b1, c1, c2 -> a1 -> 1/4; 数学: a2, m -> m -> 1/2
    assert cov("subject") == {"语文": 0.25, "数学": 0.5}
    assert cov("urban_rural") == {"urban": 0.5, "town": 0.5, "rural": 0.0}
    # new: a1 1/1; key: b1 0/1; qualified: a2, m, c1, c2 -> m -> 1/4
    assert cov("dev_tier") == {"new": 1.0, "key": 0.0, "qualified": 0.25}


def test_coverage_by_train_tier_uses_all_roster_teachers_as_denominator(con):
    df = coverage.coverage_by(con, Filters(year=2024), by="train_tier")
    got = rows(df, "train_tier")
    assert df["train_tier"].to_list() == ["national", "provincial", "municipal", "county", "school"]
    # 6 on the 2024 roster. county: m passed (b1 incomplete) -> 1/6, 2 rows, 1/2 passed, 20 h / 6
    assert got[("county",)] == pytest.approx((6, 1, 1 / 6, 2, 0.5, 20 / 6))
    # school: a1 -> 1/6, 10 h / 6
    assert got[("school",)] == pytest.approx((6, 1, 1 / 6, 1, 1.0, 10 / 6))
    # national: nobody that year -> 0/6, pass rate has no denominator
    assert got[("national",)] == (6, 0, 0.0, 0, None, 0.0)


def test_tier_filter_counts_a_teacher_once_across_selected_tiers(con):
    df = coverage.coverage_by(con, Filters(year=2024, train_tiers=["county", "school"]), by="year")
    # m (county) and a1 (school) -> 2/6; 3 rows, 2 passed
    assert rows(df, "year")[(2024,)] == pytest.approx((6, 2, 2 / 6, 3, 2 / 3, 30 / 6))


def test_subject_and_school_filters_combine(con):
    df = coverage.coverage_by(con, Filters(year=2023, subjects=["数学"], schools=["A"]), by="year")
    # 2023 A 数学: a2 (failed) and m (passed 10 h) -> 1/2
    assert rows(df, "year")[(2023,)] == (2, 1, 0.5, 2, 0.5, 5.0)


def test_allowed_schools_hides_other_schools(con):
    df = coverage.coverage_by(con, Filters(allowed_schools=frozenset({"C"})), by="school")
    assert set(df["school_code"]) == {"C"}
    # a UI school filter cannot widen the scope
    df = coverage.coverage_by(con, Filters(schools=["A"], allowed_schools=frozenset({"C"})), by="school")
    assert df.height == 0
    assert coverage.coverage_by(con, Filters(allowed_schools=frozenset()), by="year").height == 0


def test_equity_gaps_compare_town_and_rural_with_urban(con):
    df = coverage.equity_gaps(con, Filters(year=2024))
    got = {r["urban_rural"]: r for r in df.iter_rows(named=True)}
    assert df["urban_rural"].to_list() == ["urban", "town", "rural"]
    # coverage urban (A) 1/2, town (B) 1/2, rural (C) 0/2; hours 10/2, 20/2, 0/2
    assert [got[g]["coverage_gap_to_urban"] for g in ("urban", "town", "rural")] == [0.0, 0.0, -0.5]
    assert [got[g]["hours_gap_to_urban"] for g in ("urban", "town", "rural")] == [0.0, 5.0, -5.0]
    assert got["rural"]["coverage_gap"] == 0.5


def test_equity_gap_to_urban_is_null_without_urban_teachers(con):
    df = coverage.equity_gaps(con, Filters(year=2024, urban_rural=["town", "rural"]))
    got = {r["urban_rural"]: r for r in df.iter_rows(named=True)}
    assert got["urban"]["roster_teachers"] == 0 and got["urban"]["coverage"] is None
    assert got["town"]["coverage_gap_to_urban"] is None


def test_untrained_teachers_are_paged_with_a_total(con):
    df = coverage.untrained_teachers(con, Filters(year=2024), limit=2, offset=1)
    # untrained 2024: a2 (A), b1 (B, incomplete), c1, c2 (C) -> 4; page 2..3 = b1, c1
    assert df["name"].to_list() == ["教师b1", "教师c1"]
    assert df["total"].to_list() == [4, 4]
    assert df["id_masked"].to_list() == ["620***********00b1", "620***********00c1"]
    assert "teacher_key" not in df.columns


def test_one_tier_filter_counts_that_tiers_training_by_school(con):
    got = rows(coverage.coverage_by(con, Filters(year=2024, train_tiers=["county"]), by="school"), "school_code")
    # county 2024 at B: m passed C24 (20 h), b1 incomplete -> 1/2 trained, 2 rows, 1/2 passed, 20 h / 2
    assert got[("B",)] == (2, 1, 0.5, 2, 0.5, 10.0)
    # A: a1 took only S24 (school tier) -> nothing of the county tier
    assert got[("A",)] == (2, 0, 0.0, 0, None, 0.0)


def test_participation_without_a_school_keeps_its_own_row_and_counts_in_the_year():
    w = small_county()
    w.teacher("x").took("S24", "x")  # on no 2024 roster, no school on the row
    by_school = rows(coverage.coverage_by(w.con, Filters(year=2024), by="school"), "school_code")
    # x is not on a roster: 1 person-time and 10 passed hours, no roster teacher, no coverage
    assert by_school[(None,)] == (0, 0, None, 1, 1.0, None)
    year = rows(coverage.coverage_by(w.con, Filters(year=2024), by="year"), "year")
    # 2024: roster 6, trained a1 and m; rows m C24, a1 S24, b1 C24, x S24 -> 4, 3 passed; 40 h / 6
    assert year[(2024,)] == pytest.approx((6, 2, 2 / 6, 4, 3 / 4, 40 / 6))


def test_school_year_totals_hold_each_schools_sums(con):
    got = con.execute("""
        select school_code, roster_teachers, trained_teachers, person_times, passed, passed_hours,
               trained_county, person_times_county, passed_county, trained_school, person_times_school
        from school_year_totals where year = 2024 order by school_code""").fetchall()
    # A: a1, a2; a1 passed S24 10 h. B: m, b1; m passed C24 20 h, b1 incomplete. C: c1, c2, nothing.
    assert got == [("A", 2, 1, 1, 1, 10.0, 0, 0, 0, 1, 1),
                   ("B", 2, 1, 2, 1, 20.0, 1, 2, 1, 0, 0),
                   ("C", 2, 0, 0, 0, 0.0, 0, 0, 0, 0, 0)]
