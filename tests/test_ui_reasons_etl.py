"""ui.reasons against the real ETL: bad files loaded into a fresh warehouse, and every reason,
warning and message the load wrote (``etl_reject``, ``etl_warning``, ``etl_batch``, the load
report the import page shows) has an English sentence. A new Chinese template in ``etl/``
that reaches these fixtures and has no English fails here.

"No Chinese left" means: once every quoted span “…” is removed (a cell's own value, a file,
sheet or header name, which stay as the clerk wrote them), no CJK character remains.
"""
from __future__ import annotations

import re
import shutil

import pytest

from etl.load import load_paths
from page_harness import copy_warehouse, csv_frame, downloads, open_app, table  # noqa: F401
from etl_files import ID_A, ID_B, ID_D, PROGRAMS, ROSTER, SCHOOLS, make_id, query, write_county, write_csv, write_xlsx
from ui.format import plain
from ui.importing import report_frame
from ui.reasons import english

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTED = re.compile(r"“[^”]*”")


def chinese_left(sentence: str) -> str:
    """The CJK characters of a sentence outside its quoted spans."""
    return "".join(CJK.findall(QUOTED.sub("", sentence)))


OLD_ID = ID_A[:6] + ID_A[8:17]            # the 15-digit form of 张三's number
BAD_CHECK = ID_B[:17] + ("0" if ID_B[17] != "0" else "1")
SCHOOLS_BAD = [["学校代码", "学校名称", "学段", "是否薄弱学校"],
               ["S7", "长" * 201, "小学", "否"],           # name over 200 characters
               ["S8", "八小", "小学", "也许"],             # unknown yes/no: loaded, warned
               ["S8", "八小", "小学", "否"],               # duplicate school code
               ["S9", "九小", "大学", "否"],               # unknown stage (required)
               [make_id("19700101", 5), "十小", "小学", "否"]]  # an ID number as a school code
ROSTER_BAD = [["年度", "身份证号", "教师编号", "姓名", "性别", "出生年月", "学校代码", "学校名称"],
              ["2024", ID_A[:17], None, "甲", "男", None, "S1", None],           # 17 characters
              ["2024", ID_A[:16] + "AB", None, "乙", "男", None, "S1", None],    # letters
              ["2024", "622922" + "19801332" + "1234", None, "丙", "男", None, "S1", None],  # 13th month
              ["2024", BAD_CHECK, None, "丁", "女", None, "S1", None],            # check character
              ["2024", "6.22922E+17", None, "戊", "男", None, "S1", None],       # stored as a number
              ["2024", make_id("19810101", 1), None, None, "男", None, "S1", None],  # no name
              ["2024", None, None, "己", "男", None, "S1", None],                # no ID, no teacher code
              ["二〇二四年", make_id("19810101", 2), None, "庚", "男", None, "S1", None],  # year unreadable
              ["1800", make_id("19810101", 3), None, "辛", "男", None, "S1", None],     # year too early
              ["2024", make_id("19810101", 4), None, "壬", "未知", "昨天", "S1", None],  # gender, birth: warned
              ["2024", make_id("19810101", 6), None, "癸", "男", None, "S99", None],     # school code unknown
              ["2024", make_id("19810101", 7), None, "子", "男", None, None, "三小"],     # school name unknown
              ["2024", None, make_id("19810101", 8), "丑", "男", None, "S1", None],      # ID as teacher code
              ["2025", OLD_ID, None, "张三", "男", None, "S1", None]]                   # old 15-digit ID
PROGRAMS_BAD = [["项目编号", "项目名称", "培训层级", "开始日期", "结束日期", "学时", "计划人数"],
                ["P5", "无年度", "县培", None, None, 10, None],                    # no year, no start
                ["P6", "倒序", "县培", "2024-05-09", "2024-05-01", 10, None],      # ends before it starts
                ["P7", "太长", "县培", "2024-05-01", "2024-05-01", 3000, None],    # hours over 2000
                ["P8", "零学时", "县培", "2024-05-01", "2024-05-01", 0, None],     # hours not over 0
                ["P9", "很多", "县培", "2024-05-01", "2024-05-01", "很多", None],   # hours not a number
                ["P10", "半人", "县培", "2024-05-01", "2024-05-01", 10, "3.5"],    # seats not whole: warned
                ["P11", "坏日期", "县培", "2024-13-45", None, 10, None]]           # start date unreadable
PARTICIPATION_BAD = [["项目编号", "身份证号", "姓名", "完成学时", "考核结果", "成绩"],
                     ["XP2023-000", ID_A, "张三", 10, "合格", None],    # unknown programme
                     ["P1", ID_A, "张三", 61, "合格", None],            # over 1.5 × 40
                     ["P3", ID_A, "张叁", 10, "合格", None],            # name differs: warned
                     ["P3", ID_B, "李四", 10, "及格", None],            # unknown result: warned
                     ["P3", ID_B, "李四", 10, "合格", None],            # duplicate
                     ["P1", ID_D, "赵六", 10, "合格", None],            # not on the 2024 roster
                     ["P1", ID_B, "李四", 10, "合格", 120]]             # score over 100: warned
FUNDS_BAD = [["年度", "学校代码", "培训经费支出", "公用经费"],
             ["2024", "S1", 100, 0],                                     # public funds 0
             ["2024", "S2", 100, 500],                                   # under 1,000 元: warned
             ["2024", "S2", 100, 600]]                                   # same school and year
AWARDS_BAD = [["身份证号", "姓名", "奖项名称", "级别", "获奖时间"],
              [ID_A, "张三", "优秀教师", "省级", 2024], [ID_A, "张三", "优秀教师", "省级", 2024]]
NATIONAL_BAD = [["教师身份证号", "姓名", "培训年度", "培训类别", "项目名称", "获得学时"],
                [ID_A, "张三", 2024, "国培", "零学时培训", 0]]


def _files(folder):
    county = write_county(folder / "county")
    bad = [write_csv(folder / "学校名册_错.csv", SCHOOLS_BAD), write_csv(folder / "教师名册_错.csv", ROSTER_BAD),
           write_csv(folder / "培训项目_错.csv", PROGRAMS_BAD), write_csv(folder / "参训记录_错.csv", PARTICIPATION_BAD),
           write_csv(folder / "经费.csv", FUNDS_BAD), write_csv(folder / "获奖.csv", AWARDS_BAD),
           write_csv(folder / "国内培训.csv", NATIONAL_BAD),
           write_csv(folder / "不明.csv", [["甲", "乙", "丙"], ["1", "2", "3"]]),
           write_csv(folder / "获奖缺列.csv", [["身份证号", "姓名", "奖项名称"], [ID_A, "张三", "优秀教师"]]),
           write_csv(folder / "骨干.csv", [["身份证号", "姓名", "认定类别"], [ID_A, "张三", "市级骨干"]]),
           write_csv(folder / "花名册.csv", [["身份证号", "姓名", "性别", "学校名称"], [ID_A, "张三", "男", "一小"]]),
           write_csv(folder / "结业名单.csv", [["身份证号", "姓名", "考核结果"], [ID_A, "张三", "合格"]]),
           write_csv(folder / "空.csv", []),
           write_xlsx(folder / "工作簿.xlsx", {"填表说明": [["请按要求填写"]], "空表": [], "选项": [["男"], ["女"]],
                                           "名册": ROSTER[:2]}, hidden=("选项",))]
    return county, bad


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The county loaded, then the bad files, then the school list again without S2 (still
    referenced: kept, warned) so an earlier version is replaced. Returns (warehouse, reports)."""
    folder = tmp_path_factory.mktemp("reasons")
    warehouse = folder / "w.duckdb"
    county, bad = _files(folder / "files")
    reports = [load_paths(county, warehouse), load_paths(bad, warehouse)]
    shutil.copyfile(county[0], folder / "old.csv")
    write_csv(county[0], [s for s in SCHOOLS if s[0] != "S2"] + [["S3", "三中", "初中", "乡村", "否"]])
    reports.append(load_paths([county[0]], warehouse))
    return warehouse, reports


def test_refused_uploads_say_why_in_english(tmp_path):
    from etl.upload_guard import stage_uploads

    uploads = [("空.csv", b""), ("报告.pdf", b"%PDF-1.4"), ("名册.xls", b"<html><body><table></table></body></html>"),
               ("名册.xlsx", b"PK\x03\x04broken"), ("二进制.csv", bytes(range(256)) * 4)]
    paths, refused = stage_uploads(uploads, tmp_path / "up")
    assert paths == [] and len(refused) == len(uploads)
    assert {m: english(m) for m in refused if chinese_left(english(m))} == {}


def _stored(warehouse) -> set[str]:
    return {t for (t,) in query(warehouse, "select reason from etl_reject union select message from etl_warning "
                                           "union select message from etl_batch") if t}


def test_every_reason_warning_and_message_of_the_load_has_english(loaded):
    warehouse, reports = loaded
    texts = _stored(warehouse)
    texts |= {m for r in reports for m in report_frame(r)["message"].to_list() if m}
    texts |= {m for r in reports for s in r.results for m in (s.message, *s.first_reasons) if m}
    untranslated = {t: english(t) for t in texts if chinese_left(english(t))}
    assert untranslated == {}
    reasons = {r for (r,) in query(warehouse, "select distinct reason from etl_reject")}
    assert len(reasons) >= 25  # the fixtures above reach this many kinds of reject


@pytest.mark.parametrize("sql, expected", [
    ("select reason from etl_reject where source_file = '参训记录_错.csv' and row_number = 2",
     "Program code “XP2023-000” is not in the training programs: import that program first, or check the code"),
    ("select reason from etl_reject where source_file = '参训记录_错.csv' and row_number = 3",
     "“完成学时” 61.0 is more than 1.5 times the program's 40.0 hours: please check"),
    ("select message from etl_warning where source_file = '参训记录_错.csv' and row_number = 4",
     "Name “张叁” differs from “张三” on the teacher roster (loaded by the ID number): please check"),
    ("select message from etl_warning where source_file = '学校名册_错.csv' and row_number = 3",
     "The value “也许” of “是否薄弱学校” is not recognised: write one of “是”, “薄弱”, “否” "
     "(or add an alias in etl/aliases.toml); the field was left empty and the rest of the row was loaded: "
     "correct it and import again"),
    ("select message from etl_warning where source_file = '学校名册.csv' and row_number = 0",
     "“学校代码” “S2” is no longer in the new version of the file, but other data still refer to it, so it is "
     "kept for now: correct the files that refer to it first"),
])
def test_stored_texts_read_in_english(loaded, sql, expected):
    (text,), = query(loaded[0], sql)
    assert english(text) == expected


def test_a_replaced_load_says_so_in_english(loaded):
    (message,), = query(loaded[0], "select message from etl_batch where status = 'replaced' and source_file = '学校名册.csv'")
    assert english(message) == ("Header in row 1; New rows: 2, changed: 0, unchanged: 0; "
                                "Replaced by the new version in batch 12")


def test_the_data_quality_page_in_english_shows_and_downloads_english_reasons(monkeypatch, loaded, downloads):
    at = open_app(monkeypatch, loaded[0], "views/data/quality.py", year="2024", lang="English")
    assert at.title[0].value == "Data quality"
    shown = table(at, 2)  # the rejected rows
    downloaded = csv_frame(downloads(at, "dl_csv_quality_rejects"))
    assert downloaded["Reason"].to_list() == shown["Reason"].to_list()
    unknown = "Program code “XP2023-000” is not in the training programs: import that program first, or check the code"
    assert unknown in downloaded["Reason"].to_list()
    assert [r for r in downloaded["Reason"] if chinese_left(r)] == []
    reasons = csv_frame(downloads(at, "dl_csv_quality_reasons"))
    assert unknown in reasons["Reason"].to_list() and not any(chinese_left(r) for r in reasons["Reason"])
    history = csv_frame(downloads(at, "dl_csv_quality_history"))
    assert "Header in row 1; New rows: 3, changed: 0, unchanged: 0" in history["Message"].to_list()


def test_the_data_quality_page_in_chinese_keeps_the_etl_words(monkeypatch, loaded, downloads):
    at = open_app(monkeypatch, loaded[0], "views/data/quality.py", year="2024")
    reasons = csv_frame(downloads(at, "dl_csv_quality_reasons"))
    assert "项目编号“XP2023-000”不在培训项目表中：请先导入该项目，或核对编号" in reasons["原因"].to_list()


def test_the_import_page_in_english_previews_loads_and_downloads_english_reasons(monkeypatch, loaded, tmp_path,
                                                                                 downloads):
    warehouse = copy_warehouse(loaded[0], tmp_path / "copy.duckdb")
    at = open_app(monkeypatch, warehouse, "views/data/import_files.py", lang="English")
    upload = "学校代码,学校名称,学段,备注\nS5,五小,小学,\nS6,六小,大学,\n".encode("utf-8")
    at.file_uploader(key="import_files").set_value(("新学校.csv", upload, "text/csv")).run()
    assert not at.exception
    unknown = "The value “大学” of “学段” is not recognised: write one of “幼儿园”"
    assert table(at, 0)["Message"][0].startswith(
        "Recognised by: has “学校代码”, “学校名称”, “学段”; New rows: 1, changed: 0, unchanged: 0; 1 row(s) rejected: "
        "“学段”: " + unknown)
    assert table(at, 1).row(3) == ("备注", "(not loaded)")  # the column mapping
    effect = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert effect.splitlines()[0] == "- " + plain("New rows: 1, changed: 0, unchanged: 0")  # as markdown shows text
    at.button(key="import_go").click().run()
    assert not at.exception
    rejects = csv_frame(downloads(at, "dl_csv_import_rejects"))
    assert rejects["Reason"].to_list() == table(at, 2)["Reason"].to_list()
    assert rejects["Reason"][0].startswith(unknown)
