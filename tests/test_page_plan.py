"""计划完成 page on the demo county: 2024 participants per tier are the seed report's, the
chart is its download, and the tier filter keeps one tier."""
from __future__ import annotations

import duckdb

from page_harness import chart, csv_frame, downloads, open_app, table  # noqa: F401

PAGE = "views/analysis/plan.py"


def test_tier_chart_shows_planned_and_actual_2024(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "计划完成"
    planned, actual = chart(at, "plan_tiers")
    assert actual["x"] == ["国培", "省培", "市/州培", "县/区培", "校培"]
    assert actual["y"] == [617, 840, 1126, 2648, 8169]  # the seed report's person-times
    csv = csv_frame(downloads(at, "dl_csv_plan_tiers"))
    assert csv["计划人数（人）"].to_list() == planned["y"]
    # completion = participants ÷ planned seats
    for seats, done, rate in csv.select("计划人数（人）", "有计划名额项目的参训人次", "完成率（%）").iter_rows():
        assert rate == round(100 * done / seats, 1)


def test_programs_table_lists_the_years_programs_and_follows_the_tier_filter(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        programs = con.execute("select count(*), count(*) filter (where train_tier = 'national') "
                               "from program where year = 2024").fetchone()
    assert table(at, 0).height == programs[0]
    at.sidebar.multiselect(key="tier").set_value(["national"]).run()
    [_, actual] = chart(at, "plan_tiers")
    assert actual["x"] == ["国培"] and actual["y"] == [617]
    assert table(at, -1).height == programs[1]

