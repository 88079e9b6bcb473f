"""数据质量 page on the demo county: the load history and rejected rows are the ETL's own
records, and a school with no roster shows up as a gap."""
from __future__ import annotations

import duckdb

from page_harness import csv_frame, downloads, metrics, open_app, own_warehouse, table  # noqa: F401

PAGE = "views/data/quality.py"


def test_loads_and_rejects_are_the_etl_records(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "数据质量"
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        batches, rejected = con.execute(
            "select (select count(*) from etl_batch), (select count(*) from etl_reject)").fetchone()
    shown = metrics(at)
    assert shown["导入批次"] == f"{batches:,}" and shown["被拒绝的行"] == f"{rejected:,}"
    rejects = csv_frame(downloads(at, "dl_csv_quality_rejects"))
    assert rejects.height == min(rejected, 50)
    assert all(reason for reason in rejects["原因"])  # every rejected row says why
    # ID numbers inside the raw values are masked
    assert not rejects["原始内容"].str.contains(r"\d{17}[\dXx]").any()
    assert shown["2024 年缺数据的学校"] == "0"


def test_a_school_without_roster_is_a_gap(monkeypatch, own_warehouse):
    with duckdb.connect(str(own_warehouse)) as con:
        con.execute("insert into school (school_code, school_name, stage) values ('9000000001', '新建小学', 'primary')")
    at = open_app(monkeypatch, own_warehouse, PAGE, year="2024")
    assert metrics(at)["2024 年缺数据的学校"] == "1"
    gaps = table(at, 4)
    # no roster and not rated (participation is only expected of schools with a roster)
    assert gaps.rows() == [("新建小学", "是", "否", "是", 0, 0, 0)]
