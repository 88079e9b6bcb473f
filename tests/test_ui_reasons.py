"""ui.reasons: each reason and warning the ETL writes about a row, in Chinese as ``etl/``
words it, and the English sentence a reader of the English interface gets; every template
has an example here or in test_ui_reasons_files; texts no template knows come back as they
are; a message of several sentences is translated sentence by sentence."""
from __future__ import annotations

import polars as pl
import pytest

from test_ui_reasons_files import FILE_EXAMPLES
from ui.reasons import TEMPLATES, english, in_english

ROW_EXAMPLES = [
    ('“学校名称”超过 200 个字，请精简',
     '“学校名称” is longer than 200 characters: please shorten it'),
    ('“学校代码”看起来是身份证号：身份证号请填在“身份证号”列，不能作为编号保存',
     '“学校代码” looks like an ID number: ID numbers go in the “身份证号” column and cannot be stored as a code'),
    ('“性别”的取值“男的”无法识别：可填 男、男性、女、女性（或在 etl/aliases.toml 中补充别名）',
     'The value “男的” of “性别” is not recognised: write one of “男”, “男性”, “女”, “女性” (or add an alias in etl/aliases.toml)'),
    ('“出生年月”“昨天”不是有效日期：请写成 2024-03-05 这样的形式',
     '“出生年月” “昨天” is not a valid date: write it like 2024-03-05'),
    ('“年度”“二〇二四年”不是有效年份：请写成 2024 这样的四位数',
     '“年度” “二〇二四年” is not a valid year: write four digits, like 2024'),
    ('“计划人数”应为整数，这里是“3.5”',
     '“计划人数” should be a whole number; here it is “3.5”'),
    ('“学时”应为数字，这里是“很多”',
     '“学时” should be a number; here it is “很多”'),
    ('“完成学时”不能小于 0，这里是 -5.0',
     '“完成学时” cannot be less than 0; here it is -5.0'),
    ('“学时”必须大于 0，这里是 0.0',
     '“学时” must be greater than 0; here it is 0.0'),
    ('“成绩”不能大于 100，这里是 120.0',
     '“成绩” cannot be greater than 100; here it is 120.0'),
    ('缺少必填项“项目编号”',
     'The required “项目编号” is missing'),
    ('“身份证号”和“教师编号”至少要填一项',
     'Fill in at least one of “身份证号”, “教师编号”'),
    ('与第 4 行重复（项目编号、身份证号、教师编号相同）：请删除重复行或核对',
     'Duplicate of row 4 (same “项目编号”, “身份证号”, “教师编号”): delete the duplicate row or check it'),
    ('“成绩”不能大于 100，这里是 120.0；该项暂留空，这一行的其余内容已导入：请更正后重新导入',
     '“成绩” cannot be greater than 100; here it is 120.0; the field was left empty and the rest of the row was loaded: correct it and import again'),
    ('该项暂留空，这一行的其余内容已导入：请更正后重新导入',
     'The field was left empty and the rest of the row was loaded: correct it and import again'),
    ('身份证号被 Excel 存成了数字，后几位已丢失（如 6.22922E+17）：请把该列设为“文本”格式，重新录入完整的 18 位号码',
     'Excel stored the ID number as a number and its last digits are lost (e.g. 6.22922E+17): set the column to Text format and enter the full 18-character number again'),
    ('身份证号应为 18 位，这里是 17 位：请核对',
     'The ID number should have 18 characters; this one has 17: please check'),
    ('身份证号含有非数字字符（只有最后一位可以是 X）：请核对',
     'The ID number holds characters other than digits (only the last may be X): please check'),
    ('身份证号中的出生日期不存在：请核对第 7–14 位',
     'The birth date in the ID number does not exist: check characters 7–14'),
    ('身份证号校验位不对（按 GB 11643 应为 4）：请核对号码是否录错',
     "The ID number's check character is wrong (by GB 11643 it should be 4): check whether the number was mistyped"),
    ('学校名称“一小”对应多所学校：请改填学校代码',
     'School name “一小” matches several schools: enter the school code instead'),
    ('学校代码“S99”不在学校名册中：请先导入学校名册，或核对代码',
     'School code “S99” is not on the school list: import the school list first, or check the code'),
    ('学校名称“三小”不在学校名册中：请核对名称（须与学校名册一致）或改填学校代码',
     'School name “三小” is not on the school list: check the name (it must match the school list) or enter the school code instead'),
    ('该教师（按教师编号）不在 2023 年教师名册中：请先导入该年教师名册，或核对教师编号',
     "This teacher (by “教师编号”) is not on the 2023 teacher roster: import that year's roster first, or check the “教师编号”"),
    ('姓名“何学华”与教师名册中的“何学峰”不一致（已按证件号导入）：请核对',
     'Name “何学华” differs from “何学峰” on the teacher roster (loaded by the ID number): please check'),
    ('缺少“年度”，且“开始日期”为空：请填写其一',
     '“年度” is missing and “开始日期” is empty: fill in one of them'),
    ('“结束日期”2024-05-01早于“开始日期”2024-05-09：请核对',
     '“结束日期” 2024-05-01 is before “开始日期” 2024-05-09: please check'),
    ('项目编号“XP2023-000”不在培训项目表中：请先导入该项目，或核对编号',
     'Program code “XP2023-000” is not in the training programs: import that program first, or check the code'),
    ('“完成学时”40.0 超过该项目学时 20.0 的 1.5 倍：请核对',
     "“完成学时” 40.0 is more than 1.5 times the program's 20.0 hours: please check"),
    ('“获得学时”100.0 超过项目“骨干教师研修”学时 48.0 的 1.5 倍：请核对',
     '“获得学时” 100.0 is more than 1.5 times the 48.0 hours of the program “骨干教师研修”: please check'),
    ('培训“零学时培训”各行的获得学时都是 0：无法建立培训项目，请核对学时',
     'Every row of the training “零学时培训” has 0 “获得学时”: the program cannot be created; please check the hours'),
    ('与第 5 行是同一教师的同一项目：请删除重复行',
     'The same teacher and program as row 5: delete the duplicate row'),
    ('与第 5 行是同一教师的同一培训：请删除重复行',
     'The same teacher and training as row 5: delete the duplicate row'),
    ('与第 2 行是同一教师的同一奖项：请删除重复行',
     'The same teacher and award as row 2: delete the duplicate row'),
    ('与第 3 行是同一学校同一年度的考核：请删除重复行',
     "The same school's rating for the same year as row 3: delete the duplicate row"),
    ('与第 3 行是同一学校同一年度的经费：请删除重复行',
     "The same school's funds for the same year as row 3: delete the duplicate row"),
    ('公用经费为 0：占比无法计算，请填写该校当年的公用经费，或留空',
     "“公用经费” is 0, so the share cannot be computed: fill in the school's “公用经费” for that year, or leave it empty"),
    ('公用经费只有 12.5 元：如果表中金额以万元为单位，请在表头写明“（万元）”后重新导入',
     '“公用经费” is only 12.5 yuan: if the amounts are in units of 10,000 yuan, write “（万元）” in the header and import again'),
    ('“身份证号”是 15 位旧号码，已按 GB 11643 转为 18 位（出生年份前补“19”，末位补校验码）后导入：请在原系统中把该号码更新为 18 位',
     '“身份证号” is an old 15-digit number; it was converted to 18 characters by GB 11643 (“19” put before the birth year, a check character at the end) and loaded: update it to 18 characters in the source system'),
    ('“参加工作年月”写作 2010.1：可能是 2010 年 1 月，也可能是 2010 年 10 月（Excel 会把 2010.10 存成 2010.1）。已按 1 月导入：请核对，并把该列设为文本格式后写成 2010-10 这样的形式',
     '“参加工作年月” is written 2010.1: it may be January 2010 or October 2010 (Excel stores 2010.10 as 2010.1). It was loaded as January: please check, and set the column to Text format and write it like 2010-10'),
    ('该行无法导入，原因未能归类：请把这一行发给系统管理员',
     'This row could not be loaded and the reason could not be classified: send this row to the system administrator'),
    ('项目编号“P2”已不在新版文件中，但仍有其他数据引用它，暂时保留：请先更正引用它的文件',
     '“项目编号” “P2” is no longer in the new version of the file, but other data still refer to it, so it is kept for now: correct the files that refer to it first'),
    ('第 7 行 身份证号：身份证号应为 18 位，这里是 17 位：请核对',
     'Row 7 “身份证号”: The ID number should have 18 characters; this one has 17: please check'),
]


@pytest.mark.parametrize("chinese, expected", ROW_EXAMPLES)
def test_a_row_reason_reads_in_english(chinese, expected):
    assert english(chinese) == expected


def test_every_template_has_an_example():
    examples = [line for zh, _ in ROW_EXAMPLES + FILE_EXAMPLES for line in zh.split("\n")]  # one sentence a line
    unused = [p.pattern for p, _ in TEMPLATES if not any(p.fullmatch(zh) for zh in examples)]
    assert unused == []


def test_a_load_message_is_translated_sentence_by_sentence():
    message = ("表头在第 2 行；新增 3 行，修改 0 行，不变 0 行；拒绝 1 行：身份证号：身份证号应为 18 位，这里是 17 位：请核对；"
               "取代批次 3")
    assert english(message) == ("Header in row 2; New rows: 3, changed: 0, unchanged: 0; 1 row(s) rejected: “身份证号”: "
                                "The ID number should have 18 characters; this one has 17: please check; Replaces batch 3")


def test_a_text_no_template_knows_comes_back_unchanged():
    assert english("学校自填的备注") == "学校自填的备注"
    assert english("表头在第 2 行；某个新说明") == "Header in row 2; 某个新说明"  # the known part translated, nothing dropped
    assert english("") == ""


def test_a_column_is_translated_value_by_value_keeping_nulls():
    column = pl.Series(["缺少必填项“姓名”", None, "缺少必填项“姓名”", "别的话"])
    assert in_english(column).to_list() == ["The required “姓名” is missing", None, "The required “姓名” is missing", "别的话"]
