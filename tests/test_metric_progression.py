"""progression.* and the metric_dev_tier_year / dev_tier_school_year / teacher_dev_tier_step /
dev_tier_spell views.

Roster tiers (school A unless noted), 2021..2024:
  p1  new      new      qualified qualified
  p2  qualified key     key       distinguished
  p3  key      key      -         -            (school B; left after 2022)
  p4  -        new      new       qualified    (joined 2022)
  p5  qualified qualified new     new          (moved down)
"""
import pytest

from metric_fixtures import Warehouse, small_county
from warehouse.filters import Filters
from warehouse.queries import progression

TIERS = {
    "p1": ["new", "new", "qualified", "qualified"],
    "p2": ["qualified", "key", "key", "distinguished"],
    "p3": ["key", "key", None, None],
    "p4": [None, "new", "new", "qualified"],
    "p5": ["qualified", "qualified", "new", "new"],
}


@pytest.fixture(scope="module")
def con():
    w = Warehouse()
    w.school("A").school("B", stage="junior")
    for key, tiers in TIERS.items():
        for year, tier in zip(range(2021, 2025), tiers):
            if tier:
                w.roster(year, key, "B" if key == "p3" else "A", dev_tier=tier)
    return w.con


def test_teachers_per_tier_per_year_with_empty_tiers_as_zero(con):
    df = progression.dev_tier_counts(con, Filters(year=2024))
    # 2024: p5 new; p1, p4 qualified; p2 distinguished -> 1, 2, 0, 1, 0 of 4
    assert df.select("dev_tier", "teachers", "share").rows() == [
        ("new", 1, 0.25), ("qualified", 2, 0.5), ("key", 0, 0.0),
        ("distinguished", 1, 0.25), ("educationist", 0, 0.0),
    ]


def test_tier_counts_by_school(con):
    df = progression.dev_tier_counts(con, Filters(year=2022), by_school=True)
    got = {(r["school_code"], r["dev_tier"]): r["teachers"] for r in df.iter_rows(named=True) if r["teachers"]}
    # 2022 A: p1 new, p4 new, p2 key, p5 qualified; B: p3 key
    assert got == {("A", "new"): 2, ("A", "qualified"): 1, ("A", "key"): 1, ("B", "key"): 1}


def test_dev_tier_view_agrees_with_query(con):
    view = con.execute(
        "select year, dev_tier, teachers from metric_dev_tier_year order by year, tier_order").fetchall()
    query = progression.dev_tier_counts(con, Filters()).select("year", "dev_tier", "teachers").rows()
    assert view == query


@pytest.fixture(scope="module")
def mixed():
    """2024 at school A: t1 语文 key, t2 语文 no tier, t3 数学 key, t4 数学 new; at B (junior): t5 语文 key."""
    w = Warehouse()
    w.school("A").school("B", stage="junior")
    w.roster(2024, "t1", "A", subject="语文", dev_tier="key")
    w.roster(2024, "t2", "A", subject="语文", dev_tier=None)
    w.roster(2024, "t3", "A", subject="数学", dev_tier="key")
    w.roster(2024, "t4", "A", subject="数学", dev_tier="new")
    w.roster(2024, "t5", "B", subject="语文", dev_tier="key")
    return w.con


def test_teachers_without_a_tier_get_their_own_row_and_count_in_the_share(mixed):
    df = progression.dev_tier_counts(mixed, Filters(year=2024))
    # 5 on the roster: new 1, key 3, no tier 1 -> 1/5, 3/5, 1/5
    assert df.select("dev_tier", "teachers", "share").rows() == [
        ("new", 1, 0.2), ("qualified", 0, 0.0), ("key", 3, 0.6), ("distinguished", 0, 0.0),
        ("educationist", 0, 0.0), (None, 1, 0.2),
    ]


def test_tier_counts_follow_the_subject_stage_and_tier_filters(mixed):
    chinese = progression.dev_tier_counts(mixed, Filters(year=2024, subjects=["语文"]))
    # 语文: t1 key, t2 no tier, t5 key -> key 2 of 3, no tier 1 of 3
    assert {r[0]: r[1] for r in chinese.select("dev_tier", "teachers").rows() if r[1]} == {"key": 2, None: 1}
    junior = progression.dev_tier_counts(mixed, Filters(year=2024, stages=["junior"]))
    assert {r[0]: r[1] for r in junior.select("dev_tier", "teachers").rows() if r[1]} == {"key": 1}  # t5
    # only new and key chosen: new 1, key 3 of those 4; the others show 0 and no empty-tier row
    chosen = progression.dev_tier_counts(mixed, Filters(year=2024, dev_tiers=["new", "key"]))
    assert chosen.select("dev_tier", "teachers", "share").rows() == [
        ("new", 1, 0.25), ("qualified", 0, 0.0), ("key", 3, 0.75), ("distinguished", 0, 0.0),
        ("educationist", 0, 0.0),
    ]


def test_a_school_with_none_of_the_chosen_tiers_has_no_rows(mixed):
    df = progression.dev_tier_counts(mixed, Filters(year=2024, dev_tiers=["new"]), by_school=True)
    # only t4 (A) is new; B has nobody at that tier, so B is left out as when counting teachers
    assert df.filter(df["teachers"] > 0).select("school_code", "dev_tier", "teachers").rows() == [("A", "new", 1)]
    assert set(df["school_code"]) == {"A"}


def test_nothing_in_scope_gives_an_empty_frame_with_the_columns(mixed):
    df = progression.dev_tier_counts(mixed, Filters(year=2024, allowed_schools=frozenset()))
    assert df.is_empty() and df.columns == ["year", "dev_tier", "teachers", "share"]


def test_tier_count_model_rows_per_school_and_subject(mixed):
    rows = mixed.execute("""
        select school_code, subject, teachers_new, teachers_key, teachers_no_tier, teachers_qualified
        from dev_tier_school_year where year = 2024 order by school_code, subject""").fetchall()
    # A 数学: t3 key, t4 new; A 语文: t1 key, t2 no tier; B 语文: t5 key
    assert rows == [("A", "数学", 1, 1, 0, 0), ("A", "语文", 0, 1, 1, 0), ("B", "语文", 0, 1, 0, 0)]


def test_movements_year_to_year(con):
    df = progression.movement_counts(con, Filters())
    got = {(r["year"], r["movement"]): r["teachers"] for r in df.iter_rows(named=True)}
    # 2021->2022: p2 up; p1, p3, p5 stayed; p4 joined
    assert [got[(2022, m)] for m in ("up", "stayed", "down", "left", "joined")] == [1, 3, 0, 0, 1]
    # 2022->2023: p1 up; p2, p4 stayed; p5 down; p3 left
    assert [got[(2023, m)] for m in ("up", "stayed", "down", "left", "joined")] == [1, 2, 1, 1, 0]
    # 2023->2024: p2, p4 up; p1, p5 stayed
    assert [got[(2024, m)] for m in ("up", "stayed", "down", "left", "joined")] == [2, 2, 0, 0, 0]
    assert 2021 not in {y for y, _ in got}  # no earlier roster to compare with


def test_movements_by_school_and_scope(con):
    df = progression.movement_counts(con, Filters(allowed_schools=frozenset({"B"})), by_school=True)
    got = {(r["year"], r["movement"]): r["teachers"] for r in df.iter_rows(named=True) if r["teachers"]}
    # only p3 at B: stayed key in 2022, left in 2023 (counted at the school it left)
    assert got == {(2022, "stayed"): 1, (2023, "left"): 1}
    assert set(df["school_code"]) == {"B"}


def test_transitions_name_both_tiers(con):
    df = progression.transitions(con, Filters(year=2023))
    assert sorted(df.select("from_tier", "to_tier", "movement", "teachers").rows(),
                  key=str) == sorted([
        ("new", "qualified", "up", 1), ("new", "new", "stayed", 1), ("key", "key", "stayed", 1),
        ("qualified", "new", "down", 1), ("key", None, "left", 1),
    ], key=str)


def test_promotion_rate_per_step_excludes_leavers(con):
    got = {(r["year"], r["from_tier"]): (r["teachers"], r["promoted"], r["promotion_rate"])
           for r in progression.promotion_rates(con, Filters()).iter_rows(named=True)}
    # 2023: new p1 up, p4 stayed -> 1/2; qualified p5 down -> 0/1; key p2 stayed, p3 left (out) -> 0/1
    assert got[(2023, "new")] == (2, 1, 0.5)
    assert got[(2023, "qualified")] == (1, 0, 0.0)
    assert got[(2023, "key")] == (1, 0, 0.0)
    # 2022: qualified p2 up, p5 stayed -> 1/2
    assert got[(2022, "qualified")] == (2, 1, 0.5)


def test_median_years_at_each_tier(con):
    got = {r["dev_tier"]: r for r in progression.years_at_tier(con, Filters()).iter_rows(named=True)}
    # new: p1 2021-22 (start not on record) and p4 2022-23 promoted, 2 years each -> 2;
    #      observed start only p4 -> 2; still at new: p5 (2023-24, 2 years)
    assert (got["new"]["promoted_spells"], got["new"]["median_years_to_promotion"],
            got["new"]["median_years_to_promotion_observed"]) == (2, 2.0, 2.0)
    assert (got["new"]["current_teachers"], got["new"]["median_years_so_far"]) == (1, 2.0)
    # qualified: p2 promoted after 1 year (2021, start not on record); now p1 (2) and p4 (1)
    assert (got["qualified"]["median_years_to_promotion"], got["qualified"]["median_years_to_promotion_observed"]) == (1.0, None)
    assert (got["qualified"]["current_teachers"], got["qualified"]["median_years_so_far"]) == (2, 1.5)
    # key: p2 2022-23 promoted -> 2; p3's spell ended by leaving, not counted
    assert (got["key"]["promoted_spells"], got["key"]["median_years_to_promotion"]) == (1, 2.0)
    assert got["educationist"]["promoted_spells"] == 0 and got["educationist"]["median_years_to_promotion"] is None


def test_train_tier_mix_per_year_and_school():
    con = small_county().con
    df = progression.train_tier_mix(con, Filters(year=2023))
    got = {r["train_tier"]: (r["person_times"], r["share"]) for r in df.iter_rows(named=True)}
    # 2023: N23 a1 = 1 national; S23 a2, m, b1 = 3 school -> 1/4, 3/4
    assert got == {"national": (1, 0.25), "provincial": (0, 0.0), "municipal": (0, 0.0),
                   "county": (0, 0.0), "school": (3, 0.75)}
    df = progression.train_tier_mix(con, Filters(year=2023, schools=["A"]), by_school=True)
    got = {r["train_tier"]: r["person_times"] for r in df.iter_rows(named=True)}
    # A in 2023: a1 national; a2, m school
    assert got["national"] == 1 and got["school"] == 2 and set(df["school_code"]) == {"A"}


def test_train_tier_mix_follows_subject_and_tier_filters():
    con = small_county().con
    df = progression.train_tier_mix(con, Filters(year=2023, subjects=["数学"]))
    got = {r["train_tier"]: r["person_times"] for r in df.iter_rows(named=True) if r["person_times"]}
    # 2023 数学 teachers a2 and m both took S23 (school tier); a1 (语文) took N23
    assert got == {"school": 2}
    df = progression.train_tier_mix(con, Filters(year=2023, train_tiers=["national"]))
    # the other tiers show 0: national 1 of 1
    assert [(r["train_tier"], r["person_times"], r["share"]) for r in df.iter_rows(named=True)][:2] == [
        ("national", 1, 1.0), ("provincial", 0, 0.0)]


def test_promotion_rates_and_years_at_tier_by_school(con):
    df = progression.promotion_rates(con, Filters(year=2023), by_school=True)
    got = {(r["school_code"], r["from_tier"]): (r["teachers"], r["promoted"]) for r in df.iter_rows(named=True)}
    # 2022 -> 2023 at A: new p1 up, p4 stayed; qualified p5 down; key p2 stayed. B's p3 left (not counted)
    assert got == {("A", "new"): (2, 1), ("A", "qualified"): (1, 0), ("A", "key"): (1, 0)}
    df = progression.years_at_tier(con, Filters(), by_school=True)
    b = {r["dev_tier"]: r["promoted_spells"] for r in df.iter_rows(named=True) if r["school_code"] == "B"}
    # B only ever had p3 (key, left): five tiers listed, no promotion
    assert b == {"new": 0, "qualified": 0, "key": 0, "distinguished": 0, "educationist": 0}


def test_years_at_tier_lists_all_tiers_on_an_empty_warehouse():
    df = progression.years_at_tier(Warehouse().con, Filters())
    assert df["dev_tier"].to_list() == ["new", "qualified", "key", "distinguished", "educationist"]
