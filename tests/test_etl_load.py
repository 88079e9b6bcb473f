"""etl.load: files in any order, every sheet of a workbook, .xls, row accounting, no ID in clear.

Re-loading and corrected versions are in tests/test_etl_replace.py.

The tiny county (etl_files.write_county) supplies schools, the 2023/2024 roster and programs
P1 (2024, 40 h), P2 (2023, 20 h), P3 (2024, 10 h); see tests/test_etl_resolve.py for its people.
"""
from __future__ import annotations

import duckdb

from etl.load import load_paths
from etl_files import (ID_A, ID_B, PROGRAMS, ROSTER, SCHOOLS, accounting, make_id, query, write_county, write_csv,
                       write_xls, write_xlsx)

PART_HEAD = ["项目编号", "身份证号", "教师编号", "姓名", "完成学时", "考核结果"]
PARTICIPATION = "select program_code, coalesce(t.name, ''), hours, result from participation " \
                "join teacher t using (teacher_key) order by 1, 2"


def test_participation_listed_before_the_roster_and_programs_it_needs_loads(tmp_path):
    part = write_csv(tmp_path / "参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"],
                                             ["P1", None, "T01", "王五", 30, "合格"]])
    county = write_county(tmp_path / "county")
    report = load_paths([part, *reversed(county)], tmp_path / "w.duckdb")
    assert [(r.source_file, r.kind) for r in report.results] == [
        ("学校名册.csv", "school"), ("教师名册.csv", "roster"), ("培训项目.csv", "program"), ("参训.csv", "participation")]
    assert query(tmp_path / "w.duckdb", PARTICIPATION) == [("P1", "张三", 40.0, "passed"), ("P1", "王五", 30.0, "passed")]


def test_every_sheet_of_a_multi_kind_workbook_is_loaded_in_dependency_order(tmp_path):
    # Sheets in the "wrong" order, one kind each, plus an empty sheet; the header of 参训 sits under a title.
    sheets = {"参训": [["2024年参训记录"], PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"]],
              "项目": PROGRAMS, "Sheet3": [], "名册": ROSTER, "学校": SCHOOLS}
    wh = tmp_path / "w.duckdb"
    report = load_paths([write_xlsx(tmp_path / "汇总.xlsx", sheets)], wh)
    assert [(r.sheet, r.kind, r.status, r.rows_loaded) for r in report.results] == [
        ("Sheet3", None, "empty", 0), ("学校", "school", "loaded", 2), ("名册", "roster", "loaded", 4),
        ("项目", "program", "loaded", 3), ("参训", "participation", "loaded", 1)]
    assert query(wh, "select sheet, kind from etl_batch order by batch_id") == [
        ("学校", "school"), ("名册", "roster"), ("项目", "program"), ("参训", "participation")]


def test_an_xls_workbook_loads_like_an_xlsx(tmp_path):
    wh = tmp_path / "w.duckdb"
    report = load_paths([write_xls(tmp_path / "学校.xls", {"学校名册": [["学校名册（2024）"], *SCHOOLS]})], wh)
    assert [(r.kind, r.rows_read, r.rows_loaded) for r in report.results] == [("school", 2, 2)]
    assert query(wh, "select school_code, school_name from school order by 1") == [("S1", "一小"), ("S2", "二中")]


def test_every_batch_accounts_for_every_row_read(tmp_path):
    part = write_csv(tmp_path / "参训.csv", [
        ["2024年参训记录"], PART_HEAD,
        ["P1", ID_A, None, "张三", 40, "合格"],   # 3 loaded
        [None] * 6,                                # 4 blank
        ["P1", ID_B, None, "李四", 90, "合格"],   # 5 rejected: 90 > 40 × 1.5
        ["P5", ID_B, None, "李四", 9, "合格"],    # 6 rejected: no program P5
        ["合计", None, None, None, 139, None]])    # 7 totals
    wh = tmp_path / "w.duckdb"
    report = load_paths([*write_county(tmp_path / "county"), part], wh)
    r = next(r for r in report.results if r.source_file == "参训.csv")
    assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped) == (5, 1, 2, 2)
    # rows_read = loaded + rejected + skipped, for each of the four batches
    assert [(f, read, total) for f, _, read, total in accounting(wh)] == [
        ("学校名册.csv", 2, 2), ("教师名册.csv", 4, 4), ("培训项目.csv", 3, 3), ("参训.csv", 5, 5)]
    assert query(wh, "select count(*) from etl_reject") == [(2,)]


def test_two_different_files_with_one_name_in_one_command_are_refused(tmp_path):
    # Loading them one after the other would let the second replace the first (a file is known by its name).
    (tmp_path / "一小").mkdir()
    (tmp_path / "二中").mkdir()
    a = write_csv(tmp_path / "一小" / "参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"]])
    b = write_csv(tmp_path / "二中" / "参训.csv", [PART_HEAD, ["P1", ID_B, None, "李四", 40, "合格"]])
    report = load_paths([*write_county(tmp_path / "county"), a, b], tmp_path / "w.duckdb")
    assert not report.ok
    failed = [r for r in report.results if r.status == "failed"]
    assert len(failed) == 1 and "同名但内容不同" in failed[0].message


def test_no_id_number_is_stored_in_clear_anywhere(tmp_path):
    wh = tmp_path / "w.duckdb"
    bad = make_id("19700101", 5)[:17] + "0"  # wrong check digit: rejected, raw kept
    part = write_csv(tmp_path / "参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"],
                                             ["P1", bad, None, "某", 40, "合格"], ["P1", ID_B, None, ID_B, 40, "合格"]])
    load_paths([*write_county(tmp_path / "county"), part], wh)
    con = duckdb.connect(str(wh), read_only=True)
    cols = con.execute("select table_name, column_name from information_schema.columns where data_type in "
                       "('VARCHAR', 'JSON') and table_schema = 'main' and table_name in "
                       "(select table_name from information_schema.tables where table_type = 'BASE TABLE')").fetchall()
    text = "".join(str(v) for t, c in cols for (v,) in con.execute(f'select "{c}" from "{t}"').fetchall())
    con.close()
    assert text and not any(i in text or i[:17] in text for i in (ID_A, ID_B, bad))


def test_rare_name_characters_survive_from_a_gb18030_csv_into_the_warehouse(tmp_path):
    wh = tmp_path / "w.duckdb"
    county = write_county(tmp_path / "county")
    roster = [ROSTER[0], ["2025", make_id("19880808", 1), None, "王䶮", "女", "S1", None],
              ["2025", make_id("19880808", 2), None, "张𠀀", "男", None, "一小"]]
    report = load_paths([county[0], write_csv(tmp_path / "名册2025.csv", roster, "gb18030")], wh)
    assert [r.rows_loaded for r in report.results] == [2, 2]
    assert query(wh, "select name from teacher order by name") == [("张𠀀",), ("王䶮",)]


def test_a_blank_year_is_refused_where_required_after_a_file_where_it_may_be_blank(tmp_path):
    # One load checks each distinct cell once (etl.validate.by_unique's memo). A blank 年度 may be
    # blank in a programme list, not in a training plan: the plan's blank year is still refused
    # (it used to pass as checked and stop the load at the warehouse's NOT NULL).
    county = write_county(tmp_path / "county")
    programs = write_csv(tmp_path / "培训项目_补充.csv", [["项目编号", "项目名称", "培训层级", "年度", "学时"],
                                                       ["P9", "县级跟岗", "县培", None, 8]])
    plan = write_csv(tmp_path / "年度培训计划.csv", [["年度", "计划类别", "培训层级", "计划人数"],
                                                    ["2024", "新教师培训", "国培", 10], [None, "骨干培训", "省培", 5]])
    report = load_paths([*county, programs, plan], tmp_path / "w.duckdb")
    [result] = [r for r in report.results if r.kind == "plan_target"]
    assert (result.status, result.rows_loaded, result.rows_rejected) == ("loaded", 1, 1)
    assert result.first_reasons == ["第 3 行 年度：缺少必填项“年度”"]
