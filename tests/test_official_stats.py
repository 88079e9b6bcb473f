"""The official statistics tables on the hand-made county of tests/official_fixture.py."""
from __future__ import annotations

import math

import polars as pl
import pytest

from tests.official_fixture import official_county
from warehouse.filters import Filters
from warehouse.queries import official_stats as o

Y2024 = Filters(year=2024)


@pytest.fixture(scope="module")
def county():
    w = official_county()
    yield w.con
    w.con.close()


def by_stage(frame) -> dict:
    return {row["stage_group"]: row for row in frame.iter_rows(named=True)}


def test_training_table_counts_persons_once_by_level_band_and_form(county):
    rows = by_stage(o.training_table(county, Y2024, "calendar"))
    assert list(rows) == ["primary", "junior", None]  # stages without teachers have no row; total last
    primary, junior, total = rows["primary"], rows["junior"], rows[None]
    # t6 teaches primary at the nine-year school; t5 has no teaching stage there and counts as junior
    assert (primary["teachers"], junior["teachers"], total["teachers"]) == (5, 3, 8)
    # t1 trained at two levels (national, school) but is one person in the row total
    assert (primary["completed"], junior["completed"], total["completed"]) == (4, 3, 7)
    levels = ["completed_national", "completed_provincial", "completed_municipal", "completed_county",
              "completed_school"]
    assert [primary[c] for c in levels] == [2, 0, 0, 1, 2]
    assert [junior[c] for c in levels] == [1, 2, 0, 0, 1]  # t3's municipal training failed
    assert [total[c] for c in levels] == [3, 2, 0, 1, 3]
    bands = ["hours_le_36", "hours_37_72", "hours_73_108", "hours_ge_109"]
    # 36 | 37 and 72 | 73 and 108 | 109 sit on either side of the band edges
    assert [primary[c] for c in bands] == [2, 1, 1, 0]     # t1 36, t8 6 | t2 37 | t6 108
    assert [junior[c] for c in bands] == [0, 1, 1, 1]      # t3 72 | t4 73 | t5 109
    assert sum(total[c] for c in bands) == total["completed"]
    forms = ["completed_offline", "completed_online", "completed_shadowing"]
    assert [primary[c] for c in forms] == [3, 2, 0]        # t2's blended counts as offline
    assert [junior[c] for c in forms] == [1, 1, 2]


def test_a_teacher_counts_at_the_stage_of_that_years_roster(county):
    rows = by_stage(o.training_table(county, Filters(year=2023), "calendar"))
    # t8 taught junior at J in 2023 and primary at P in 2024
    assert rows["junior"]["teachers"] == 1 and rows["junior"]["completed"] == 1
    assert rows["primary"]["completed"] == 1  # t2's BND23
    assert by_stage(o.training_table(county, Y2024, "calendar"))["primary"]["teachers"] == 5


def test_school_year_runs_from_september_to_august_by_programme_end_date(county):
    rows = by_stage(o.training_table(county, Y2024, "school"))
    total = rows[None]
    # SY2024 = 2023-09-01..2024-08-31: BNX23 (ends 2023-09-01) is in, SCH24 and MUN24 (autumn 2024) are
    # out, BND23 (ends 2023-08-31) belongs to SY2023. Completed: t1 t2 t6 t7 | t3 t4 t5; t8's only
    # training of the school year would be SCH24.
    assert (rows["primary"]["completed"], rows["junior"]["completed"]) == (4, 3)
    assert [total[c] for c in ("hours_le_36", "hours_37_72", "hours_73_108", "hours_ge_109")] == [2, 2, 3, 0]
    sy2023 = by_stage(o.training_table(county, Filters(year=2023), "school"))[None]
    assert sy2023["completed"] == 2  # t2 (BND23) and t8 (OLD23), on the 2023 roster


def test_sdg_4c7_is_the_share_of_teachers_trained_by_stage_sex_and_type(county):
    rows = by_stage(o.sdg_4c7(county, Y2024, "calendar"))
    total = rows[None]
    assert (rows["primary"]["trained"], rows["primary"]["teachers"]) == (4, 5)
    assert rows["primary"]["pct"] == pytest.approx(80.0)
    assert rows["junior"]["pct"] == pytest.approx(100.0)
    assert total["pct"] == pytest.approx(87.5)
    assert (total["female_teachers"], total["female_trained"]) == (4, 3)  # t7 untrained
    assert total["female_pct"] == pytest.approx(75.0)
    assert total["male_pct"] == pytest.approx(100.0)
    # attendance, not passing: t3's failed municipal training counts as received
    assert total["pct_municipal"] == pytest.approx(12.5)
    assert total["pct_shadowing"] == pytest.approx(25.0)


def test_school_variation_is_teacher_weighted(county):
    rows = by_stage(o.school_variation(county, Y2024))
    primary, junior = rows["primary"], rows["junior"]
    # primary units: P (t1 36 + t2 37 + t7 0 + t8 6 = 79 h, 4 teachers, 1 key), N (t6 108 h, 1 teacher)
    assert (primary["schools"], primary["teachers"]) == (2, 5)
    assert primary["hours_per_teacher"] == pytest.approx(37.4)
    assert primary["cv_hours"] == pytest.approx(35.3 / 37.4)         # S² = (4·17.65² + 70.6²) / 5 = 35.3²
    assert primary["key_per_100"] == pytest.approx(20.0)
    assert primary["cv_key"] == pytest.approx(0.5)                   # S² = (4·5² + 20²) / 5 = 10²
    # junior units: J (t3 72 + t4 73 = 145 h, 2 teachers, 1 distinguished), N (t5 109 h)
    mean = 254 / 3
    assert junior["hours_per_teacher"] == pytest.approx(mean)
    assert junior["cv_hours"] == pytest.approx(math.sqrt((2 * (72.5 - mean) ** 2 + (109 - mean) ** 2) / 3) / mean)
    assert junior["cv_key"] == pytest.approx(1 / math.sqrt(2))       # values 50, 50, 0 around 100/3
    assert (primary["cv_limit"], junior["cv_limit"]) == (0.50, 0.45)


def test_funds_share_lists_a_school_without_funds_and_leaves_it_out_of_the_total(county):
    rows = {r["school_code"]: r for r in o.funds_share(county, Y2024).iter_rows(named=True)}
    assert rows["N"]["has_funds"] is False and rows["N"]["share"] is None
    assert rows["P"]["share"] == pytest.approx(0.12)
    assert (rows["P"]["below_inspection"], rows["P"]["below_standard"]) == (False, False)
    assert rows["J"]["share"] == pytest.approx(0.04)
    assert (rows["J"]["below_inspection"], rows["J"]["below_standard"]) == (True, True)
    total = rows[None]
    assert (total["training_spend"], total["public_funds"]) == (16000, 200000)
    assert total["share"] == pytest.approx(0.08)
    assert (total["below_inspection"], total["below_standard"]) == (False, True)


def test_school_scope_sees_only_its_own_school(county):
    scoped = Filters(year=2024, allowed_schools=frozenset({"J"}))
    total = by_stage(o.training_table(county, scoped, "calendar"))[None]
    assert (total["teachers"], total["completed"]) == (2, 2)  # t3, t4
    funds = o.funds_share(county, scoped)
    assert funds["school_code"].to_list() == ["J", None]
    assert by_stage(o.school_variation(county, scoped))["junior"]["schools"] == 1


def test_demo_county_funds_have_three_schools_under_the_standard_and_one_under_the_inspection(demo_con):
    rows = o.funds_share(demo_con, Y2024)
    schools = rows.filter(pl.col("school_code").is_not_null())
    assert schools.height == 39 and schools["has_funds"].all()
    assert schools["below_standard"].sum() == 3 and schools["below_inspection"].sum() == 1
    # the loader took the 万元 sheet as 元 × 10,000: a school's budget is 20 万元 and up
    assert schools["public_funds"].min() >= 190_000
