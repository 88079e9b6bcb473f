"""培训覆盖 page on the demo county: the chart and its download agree, the filters and the
breakdown change the numbers as a direct count on the warehouse says they should."""
from __future__ import annotations

import duckdb

from page_harness import chart, csv_frame, downloads, open_app, table  # noqa: F401

PAGE = "views/analysis/coverage.py"

# Coverage counted straight from the tables: roster teachers of 2024 with a passed
# participation in 2024 (optionally of one tier), over roster teachers of 2024.
DIRECT = """
    select round(100.0 * count(*) filter (where exists (
               select 1 from participation p join program g using (program_code)
               where p.teacher_key = r.teacher_key and p.year = 2024 and p.result = 'passed'
                 and g.train_tier like $tier))
           / count(*), 1) as coverage,
           count(*) filter (where not exists (
               select 1 from participation p
               where p.teacher_key = r.teacher_key and p.year = 2024 and p.result = 'passed')) as untrained
    from roster r join school s using (school_code)
    where r.year = 2024 and s.urban_rural like $area
"""


def direct(warehouse, tier="%", area="%"):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(DIRECT, {"tier": tier, "area": area}).fetchone()


def test_school_chart_and_its_download_hold_the_same_numbers(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "培训覆盖"
    [bars] = chart(at, "coverage_by")
    csv = csv_frame(downloads(at, "dl_csv_coverage_by"))
    assert len(bars["y"]) == csv.height == 39  # every school of the demo county
    assert bars["y"] == csv["学校"].to_list()
    assert bars["x"] == csv["培训覆盖率（%）"].to_list()
    assert csv["培训覆盖率（%）"].to_list() == sorted(csv["培训覆盖率（%）"].to_list())  # weakest first


def test_many_schools_chart_the_weakest_and_download_them_all(monkeypatch, demo_warehouse, downloads):
    monkeypatch.setattr("ui.charts.CHART_ROWS", 10)  # a province's 3,000 schools, scaled to the demo's 39
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    [bars] = chart(at, "coverage_by")
    csv = csv_frame(downloads(at, "dl_csv_coverage_by"))
    assert csv.height == 39 and len(bars["y"]) == 10
    assert bars["y"] == csv["学校"].head(10).to_list()  # the ten weakest, as in the table's order
    assert any("最前的 10 个（共 39 个）" in c.value for c in at.caption)


def test_rural_filter_gives_the_rural_coverage(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    at.radio(key="coverage_by").set_value("urban_rural").run()
    at.sidebar.multiselect(key="urban").set_value(["rural"]).run()
    [bars] = chart(at, "coverage_by")
    assert bars["y"] == ["乡村"]
    assert bars["x"] == [direct(demo_warehouse, area="rural")[0]]


def test_tier_breakdown_gives_each_tiers_coverage(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    at.radio(key="coverage_by").set_value("train_tier").run()
    bars = chart(at, "coverage_by")
    shown = {name: x for trace in bars for name, x in zip(trace["y"], trace["x"])}
    assert list(shown) == ["国培", "省培", "市/州培", "县/区培", "校培"]
    assert shown["国培"] == direct(demo_warehouse, tier="national")[0]
    assert shown["校培"] == direct(demo_warehouse, tier="school")[0]


def test_untrained_list_counts_and_downloads_what_it_shows(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    untrained = direct(demo_warehouse)[1]
    assert f"共 {untrained:,} 人" in " ".join(c.value for c in at.caption)
    shown = table(at, 0)
    assert shown.columns == ["学校", "姓名", "身份证号（脱敏）", "学科", "发展层级", "参训人次"]
    assert shown.height == min(50, untrained)
    # Never the ID in clear (teachers known only by a 教师编号 have none).
    assert all(value == "" or "*" in value for value in shown["身份证号（脱敏）"])
    csv = csv_frame(downloads(at, "dl_csv_coverage_untrained"))
    # The download holds the whole list (every page), starting with the rows on screen.
    assert csv.height == untrained
    assert csv["姓名"].head(shown.height).to_list() == shown["姓名"].to_list()
    assert csv["身份证号（脱敏）"].head(shown.height).to_list() == shown["身份证号（脱敏）"].to_list()


def test_the_untrained_list_turns_its_pages(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    untrained = direct(demo_warehouse)[1]
    first = table(at, 0)["姓名"].to_list()
    at.number_input(key="coverage_untrained_page").set_value(2).run()
    second = table(at, 0)["姓名"].to_list()
    assert f"第 2 / {-(-untrained // 50)} 页" in " ".join(c.value for c in at.caption)
    assert len(second) == min(50, untrained - 50) and second != first


def test_rows_without_a_result_are_counted_where_the_coverage_is_shown(monkeypatch, demo_warehouse, tmp_path):
    from etl.load import load_paths
    from two_schools import TEACHERS, build, make_id

    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert not [w for w in at.warning if "没有考核结果" in w.value]  # the demo's lists all carry results
    county, report = build(tmp_path)
    assert report.ok
    # A 2024 list with no result column: its 2 rows count in no coverage (a2 and a3 had no 2024 pass).
    no_result = tmp_path / "国培名单.csv"
    no_result.write_text("项目编号,身份证号,姓名,完成学时\n"
                         + "".join(f"GP24,{make_id(TEACHERS[k][3])},{TEACHERS[k][1]},40\n" for k in ("a2", "a3")),
                         encoding="utf-8")
    assert load_paths([no_result], county).ok
    at = open_app(monkeypatch, county, PAGE, year="2024")
    [warning] = [w.value for w in at.warning if "没有考核结果" in w.value]
    assert warning == "本年有 2 条参训记录（来自 1 个文件）没有考核结果，不计入下面的覆盖率和合格率"
    other = open_app(monkeypatch, county, PAGE, year="2024", township="乙镇")  # the rows are 甲镇's
    assert not [w for w in other.warning if "没有考核结果" in w.value]
    # Not yet trained in 2024: 甲二 (only the row without a result) and 乙一 (乙's 校本研修 未完成).
    untrained = table(at, 0)
    assert untrained.select("姓名", "参训人次").rows() == [("甲二老师", 1), ("乙一老师", 1)]
