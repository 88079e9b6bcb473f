"""学时达标 page on the demo county: the headline, the breakdown and the trend agree with each
other and with the roster, and a stage filter narrows them to that stage's teachers."""
from __future__ import annotations

import duckdb
import polars as pl

from page_harness import chart, csv_frame, downloads, metrics, open_app  # noqa: F401

PAGE = "views/analysis/compliance.py"


def roster_count(warehouse, year: int, stage: str = "%") -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from roster r join school s using (school_code) "
                           "where r.year = ? and s.stage like ?", [year, stage]).fetchone()[0]


def test_headline_breakdown_and_trend_agree(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "学时达标"
    assert "2021–2025 年周期，截至 2024 年" in at.caption[1].value
    shown = metrics(at)
    by_school = csv_frame(downloads(at, "dl_csv_compliance_by"))
    trend = csv_frame(downloads(at, "dl_csv_compliance_trend"))
    # the schools' teachers behind pace add up to the headline, and the schools' teachers
    # to the 2024 roster
    assert f"{by_school['未达标教师数（人）'].sum():,}" == shown["进度落后教师（人）"]
    assert by_school["教师数（人）"].sum() == roster_count(demo_warehouse, 2024) == 2800
    this_year = trend.filter(pl.col("截至年度") == 2024).row(0, named=True)
    rate = 100 * this_year["达标教师数（人）"] / this_year["教师数（人）"]
    assert shown["学时达标率"] == f"{rate:.1f}%"
    assert trend["截至年度"].to_list() == [2021, 2022, 2023, 2024]  # the cycle so far
    [bars] = chart(at, "compliance_by")
    assert bars["y"] == by_school["学校"].to_list() and bars["x"] == by_school["学时达标率（%）"].to_list()
    # 2024's averages are above the pace while the rate is below 100%: the page says why.
    assert [c.value for c in at.caption if "人均数被学时多的教师拉高" in c.value] == [
        f"人均已获学时高于人均应获学时，达标率却是 {rate:.1f}%：人均数被学时多的教师拉高，达标率则逐人比较，"
        f"每位教师要达到自己的应获学时（新入职教师按在职年数折算）。仍有 {shown['进度落后教师（人）']} 人未达到。"]


def test_stage_filter_counts_only_that_stages_teachers(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    at.sidebar.multiselect(key="stage").set_value(["junior"]).run()
    by_school = csv_frame(downloads(at, "dl_csv_compliance_by"))
    assert by_school["教师数（人）"].sum() == roster_count(demo_warehouse, 2024, "junior")
