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



def test_a_township_filter_keeps_the_county_s_completion_and_shows_its_own_share(monkeypatch, demo_warehouse,
                                                                                 downloads):  # noqa: F811
    # Counted from the tables: 2024 seats and participants of programmes with seats, county-wide and
    # for 附城镇's schools (the participants' schools).
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        seats, county, town = con.execute("""
            with p as (select program_code, planned_seats from program where year = 2024 and planned_seats > 0)
            select (select sum(planned_seats) from p),
                   count(*),
                   count(*) filter (where s.township = '附城镇')
            from participation pa join p using (program_code) join school s on s.school_code = pa.school_code
            where pa.year = 2024""").fetchone()
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", township="附城镇")
    shown = {m.label: m.value for m in at.metric}
    assert shown["名额完成率"] == f"{100 * county / seats:.1f}%"  # the county's, not 附城镇 ÷ the county's seats
    assert [i.value for i in at.info if "按全县制定" in i.value] == [
        f"年度计划和项目名额按全县制定，完成率按全县参训人次计算；所选范围（2024 年 · 附城镇）的参训人次单列为“所选范围参训”，"
        f"占全县的 {100 * town / county:.1f}%。"]
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        [(town_all,)] = con.execute("""select count(*) from participation pa join school s using (school_code)
                                       where pa.year = 2024 and s.township = '附城镇'""").fetchall()
    assert shown["所选范围参训（人次）"] == f"{town_all:,}"
    csv = csv_frame(downloads(at, "dl_csv_plan_tiers"))
    assert csv["有计划名额项目的参训人次"].sum() == county
    assert csv["所选范围参训（人次）"].sum() == town_all
