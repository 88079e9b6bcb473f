"""获奖荣誉 page on the demo county: the seed report's 2024 honours (117 provincial, 285
prefectural, 996 county), per 100 teachers, and what a township filter leaves."""
from __future__ import annotations

import duckdb
import polars as pl

from page_harness import chart, csv_frame, downloads, metrics, open_app  # noqa: F401

PAGE = "views/analysis/awards.py"


def test_2024_awards_by_level_and_per_100_teachers(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "获奖荣誉"
    shown = metrics(at)
    assert shown["获奖总数（项）"] == "1,398"  # 117 + 285 + 996
    assert shown["每百名教师获奖（项）"] == "49.9"  # 1,398 × 100 ÷ 2,800 roster teachers
    levels = csv_frame(downloads(at, "dl_csv_awards_levels")).filter(pl.col("年度") == 2024)
    assert dict(zip(levels["获奖级别"], levels["获奖数（项）"])) == {
        "国家级": 0, "省级": 117, "市/州级": 285, "县/区级": 996, "校级": 0}
    traces = {t["name"]: dict(zip(t["x"], t["y"])) for t in chart(at, "awards_levels")}
    assert traces["省级"][2024] == 117 and traces["县/区级"][2024] == 996  # the bars are the download


def test_township_filter_counts_that_townships_awards(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    township = at.sidebar.multiselect(key="township").options[0]
    at.sidebar.multiselect(key="township").set_value([township]).run()
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        expected = con.execute(
            "select count(*) from award a join school s using (school_code) where a.year = 2024 and s.township = ?",
            [township]).fetchone()[0]
    assert metrics(at)["获奖总数（项）"] == f"{expected:,}"
    assert expected < 1398
