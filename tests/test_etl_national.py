"""Files of the national teacher-management system load as they come (tests/national_files.py):
the school list with 学校（机构）类别, the roster with its drop-down cells and ID cells, the 奖励
and 荣誉 lists; exact warehouse contents worked out by hand from the fixtures."""
from __future__ import annotations

from etl.load import load_paths
from etl_files import query
from national_files import ID_CHEN, ID_LI, ID_WANG, ID_ZHAO, awards, roster, school_list


def masked(id_number: str) -> str:
    return id_number[:3] + "*" * 11 + id_number[-4:]


def test_the_national_school_list_reads_coded_and_hierarchical_categories(tmp_path):
    wh = tmp_path / "w.duckdb"
    report = load_paths([school_list(tmp_path)], wh)
    assert [(r.kind, r.rows_loaded, r.rows_rejected) for r in report.results] == [("school", 3, 0)]
    assert query(wh, "select school_code, school_name, stage, urban_rural from school order by 1") == [
        ("2152000001", "城关一小", "primary", "urban"),
        ("2152000002", "城关中学", "junior", "town"),
        ("2152000003", "石门小学", "primary", "rural")]


def test_the_national_roster_reads_drop_downs_and_every_written_form_of_an_id(tmp_path):
    wh = tmp_path / "w.duckdb"
    report = load_paths([school_list(tmp_path), roster(tmp_path, with_year=2024)], wh)
    assert [(r.kind, r.rows_loaded, r.rows_rejected, r.rows_warned) for r in report.results] == [
        ("school", 3, 0, 0), ("roster", 4, 0, 1)]
    assert query(wh, "select t.name, t.gender, t.id_masked, r.school_code, r.title, r.subject, "
                     "strftime(r.hire_date, '%Y-%m'), strftime(t.birth_date, '%Y-%m-%d') "
                     "from roster r join teacher t using (teacher_key) where r.year = 2024 order by r.hire_date") == [
        ("李强", "男", masked(ID_LI), "2152000002", "高级教师", "数学", "1996-08", "1975-03-08"),
        ("陈刚", "男", masked(ID_CHEN), "2152000003", "一级教师", "体育", "1999-09", "1978-09-15"),
        ("王芳", "女", masked(ID_WANG), "2152000001", "一级教师", "语文", "2008-09", "1985-06-12"),
        ("赵敏", "女", masked(ID_ZHAO), "2152000002", "二级教师", "英语", "2012-09", "1990-01-20")]
    # The 15-digit number of 李强 (row 4: title row, header row, then 王芳 on row 3) was upgraded, and the clerk told so.
    [(row, column, message)] = query(wh, "select row_number, column_name, message from etl_warning")
    assert (row, column) == (4, "身份证号")
    assert message.startswith("“身份证号”是 15 位旧号码，已按 GB 11643 转为 18 位")


def test_award_and_honour_lists_of_the_national_system_load_as_awards(tmp_path):
    wh = tmp_path / "w.duckdb"
    report = load_paths([school_list(tmp_path), roster(tmp_path, with_year=2024), awards(tmp_path)], wh)
    assert [(r.sheet, r.kind, r.rows_loaded, r.rows_rejected) for r in report.results][2:] == [
        ("教职工奖励", "award", 2, 0), ("荣誉信息", "award", 1, 0)]
    assert query(wh, "select t.name, a.school_code, a.year, a.award_name, a.award_level, a.grade, a.issuer "
                     "from award a join teacher t using (teacher_key) order by t.name") == [
        ("李强", "2152000002", 2024, "市级优秀班主任", "municipal", None, "市教育局"),
        ("王芳", "2152000001", 2024, "县级优质课评比", "county", "一等奖", "县教育局"),
        ("赵敏", "2152000002", 2024, "优秀教师", "school", None, "城关中学")]


def test_grade_words_in_the_score_column_are_the_result_and_numbers_stay_scores(tmp_path):
    from etl_files import ID_A, ID_B, write_county, write_csv
    only_score = write_csv(tmp_path / "成绩.csv", [["项目编号", "身份证号", "完成学时", "成绩"],
                                                  ["P1", ID_A, 40, "优秀"], ["P1", ID_B, 30, "85"]])
    wh = tmp_path / "w.duckdb"
    load_paths([*write_county(tmp_path / "county"), only_score], wh)
    sql = "select t.name, result, score from participation join teacher t using (teacher_key) order by 1"
    assert query(wh, sql) == [("张三", "passed", None), ("李四", None, 85.0)]
    # With a result column too: a filled result cell wins; an empty one takes the grade word.
    both = write_csv(tmp_path / "成绩.csv", [["项目编号", "身份证号", "完成学时", "考核结果", "成绩"],
                                            ["P1", ID_A, 40, None, "不合格"], ["P1", ID_B, 30, "合格", "良好"]])
    report = load_paths([both], wh)
    assert [(r.rows_loaded, r.rows_rejected) for r in report.results] == [(2, 0)]
    assert query(wh, sql) == [("张三", "failed", None), ("李四", "passed", None)]


def _code(year: int, name: str, tier: str) -> str:
    """The documented rule for a generated programme code, computed here independently."""
    import hashlib
    return f"GN{year}-" + hashlib.sha256(f"{year}|{name}|{tier}".encode()).hexdigest()[:8].upper()


COUNTY, SCHOOL, MUNICIPAL = "2024年县级班主任能力提升培训", "2024年城关中学校本研修", "2024年州级体育教师培训"
PROGRAMS_SQL = "select program_code, program_name, year, train_tier, form, organizer, hours from program order by 1"
PART_SQL = ("select t.name, p.program_code, p.year, p.school_code, p.hours, p.result from participation p "
            "join teacher t using (teacher_key) order by t.name")


def test_the_domestic_training_record_creates_its_programmes_and_one_person_time_a_row(tmp_path):
    from national_files import domestic_training
    wh = tmp_path / "w.duckdb"
    report = load_paths([school_list(tmp_path), roster(tmp_path, with_year=2024), domestic_training(tmp_path)], wh)
    assert [(r.kind, r.rows_loaded, r.rows_rejected, r.rows_warned) for r in report.results][2] == (
        "national_training", 4, 0, 1)
    cty, sch, mun = _code(2024, COUNTY, "county"), _code(2024, SCHOOL, "school"), _code(2024, MUNICIPAL, "municipal")
    # A generated programme's hours are the most any of its rows obtained (24, not 李强's 20).
    assert query(wh, PROGRAMS_SQL) == sorted([
        (cty, COUNTY, 2024, "county", "online", "县教师发展中心", 24.0),
        (sch, SCHOOL, 2024, "school", "other", "城关中学", 12.0),
        (mun, MUNICIPAL, 2024, "municipal", "blended", "州教育科学研究所", 30.0)])
    assert query(wh, PART_SQL) == [
        ("李强", cty, 2024, "2152000002", 20.0, "passed"), ("王芳", cty, 2024, "2152000001", 24.0, "passed"),
        ("赵敏", sch, 2024, "2152000002", 12.0, "passed"), ("陈刚", mun, 2024, "2152000003", 30.0, "passed")]
    # Loading it again, or the same record under another file name, changes nothing.
    before = query(wh, PROGRAMS_SQL), query(wh, PART_SQL)
    assert [r.status for r in load_paths([tmp_path / "教职工国内培训.xlsx"], wh).results] == ["unchanged"]
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "国内培训（再次导出）.xlsx").write_bytes((tmp_path / "教职工国内培训.xlsx").read_bytes())
    assert [(r.status, r.rows_loaded) for r in load_paths([copy], wh).results] == [("loaded", 4)]
    assert (query(wh, PROGRAMS_SQL), query(wh, PART_SQL)) == before


def test_a_named_training_that_a_programme_file_already_codes_joins_that_programme(tmp_path):
    from etl_files import ID_A, ID_B, write_county, write_csv
    record = write_csv(tmp_path / "国内培训.csv", [
        ["教师身份证号", "培训年度", "培训类别", "项目名称", "获得学时"],
        [ID_A, "2024", "国家级", "国培示范", "40"],     # P1 of the county: 2024, national, 40 h
        [ID_B, "2024", "10-国家级", "国培示范", "70"]])  # 70 > 40 × 1.5
    wh = tmp_path / "w.duckdb"
    report = load_paths([*write_county(tmp_path / "county"), record], wh)
    assert [(r.rows_loaded, r.rows_rejected) for r in report.results][-1] == (1, 1)
    assert query(wh, "select count(*) from program") == [(3,)]
    assert query(wh, PART_SQL) == [("张三", "P1", 2024, "S1", 40.0, "passed")]
    assert query(wh, "select row_number, reason from etl_reject") == [
        (3, "“获得学时”70.0 超过项目“国培示范”学时 40.0 的 1.5 倍：请核对")]


def test_a_rejected_row_keeps_no_15_digit_id_in_clear(tmp_path):
    from etl_files import write_csv
    from national_files import ID_LI15
    bad = write_csv(tmp_path / "名册.csv", [["年度", "身份证件号", "姓名", "学校名称", "备注"],
                                           ["2024", ID_LI15, "李强", "不存在的学校", f"旧号 {ID_LI15}"]])
    wh = tmp_path / "w.duckdb"
    load_paths([school_list(tmp_path), bad], wh)
    [(raw, reason)] = query(wh, "select raw::varchar, reason from etl_reject")
    assert ID_LI15 not in raw and ID_LI15[3:11] not in raw
    assert "622********8031" in raw and reason.startswith("学校名称“不存在的学校”不在学校名册中")
