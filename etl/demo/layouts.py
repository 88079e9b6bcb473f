"""How each demo file looks: file name, format, encoding, sheets, headers, date styles.

Headers are the contract's canonical headers or its listed aliases, varied from file to
file as real exports vary. A column is ``(header, field)`` where ``field`` may carry a
style after a colon: dates ``:iso`` (2024-03-05), ``:slash`` (2024/3/5), ``:cn``
(2024年3月5日), ``:ym`` (202403) or ``:excel`` (a real date cell); numbers ``:text``
(a number stored as text in Excel). ``labels`` picks which wording of a code list a
file uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

TIER_A = {"national": "国培", "provincial": "省培", "municipal": "州培", "county": "县培", "school": "校本研修"}
TIER_B = {"national": "国培计划", "provincial": "省级", "municipal": "州级", "county": "县级", "school": "校级"}
FORM_A = {"online": "线上", "offline": "线下", "blended": "混合", "shadowing": "跟岗", "other": "其他"}
FORM_B = {"online": "网络研修", "offline": "集中面授", "blended": "混合", "shadowing": "影子", "other": "其他"}
LEVEL_A = {"national": "国家级", "provincial": "省级", "municipal": "州级", "county": "县级", "school": "校级"}
LEVEL_B = {"national": "国家级", "provincial": "省部级", "municipal": "地厅级", "county": "县级", "school": "校级"}
CATEGORY = {"honour": "荣誉称号", "contest": "教学竞赛", "paper": "论文", "research": "课题", "coaching": "指导学生"}
DEV_TIER = {"new": "新教师", "qualified": "合格教师", "key": "骨干教师", "distinguished": "名优教师",
            "educationist": "教育家型教师"}
RATING = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str                                # school, roster, program, participation, award, school_rating, plan_target
    columns: tuple[tuple[str, str], ...]
    year: int | tuple[int, ...] | None = None  # rows of this year (or years) only
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    title: str | None = None                 # a title row above the header
    footer: str | None = None                # "total": a 合计 row; "note": a 注 line


@dataclass(frozen=True)
class File:
    name: str
    sheets: tuple[Sheet, ...]
    encoding: str = "utf-8-sig"              # CSV only: utf-8-sig (BOM), utf-8, gb18030


def _roster(year: int, columns, **kw) -> Sheet:
    return Sheet("教师名册", "roster", tuple(columns), year=year, **kw)


def _participation(year: int, columns, **kw) -> Sheet:
    return Sheet("参训记录", "participation", tuple(columns), year=year, **kw)


_PROGRAM_CANONICAL = (
    ("项目编号", "program_code"), ("项目名称", "program_name"), ("培训层级", "train_tier"),
    ("培训形式", "form"), ("培训类别", "theme"), ("主办单位", "organizer"),
    ("开始日期", "start_date:excel"), ("结束日期", "end_date:excel"), ("年度", "year"),
    ("学时", "hours"), ("学分", "credits"), ("计划人数", "planned_seats"))
_AWARD_A = (("身份证号", "id_number"), ("教师编号", "teacher_code"), ("姓名", "name"))

FILES: tuple[File, ...] = (
    File("学校名册.xlsx", (
        Sheet("学校名册", "school", (
            ("学校标识码", "school_code"), ("学校名称", "school_name"), ("办学类型", "stage"),
            ("乡镇", "township"), ("城乡分类", "urban_rural"), ("是否薄弱学校", "is_weak")),
            title="康乐县中小学（幼儿园）基本情况统计表", footer="note"),
        Sheet("2025年学校考核", "school_rating", (
            ("年份", "year"), ("单位代码", "school_code"), ("考核结果", "rating"), ("得分", "score")),
            year=2025),
    )),
    File("教师名册_2021.csv", (_roster(2021, (
        ("年度", "year"), ("身份证号", "id_number"), ("教师编号", "teacher_code"), ("姓名", "name"),
        ("性别", "gender"), ("出生年月", "birth_date:ym"), ("学校名称", "school_name"),
        ("任教学科", "subject"), ("任教学段", "teaching_stage"), ("职称", "title"),
        ("参加工作年月", "hire_date:ym"), ("发展层级", "dev_tier"))),), encoding="utf-8-sig"),
    File("教师名册_2022.csv", (_roster(2022, (
        ("统计年度", "year"), ("公民身份号码", "id_number"), ("工号", "teacher_code"), ("教师姓名", "name"),
        ("性别", "gender"), ("出生日期", "birth_date:slash"), ("学校代码", "school_code"),
        ("学科", "subject"), ("学段", "teaching_stage"), ("专业技术职务", "title"),
        ("入职时间", "hire_date:slash"), ("成长层级", "dev_tier"))),), encoding="gb18030"),
    File("教师名册_2023.xlsx", (_roster(2023, (
        ("年份", "year"), ("证件号码", "id_number"), ("教师ID", "teacher_code"), ("姓名", "name"),
        ("性别", "gender"), ("出生日期", "birth_date:excel"), ("学校", "school_name"),
        ("任教学科", "subject"), ("任教学段", "teaching_stage"), ("职称", "title"),
        ("任教时间", "hire_date:cn"), ("教师层级", "dev_tier")),
        title="康乐县2023年教师基本信息统计表"),)),
    File("教师名册_2024.xlsx", (_roster(2024, (
        ("年度", "year"), ("身份证件号", "id_number"), ("教师编号", "teacher_code"), ("姓名", "name"),
        ("性别", "gender"), ("出生年月", "birth_date:ym"), ("学校代码", "school_code"),
        ("学校名称", "school_name"), ("任教学科", "subject"), ("任教学段", "teaching_stage"),
        ("职称", "title"), ("参加工作年月", "hire_date:excel"), ("发展层级", "dev_tier")),
        title="康乐县2024年教职工花名册", footer="total"),)),
    File("教师名册_2025.csv", (_roster(2025, (
        ("年度", "year"), ("身份证号", "id_number"), ("教师编号", "teacher_code"), ("姓名", "name"),
        ("性别", "gender"), ("出生日期", "birth_date:iso"), ("单位名称", "school_name"),
        ("任教学科", "subject"), ("任教学段", "teaching_stage"), ("职称", "title"),
        ("入职时间", "hire_date:iso"), ("发展层级", "dev_tier"))),), encoding="utf-8"),
    File("培训项目.xlsx", (
        Sheet("2021年", "program", _PROGRAM_CANONICAL, year=2021, labels={"train_tier": TIER_A, "form": FORM_A}),
        Sheet("2022年", "program", tuple((h, f.replace(":excel", ":slash")) for h, f in _PROGRAM_CANONICAL),
              year=2022, labels={"train_tier": TIER_A, "form": FORM_A}),
        Sheet("2023年", "program", (
            ("项目代码", "program_code"), ("培训名称", "program_name"), ("项目级别", "train_tier"),
            ("研修方式", "form"), ("主题", "theme"), ("承办单位", "organizer"),
            ("开班时间", "start_date:iso"), ("结班时间", "end_date:iso"), ("培训学时", "hours"),
            ("学分", "credits"), ("计划名额", "planned_seats")),
            year=2023, labels={"train_tier": TIER_B, "form": FORM_B}),
        Sheet("2024年", "program", (
            ("项目编号", "program_code"), ("培训项目", "program_name"), ("培训级别", "train_tier"),
            ("形式", "form"), ("类别", "theme"), ("主办单位", "organizer"),
            ("开班时间", "start_date:cn"), ("结班时间", "end_date:cn"), ("年度", "year"),
            ("总学时", "hours:text"), ("学分", "credits"), ("计划人数", "planned_seats")),
            year=2024, labels={"train_tier": TIER_A, "form": FORM_A},
            title="康乐县2024年教师培训项目一览表", footer="total"),
        Sheet("2025年", "program", (
            ("项目编号", "program_code"), ("项目名称", "program_name"), ("层级", "train_tier"),
            ("培训形式", "form"), ("培训类别", "theme"), ("主办单位", "organizer"),
            ("开始日期", "start_date:excel"), ("结束日期", "end_date:excel"), ("年度", "year"),
            ("学时", "hours"), ("学分", "credits"), ("名额", "planned_seats")),
            year=2025, labels={"train_tier": TIER_B, "form": FORM_A}),
    )),
    File("参训记录_2021.csv", (_participation(2021, (
        ("项目编号", "program_code"), ("身份证号", "id_number"), ("教师编号", "teacher_code"),
        ("姓名", "name"), ("完成学时", "hours"), ("考核结果", "result"), ("成绩", "score"))),),
        encoding="utf-8-sig"),
    File("参训记录_2022.csv", (_participation(2022, (
        ("班级编号", "program_code"), ("公民身份号码", "id_number"), ("工号", "teacher_code"),
        ("姓名", "name"), ("获得学时", "hours"), ("获得学分", "credits"), ("结业情况", "result"))),),
        encoding="gb18030"),
    File("参训记录_2023.csv", (_participation(2023, (
        ("项目代码", "program_code"), ("证件号码", "id_number"), ("教师ID", "teacher_code"),
        ("姓名", "name"), ("学时", "hours"), ("考核结果", "result"), ("分数", "score"))),),
        encoding="utf-8-sig"),
    File("参训记录_2024.xlsx", (_participation(2024, (
        ("项目编号", "program_code"), ("身份证件号", "id_number"), ("教师编号", "teacher_code"),
        ("姓名", "name"), ("完成学时", "hours"), ("获得学分", "credits"), ("考核结果", "result"),
        ("成绩", "score")), title="康乐县2024年教师参训情况统计表", footer="total"),)),
    File("参训记录_2025.csv", (_participation(2025, (
        ("项目编号", "program_code"), ("身份证号", "id_number"), ("教师编号", "teacher_code"),
        ("教师姓名", "name"), ("完成学时", "hours"), ("是否合格", "result"), ("成绩", "score"))),),
        encoding="utf-8"),
    File("获奖荣誉.xlsx", (
        Sheet("2021年", "award", _AWARD_A + (
            ("奖项名称", "award_name"), ("级别", "award_level"), ("类别", "category"), ("等次", "grade"),
            ("获奖年份", "year"), ("颁发单位", "issuer")), year=2021, labels={"award_level": LEVEL_A}),
        Sheet("2022年", "award", _AWARD_A + (
            ("奖项名称", "award_name"), ("获奖级别", "award_level"), ("类别", "category"),
            ("获奖等次", "grade"), ("获奖年份", "year"), ("颁发单位", "issuer")),
            year=2022, labels={"award_level": LEVEL_B}),
        Sheet("2023年", "award", (
            ("公民身份号码", "id_number"), ("工号", "teacher_code"), ("教师姓名", "name"),
            ("荣誉名称", "award_name"), ("荣誉级别", "award_level"), ("类别", "category"), ("等次", "grade"),
            ("获奖时间", "award_date:slash"), ("授予单位", "issuer")), year=2023, labels={"award_level": LEVEL_A}),
        Sheet("2024年", "award", _AWARD_A + (
            ("获奖名称", "award_name"), ("获奖级别", "award_level"), ("类别", "category"), ("等次", "grade"),
            ("获奖时间", "award_date:excel"), ("颁发单位", "issuer")), year=2024,
            labels={"award_level": LEVEL_A}, title="康乐县2024年教师获奖情况统计表", footer="total"),
        Sheet("2025年", "award", _AWARD_A + (
            ("奖项名称", "award_name"), ("级别", "award_level"), ("类别", "category"), ("等次", "grade"),
            ("获奖时间", "award_date:cn"), ("颁发单位", "issuer")), year=2025, labels={"award_level": LEVEL_A}),
    )),
    File("学校考核.csv", (Sheet("学校考核", "school_rating", (
        ("年度", "year"), ("学校名称", "school_name"), ("考核等次", "rating"), ("考核得分", "score")),
        year=(2021, 2022, 2023, 2024)),),
        encoding="utf-8-sig"),
    File("年度培训计划.xlsx", (Sheet("年度培训计划", "plan_target", (
        ("年度", "year"), ("计划类别", "category"), ("培训层级", "train_tier"), ("计划人数", "target")),
        labels={"train_tier": TIER_A}, title="康乐县2021—2025年度教师培训计划", footer="total"),)),
)
