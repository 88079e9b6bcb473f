"""What a file does not say itself (etl/context.py): a roster's year from --year or its title,
a list's programme from --program or a known programme's name in its title; never a silent guess."""
from __future__ import annotations

from etl.context import Given
from etl.load import load_paths
from etl_files import query
from national_files import ID_LI, graduation_list, programmes, roster, school_list, score_sheet

ROSTER_SQL = "select year, count(*) from roster group by 1 order by 1"
PART_SQL = ("select t.name, p.program_code, p.hours, p.result, p.score from participation p "
            "join teacher t using (teacher_key) order by t.name")


def _notes(report) -> list[tuple[str | None, str]]:
    return [(r.kind, r.first_reasons[0]) for r in report.results if r.first_reasons]


def test_a_roster_without_a_year_takes_it_from_its_title_and_says_so(tmp_path):
    wh = tmp_path / "w.duckdb"
    report = load_paths([school_list(tmp_path), roster(tmp_path)], wh)
    assert _notes(report)[0] == ("roster", "年度 2024：取自标题行“2024年教职工花名册”")
    assert query(wh, ROSTER_SQL) == [(2024, 4)]


def test_the_year_given_wins_over_the_title_and_each_year_is_a_snapshot_of_its_own(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([school_list(tmp_path), roster(tmp_path)], wh)
    report = load_paths([roster(tmp_path)], wh, given=Given(year=2023))
    assert [(r.sheet, r.status, r.rows_removed) for r in report.results] == [("教职工基础信息·2023年度", "loaded", 0)]
    assert _notes(report) == [("roster", "年度 2023：取自--year（导入页：年度）")]
    # The 2024 snapshot from the same file stays: a year is not a new version of another year.
    assert query(wh, ROSTER_SQL) == [(2023, 4), (2024, 4)]


def test_a_roster_with_no_year_anywhere_is_refused_saying_how_to_give_one(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([school_list(tmp_path)], wh)
    report = load_paths([roster(tmp_path, title=None, name="花名册.xlsx")], wh)
    [result] = report.results
    assert result.status == "failed"
    assert result.message == ("文件“花名册.xlsx”的工作表“教职工基础信息”：这是一份没有“年度”列的教师名册（全国教师管理信息系统"
                              "导出的是当时的快照），标题里也没有年份：请用 --year 指定年度（导入页：填写年度），例如 --year 2024")
    assert query(wh, "select count(*) from roster") == [(0,)]


def test_a_graduation_list_takes_its_programme_from_program_and_its_hours_from_the_programme(tmp_path):
    wh = tmp_path / "w.duckdb"
    files = [school_list(tmp_path), roster(tmp_path), programmes(tmp_path), graduation_list(tmp_path)]
    report = load_paths(files, wh, given=Given(program="GP2024-01"))
    assert [(r.kind, r.rows_loaded, r.rows_rejected) for r in report.results][-1] == ("participation", 2, 0)
    assert _notes(report)[-1] == ("participation", "项目 GP2024-01（国培计划(2024)—乡村骨干教师培训）：取自--program GP2024-01"
                                                   "（导入页：所选项目）；名单没有学时列，每人按项目学时 50 计（未结业者不计入学时统计）")
    assert query(wh, PART_SQL) == [("李强", "GP2024-01", 50.0, "failed", None), ("王芳", "GP2024-01", 50.0, "passed", None)]


def test_a_score_sheet_finds_its_programme_by_the_name_in_its_title(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([school_list(tmp_path), roster(tmp_path), programmes(tmp_path)], wh)
    report = load_paths([score_sheet(tmp_path)], wh)
    assert _notes(report) == [("participation", "项目 SP2024-07（2024年信息技术应用能力提升工程2.0省级培训）：取自标题行"
                                                "“2024年信息技术应用能力提升工程2.0省级培训参培人员成绩单”中的项目名称")]
    # 优秀 in 成绩 is the result; 85 stays the score beside 是否结业 1-是; 是否结业 0-否 wins over 不合格.
    assert query(wh, PART_SQL) == [("王芳", "SP2024-07", 30.0, "passed", 85.0), ("赵敏", "SP2024-07", 12.0, "failed", None),
                                   ("陈刚", "SP2024-07", 30.0, "passed", None)]


def test_a_list_whose_programme_nobody_names_is_refused(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([school_list(tmp_path), roster(tmp_path), programmes(tmp_path)], wh)
    report = load_paths([graduation_list(tmp_path, title="2024年某培训结业名单")], wh)
    [result] = report.results
    assert (result.status, result.message.split("：", 1)[1]) == ("failed", (
        "这是一份没有“项目编号”列的名单（参训学员名单、结业名单或成绩单），标题里也找不到已知的项目名称："
        "请用 --program 项目编号 指定它属于哪个项目（导入页：选择项目）"))
    report = load_paths([graduation_list(tmp_path, title="2024年某培训结业名单")], wh, given=Given(program="NOPE"))
    assert report.results[0].message.endswith("--program 指定的项目编号“NOPE”不在培训项目中：请先导入该项目（或一并导入培训项目文件），"
                                              "或核对编号")
    assert query(wh, "select count(*) from participation") == [(0,)]
    assert ID_LI  # the people of tests/national_files.py


def test_an_honour_list_missing_its_level_is_refused_as_it_is_not_taken_for_a_list(tmp_path):
    from etl_files import write_csv
    from national_files import ID_WANG
    honours = write_csv(tmp_path / f"{'国培计划（2024）—乡村骨干教师培训'}荣誉.csv",
                        [["姓名", "身份证件号", "获得荣誉称号", "学时"], ["王芳", ID_WANG, "优秀学员", "50"]])
    wh = tmp_path / "w.duckdb"
    load_paths([school_list(tmp_path), roster(tmp_path), programmes(tmp_path)], wh)
    report = load_paths([honours], wh, given=Given(program="GP2024-01"))
    assert [r.status for r in report.results] == ["failed"]
    assert "名单" not in report.results[0].message  # refused for what it is, not as a list missing its programme
    assert query(wh, "select count(*) from participation") == [(0,)]
