"""Kinds are recognised by the columns that identify them (etl/kinds.py), never by overlap: a
look-alike list is refused by name, a sheet fitting two kinds names both, and the advice for a
sheet that fits none never steers it into a kind it is not."""
from __future__ import annotations

import pytest

from etl.headers import HeaderError, recognise

TEACHER = ["姓名", "身份证号", "学校名称", "任教学科", "职称"]


@pytest.mark.parametrize("extra, label, shown", [
    (["年度", "考核结果"], "教职工年度考核结果", "考核结果"),
    (["认定类别", "认定时间"], "骨干教师认定名单", "认定类别、认定时间"),
    (["年度", "累计学时"], "学时汇总表", "累计学时"),
])
def test_a_look_alike_teacher_list_is_refused_by_name_not_taken_for_a_roster(extra, label, shown):
    # 年度 + 身份证号 + 学校名称 are all a roster needs; the list is still not one.
    with pytest.raises(HeaderError) as err:
        recognise([TEACHER + extra])
    assert str(err.value) == (
        f"表头（第 1 行）有“{shown}”列：这是{label}，{label}不是本系统的数据类型，未导入。"
        "请不要为导入而增删它的列；其中的信息（如职称、学校）若需更新，请在教师名册中更正后导入名册")


def test_a_participation_list_without_a_programme_is_told_what_a_participation_list_needs():
    # Round 1 called this "closest to 教师名册" and asked for 年度 and 学校: a clerk who added them
    # turned a participation list into a roster that overwrote good rows.
    with pytest.raises(HeaderError) as err:
        recognise([["项目名称", "姓名", "身份证号", "学校名称", "完成学时", "考核结果"]])
    message = str(err.value)
    assert "它像“参训记录”（有 身份证号、完成学时），但参训记录还需要：项目编号。" in message
    assert "教师名册" not in message and "年度" not in message


def test_even_evidence_names_no_kind_and_lists_what_each_kind_needs():
    with pytest.raises(HeaderError) as err:
        recognise([["姓名", "身份证号", "备注"]])
    message = str(err.value)
    assert "它像" not in message
    assert "教师名册（年度、身份证号 或 教师编号、学校代码 或 学校名称）" in message
    assert "参训记录（项目编号、身份证号 或 教师编号、完成学时）" in message


def test_a_sheet_that_fits_two_kinds_is_refused_naming_both():
    with pytest.raises(HeaderError, match="同时符合“学校名册”和“学校考核”"):
        recognise([["年度", "学校代码", "学校名称", "学段", "考核等次"]])


def test_a_column_a_kind_never_has_keeps_the_sheet_from_being_that_kind():
    # A roster with 项目编号 is not a roster; it fits nothing, and the message says why.
    with pytest.raises(HeaderError) as err:
        recognise([["年度", "身份证号", "姓名", "学校名称", "项目编号"]])
    assert "它像“教师名册”，但有“项目编号”列，教师名册不会有这些列" in str(err.value)


def test_the_match_says_why_it_is_that_kind():
    match = recognise([["年度", "身份证号", "姓名", "学校名称", "职称"]])
    assert (match.kind, match.why) == ("roster", "有 年度、身份证号、学校名称")


def test_an_explicit_kind_still_loads_a_sheet_recognition_refuses():
    match = recognise([TEACHER + ["年度", "考核结果"]], kind="roster")
    assert match.kind == "roster" and "考核结果" not in [match.headers[j] for j in match.columns.values()]
