"""etl.resolve: rows meet the warehouse — schools, programs, the teacher on that year's roster, names.

Each test loads the tiny county (etl_files.write_county: schools S1 一小 and S2 二中; 2024 roster
张三 (ID_A, S1), 李四 (ID_B, given by school name 二中), 王五 (教师编号 T01, S1); 2023 roster
张三 at S2; programs P1 国培 2024 40 h, P2 县培 2023 20 h, P3 校培 2024 10 h) through the real
load path, then one more file, and reads the result from the warehouse file.
"""
from __future__ import annotations

from etl.load import load_paths
from etl_files import ID_A, ID_B, ID_D, accounting, make_id, query, write_county, write_csv

REJECTS = "select row_number, column_name, reason from etl_reject where source_file = ? order by row_number"


def _load(tmp_path, name: str, rows: list[list[object]]):
    wh = tmp_path / "w.duckdb"
    files = write_county(tmp_path / "county") + [write_csv(tmp_path / name, rows)]
    report = load_paths(files, wh)
    assert report.ok
    return wh, {r.source_file: r for r in report.results}


def test_the_tiny_county_itself_loads_whole(tmp_path):
    wh, results = _load(tmp_path, "空.csv", [["学校代码", "学校名称", "学段"]])
    assert query(wh, "select school_code, stage, urban_rural, is_weak from school order by 1") == [
        ("S1", "primary", "urban", False), ("S2", "junior", "rural", True)]
    # 李四's school was given by name (二中) and resolved to its code.
    assert query(wh, "select year, t.name, school_code from roster join teacher t using (teacher_key) "
                     "order by year, t.name") == [(2023, "张三", "S2"), (2024, "张三", "S1"), (2024, "李四", "S2"),
                                                  (2024, "王五", "S1")]
    assert query(wh, "select program_code, year, train_tier, hours from program order by 1") == [
        ("P1", 2024, "national", 40.0), ("P2", 2023, "county", 20.0), ("P3", 2024, "school", 10.0)]


def test_participation_references_are_checked_against_programs_and_that_years_roster(tmp_path):
    rows = [["项目编号", "身份证号", "教师编号", "姓名", "完成学时", "考核结果"],
            ["P1", ID_A, None, "张三", "40", "合格"],     # 2 ok, school S1 (2024)
            ["P2", ID_A, None, "张三", "20", "合格"],     # 3 ok, school S2 (2023: he moved)
            ["P1", None, "T01", "王五", "36", "不合格"],  # 4 ok through 教师编号
            ["P9", ID_B, None, "李四", "10", "合格"],     # 5 unknown program
            ["P1", ID_D, None, "赵六", "40", "合格"],     # 6 on no roster
            ["P2", ID_B, None, "李四", "20", "合格"],     # 7 on the 2024 roster, not the 2023 one
            ["P3", ID_B, None, "李四", "16", "合格"],     # 8 16 h > 10 h × 1.5
            ["P1", None, "T99", "无名", "40", "合格"]]    # 9 unknown 教师编号
    wh, results = _load(tmp_path, "参训.csv", rows)
    assert query(wh, "select program_code, year, school_code, hours, result from participation order by 1, 2, 4") == [
        ("P1", 2024, "S1", 36.0, "failed"), ("P1", 2024, "S1", 40.0, "passed"), ("P2", 2023, "S2", 20.0, "passed")]
    assert query(wh, REJECTS, ["参训.csv"]) == [
        (5, "项目编号", "项目编号“P9”不在培训项目表中：请先导入该项目，或核对编号"),
        (6, "身份证号", "该教师（按身份证号）不在 2024 年教师名册中：请先导入该年教师名册，或核对身份证号"),
        (7, "身份证号", "该教师（按身份证号）不在 2023 年教师名册中：请先导入该年教师名册，或核对身份证号"),
        (8, "完成学时", "“完成学时”16.0 超过该项目学时 10.0 的 1.5 倍：请核对"),
        (9, "教师编号", "该教师（按教师编号）不在 2024 年教师名册中：请先导入该年教师名册，或核对教师编号"),
    ]
    r = results["参训.csv"]
    # 8 rows read = 3 loaded + 5 rejected + 0 skipped
    assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped) == (8, 3, 5, 0)
    assert all(read == total for _, _, read, total in accounting(wh))


def test_a_name_that_disagrees_with_the_roster_is_a_warning_not_a_rejection(tmp_path):
    rows = [["项目编号", "身份证号", "姓名", "完成学时", "考核结果"],
            ["P1", ID_A, "张 三", "40", "合格"],   # padded: same name
            ["P1", ID_B, "李五", "40", "合格"]]
    wh, results = _load(tmp_path, "参训.csv", rows)
    assert (results["参训.csv"].rows_loaded, results["参训.csv"].rows_warned) == (2, 1)
    assert query(wh, "select row_number, column_name, message from etl_warning") == [
        (3, "姓名", "姓名“李五”与教师名册中的“李四”不一致（已按证件号导入）：请核对")]


def test_roster_rows_naming_an_unknown_school_are_rejected_with_what_to_fix(tmp_path):
    rows = [["年度", "身份证号", "姓名", "学校代码", "学校名称"],
            ["2025", make_id("19910101", 1), "甲", "S1", None],
            ["2025", make_id("19910101", 2), "乙", "S7", None],
            ["2025", make_id("19910101", 3), "丙", None, "三小"]]
    wh, _ = _load(tmp_path, "名册2025.csv", rows)
    assert query(wh, REJECTS, ["名册2025.csv"]) == [
        (3, "学校代码", "学校代码“S7”不在学校名册中：请先导入学校名册，或核对代码"),
        (4, "学校代码", "学校名称“三小”不在学校名册中：请核对名称（须与学校名册一致）或改填学校代码")]
    assert query(wh, "select count(*) from roster where year = 2025") == [(1,)]


def test_an_award_takes_the_teachers_school_in_that_year(tmp_path):
    rows = [["身份证号", "姓名", "奖项名称", "级别", "类别", "等次", "获奖时间"],
            [ID_A, "张三", "优质课", "县级", "教学竞赛", "一等奖", "2023-06-01"],
            [ID_A, "张三", "优秀教师", "省级", "荣誉称号", None, "2024"],
            [ID_A, "张三", "优秀教师", "省级", "荣誉称号", None, "2024年"],   # the same award again
            [ID_D, "赵六", "优秀教师", "市级", "荣誉", None, "2024"]]
    wh, _ = _load(tmp_path, "获奖.csv", rows)
    assert query(wh, "select year, school_code, award_level, category from award order by year") == [
        (2023, "S2", "county", "contest"), (2024, "S1", "provincial", "honour")]
    assert query(wh, REJECTS, ["获奖.csv"]) == [
        (4, "奖项名称", "与第 3 行是同一教师的同一奖项：请删除重复行"),
        (5, "身份证号", "该教师（按身份证号）不在 2024 年教师名册中：请先导入该年教师名册，或核对身份证号")]


def test_school_ratings_resolve_names_and_reject_unknown_schools(tmp_path):
    rows = [["年度", "学校代码", "学校名称", "考核等次", "考核得分"],
            ["2024", None, "一小", "优秀", "95"], ["2024", "S2", None, "合格", "80"], ["2024", "S5", None, "良好", None]]
    wh, _ = _load(tmp_path, "考核.csv", rows)
    assert query(wh, "select school_code, rating, score from school_rating order by 1") == [
        ("S1", "excellent", 95.0), ("S2", "pass", 80.0)]
    assert query(wh, REJECTS, ["考核.csv"]) == [(4, "学校代码", "学校代码“S5”不在学校名册中：请先导入学校名册，或核对代码")]


def test_a_program_ending_before_it_starts_is_rejected(tmp_path):
    rows = [["项目编号", "项目名称", "培训层级", "开始日期", "结束日期", "学时"],
            ["P8", "倒序", "省培", "2024-05-09", "2024-05-01", 8], ["P7", "无日期", "省培", None, None, 8]]
    wh, _ = _load(tmp_path, "项目2.csv", rows)
    assert query(wh, REJECTS, ["项目2.csv"]) == [
        (2, "结束日期", "“结束日期”2024-05-01早于“开始日期”2024-05-09：请核对"),
        (3, "年度", "缺少“年度”，且“开始日期”为空：请填写其一")]
