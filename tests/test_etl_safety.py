"""A load never harms the warehouse (issue #11): each class of harm seen with real bureau files,
built here from code, with the exact outcome.

The tiny county (etl_files.write_county) supplies schools S1 一小 / S2 二中, the 2023/2024 roster
(张三 ID_A, 李四 ID_B, 王五 T01) and programs P1 (2024, 40 h), P2 (2023, 20 h), P3 (2024, 10 h).
"""
from __future__ import annotations

import duckdb

from etl.load import load_paths
from etl_files import ID_A, ID_B, make_id, query, write_county, write_csv, write_xls, write_xlsx

FULL_ROSTER = [["年度", "身份证号", "姓名", "学校代码", "任教学科", "职称", "参加工作年月", "发展层级"],
               ["2024", ID_A, "张三", "S1", "语文", "一级教师", "2005-09", "骨干"],
               ["2024", ID_B, "李四", "S2", "数学", "二级教师", "2010-09", "合格"]]
ROSTER_2024 = "select t.name, r.school_code, r.subject, r.title, r.hire_date::varchar, r.dev_tier from roster r " \
              "join teacher t using (teacher_key) where r.year = 2024 and t.name in ('张三', '李四') order by 1"
GOOD = [("张三", "S1", "语文", "一级教师", "2005-09-01", "key"), ("李四", "S2", "数学", "二级教师", "2010-09-01", "qualified")]


def _county_with_full_roster(tmp_path):
    wh = tmp_path / "w.duckdb"
    county = write_county(tmp_path / "county")
    load_paths([*county, write_csv(tmp_path / "2024名册.csv", FULL_ROSTER)], wh)
    assert query(wh, ROSTER_2024) == GOOD
    return wh, county


def test_a_look_alike_appraisal_list_is_refused_and_the_roster_is_untouched(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    appraisal = write_csv(tmp_path / "年度考核.csv", [["年度", "姓名", "身份证号", "学校名称", "学科", "考核结果"],
                                                      ["2024", "张三", ID_A, "一小", "语文", "优秀"]])
    report = load_paths([appraisal], wh)
    [r] = report.results
    assert (r.status, r.kind, report.ok) == ("failed", None, False)
    assert r.message == ("文件“年度考核.csv”：表头（第 1 行）有“考核结果”列：这是教职工年度考核结果，教职工年度考核结果不是本系统的"
                         "数据类型，未导入。请不要为导入而增删它的列；其中的信息（如职称、学校）若需更新，请在教师名册中更正后导入名册")
    assert query(wh, ROSTER_2024) == GOOD


def test_a_file_without_a_column_keeps_what_is_stored_there(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    # A subject update: no 职称 / 参加工作年月 / 发展层级 columns. Only 张三's subject changes.
    partial = write_csv(tmp_path / "学科调整.csv", [["年度", "身份证号", "姓名", "学校代码", "任教学科"],
                                                    ["2024", ID_A, "张三", "S1", "历史"], ["2024", ID_B, "李四", "S2", "数学"]])
    [r] = load_paths([partial], wh).results
    assert (r.effect.new, r.effect.changed, r.effect.unchanged, r.effect.fields) == (0, 1, 1, {"subject": 1})
    assert query(wh, ROSTER_2024) == [("张三", "S1", "历史", "一级教师", "2005-09-01", "key"), GOOD[1]]


def test_a_blank_cell_keeps_another_files_value_but_a_corrected_version_of_the_same_file_clears_its_own(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    head = ["年度", "身份证号", "姓名", "学校代码", "职称"]
    # Another file leaves 张三's 职称 blank: blank is "not given", the roster's value stays.
    [r] = load_paths([write_csv(tmp_path / "职称.csv", [head, ["2024", ID_A, "张三", "S1", None]])], wh).results
    assert (r.effect.changed, r.effect.unchanged) == (0, 1)
    assert query(wh, ROSTER_2024)[0][3] == "一级教师"
    # The same file corrected: first it says 高级教师, then its next version blanks it, meaning "remove what I said".
    load_paths([write_csv(tmp_path / "职称.csv", [head, ["2024", ID_A, "张三", "S1", "高级教师"]])], wh)
    assert query(wh, ROSTER_2024)[0][3] == "高级教师"
    [r] = load_paths([write_csv(tmp_path / "职称.csv", [head, ["2024", ID_A, "张三", "S1", None]])], wh).results
    assert r.effect.fields == {"title": 1}
    assert query(wh, ROSTER_2024)[0][2:] == ("语文", None, "2005-09-01", "key")


def test_a_participation_file_without_a_result_column_marks_its_rows_and_never_empties_good_results(tmp_path):
    wh, county = _county_with_full_roster(tmp_path)
    with_result = write_csv(tmp_path / "国培结果.csv", [["项目编号", "身份证号", "姓名", "完成学时", "考核结果"],
                                                        ["P1", ID_A, "张三", 40, "合格"]])
    load_paths([with_result], wh)
    no_result = write_csv(tmp_path / "国培名单.csv", [["项目编号", "身份证号", "姓名", "完成学时"],
                                                      ["P1", ID_A, "张三", 40], ["P1", ID_B, "李四", 40]])
    [r] = load_paths([no_result], wh).results
    assert (r.effect.new, r.effect.unchanged, r.effect.no_result) == (1, 1, {"no_column": 1})
    assert "本文件没有考核结果列：这 1 条记录不计入覆盖率和合格率" in r.message
    assert query(wh, "select t.name, p.result, p.result_gap from participation p join teacher t using (teacher_key) "
                     "order by 1") == [("张三", "passed", None), ("李四", None, "no_column")]


def test_results_written_as_marks_or_in_a_score_column_are_recognised(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    ticks = write_csv(tmp_path / "是否结业.csv", [["项目编号", "身份证号", "完成学时", "是否结业"],
                                                  ["P1", ID_A, 40, "✓"], ["P1", ID_B, 10, "✗"]])
    graded = write_csv(tmp_path / "成绩.csv", [["项目编号", "身份证号", "完成学时", "成绩"],
                                               ["P3", ID_A, 10, "优秀"], ["P3", ID_B, 10, "不合格"]])
    report = load_paths([ticks, graded], wh)
    assert [r.rows_loaded for r in report.results] == [2, 2]
    assert "“成绩”列填的是合格、不合格等，按考核结果导入" in report.results[1].why
    assert query(wh, "select program_code, t.name, result from participation join teacher t using (teacher_key) "
                     "order by 1, 2") == [("P1", "张三", "passed"), ("P1", "李四", "failed"),
                                          ("P3", "张三", "passed"), ("P3", "李四", "failed")]


def test_hidden_option_instruction_and_summary_sheets_are_skipped_and_the_data_sheet_loads(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    head = ["项目编号", "身份证号", "姓名", "完成学时", "考核结果"]
    book = write_xlsx(tmp_path / "参训模板.xlsx", {
        "填表说明": [["1. 身份证号请填 18 位"], ["2. 学时填数字"]],
        "参训名单": [head, ["P1", ID_A, "张三", 40, "合格"], ["P1", ID_B, "李四", 40, "合格"]],
        "字典": [head, ["P1", None, None, None, "合格"], [None, None, None, None, "不合格"]],   # repeats the header
        "统计": [["学校", "参训人数"], ["一小", 1], ["二中", 1]],
        "Sheet5": [head, ["P1", make_id("19700101", 1), "某", 40, "合格"]],                    # hidden, data-like
    }, hidden=("字典", "Sheet5"))
    report = load_paths([book], wh)
    assert [(r.sheet, r.status, r.rows_loaded) for r in report.results] == [
        ("填表说明", "skipped", 0), ("字典", "skipped", 0), ("统计", "skipped", 0), ("Sheet5", "skipped", 0),
        ("参训名单", "loaded", 2)]
    assert report.ok
    messages = {r.sheet: r.message for r in report.results}
    assert messages["填表说明"] == "文件“参训模板.xlsx”的工作表“填表说明”按名称是填表说明，不是数据，已跳过"
    assert messages["字典"] == ("文件“参训模板.xlsx”的工作表“字典”是隐藏工作表（常为下拉选项），不导入；"
                                "如确需导入，请在命令中用 --sheet 指明它的名称，已跳过")
    assert messages["统计"].startswith("文件“参训模板.xlsx”的工作表“统计”是统计/汇总表")
    assert query(wh, "select count(*) from participation") == [(2,)]
    assert query(wh, "select count(*) from etl_reject") == [(0,)]
    # Named, a hidden sheet loads (its one teacher is on no roster: rejected, with the reason).
    [r] = [r for r in load_paths([book], wh, sheets=("Sheet5",)).results if r.sheet == "Sheet5"]
    assert (r.status, r.rows_rejected) == ("loaded", 1)


def test_values_merged_down_fill_every_row_in_xlsx_and_xls(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    rows = [["项目编号", "身份证号", "姓名", "完成学时", "考核结果"],
            ["P1", ID_A, "张三", 40, "合格"], [None, ID_B, "李四", 40, "合格"],
            ["P3", ID_A, "张三", 10, "合格"], [None, ID_B, "李四", 10, "合格"]]
    xlsx = write_xlsx(tmp_path / "合并.xlsx", {"参训": rows}, merges={"参训": [(1, 0, 2, 0, "P1"), (3, 0, 4, 0, "P3")]})
    [r] = load_paths([xlsx], wh).results
    assert (r.rows_loaded, r.rows_rejected) == (4, 0)
    xls = write_xls(tmp_path / "合并.xls", {"参训": rows}, merges={"参训": [(1, 2, 0, 0), (3, 4, 0, 0)]})
    wh2 = tmp_path / "w2.duckdb"
    load_paths([*write_county(tmp_path / "c2"), write_csv(tmp_path / "2024名册.csv", FULL_ROSTER)], wh2)
    [r] = load_paths([xls], wh2).results
    assert (r.rows_loaded, r.rows_rejected) == (4, 0)
    assert query(wh2, "select program_code, count(*) from participation group by 1 order by 1") == [("P1", 2), ("P3", 2)]


def test_footers_and_numbered_notes_are_skipped_and_counted(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    part = write_csv(tmp_path / "参训.csv", [
        ["项目编号", "身份证号", "姓名", "完成学时", "考核结果"],
        ["P1", ID_A, "张三", 40, "合格"],
        ["P1", ID_B, "李四", 40, "合格"],
        ["1．学时以结业证书为准。"],
        ["2．本表一式两份。"],
        ["制表人：王某", None, "审核人：赵某", "填表日期：2024-12-31"],
        ["单位（盖章）"]])
    [r] = load_paths([part], wh).results
    assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped) == (6, 2, 0, 4)


def test_an_unknown_value_in_an_optional_column_warns_and_keeps_the_teacher(tmp_path):
    wh = tmp_path / "w.duckdb"
    county = write_county(tmp_path / "county")
    roster = write_csv(tmp_path / "2025名册.csv", [["年度", "身份证号", "姓名", "性别", "学校代码"],
                                                   ["2025", ID_A, "张三", "男士", "S1"]])
    [r] = [r for r in load_paths([*county, roster], wh).results if r.source_file == "2025名册.csv"]
    assert (r.rows_loaded, r.rows_rejected, r.rows_warned) == (1, 0, 1)
    assert query(wh, "select row_number, column_name, message from etl_warning") == [
        (2, "性别", "“性别”的取值“男士”无法识别：可填 男、男性、女、女性（或在 etl/aliases.toml 中补充别名）"
                    "；该项暂留空，这一行的其余内容已导入：请更正后重新导入")]
    assert query(wh, "select count(*) from roster where year = 2025") == [(1,)]
    # The gender the 2024 roster gave stays: a value the file could not read does not erase it.
    assert query(wh, "select gender from teacher where name = '张三'") == [("男",)]


def test_loading_the_same_partial_file_twice_changes_nothing(tmp_path):
    wh, _ = _county_with_full_roster(tmp_path)
    partial = write_csv(tmp_path / "学科调整.csv", [["年度", "身份证号", "姓名", "学校代码", "任教学科"],
                                                    ["2024", ID_A, "张三", "S1", "历史"]])
    load_paths([partial], wh)
    con = duckdb.connect(str(wh), read_only=True)
    before = con.execute("select * from roster order by all").fetchall()
    con.close()
    [r] = load_paths([partial], wh).results
    assert r.status == "unchanged"
    assert query(wh, "select * from roster order by all") == before
