"""The public metric views read the stored models and equal the metric layer at their grain."""
from __future__ import annotations

import pytest

from metric_fixtures import small_county
from warehouse import aggregates, layer

TIER_MEASURES = ["roster_teachers", "person_times", "trained_teachers", "coverage", "with_result",
                 "passed", "pass_rate", "passed_hours", "hours_per_teacher"]
SCHOOL_MEASURES = ["roster_teachers", "trained_teachers", "coverage", "person_times", "with_result", "passed",
                   "pass_rate", "passed_hours", "hours_per_teacher", "awards", "award_density",
                   "weighted_awards", "weighted_award_density"]


@pytest.fixture(scope="module")
def con():
    w = small_county()
    w.award("a1", 2024, "national").award("b1", 2023, "school")
    aggregates.build(w.con)
    return w.con


def test_metric_tier_year_is_the_layer_by_year_and_tier(con):
    view = con.execute(f"select year, train_tier, {', '.join(TIER_MEASURES)} from metric_tier_year "
                       "order by year, tier_order").fetchall()
    ours = layer.query(con, TIER_MEASURES, ["year", "train_tier"])
    assert view == [tuple(r) for r in ours.iter_rows()]
    # 2024, county: m passed C24 (20 h) of 6 roster teachers; b1's C24 row is incomplete
    assert (2024, "county", 6, 2, 1, 1 / 6, 2, 1, 0.5, 20.0, 20 / 6) in view


def test_metric_school_year_is_the_layer_by_school(con):
    view = con.execute(f"select year, school_code, {', '.join(SCHOOL_MEASURES)} from metric_school_year "
                       "where roster_teachers > 0 order by year, school_code").fetchall()
    ours = layer.query(con, SCHOOL_MEASURES, ["year", "school_code"], nonzero=("roster_teachers",))
    assert view == [tuple(r) for r in ours.iter_rows()]


def test_the_plan_views_count_participation_from_the_stored_sums(con):
    con.execute("update program set planned_seats = 4 where program_code = 'C24'")
    aggregates.build(con)
    # C24: m passed, b1 incomplete: 2 participants of 4 seats, 1 passed
    assert con.execute("select participants, passed, completion from metric_program_plan "
                       "where program_code = 'C24'").fetchall() == [(2, 1, 0.5)]
