"""层级进阶 page on the demo county: the pyramid counts the roster, the flows account for
every teacher of both years, and the downloads hold what the charts draw."""
from __future__ import annotations

import duckdb

from page_harness import chart, csv_frame, downloads, open_app, points  # noqa: F401

PAGE = "views/analysis/progression.py"
LADDER = ["教育家型教师", "名优教师", "骨干教师", "合格教师", "新教师"]  # top of the pyramid first


def roster_by_tier(warehouse, year: int, stage: str = "%") -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select r.dev_tier, count(*) from roster r join school s using (school_code) "
            "where r.year = ? and s.stage like ? group by 1", [year, stage]).fetchall()
    return dict(rows)


def test_pyramid_counts_the_roster_and_follows_the_stage_filter(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "层级进阶"
    codes = ["educationist", "distinguished", "key", "qualified", "new"]
    everyone = roster_by_tier(demo_warehouse, 2024)
    [pyramid] = chart(at, "progression_pyramid")
    assert pyramid["y"] == LADDER
    assert pyramid["x"] == [everyone[c] for c in codes]
    assert sum(pyramid["x"]) == 2800  # the demo's 2024 roster
    assert pyramid["texttemplate"].startswith("%{x:,.0f}")  # labels with thousands separators: 1,702, not 1702
    csv = csv_frame(downloads(at, "dl_csv_progression_pyramid"))
    assert csv["教师数（人）"].to_list() == pyramid["x"]

    at.sidebar.multiselect(key="stage").set_value(["primary"]).run()
    primary = roster_by_tier(demo_warehouse, 2024, "primary")
    [pyramid] = chart(at, "progression_pyramid")
    assert pyramid["x"] == [primary[c] for c in codes]


def test_flows_with_stayers_account_for_both_rosters(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    at.toggle(key="progression_stayed").set_value(True).run()
    csv = csv_frame(downloads(at, "dl_csv_progression_flows"))
    out_of_2023 = csv.filter(csv["上年层级"] != "未填")["教师数（人）"].sum()
    into_2024 = csv.filter(csv["今年层级"] != "未填")["教师数（人）"].sum()
    # Every 2023 teacher stayed, moved or left; every 2024 teacher stayed, moved or joined.
    assert out_of_2023 == sum(roster_by_tier(demo_warehouse, 2023).values())
    assert into_2024 == sum(roster_by_tier(demo_warehouse, 2024).values()) == 2800


def test_promotion_chart_matches_its_download(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    bars = points(chart(at, "progression_promotion"))
    csv = csv_frame(downloads(at, "dl_csv_progression_promotion"))
    assert list(bars) == csv["上年层级"].to_list() == ["新教师", "合格教师", "骨干教师", "名优教师"]
    assert list(bars.values()) == csv["晋升率（%）"].to_list()
    # rate = promoted ÷ teachers at that tier last year, to one decimal of a percent
    for rate, promoted, teachers in csv.select("晋升率（%）", "晋升人数（人）", "教师数（人）").iter_rows():
        assert rate == round(100 * promoted / teachers, 1)
