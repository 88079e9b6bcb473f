"""etl.replace: loading the same file again changes nothing; a corrected version replaces what the
earlier one said, and only that.

The tiny county (etl_files.write_county) supplies schools, the 2023/2024 roster and programs
P1 (2024, 40 h), P2 (2023, 20 h), P3 (2024, 10 h); see tests/test_etl_resolve.py for its people.
"""
from __future__ import annotations

import hashlib

from etl.load import load_paths
from etl_files import ID_A, ID_B, PROGRAMS, ROSTER, SCHOOLS, make_id, query, write_county, write_csv, write_xlsx

PART_HEAD = ["项目编号", "身份证号", "教师编号", "姓名", "完成学时", "考核结果"]
PARTICIPATION = "select program_code, coalesce(t.name, ''), hours, result from participation " \
                "join teacher t using (teacher_key) order by 1, 2"


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_loading_the_same_files_again_changes_nothing_and_says_so(tmp_path):
    wh = tmp_path / "w.duckdb"
    part = write_csv(tmp_path / "参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"],
                                             ["P1", ID_B, None, "李四", 99, "合格"]])
    files = [*write_county(tmp_path / "county"), part]
    load_paths(files, wh)
    before = _sha(wh)
    report = load_paths(files, wh)
    assert [r.status for r in report.results] == ["unchanged"] * 4
    assert not report.changed
    assert _sha(wh) == before  # the warehouse file was not even rewritten
    assert query(wh, "select count(*), count(distinct sha256) from etl_batch") == [(4, 4)]


def test_a_corrected_file_replaces_what_its_earlier_version_said(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths(write_county(tmp_path / "county"), wh)
    v1 = [PART_HEAD, ["P1", ID_A, None, "张三", 30, "合格"], ["P1", ID_B, None, "李四", 40, "合格"],
          ["P1", make_id("19990101", 9), None, "错人", 40, "合格"]]
    load_paths([write_csv(tmp_path / "参训.csv", v1)], wh)
    assert query(wh, "select count(*) from etl_reject") == [(1,)]
    # v2: 张三's hours corrected, 李四 removed, the wrong person removed, 王五 added.
    v2 = [PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"], ["P1", None, "T01", "王五", 40, "不合格"]]
    report = load_paths([write_csv(tmp_path / "参训.csv", v2)], wh)
    [r] = report.results
    assert (r.status, r.rows_loaded, r.replaced_batch, r.rows_removed) == ("loaded", 2, 4, 1)
    assert query(wh, PARTICIPATION) == [("P1", "张三", 40.0, "passed"), ("P1", "王五", 40.0, "failed")]
    assert query(wh, "select batch_id, status from etl_batch where source_file = '参训.csv' order by 1") == [
        (4, "replaced"), (5, "loaded")]
    assert query(wh, "select count(*) from etl_reject") == [(0,)]  # v1's reject no longer describes the warehouse


def test_a_row_another_file_wrote_since_is_not_removed_by_a_correction(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths(write_county(tmp_path / "county"), wh)
    a = write_csv(tmp_path / "一小参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 30, "合格"]])
    b = write_csv(tmp_path / "补录.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 36, "合格"]])
    load_paths([a], wh)
    load_paths([b], wh)  # 补录 now owns (P1, 张三)
    assert query(wh, "select p.batch_id = b.batch_id from participation p, etl_batch b "
                     "where b.source_file = '补录.csv'") == [(True,)]  # one row for the key, and 补录's
    load_paths([write_csv(tmp_path / "一小参训.csv", [PART_HEAD, ["P3", ID_A, None, "张三", 10, "合格"]])], wh)
    assert query(wh, PARTICIPATION) == [("P1", "张三", 36.0, "passed"), ("P3", "张三", 10.0, "passed")]


def test_a_program_dropped_from_its_file_but_still_used_is_kept_with_a_warning(tmp_path):
    wh = tmp_path / "w.duckdb"
    county = write_county(tmp_path / "county")
    load_paths([*county, write_csv(tmp_path / "参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"]])], wh)
    report = load_paths([write_csv(county[2], [PROGRAMS[0], PROGRAMS[2]])], wh)  # P1 and P3 dropped
    [r] = report.results
    assert r.rows_removed == 1  # P3: nothing refers to it
    assert query(wh, "select program_code from program order by 1") == [("P1",), ("P2",)]
    assert query(wh, "select row_number, message from etl_warning") == [
        (0, "项目编号“P1”已不在新版文件中，但仍有其他数据引用它，暂时保留：请先更正引用它的文件")]


def test_a_teacher_dropped_from_a_corrected_roster_leaves_the_warehouse(tmp_path):
    wh = tmp_path / "w.duckdb"
    county = write_county(tmp_path / "county")
    load_paths(county, wh)
    assert query(wh, "select count(*) from teacher") == [(3,)]
    load_paths([write_csv(county[1], [r for r in ROSTER if r[3] != "王五"])], wh)
    assert query(wh, "select year, count(*) from roster group by 1 order by 1") == [(2023, 1), (2024, 2)]
    assert query(wh, "select name from teacher order by 1") == [("张三",), ("李四",)]


def test_an_unchanged_file_is_checked_again_once_the_roster_it_needs_arrives(tmp_path):
    wh = tmp_path / "w.duckdb"
    county = write_county(tmp_path / "county")
    part = write_csv(tmp_path / "参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 40, "合格"]])
    load_paths([county[0], county[2], part], wh)  # no roster yet: 张三 is rejected
    assert query(wh, "select count(*) from participation") == [(0,)]
    report = load_paths([county[1], part], wh)
    assert [(r.source_file, r.status, r.rows_loaded) for r in report.results] == [
        ("教师名册.csv", "loaded", 4), ("参训.csv", "loaded", 1)]
    assert query(wh, "select count(*) from etl_reject") == [(0,)]


def test_correcting_one_sheet_of_a_workbook_leaves_its_other_sheets_unchanged(tmp_path):
    wh = tmp_path / "w.duckdb"
    book = tmp_path / "汇总.xlsx"
    sheets = {"学校": SCHOOLS, "名册": ROSTER, "项目": PROGRAMS}
    load_paths([write_xlsx(book, sheets)], wh)
    sheets["项目"] = [*PROGRAMS, ["P4", "新增项目", "省培", "2024-06-01", "2024-06-02", 16]]
    report = load_paths([write_xlsx(book, sheets)], wh)
    assert [(r.sheet, r.status) for r in report.results] == [
        ("学校", "unchanged"), ("名册", "unchanged"), ("项目", "loaded")]
    assert query(wh, "select count(*) from program") == [(4,)]


def test_a_programs_year_corrected_between_two_participation_files_keeps_one_row_per_key(tmp_path):
    wh = tmp_path / "w.duckdb"
    county = write_county(tmp_path / "county")
    load_paths([*county, write_csv(tmp_path / "一小参训.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 30, "合格"]])], wh)
    # P1 moves from 2024 to 2023 (张三 is on both rosters); 补录 then reports P1 for 张三 again.
    load_paths([write_csv(county[2], [PROGRAMS[0], ["P1", "国培示范", "国培", "2023-03-05", "2023-03-09", 40],
                                      *PROGRAMS[2:]])], wh)
    load_paths([write_csv(tmp_path / "补录.csv", [PART_HEAD, ["P1", ID_A, None, "张三", 36, "合格"]])], wh)
    assert query(wh, "select program_code, year, hours from participation") == [("P1", 2023, 36.0)]
