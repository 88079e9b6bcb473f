"""ranking.ranking on four primary schools and one junior school.

2024 (program S24, school tier, 10 h):
  P1 10 teachers, all passed; 1 provincial award (weight 4); rated excellent (1)
  P2 10 teachers, 5 passed + 5 failed; rated good (0.75)
  P3 same as P2
  P4  5 teachers, no participation (small school); rated pass (0.5)
  J1 junior, 10 teachers all passed, no award, not rated
2023 (program S23, 10 h): only P4's five teachers took part, all passed; nobody rated.
"""
import pytest

from metric_fixtures import Warehouse
from warehouse.filters import Filters
from warehouse.queries.ranking import RankingWeights, ranking


def build() -> Warehouse:
    w = Warehouse()
    for code in ("P1", "P2", "P3", "P4"):
        w.school(code, stage="primary", township="北乡" if code == "P4" else "城关镇")
    w.school("J1", stage="junior")
    w.program("S23", 2023, "school", hours=10).program("S24", 2024, "school", hours=10)
    size = {"P1": 10, "P2": 10, "P3": 10, "P4": 5, "J1": 10}
    for code, n in size.items():
        for i in range(n):
            key = f"{code}-{i}"
            w.roster(2023, key, code).roster(2024, key, code)
            if code in ("P1", "J1"):
                w.took("S24", key)
            elif code in ("P2", "P3"):
                w.took("S24", key, "passed" if i < 5 else "failed")
            else:
                w.took("S23", key)
    w.award("P1-0", 2024, "provincial")
    w.rating(2024, "P1", "excellent").rating(2024, "P2", "good").rating(2024, "P3", "good")
    w.rating(2024, "P4", "pass")
    return w


@pytest.fixture(scope="module")
def con():
    return build().con


def by_school(df):
    return {r["school_code"]: r for r in df.iter_rows(named=True)}


def test_ties_share_a_rank_within_the_stage_group(con):
    df = ranking(con, Filters(year=2024))
    got = by_school(df)
    # normalised (min-max within primary): coverage 1, .5, .5, 0; pass rate (1, .5, .5, NULL) -> 1, 0, 0, 0;
    # hours (10, 5, 5, 0) -> 1, .5, .5, 0; awards (40, 0, 0, 0) -> 1, 0, 0, 0; rating (1, .75, .75, .5) -> 1, .5, .5, 0
    # P1 = 100; P2 = P3 = 100 * (.3*.5 + .2*.5 + .15*.5) = 32.5; P4 = 0
    assert [got[s]["composite"] for s in ("P1", "P2", "P3", "P4")] == pytest.approx([100, 32.5, 32.5, 0])
    assert [got[s]["rank"] for s in ("P1", "P2", "P3", "P4")] == [1, 2, 2, 4]
    assert df.filter(df["comparison_group"] == "primary")["school_code"].to_list() == ["P1", "P2", "P3", "P4"]


def test_contributions_add_up_to_the_composite(con):
    p2 = by_school(ranking(con, Filters(year=2024)))["P2"]
    # coverage .3 * .5 * 100 = 15; pass 0; hours .2 * .5 * 100 = 10; awards 0; rating .15 * .5 * 100 = 7.5
    parts = [p2[f"contribution_{i}"] for i in ("coverage", "pass_rate", "hours_per_teacher", "award_density", "rating")]
    assert parts == pytest.approx([15, 0, 10, 0, 7.5])
    assert sum(parts) == pytest.approx(p2["composite"])


def test_a_school_alone_in_its_group_is_scored_against_every_school(con):
    got = by_school(ranking(con, Filters(year=2024)))
    j1 = got["J1"]
    # Alone, min-max would give 0.5 whatever J1 did. Against all five schools: coverage (1, .5, .5, 0, 1) -> 1;
    # pass rate (1, .5, .5, NULL, 1) -> 1; hours (10, 5, 5, 0, 10) -> 1; awards (40, 0, 0, 0, 0) -> 0; not rated -> 0:
    # 100 * (.3 + .2 + .2) = 70.
    assert (j1["rank"], j1["group_size"], j1["scored_in_group"], j1["composite"]) == (1, 1, False, pytest.approx(70))
    assert got["P1"]["scored_in_group"] is True  # four primary schools: scored among themselves


def test_small_schools_are_flagged(con):
    got = by_school(ranking(con, Filters(year=2024)))
    assert got["P4"]["small_school"] is True and got["P1"]["small_school"] is False


def test_rank_change_against_the_previous_year(con):
    got = by_school(ranking(con, Filters(year=2024)))
    # 2023: P4 alone trained -> 100 * (.3*1 + .2*.5 + .2*1 + .15*.5 + 0) = 67.5, rank 1;
    # P1, P2, P3: only the equal award density scores .5 -> 7.5 each, rank 2
    assert [got[s]["previous_rank"] for s in ("P1", "P2", "P3", "P4")] == [2, 2, 2, 1]
    assert [got[s]["rank_change"] for s in ("P1", "P2", "P3", "P4")] == [1, 0, 0, -3]
    assert got["J1"]["previous_rank"] == 1


def test_weights_and_group_are_adjustable(con):
    w = RankingWeights(coverage=1, pass_rate=0, hours_per_teacher=0, award_density=0, rating=0, group_by="all")
    got = by_school(ranking(con, Filters(year=2024), w))
    # coverage over all five: P1 1, J1 1, P2 .5, P3 .5, P4 0 -> 100, 100, 50, 50, 0
    assert {s: (r["composite"], r["rank"]) for s, r in got.items()} == {
        "P1": (100, 1), "J1": (100, 1), "P2": (50, 3), "P3": (50, 3), "P4": (0, 5)}
    # a dict (as the cached page passes it) works as well
    assert by_school(ranking(con, Filters(year=2024), w.model_dump()))["P2"]["rank"] == 3


def test_award_level_weights_are_adjustable(con):
    got = by_school(ranking(con, Filters(year=2024), {"award_provincial": 0}))
    # P1's award now weighs 0: density 0 everywhere -> .5 each
    # P1 = 100 * (.3 + .2 + .2 + .15*.5 + .15) = 92.5
    assert got["P1"]["award_density"] == 0 and got["P1"]["composite"] == pytest.approx(92.5)


def test_default_level_weights_match_the_award_detail_view(con):
    defaults = RankingWeights()
    view = dict(con.execute("select award_level, any_value(level_weight) from award_detail group by 1").fetchall())
    assert view == {"provincial": defaults.award_provincial}
    p1 = by_school(ranking(con, Filters(year=2024)))["P1"]
    assert p1["award_density"] == con.execute(
        "select weighted_award_density from metric_school_year where year = 2024 and school_code = 'P1'"
    ).fetchall()[0][0] == 40


def test_scope_shows_own_row_ranked_among_all(con):
    df = ranking(con, Filters(year=2024, allowed_schools=frozenset({"P2"})))
    assert df.select("school_code", "rank", "group_size").rows() == [("P2", 2, 4)]


def test_township_filter_narrows_the_comparison_group(con):
    got = by_school(ranking(con, Filters(year=2024, townships=["城关镇"])))
    # P4 is in 北乡: the primary group shrinks to P1, P2, P3
    assert got["P2"]["group_size"] == 3 and "P4" not in got


def test_weights_must_not_all_be_zero():
    with pytest.raises(ValueError):
        RankingWeights(coverage=0, pass_rate=0, hours_per_teacher=0, award_density=0, rating=0)
