"""总览 page on the demo county: the 2024 headline figures of the seed report, what the
filters do to them, and the downloads under the charts."""
from __future__ import annotations

import duckdb

from page_harness import chart, csv_frame, downloads, metrics, open_app, points, xlsx_frame  # noqa: F401

from warehouse.schema import create_schema

PAGE = "views/analysis/overview.py"


def test_headline_2024_reproduces_the_seed_report(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    shown = metrics(at)
    assert at.title[0].value == "总览"
    # 13,400 = 617 + 840 + 1,126 + 2,648 + 8,169
    assert shown["参训人次"] == "13,400"
    assert [shown[t] for t in ("国培", "省培", "市/州培", "县/区培", "校培")] == ["617", "840", "1,126", "2,648", "8,169"]
    assert [shown[lvl] for lvl in ("省级", "市/州级", "县/区级")] == ["117", "285", "996"]


def test_tier_filter_restricts_the_totals_but_not_the_tier_breakdown(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    at.sidebar.multiselect(key="tier").set_value(["national", "provincial"]).run()
    shown = metrics(at)
    assert shown["参训人次"] == "1,457"  # 617 national + 840 provincial
    assert shown["国培"] == "617" and shown["校培"] == "8,169"


def test_year_change_moves_the_comparison_year(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert "较 2023 年" in " ".join(c.value for c in at.caption)
    at.sidebar.selectbox(key="year").set_value(2023).run()
    assert "较 2022 年" in " ".join(c.value for c in at.caption)
    assert metrics(at)["参训人次"] != "13,400"


def test_tier_download_holds_the_bars_with_chinese_headers(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    csv = csv_frame(downloads(at, "dl_csv_overview_tiers"))
    assert csv.columns[:2] == ["培训层级", "参训人次"]
    assert dict(zip(csv["培训层级"], csv["参训人次"])) == {
        "国培": 617, "省培": 840, "市/州培": 1126, "县/区培": 2648, "校培": 8169,
    }
    xlsx = xlsx_frame(downloads(at, "dl_xlsx_overview_tiers"))
    assert xlsx.columns == csv.columns
    assert xlsx["参训人次"].to_list() == csv["参训人次"].to_list()


def test_english_switch_relabels_the_same_numbers(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", lang="English")
    shown = metrics(at)
    assert at.title[0].value == "Overview"
    assert shown["Person-times"] == "13,400" and shown["National"] == "617"
    # chart categories are relabelled too (labels must not be looked up off the script thread)
    bars = points(chart(at, "overview_tiers"))
    assert bars == {"National": 617, "Provincial": 840, "Municipal": 1126, "County": 2648, "School-based": 8169}


def test_an_empty_warehouse_shows_the_no_data_message(monkeypatch, tmp_path):
    path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(path)) as con:
        create_schema(con)
    at = open_app(monkeypatch, path, PAGE)
    assert at.title[0].value == "总览"
    assert any("当前筛选条件下没有数据" in i.value for i in at.info)
    assert not at.metric


def test_the_reports_other_figures_are_on_the_overview_with_definitions(monkeypatch, demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        key, = con.execute("select count(*) from roster where year = 2024 and dev_tier = 'key'").fetchone()
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    shown = metrics(at)
    assert shown["教师总数（人）"] == "2,800"
    # Seed report: 网络培训 9,296 人次, 外出交流/跟岗 490 人次; 20 优秀 + 19 合格 schools.
    assert (shown["网络培训"], shown["外出交流/跟岗"]) == ("9,296", "490")
    assert (shown["优秀"], shown["良好"], shown["合格"]) == ("20", "0", "19")
    assert shown["骨干教师"] == f"{key:,}"
    # 参训率 (any result) is at least 覆盖率 (passed), and both say how they are counted.
    rate = {m.label: m for m in at.metric}
    assert float(shown["参训率"].rstrip("%")) >= float(shown["培训覆盖率"].rstrip("%"))
    assert "分母 = roster_teachers" in rate["参训率"].proto.help
    assert "trained_teachers" in rate["培训覆盖率"].proto.help
