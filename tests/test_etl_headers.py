"""etl.headers: the header row under titles or in a two-row merged header; the kind from the headers."""
from __future__ import annotations

import pytest

from etl.headers import HeaderError, find_header_row, recognise
from etl.read import read_path
from etl_files import write_xlsx

PARTICIPATION = ["项目编号", "身份证号", "姓名", "完成学时", "考核结果"]


def test_header_row_is_found_under_title_rows():
    head = [["2024年教师参训情况统计表"], ["填报单位：康乐县教育局", None, "2024-12-31"], PARTICIPATION, ["P1", "x", "张三", "40", "合格"]]
    match = recognise(head)
    assert (match.kind, match.header_index) == ("participation", 2)
    assert match.columns == {"program_code": 0, "id_number": 1, "name": 2, "hours": 3, "result": 4}


def test_two_row_header_with_merged_group_cells_uses_the_lower_row(tmp_path):
    # Row 1 title; rows 2-3 a two-row header: 项目编号/身份证号/姓名 merged down over both rows,
    # 培训情况 merged across 完成学时 and 考核结果 in row 3. Excel keeps a merged cell's text in its
    # top-left cell only, so row 3 holds just the two sub-labels.
    path = write_xlsx(tmp_path / "参训.xlsx", {"参训": [
        ["2024年参训记录"], [], [None, None, None, "完成学时", "考核结果"], ["P1", "x", "张三", 40, "合格"]]},
        merges={"参训": [(0, 0, 0, 4, "2024年参训记录"), (1, 0, 2, 0, "项目编号"), (1, 1, 2, 1, "身份证号"),
                         (1, 2, 2, 2, "姓名"), (1, 3, 1, 4, "培训情况")]})
    [sheet] = read_path(path)
    match = recognise(sheet.head)
    assert match.header_index == 2  # Excel row 3
    assert match.headers == ("项目编号", "身份证号", "姓名", "完成学时", "考核结果")
    assert match.kind == "participation"


def test_a_data_row_under_the_header_is_never_taken_for_the_header():
    head = [PARTICIPATION, [None, None, None, None, None], ["P1", "x", "张三", "40", "合格"]]
    assert find_header_row(head) == 0


def test_a_data_row_with_one_cell_that_reads_like_a_header_stays_data():
    # The header's 备注 column is not a known label; the first data row's 备注 says "学段".
    # Borrowing the five labels above plus its own would score it 6 > 5: it must still be data.
    head = [PARTICIPATION + ["备注"], ["P1", "x", "张三", "40", "合格", "学段"], ["P1", "y", "李四", "40", "合格", None]]
    assert find_header_row(head) == 0


def test_aliases_units_markers_and_full_width_in_headers_are_recognised():
    head = [["班级编号", "*公民身份号码", "教师姓名", "获得学时（小时）", "结业情况", "分数"]]
    match = recognise(head)
    assert match.kind == "participation"
    assert match.columns == {"program_code": 0, "id_number": 1, "name": 2, "hours": 3, "result": 4, "score": 5}


@pytest.mark.parametrize("headers, kind", [
    (["学校代码", "学校名称", "学段", "所属乡镇", "城乡类型"], "school"),
    (["年度", "身份证号", "姓名", "性别", "学校名称", "任教学科", "发展层级"], "roster"),
    (["项目编号", "项目名称", "培训层级", "开始日期", "结束日期", "学时"], "program"),
    (["项目编号", "教师编号", "姓名", "完成学时", "考核结果"], "participation"),
    (["身份证号", "姓名", "奖项名称", "级别", "类别", "等次", "获奖时间"], "award"),
    (["年度", "学校代码", "学校名称", "考核等次", "考核得分"], "school_rating"),
    (["年度", "计划类别", "培训层级", "计划人数"], "plan_target"),
])
def test_each_kind_is_recognised_from_its_canonical_headers(headers, kind):
    assert recognise([headers]).kind == kind


def test_kind_override_uses_that_kinds_columns():
    # 年度 + 学校名称 + 计划人数 alone is nothing recognisable; as plan_target it lacks 计划类别.
    with pytest.raises(HeaderError, match="按“年度培训计划”导入，但表头（第 1 行）缺少必填列：计划类别"):
        recognise([["年度", "学校名称", "计划人数"]], kind="plan_target")
    assert recognise([["年度", "培训类别", "计划人数"]], kind="plan_target").kind == "plan_target"


def test_unrecognised_headers_name_the_closest_kind_and_what_it_lacks():
    with pytest.raises(HeaderError) as err:
        recognise([["项目编号", "身份证号", "姓名", "备注"]])
    assert str(err.value) == ("表头（第 1 行）为“项目编号、身份证号、姓名、备注”，不符合任何一类数据，未导入。"
                              "它像“参训记录”（有 项目编号、身份证号），但参训记录还需要：完成学时。"
                              "若它确是参训记录，请补上这些列；若不是，这类数据不能导入本系统")


def test_no_header_row_at_all_says_so():
    with pytest.raises(HeaderError, match="找不到表头行"):
        recognise([["甲", "乙"], ["1", "2"]])
