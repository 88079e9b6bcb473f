"""etl.validate: every row under the header is loaded, rejected with a reason, or skipped — counted.

The fixtures are the mess a clerk's export really has (title rows, blank rows, a 合计 row,
notes, full-width digits, line breaks in cells, numbers as text, an ID stored as a number)
written as CSV in several encodings, .xlsx and .xls; the counts must be the same in each.
"""
from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from etl.headers import recognise
from etl.read import read_path
from etl.fields import all_specs
from etl.validate import ROW, check, memo_key, rejects_with_raw
from etl_files import make_id, write_csv, write_xls, write_xlsx

ID_X = next(i for i in (make_id("19850615", s) for s in range(1000)) if i.endswith("X"))
ID_B, ID_C, ID_D, ID_E, ID_F = (make_id("19900101", s) for s in range(5))

# Excel rows: 1-2 titles, 3 header, 4.. data.
PARTICIPATION = [
    ["2024年教师参训情况统计表"],
    ["填报单位：康乐县教育局", None, None, None, None, "填报日期：2024-12-31"],
    ["项目编号", "身份证号", "姓名", "完成学时", "考核结果", "成绩"],
    ["P1", ID_X.lower(), "张𠀀", "４０", "合格", 90],                 # 4 ok: lower-case x, full-width hours
    ["P1", f" {ID_B} ", "李\n四", "24学时", "优秀", None],           # 5 ok: spaces, line break, unit
    [None, None, None, None, None, None],                              # 6 blank
    ["P1", "6.22922E+17", "王五", 40, "合格", None],                  # 7 ID stored as a number
    ["P1", ID_C, "赵六", 40, "及格", None],                            # 8 unknown result: loaded, result empty, warned
    ["P1", ID_D, "钱七", -5, "合格", None],                            # 9 negative hours
    ["P1", ID_E, "孙八", 40, "合格", 120],                             # 10 score above 100: loaded, score empty, warned
    ["P1", ID_X, "张𠀀", 40, "合格", None],                           # 11 same program and teacher as row 4
    [None, ID_F, "周九", 40, "合格", None],                            # 12 no program code
    ["合计", None, None, 184, None, None],                             # 13 totals row
    ["注：本表由各校填报，学时以项目为准。"],                          # 14 note
]
EXPECTED_REJECTS = [
    (7, "身份证号", "身份证号被 Excel 存成了数字，后几位已丢失（如 6.22922E+17）：请把该列设为“文本”格式，重新录入完整的 18 位号码"),
    (9, "完成学时", "“完成学时”不能小于 0，这里是 -5.0"),
    (11, "项目编号", "与第 4 行重复（项目编号、身份证号、教师编号相同）：请删除重复行或核对"),
    (12, "项目编号", "缺少必填项“项目编号”"),
]


def _write(fmt: str, tmp_path, rows):
    if fmt == "xlsx":
        return write_xlsx(tmp_path / "参训.xlsx", {"参训记录": rows})
    if fmt == "xls":
        return write_xls(tmp_path / "参训.xls", {"参训记录": rows})
    # CSV keeps what the cell showed; GBK cannot hold 𠀀, so that variant uses a GBK name.
    if fmt == "gbk":
        rows = [[("张喆" if c == "张𠀀" else c) for c in r] for r in rows]
    return write_csv(tmp_path / "参训.csv", rows, {"csv-utf8": "utf-8", "csv-bom": "utf-8-sig", "gbk": "gbk",
                                                  "gb18030": "gb18030"}[fmt])


def _check(path):
    [sheet] = read_path(path)
    return check(sheet, recognise(sheet.head))


@pytest.mark.parametrize("fmt", ["csv-utf8", "csv-bom", "gbk", "gb18030", "xlsx", "xls"])
def test_messy_participation_sheet_rows_are_all_accounted_for(tmp_path, fmt):
    checked = _check(_write(fmt, tmp_path, PARTICIPATION))
    # Rows 4..14 under the header: 11 read = 4 good (4, 5, 8, 10) + 4 rejected (7, 9, 11, 12)
    # + 3 skipped (6 blank; 13 合计; 14 注). An optional column's bad value warns instead (8, 10).
    assert checked.rows_read == 11
    assert (checked.skipped_blank, checked.skipped_total) == (1, 2)
    assert checked.rows[ROW].to_list() == [4, 5, 8, 10]
    keep = "；该项暂留空，这一行的其余内容已导入：请更正后重新导入"
    assert sorted(checked.warnings.iter_rows()) == [
        (8, "考核结果", "“考核结果”的取值“及格”无法识别：可填 合格、优秀、良好、结业、通过、是、不合格、"
                        "未通过、否、未完成、退训、缺考、未结业（或在 etl/aliases.toml 中补充别名）" + keep),
        (10, "成绩", "“成绩”不能大于 100，这里是 120.0" + keep)]
    assert sorted(checked.rejects.iter_rows()) == EXPECTED_REJECTS
    assert checked.rows.height + checked.rejects.height + checked.skipped_blank + checked.skipped_total == checked.rows_read


@pytest.mark.parametrize("fmt", ["csv-utf8", "gb18030", "xlsx", "xls"])
def test_good_rows_carry_clean_typed_values(tmp_path, fmt):
    rows = _check(_write(fmt, tmp_path, PARTICIPATION)).rows
    assert rows.select("id_number", "name", "hours", "result", "score", "result_gap").rows() == [
        (ID_X, "张𠀀", 40.0, "passed", 90.0, None), (ID_B, "李四", 24.0, "passed", None, None),
        (ID_C, "赵六", 40.0, None, None, "unrecognised"), (ID_E, "孙八", 40.0, "passed", None, None)]


def test_rejected_rows_keep_their_raw_cells_with_id_numbers_masked(tmp_path):
    checked = _check(_write("csv-utf8", tmp_path, PARTICIPATION))
    raw = rejects_with_raw(checked.raw, checked.rejects).filter(pl.col(ROW) == 9)["raw"][0]
    cells = json.loads(raw)
    assert cells["身份证号"] == ID_D[:3] + "*" * 11 + ID_D[14:]
    assert (cells["姓名"], cells["完成学时"]) == ("钱七", "-5")


def test_every_date_form_in_one_program_sheet_reads_as_the_same_day(tmp_path):
    forms = [dt.date(2024, 3, 5), "45356", "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305"]
    rows = [["项目编号", "项目名称", "培训层级", "开始日期", "学时"]]
    rows += [[f"P{i}", "国培示范项目", "国培计划", d, 24] for i, d in enumerate(forms)]
    rows += [["P9", "月份项目", "县级", "202403", 24], ["P10", "坏日期", "县培", "2024-02-30", 24]]
    checked = _check(write_xlsx(tmp_path / "项目.xlsx", {"项目": rows}))
    assert checked.rows["start_date"].to_list() == [dt.date(2024, 3, 5)] * 7 + [dt.date(2024, 3, 1), None]
    assert checked.rows["train_tier"].to_list() == ["national"] * 7 + ["county"] * 2
    # An optional date that is not a date: the row stays (etl.resolve then asks for a year), with a warning.
    assert checked.rejects.is_empty()
    assert checked.warnings.rows() == [(10, "开始日期", "“开始日期”“2024-02-30”不是有效日期：请写成 2024-03-05 这样的形式"
                                                       "；该项暂留空，这一行的其余内容已导入：请更正后重新导入")]


def test_roster_requires_an_id_or_a_teacher_code_and_a_school(tmp_path):
    rows = [["年度", "身份证号", "教师编号", "姓名", "学校名称", "发展层级"],
            ["2024", ID_B, None, "李四", "一小", "骨干"],
            ["2024", None, "T01", "王五", "一小", "新教师"],
            ["2024", None, None, "赵六", "一小", None],
            ["2024年", ID_C, None, "钱七", None, "特级"],
            ["二〇二四", ID_D, None, "孙八", "一小", None]]
    checked = _check(write_csv(tmp_path / "名册.csv", rows))
    assert checked.rows[ROW].to_list() == [2, 3]
    assert checked.rows["dev_tier"].to_list() == ["key", "new"]
    assert sorted(checked.rejects.iter_rows()) == [
        (4, "身份证号", "“身份证号”和“教师编号”至少要填一项"),
        (5, "学校代码", "“学校代码”和“学校名称”至少要填一项"),
        (6, "年度", "“年度”“二〇二四”不是有效年份：请写成 2024 这样的四位数"),
    ]


def test_roster_row_repeating_a_teacher_in_the_same_year_is_a_duplicate(tmp_path):
    rows = [["年度", "身份证号", "姓名", "学校代码"], ["2024", ID_B, "李四", "S1"], ["2023", ID_B, "李四", "S1"],
            ["2024", ID_B.lower(), "李 四", "S2"]]
    checked = _check(write_csv(tmp_path / "名册.csv", rows))
    assert checked.rows[ROW].to_list() == [2, 3]
    assert checked.rejects.rows() == [(4, "年度", "与第 2 行重复（年度、身份证号、教师编号相同）：请删除重复行或核对")]


def test_totals_rows_named_in_any_of_the_usual_ways_are_skipped(tmp_path):
    rows = [["学校代码", "学校名称", "学段"], ["S1", "一小", "小学"], ["小计", None, None], ["S2", "二小", "小学"],
            ["总 计", "2所", None], ["合计：", None, None], ["制表人：张三", None, "审核人：李四"]]
    checked = _check(write_csv(tmp_path / "学校.csv", rows))
    assert (checked.rows.height, checked.rejects.height, checked.skipped_total, checked.skipped_blank) == (2, 0, 4, 0)


def test_a_signature_line_after_cells_of_only_spaces_is_skipped(tmp_path):
    # the first filled cell is the one read: a full-width space or a tab is not filled
    rows = [["学校代码", "学校名称", "学段"], ["S1", "一小", "小学"], ["\u3000", "制表人：张三", "审核人：李四"],
            [" \t", "二小", "小学"]]
    checked = _check(write_csv(tmp_path / "学校.csv", rows))
    assert (checked.skipped_total, checked.skipped_blank) == (1, 0)
    assert checked.rows[ROW].to_list() == [2]
    assert checked.rejects.rows() == [(4, "学校代码", "缺少必填项“学校代码”")]  # a data row, not a note


def test_an_id_number_in_a_code_column_is_refused_and_in_a_text_column_masked(tmp_path):
    rows = [["年度", "教师编号", "姓名", "学校代码", "职称"],
            ["2024", ID_B, "李四", "S1", None],                      # 2 ID typed as 教师编号
            ["2024", "T02", "王五", "S1", f"一级教师 {ID_C}"]]       # 3 ID pasted into free text
    checked = _check(write_csv(tmp_path / "名册.csv", rows))
    assert checked.rejects.rows() == [(2, "教师编号", "“教师编号”看起来是身份证号：身份证号请填在“身份证号”列，不能作为编号保存")]
    assert checked.rows["title"].to_list() == [f"一级教师 {ID_C[:3]}***********{ID_C[14:]}"]


def test_an_id_stored_by_excel_as_a_number_is_rejected_with_the_fix_spelled_out(tmp_path):
    # Excel keeps 15 significant digits of a number; the .xlsx then holds the nearest double, which
    # calamine renders exactly (622922198001011234 -> 622922198001010944).
    def rendered(id_number: str) -> str:
        return str(int(float(id_number[:15] + "000")))

    # Leave out the rare ID whose rendered digits pass the check by chance (those load, as any valid ID).
    ids = [i for i in (make_id("19800101", s) for s in range(100, 130))
           if make_id(rendered(i)[6:14], int(rendered(i)[14:17]), rendered(i)[:6]) != rendered(i)][:20]
    rows = [["年度", "身份证号", "姓名", "学校代码"], *[["2024", float(i[:15] + "000"), f"教师{k}", "S1"]
                                                        for k, i in enumerate(ids)]]
    checked = _check(write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}))
    assert (checked.rows.height, checked.rejects.height) == (0, 20)
    assert set(checked.rejects["reason"].to_list()) == {
        "身份证号被 Excel 存成了数字，后几位已丢失（如 6.22922E+17）：请把该列设为“文本”格式，重新录入完整的 18 位号码"}


def test_a_load_memo_checks_each_cell_once_and_changes_no_result(tmp_path):
    roster = write_csv(tmp_path / "名册.csv", [["年度", "身份证号", "姓名", "学校代码"], ["2024", ID_B, "李四", "S1"],
                                              ["2024", "6.22922E+17", "王五", "S1"], ["2024", ID_C, "赵六", "S1"]])
    part = _write("csv-utf8", tmp_path, PARTICIPATION)
    memo: dict = {}
    [r_sheet], [p_sheet] = read_path(roster), read_path(part)
    with_memo = [check(r_sheet, recognise(r_sheet.head), memo), check(p_sheet, recognise(p_sheet.head), memo)]
    for got, path in zip(with_memo, (roster, part)):
        alone = _check(path)
        assert got.rows.equals(alone.rows) and got.rejects.sort(ROW).equals(alone.rejects.sort(ROW))
    # One entry for every ID column (roster and participation share it), one row per distinct raw
    # cell: the roster's ID_B, 6.22922E+17, ID_C; then the participation rows not skipped add
    # row 4's lower-case ID_X, row 5's " ID_B " (spaces make it another cell), ID_D, ID_E, row 11's
    # ID_X and ID_F, while its 6.22922E+17 and ID_C are already known: 3 + 6 = 9.
    key = memo_key(all_specs()["roster"].field("id_number"))
    assert key == memo_key(all_specs()["participation"].field("id_number"))  # optional in both: one entry
    ids = memo[key]
    assert ids.height == 9
    assert sorted(ids.get_column("_1").drop_nulls().unique().to_list()) == sorted(  # _1: the normalised ID
        [ID_B, "6.22922E+17", ID_C, ID_X, ID_D, ID_E, ID_F])


def test_cells_sharing_a_hash_are_still_told_apart(monkeypatch):
    import etl.validate as validate

    # Force collisions: every cell of the same length hashes alike ("40" and "24" collide).
    monkeypatch.setattr(validate, "cell_hash", lambda e: e.str.len_bytes().cast(pl.UInt64))
    frame = pl.DataFrame({"学时": ["40", "24", "40", None, "x"]})
    out = validate.by_unique(frame, "学时", {"hours": pl.col("学时").cast(pl.Float64, strict=False)}, memo={},
                             memo_key=("k",))
    assert out["hours"].to_list() == [40.0, 24.0, 40.0, None, None]
