"""awards.* on metric_fixtures.small_county plus these awards:
  a1 2024 provincial (no school on the row -> roster school A)
  m  2023 county, school A on the row
  b1 2024 national, contest
  c1 2024 school level
  zz 2024 county, a teacher on no roster and no school
"""
import pytest

from metric_fixtures import small_county
from warehouse.filters import Filters
from warehouse.queries import awards


@pytest.fixture(scope="module")
def con():
    w = small_county()
    w.award("a1", 2024, "provincial").award("m", 2023, "county", school="A")
    w.award("b1", 2024, "national", category="contest").award("c1", 2024, "school")
    w.award("zz", 2024, "county")
    return w.con


def test_awards_by_level_with_weights(con):
    df = awards.awards_by_level(con, Filters(year=2024))
    # one each: national (5), provincial (4), municipal none, county zz (2), school (1)
    assert df.select("award_level", "awards", "weighted_awards").rows() == [
        ("national", 1, 5), ("provincial", 1, 4), ("municipal", 0, 0), ("county", 1, 2), ("school", 1, 1),
    ]


def test_award_density_per_100_roster_teachers(con):
    got = {(r["year"], r["school_code"]): (r["roster_teachers"], r["awards"], r["award_density"], r["weighted_award_density"])
           for r in awards.awards_by_school(con, Filters()).iter_rows(named=True)}
    # 2024 A: a1 provincial over a1, a2 -> 100*1/2 = 50, weighted 100*4/2 = 200
    assert got[(2024, "A")] == (2, 1, 50.0, 200.0)
    # 2024 B: b1 national over b1, m -> 50, 250; C: c1 school over c1, c2 -> 50, 50
    assert got[(2024, "B")] == (2, 1, 50.0, 250.0)
    assert got[(2024, "C")] == (2, 1, 50.0, 50.0)
    # 2023 A: m county over a1, a2, m -> 100/3, weighted 200/3; B: none -> 0
    assert got[(2023, "A")] == pytest.approx((3, 1, 100 / 3, 200 / 3))
    assert got[(2023, "B")] == (1, 0, 0.0, 0.0)
    # zz has no school: in the county totals only
    assert (2024, None) in got and got[(2024, None)][0] == 0 and got[(2024, None)][2] is None


def test_award_density_matches_school_year_view(con):
    view = con.execute(
        "select year, school_code, awards, award_density from metric_school_year order by 1, 2").fetchall()
    df = awards.awards_by_school(con, Filters())
    query = [r for r in df.select("year", "school_code", "awards", "award_density").rows() if r[1] is not None]
    assert view == query


def test_subject_filter_restricts_awards_and_teachers(con):
    got = {r["school_code"]: (r["roster_teachers"], r["awards"])
           for r in awards.awards_by_school(con, Filters(year=2024, subjects=["数学"])).iter_rows(named=True)}
    # 数学 in 2024: a2 at A, m at B; neither won an award in 2024
    assert got == {"A": (1, 0), "B": (1, 0)}


def test_awards_by_category(con):
    got = {r["category"]: r["awards"] for r in awards.awards_by_category(con, Filters(year=2024)).iter_rows(named=True)}
    assert got == {"honour": 3, "contest": 1}


def test_award_list_pages_newest_and_highest_first(con):
    df = awards.award_list(con, Filters(allowed_schools=frozenset({"A", "B"})), limit=2)
    # in scope: b1 2024 national, a1 2024 provincial, m 2023 county -> 3
    assert df.select("year", "name", "award_level", "total").rows() == [
        (2024, "教师b1", "national", 3), (2024, "教师a1", "provincial", 3),
    ]
    assert "teacher_key" not in df.columns


def test_scope_hides_other_schools_awards(con):
    df = awards.awards_by_level(con, Filters(year=2024, allowed_schools=frozenset({"C"})))
    assert df.filter(df["awards"] > 0).select("award_level", "awards").rows() == [("school", 1)]
