"""warehouse.aggregates.build rebuilds only the models and years a change touched, and the result
equals a full rebuild: cycle sums, tier steps and spells span years, so each case changes a
year that others depend on."""
from __future__ import annotations

import pytest

from metric_fixtures import small_county
from warehouse import aggregates

STORED = [name for name, _ in aggregates.MATERIALISED] + [aggregates.CYCLE_STORED]


def contents(con) -> dict[str, list[tuple]]:
    return {name: sorted(con.execute(f"select * from {name}").fetchall(), key=repr) for name in STORED}


def twice(change):
    """Two equal warehouses, built; ``change`` applied to both; one rebuilt incrementally, one whole."""
    a, b = small_county(), small_county()
    aggregates.build(a.con)
    aggregates.build(b.con)
    change(a)
    change(b)
    done = aggregates.build(a.con)
    aggregates.build(b.con, full=True)
    return done, contents(a.con), contents(b.con)


def add_new_year(w):
    w.roster(2025, "a1", "A", dev_tier="key").roster(2025, "b1", "B").roster(2025, "n1", "C")
    w.program("C25", 2025, "county", hours=30)
    w.took("C25", "a1").took("C25", "n1", "failed")
    w.award("a1", 2025, "county")


def add_an_earlier_year(w):
    # c2 first appears in 2024; a 2022 roster row moves the start of c2's pro-rating and adds a step
    w.roster(2022, "c2", "C", dev_tier="new").roster(2022, "a1", "A", dev_tier="new")
    w.program("S22", 2022, "school", hours=12)
    w.took("S22", "c2")


def replace_a_year_of_participation(w):
    w.con.execute("update participation set result = 'failed' where teacher_key = 'a1' and year = 2023")
    w.con.execute("delete from participation where teacher_key = 'm' and year = 2024")


def rate_a_school(w):
    w.rating(2024, "A", "excellent")


def test_a_new_year_rebuilds_that_year_and_its_cycle_only():
    done, incremental, full = twice(add_new_year)
    assert done["full"] is False
    assert done["years"]["teacher_year"] == [2025]
    assert done["years"]["teacher_dev_tier_step"] == [2025, 2026]
    assert done["cycles_from"] == 2021 and done["whole"] == ["dev_tier_spell"]
    assert incremental == full


@pytest.mark.parametrize("change", [add_an_earlier_year, replace_a_year_of_participation, rate_a_school])
def test_every_stored_model_equals_a_full_rebuild(change):
    done, incremental, full = twice(change)
    assert done["full"] is False
    assert incremental == full


def test_a_participation_only_change_leaves_the_tier_counts_alone_and_still_equals_a_full_rebuild():
    done, incremental, full = twice(replace_a_year_of_participation)
    # tier counts per school and subject read roster teachers only: no participation row moves them
    assert "dev_tier_school_year" not in done["years"]
    assert done["years"]["teacher_year"] == [2023, 2024]
    assert incremental == full


def test_an_earlier_first_year_moves_the_pro_rating_of_later_years():
    done, incremental, full = twice(add_an_earlier_year)
    assert done["cycles_from"] == 2021  # 2022 lies in the 2021-2025 cycle
    c2 = [r for r in incremental[aggregates.CYCLE_STORED] if r[3] == "c2"]
    assert c2 and all(r[10] == 2022 for r in c2 if r[0] == 2021)  # start_year moved to 2022


def test_a_ratings_only_change_touches_only_the_school_year_metric():
    done, incremental, full = twice(rate_a_school)
    assert done["years"] == {"metric_school_year": [2024]}
    assert done["cycles_from"] is None and done["whole"] == []
    assert incremental == full


def test_a_school_list_change_rebuilds_everything():
    def move_school(w):
        w.con.execute("update school set urban_rural = 'rural' where school_code = 'A'")
    done, incremental, full = twice(move_school)
    assert done == {"full": True}
    assert incremental == full


def test_nothing_changed_rebuilds_nothing():
    w = small_county()
    aggregates.build(w.con)
    assert aggregates.build(w.con) == {"full": False, "years": {}, "whole": [], "cycles_from": None}


def with_school_year_dates(w):
    """C24 ends 15 Sep 2024 (school year 2025), S24 on 30 Jun 2024 (school year 2024); m and a1
    are on the 2025 roster."""
    w.con.execute("update program set end_date = date '2024-09-15' where program_code = 'C24'")
    w.con.execute("update program set end_date = date '2024-06-30' where program_code = 'S24'")
    w.roster(2025, "m", "B", subject="数学").roster(2025, "a1", "A")


def twice_from(setup, change):
    """``twice`` for warehouses first given ``setup`` (built), then ``change``."""
    return twice(lambda w: (setup(w), aggregates.build(w.con), change(w)))


def period_row(con, kind, year, key):
    return con.execute("select completed, passed_hours from teacher_training_period "
                       "where period_kind = $k and period_year = $y and teacher_key = $t",
                       {"k": kind, "y": year, "t": key}).fetchall()


def test_a_2024_participation_change_rebuilds_the_2025_school_year_it_falls_in():
    def fail_m(w):
        w.con.execute("update participation set result = 'failed' where teacher_key = 'm' and program_code = 'C24'")
    a = small_county()
    with_school_year_dates(a)
    aggregates.build(a.con)
    assert period_row(a.con, "school", 2025, "m") == [(True, 20.0)]  # C24, 20 h, ended 15 Sep 2024
    done, incremental, full = twice_from(with_school_year_dates, fail_m)
    assert done["years"]["teacher_training_period"] == [2024, 2025]
    assert incremental == full
    a = small_county()
    with_school_year_dates(a)
    aggregates.build(a.con)
    fail_m(a)
    aggregates.build(a.con)
    assert period_row(a.con, "school", 2025, "m") == [(False, 0.0)]


def test_a_programme_moved_across_1_september_rebuilds_both_school_years():
    def end_in_august(w):
        w.con.execute("update program set end_date = date '2024-08-20' where program_code = 'C24'")
    done, incremental, full = twice_from(with_school_year_dates, end_in_august)
    assert done["years"]["teacher_training_period"] == [2024, 2025]  # was school year 2025, now 2024
    assert incremental == full


def test_a_teachers_sex_rebuilds_only_their_roster_years_of_the_period_model():
    def a1_female(w):
        w.con.execute("update teacher set gender = '女' where teacher_key = 'a1'")
    done, incremental, full = twice(a1_female)
    assert done == {"full": False, "years": {"teacher_training_period": [2023, 2024]}, "whole": [],
                    "cycles_from": None}
    assert incremental == full
