"""plan.program_completion / tier_completion / plan_vs_actual and the plan views.

2024 roster: a1, a2 at A (语文); b1 at B (数学).
Programs 2024: K1 county 学科教学 2 seats; K2 county 信息技术 4 seats; S1 school, no seats;
N1 national 学科教学 1 seat.
Participation: K1 a1 passed, a2 passed, b1 failed; K2 a1 passed; S1 a1, b1 passed; N1 nobody.
Plans 2024: 学科教学 (county) 10; 县级培训 (county) 8; 全员培训 (any tier) 20.
"""
import pytest

from metric_fixtures import Warehouse
from warehouse.filters import Filters
from warehouse.queries import plan


@pytest.fixture(scope="module")
def con():
    w = Warehouse()
    w.school("A").school("B", stage="junior")
    w.roster(2024, "a1", "A").roster(2024, "a2", "A").roster(2024, "b1", "B", subject="数学")
    w.program("K1", 2024, "county", planned_seats=2, theme="学科教学")
    w.program("K2", 2024, "county", planned_seats=4, theme="信息技术")
    w.program("S1", 2024, "school").program("N1", 2024, "national", planned_seats=1, theme="学科教学")
    w.took("K1", "a1").took("K1", "a2").took("K1", "b1", "failed").took("K2", "a1")
    w.took("S1", "a1").took("S1", "b1")
    w.plan(2024, "学科教学", 10, "county").plan(2024, "县级培训", 8, "county").plan(2024, "全员培训", 20)
    return w.con


def test_program_completion_is_participants_over_seats(con):
    df = plan.program_completion(con, Filters(year=2024))
    got = {r["program_code"]: (r["participants"], r["completion"]) for r in df.iter_rows(named=True)}
    # K1 3/2 = 1.5 (over-subscribed, not capped); K2 1/4; N1 0/1; S1 no seats -> NULL
    assert got == {"K1": (3, 1.5), "K2": (1, 0.25), "N1": (0, 0.0), "S1": (2, None)}
    assert df["program_code"].to_list() == ["N1", "K1", "K2", "S1"]  # tier order, then code
    assert df["total"][0] == 4


def test_program_completion_pages(con):
    df = plan.program_completion(con, Filters(year=2024), limit=1, offset=1)
    assert df.select("program_code", "total").rows() == [("K1", 4)]


def test_tier_completion_counts_only_programs_with_seats(con):
    got = {r["train_tier"]: r for r in plan.tier_completion(con, Filters(year=2024)).iter_rows(named=True)}
    # county: K1 3 + K2 1 = 4 participants over 2 + 4 = 6 seats
    assert (got["county"]["participants_with_seats"], got["county"]["planned_seats"]) == (4, 6)
    assert got["county"]["completion"] == pytest.approx(4 / 6)
    # school: S1 has no seats -> NULL, but its 2 participants are shown
    assert (got["school"]["participants"], got["school"]["completion"]) == (2, None)
    assert got["national"]["completion"] == 0.0


def test_plan_targets_match_programs_by_theme_then_tier(con):
    got = {r["category"]: (r["programs"], r["actual"], r["completion"])
           for r in plan.plan_vs_actual(con, Filters(year=2024)).iter_rows(named=True)}
    # 学科教学 county: K1 only (N1 is national) -> 3/10
    assert got["学科教学"] == (1, 3, 0.3)
    # 县级培训: no program has that theme -> all county programs K1 + K2 = 4/8
    assert got["县级培训"] == (2, 4, 0.5)
    # 全员培训, no tier: every 2024 program: 3 + 1 + 2 + 0 = 6/20
    assert got["全员培训"] == (4, 6, 0.3)


def test_scope_counts_only_own_participants(con):
    f = Filters(year=2024, allowed_schools=frozenset({"B"}))
    got = {r["program_code"]: r["participants"] for r in plan.program_completion(con, f).iter_rows(named=True)}
    # B's teacher b1: K1 and S1
    assert got == {"K1": 1, "K2": 0, "N1": 0, "S1": 1}
    by_cat = {r["category"]: r["actual"] for r in plan.plan_vs_actual(con, f).iter_rows(named=True)}
    assert by_cat["学科教学"] == 1
    # subject filter: only 数学 teachers (b1) count
    got = {r["program_code"]: r["participants"]
           for r in plan.program_completion(con, Filters(year=2024, subjects=["数学"])).iter_rows(named=True)}
    assert got["K1"] == 1


def test_tier_filter_picks_programs_and_plans(con):
    df = plan.program_completion(con, Filters(year=2024, train_tiers=["county"]))
    assert sorted(df["program_code"]) == ["K1", "K2"]
    assert sorted(plan.plan_vs_actual(con, Filters(train_tiers=["county"]))["category"]) == ["县级培训", "学科教学"]


def test_views_agree_with_unscoped_queries(con):
    view = con.execute(
        "select program_code, participants, completion from metric_program_plan order by 1").fetchall()
    query = sorted(plan.program_completion(con, Filters()).select("program_code", "participants", "completion").rows())
    assert view == query
    view = con.execute("select year, category, actual, completion from metric_plan_target order by 1, 2").fetchall()
    query = plan.plan_vs_actual(con, Filters()).select("year", "category", "actual", "completion").rows()
    assert view == query


def test_the_plan_headline_is_the_tier_rows_summed():
    from metric_fixtures import Warehouse
    from warehouse.filters import Filters
    from warehouse.queries import plan
    w = Warehouse()
    w.school("A").roster(2024, "t1", "A").roster(2024, "t2", "A")
    w.program("C1", 2024, "county", planned_seats=4).program("S1", 2024, "school", planned_seats=1)
    w.program("S2", 2024, "school")  # no seats: counted in participants, not in completion
    w.took("C1", "t1").took("C1", "t2").took("S1", "t1").took("S2", "t2")
    totals = plan.completion_totals(w.con, Filters(year=2024))
    # seats 4 + 1 = 5; participants with seats 2 + 1 = 3; all participants 4; 3 / 5 = 0.6
    assert totals.rows() == [(2024, 3, 2, 5, 4, 3, 0.6)]
    tiers = plan.tier_completion(w.con, Filters(year=2024))
    assert totals["planned_seats"][0] == tiers["planned_seats"].sum()
