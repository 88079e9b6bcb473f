"""cycle.compliance / compliance_trend / behind_pace and the metric_teacher_cycle view.

Cycle 2021–2025 (72 h per elapsed year). Teachers, passed hours per year:
  x  A 2020–2024: 2020 200 (previous cycle), 2021 80, 2022 60, 2023 100, 2024 50
  y  A 2021–2024: 2021 100, 2023 100
  h  B hired 2023: 2023 100, 2024 40
  mv A 2021–2022, B 2023–2024 (moved): 72 every year
  f  B hired 2024: 50 h failed, nothing passed
"""
import pytest

from metric_fixtures import Warehouse
from warehouse.filters import Filters
from warehouse.queries import cycle


@pytest.fixture
def con():
    w = Warehouse()
    w.school("A").school("B", stage="junior")
    plan = {
        "x": {2020: ("A", 200), 2021: ("A", 80), 2022: ("A", 60), 2023: ("A", 100), 2024: ("A", 50)},
        "y": {2021: ("A", 100), 2022: ("A", None), 2023: ("A", 100), 2024: ("A", None)},
        "h": {2023: ("B", 100), 2024: ("B", 40)},
        "mv": {2021: ("A", 72), 2022: ("A", 72), 2023: ("B", 72), 2024: ("B", 72)},
        "f": {2024: ("B", None)},
    }
    for year in range(2020, 2025):
        w.program(f"P{year}", year, "county", hours=300)
    for key, years in plan.items():
        for year, (school, hours) in years.items():
            w.roster(year, key, school)
            if hours is not None:
                w.took(f"P{year}", key, hours=hours)
    w.took("P2024", "f", "failed", hours=50)
    return w.con


def by_school(df):
    return {r["school_code"]: (r["teachers"], r["compliant_teachers"], r["compliance_rate"])
            for r in df.iter_rows(named=True)}


def test_share_compliant_as_of_latest_year(con):
    row = cycle.compliance(con, Filters(), cycle_start=2021).row(0, named=True)
    # as of 2024 (4th year): x 80+60+100+50 = 290 >= 288 yes; y 200 < 288; h hired 2023:
    # 140 < 72*2 = 144; mv 4*72 = 288 >= 288 yes; f hired 2024: 0 < 72  -> 2 of 5
    assert (row["cycle_start"], row["cycle_end"], row["as_of_year"]) == (2021, 2025, 2024)
    assert (row["teachers"], row["compliant_teachers"], row["compliance_rate"]) == (5, 2, 0.4)
    # behind: y 88 + h 4 + f 72 = 164
    assert row["hours_needed"] == 164


def test_moved_teacher_counts_at_current_school_with_all_hours(con):
    df = cycle.compliance(con, Filters(year=2024), by="school", cycle_start=2021)
    # A: x yes, y no -> 1/2; B: h no, mv yes (hours from A and B), f no -> 1/3
    assert by_school(df) == {"A": (2, 1, 0.5), "B": (3, 1, pytest.approx(1 / 3))}


def test_mid_cycle_year_is_pro_rated(con):
    row = cycle.compliance(con, Filters(year=2022), cycle_start=2021).row(0, named=True)
    # 2022 roster: x 140 < 144, y 100 < 144, mv 144 >= 144 -> 1/3 (h, f not hired yet)
    assert (row["teachers"], row["compliant_teachers"]) == (3, 1)


def test_behind_pace_lists_hours_needed_most_first_with_total(con):
    df = cycle.behind_pace(con, Filters(), limit=2, cycle_start=2021)
    # y 288-200 = 88; f hired 2024: 72-0 = 72; h hired 2023: 144-140 = 4
    assert df.select("name", "start_year", "required_hours", "hours_needed").rows() == [
        ("教师y", 2021, 288.0, 88.0), ("教师f", 2024, 72.0, 72.0),
    ]
    assert df["total"].to_list() == [3, 3]
    assert set(df.columns) >= {"id_masked", "hours_to_cycle_target"} and "teacher_key" not in df.columns
    # y still needs 360 - 200 = 160 for the whole cycle
    assert df["hours_to_cycle_target"][0] == 160


def test_a_whole_list_equals_its_pages(con, monkeypatch):
    # y 88, f 72, h 4 hours needed: pages of one (limit + offset under WHOLE_LIST) and the whole
    # list (at or over it, which skips the page-groups step) give the same rows in the same order
    monkeypatch.setattr(cycle, "WHOLE_LIST", 3)
    pages = [cycle.behind_pace(con, Filters(), limit=1, offset=i, cycle_start=2021) for i in range(3)]
    whole = cycle.behind_pace(con, Filters(), limit=3, cycle_start=2021)
    assert [p["name"][0] for p in pages] == whole["name"].to_list() == ["教师y", "教师f", "教师h"]
    assert whole.equals(pages[0].vstack(pages[1]).vstack(pages[2]))
    assert whole["total"].to_list() == [3, 3, 3]


def test_trend_covers_each_year_of_the_cycle(con):
    df = cycle.compliance_trend(con, Filters(year=2024), cycle_start=2021)
    # 2021: x 80, y 100, mv 72 all >= 72 -> 3/3; 2022: 1/3 (above);
    # 2023: x 240 >= 216, y 200 < 216, h 100 >= 72, mv 216 >= 216 -> 3/4; 2024: 2/5
    assert df.select("as_of_year", "teachers", "compliant_teachers").rows() == [
        (2021, 3, 3), (2022, 3, 1), (2023, 4, 3), (2024, 5, 2),
    ]
    assert df["required_hours_full_time"].to_list() == [72, 144, 216, 288]


def test_cycle_start_is_configurable(con):
    row = cycle.compliance(con, Filters(year=2024), by="school", cycle_start=2022)
    got = {r["school_code"]: r for r in row.iter_rows(named=True)}
    # cycle 2022–2026, as of 2024 (3rd year, 216 h): x 60+100+50 = 210 < 216 no;
    # y 100 < 216 no -> A 0/2
    assert got["A"]["compliant_teachers"] == 0 and got["A"]["cycle_start"] == 2022


def test_allowed_schools_scope_applies_to_lists_and_shares(con):
    f = Filters(allowed_schools=frozenset({"A"}))
    assert cycle.compliance(con, f, cycle_start=2021).row(0, named=True)["teachers"] == 2
    assert cycle.behind_pace(con, f, cycle_start=2021)["name"].to_list() == ["教师y"]


def test_metric_teacher_cycle_view_holds_each_cycle_at_its_latest_year(con):
    cycle.set_cycle_start(con, 2021)
    rows = con.execute(
        "select cycle_start, teacher_key, as_of_year, passed_hours, required_hours, compliant "
        "from metric_teacher_cycle order by cycle_start, teacher_key"
    ).fetchall()
    # cycle 2016: only x on the 2020 roster, first seen 2020 -> 1 year, 72 h; 200 passed
    assert rows[0] == (2016, "x", 2020, 200.0, 72.0, True)
    assert [r[1:] for r in rows[1:]] == [
        ("f", 2024, 0.0, 72.0, False), ("h", 2024, 140.0, 144.0, False),
        ("mv", 2024, 288.0, 288.0, True), ("x", 2024, 290.0, 288.0, True),
        ("y", 2024, 200.0, 288.0, False),
    ]
