"""The ETL's reasons and warnings about one row, as (Chinese pattern, English sentence).

Sources: ``etl/validate.py`` (cell checks, duplicates, optional fields left empty),
``etl/identity.py`` (ID numbers), ``etl/resolve.py`` (schools, teachers, programmes, funds
against the warehouse), ``etl/vocab.py`` (old IDs, months), ``etl/load.py``, ``etl/replace.py``.
Group names: see ``ui.reasons.CONVERT``. A header stays Chinese, quoted: it is the file's own.
"""
from __future__ import annotations

H = r"“(?P<h>[^”]+)”"      # a header, quoted as the ETL quotes it
V = r"“(?P<v>.*)”"         # a cell's value
N = r"(?P<n>-?[\d,]+(?:\.\d+)?(?:e[+-]?\d+)?)"
ROW = r"(?P<row>\d+)"
LEFT_EMPTY = "该项暂留空，这一行的其余内容已导入：请更正后重新导入"
LEFT_EMPTY_EN = "the field was left empty and the rest of the row was loaded: correct it and import again"

ROWS: tuple[tuple[str, str], ...] = (
    # etl/validate.py: one cell
    (H + r"超过 200 个字，请精简", "“{h}” is longer than 200 characters: please shorten it"),
    (H + r"看起来是身份证号：身份证号请填在“身份证号”列，不能作为编号保存",
     "“{h}” looks like an ID number: ID numbers go in the “身份证号” column and cannot be stored as a code"),
    (H + r"的取值" + V + r"无法识别：可填 ?(?P<choices>.*)（或在 etl/aliases\.toml 中补充别名）",
     "The value “{v}” of “{h}” is not recognised: write one of {choices} (or add an alias in etl/aliases.toml)"),
    (H + V + r"不是有效日期：请写成 2024-03-05 这样的形式",
     "“{h}” “{v}” is not a valid date: write it like 2024-03-05"),
    (H + V + r"不是有效年份：请写成 2024 这样的四位数", "“{h}” “{v}” is not a valid year: write four digits, like 2024"),
    (H + r"应为整数，这里是" + V, "“{h}” should be a whole number; here it is “{v}”"),
    (H + r"应为数字，这里是" + V, "“{h}” should be a number; here it is “{v}”"),
    (H + r"不能小于 (?P<lim>\S+)，这里是 " + N, "“{h}” cannot be less than {lim}; here it is {n}"),
    (H + r"必须大于 (?P<lim>\S+)，这里是 " + N, "“{h}” must be greater than {lim}; here it is {n}"),
    (H + r"不能大于 (?P<lim>\S+)，这里是 " + N, "“{h}” cannot be greater than {lim}; here it is {n}"),
    (r"缺少必填项" + H, "The required “{h}” is missing"),
    (r"“(?P<l>.+)”至少要填一项", "Fill in at least one of {l}"),
    (r"与第 " + ROW + r" 行重复（(?P<l>.*)相同）：请删除重复行或核对",
     "Duplicate of row {row} (same {l}): delete the duplicate row or check it"),
    (r"(?P<t>.+)；" + LEFT_EMPTY, "{t}; " + LEFT_EMPTY_EN),
    (LEFT_EMPTY, LEFT_EMPTY_EN[0].upper() + LEFT_EMPTY_EN[1:]),
    # etl/identity.py
    (r"身份证号被 Excel 存成了数字，后几位已丢失（如 6\.22922E\+17）：请把该列设为“文本”格式，重新录入完整的 18 位号码",
     "Excel stored the ID number as a number and its last digits are lost (e.g. 6.22922E+17): set the column "
     "to Text format and enter the full 18-character number again"),
    (r"身份证号应为 18 位，这里是 " + N + r" 位：请核对", "The ID number should have 18 characters; this one has {n}: please check"),
    (r"身份证号含有非数字字符（只有最后一位可以是 X）：请核对",
     "The ID number holds characters other than digits (only the last may be X): please check"),
    (r"身份证号中的出生日期不存在：请核对第 7–14 位",
     "The birth date in the ID number does not exist: check characters 7–14"),
    (r"身份证号校验位不对（按 GB 11643 应为 (?P<c>\S+)）：请核对号码是否录错",
     "The ID number's check character is wrong (by GB 11643 it should be {c}): check whether the number was mistyped"),
    # etl/resolve.py: against the warehouse
    (r"学校名称" + V + r"对应多所学校：请改填学校代码", "School name “{v}” matches several schools: enter the school code instead"),
    (r"学校代码" + V + r"不在学校名册中：请先导入学校名册，或核对代码",
     "School code “{v}” is not on the school list: import the school list first, or check the code"),
    (r"学校名称" + V + r"不在学校名册中：请核对名称（须与学校名册一致）或改填学校代码",
     "School name “{v}” is not on the school list: check the name (it must match the school list) "
     "or enter the school code instead"),
    (r"该教师（按(?P<by>身份证号|教师编号)）不在 (?P<y>\S+) 年教师名册中：请先导入该年教师名册，或核对(?:身份证号|教师编号)",
     "This teacher (by “{by}”) is not on the {y} teacher roster: import that year's roster first, or check the “{by}”"),
    (r"姓名“(?P<a>.*)”与教师名册中的“(?P<b>.*)”不一致（已按证件号导入）：请核对",
     "Name “{a}” differs from “{b}” on the teacher roster (loaded by the ID number): please check"),
    (r"缺少“年度”，且“开始日期”为空：请填写其一", "“年度” is missing and “开始日期” is empty: fill in one of them"),
    (r"“结束日期”(?P<a>\S+)早于“开始日期”(?P<b>\S+)：请核对", "“结束日期” {a} is before “开始日期” {b}: please check"),
    (r"项目编号" + V + r"不在培训项目表中：请先导入该项目，或核对编号",
     "Program code “{v}” is not in the training programs: import that program first, or check the code"),
    (r"“完成学时”(?P<a>\S+) 超过该项目学时 (?P<b>\S+) 的 1\.5 倍：请核对",
     "“完成学时” {a} is more than 1.5 times the program's {b} hours: please check"),
    (r"“获得学时”(?P<a>\S+) 超过项目" + V + r"学时 (?P<b>\S+) 的 1\.5 倍：请核对",
     "“获得学时” {a} is more than 1.5 times the {b} hours of the program “{v}”: please check"),
    (r"培训" + V + r"各行的获得学时都是 0：无法建立培训项目，请核对学时",
     "Every row of the training “{v}” has 0 “获得学时”: the program cannot be created; please check the hours"),
    (r"与第 " + ROW + r" 行是同一教师的同一项目：请删除重复行",
     "The same teacher and program as row {row}: delete the duplicate row"),
    (r"与第 " + ROW + r" 行是同一教师的同一培训：请删除重复行",
     "The same teacher and training as row {row}: delete the duplicate row"),
    (r"与第 " + ROW + r" 行是同一教师的同一奖项：请删除重复行",
     "The same teacher and award as row {row}: delete the duplicate row"),
    (r"与第 " + ROW + r" 行是同一学校同一年度的考核：请删除重复行",
     "The same school's rating for the same year as row {row}: delete the duplicate row"),
    (r"与第 " + ROW + r" 行是同一学校同一年度的经费：请删除重复行",
     "The same school's funds for the same year as row {row}: delete the duplicate row"),
    (r"公用经费为 0：占比无法计算，请填写该校当年的公用经费，或留空",
     "“公用经费” is 0, so the share cannot be computed: fill in the school's “公用经费” for that year, or leave it empty"),
    (r"公用经费只有 " + N + r" 元：如果表中金额以万元为单位，请在表头写明“（万元）”后重新导入",
     "“公用经费” is only {n} yuan: if the amounts are in units of 10,000 yuan, write “（万元）” in the header "
     "and import again"),
    # etl/vocab.py
    (H + r"是 15 位旧号码，已按 GB 11643 转为 18 位（出生年份前补“19”，末位补校验码）后导入：请在原系统中把该号码更新为 18 位",
     "“{h}” is an old 15-digit number; it was converted to 18 characters by GB 11643 (“19” put before the birth "
     "year, a check character at the end) and loaded: update it to 18 characters in the source system"),
    (H + r"写作 (?P<a>\S+)：可能是 (?P<y>\d+) 年 1 月，也可能是 \d+ 年 10 月（Excel 会把 \d+\.10 存成 \d+\.1）。"
     r"已按 1 月导入：请核对，并把该列设为文本格式后写成 \d+-10 这样的形式",
     "“{h}” is written {a}: it may be January {y} or October {y} (Excel stores {y}.10 as {y}.1). "
     "It was loaded as January: please check, and set the column to Text format and write it like {y}-10"),
    # etl/load.py, etl/replace.py
    (r"该行无法导入，原因未能归类：请把这一行发给系统管理员",
     "This row could not be loaded and the reason could not be classified: send this row to the system administrator"),
    (r"(?P<lab>学校代码|项目编号)" + V + r"已不在新版文件中，但仍有其他数据引用它，暂时保留：请先更正引用它的文件",
     "“{lab}” “{v}” is no longer in the new version of the file, but other data still refer to it, so it is kept "
     "for now: correct the files that refer to it first"),
    (r"第 " + ROW + r" 行 ?(?P<q>[^：]*)：(?P<t>.+)", "Row {row}{q}: {t}"),
)
