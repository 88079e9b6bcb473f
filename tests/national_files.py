"""A clerk's files as the national teacher-management system (全国教师管理信息系统) and the
training platforms export them, written from code with synthetic people.

The layouts follow the public templates and exports: the school list with 学校（机构）类别
("211-小学", "中等教育-普通初中"), 教职工基础信息 (a snapshot: no 年度; drop-down cells
"2-女"; ID cells written so that Excel keeps the digits: a leading tab or apostrophe,
``="…"``, spaces inside, one old 15-digit number), 教职工国内培训 (培训年度, 培训类别
"10-国家级", 项目名称, 机构名称, 培训方式 "2-短期面授培训", 获得学时; no programme code),
the 奖励 and 荣誉 lists (荣誉级别 "5-基层单位荣誉称号"), a platform's 参培人员成绩单 (成绩
holding 优秀/合格 or a number) and a 国培 结业名单 naming its programme only in the title
(结业情况 ✓/×).

The people (IDs built by ``etl_files.make_id``, check digits computed independently):
  王芳  S1 城关一小   ID_WANG (written ="…")
  李强  S2 城关中学   ID_LI15 (15 digits, born 1975-03-08) -> ID_LI (18 digits)
  赵敏  S2 城关中学   ID_ZHAO (written '6229 2219 …, spaces inside)
  陈刚  S3 石门小学   ID_CHEN (written with a leading tab)
"""
from __future__ import annotations

from pathlib import Path

from etl_files import make_id, write_xlsx

ID_WANG = make_id("19850612", 21)
ID_LI15 = "622922750308031"            # an old 15-digit number: region, YYMMDD, sequence 031
ID_LI = make_id("19750308", 31)        # the same number by GB 11643: "19" inserted, check digit added
ID_ZHAO = make_id("19900120", 42)
ID_CHEN = make_id("19780915", 53)

NATIONAL_PROGRAM = "国培计划（2024）—乡村骨干教师培训"
PROVINCIAL_PROGRAM = "2024年信息技术应用能力提升工程2.0省级培训"
COUNTY_PROGRAM = "2024年县级班主任能力提升培训"
SCHOOL_PROGRAM = "2024年城关中学校本研修"
MUNICIPAL_PROGRAM = "2024年州级体育教师培训"


def spaced(text: str) -> str:
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def school_list(folder: Path) -> Path:
    """学校基本信息: 学校标识码, 学校名称, 学校（机构）类别 (coded or hierarchical), 城乡分类 (coded)."""
    return write_xlsx(folder / "学校基本信息.xlsx", {"学校基本信息": [
        ["学校标识码", "学校名称", "学校（机构）类别", "教育层次", "所在地城乡分类"],
        ["2152000001", "城关一小", "211-小学", "初等教育", "111-主城区"],
        ["2152000002", "城关中学", "中等教育-普通初中", "中等教育", "121-镇中心区"],
        ["2152000003", "石门小学", "小学", "初等教育", "220-村庄"],
    ]}, numbers_as_text=True)


ROSTER_HEAD = ["序号", "姓名*", "性别*", "身份证件类型*", "身份证件号*", "出生日期*", "民族", "参加工作年月*",
               "学校名称", "聘任专业技术职务", "任教学科", "是否在编"]


def roster(folder: Path, title: str | None = "2024年教职工花名册", with_year: int | None = None,
           name: str = "教职工基础信息.xlsx") -> Path:
    """教职工基础信息 as exported: a title row (`title`, or none), no 年度 unless `with_year`."""
    head = ROSTER_HEAD + (["年度"] if with_year else [])
    extra = [with_year] if with_year else []
    rows = [
        [1, "王芳", "2-女", "1-居民身份证", f'="{ID_WANG}"', "1985-06-12", "01-汉族", "2008-09", "城关一小",
         "一级教师", "语文", "1-是", *extra],
        [2, "李强", "1-男", "1-居民身份证", ID_LI15, "1975-03-08", "汉族", "1996-08", "城关中学",
         "高级教师", "数学", "是", *extra],
        [3, "赵敏", "女", "居民身份证", "'" + spaced(ID_ZHAO), "1990-01-20", "汉族", "2012-09", "城关中学",
         "二级教师", "英语", "是", *extra],
        [4, "陈刚", "1", "1-居民身份证", "\t" + ID_CHEN, "1978-09-15", "汉族", "1999-09", "石门小学",
         "一级教师", "体育", "是", *extra],
    ]
    sheet = ([[title]] if title else []) + [head] + rows
    return write_xlsx(folder / name, {"教职工基础信息": sheet}, numbers_as_text=True)


def domestic_training(folder: Path) -> Path:
    """教职工国内培训: one person-time a row, programmes named but not coded."""
    return write_xlsx(folder / "教职工国内培训.xlsx", {"教职工国内培训": [
        ["序号", "姓名", "教师身份证号", "培训年度", "培训类别", "项目名称", "机构名称", "培训方式", "获得学时"],
        [1, "王芳", ID_WANG, "2024", "40-县级", COUNTY_PROGRAM, "县教师发展中心", "3-网络研修", "24"],
        [2, "李强", ID_LI15, "2024", "40-县级", COUNTY_PROGRAM, "县教师发展中心", "3-网络研修", "20"],
        [3, "赵敏", ID_ZHAO, "2024", "60-校级", SCHOOL_PROGRAM, "城关中学", "9-其他", "12"],
        [4, "陈刚", ID_CHEN, "2024", "地市级", MUNICIPAL_PROGRAM, "州教育科学研究所", "面授培训与网络研修相结合", "30"],
    ]}, numbers_as_text=True)


def programmes(folder: Path) -> Path:
    """The bureau's own 培训项目 list, coding the 国培 and 省培 programmes the lists name."""
    return write_xlsx(folder / "培训项目.xlsx", {"培训项目": [
        ["项目编号", "项目名称", "培训层级", "开始日期", "结束日期", "学时"],
        ["GP2024-01", NATIONAL_PROGRAM, "国培", "2024-07-01", "2024-07-10", "50"],
        ["SP2024-07", PROVINCIAL_PROGRAM, "省培", "2024-05-01", "2024-10-31", "30"],
    ]}, numbers_as_text=True)


def awards(folder: Path) -> Path:
    """教职工奖励 and 荣誉 lists as two sheets of one workbook."""
    return write_xlsx(folder / "奖励与荣誉.xlsx", {
        "教职工奖励": [
            ["姓名", "身份证件号", "奖励名称", "奖励级别", "获奖等级", "获奖年月", "授奖单位"],
            ["王芳", ID_WANG, "县级优质课评比", "4-县级", "一等奖", "2024-05", "县教育局"],
            ["李强", ID_LI15, "市级优秀班主任", "地市级", None, "2024-06", "市教育局"],
        ],
        "荣誉信息": [
            ["姓名", "身份证件号", "荣誉级别", "获得荣誉称号", "荣誉发生日期", "荣誉授予单位名称"],
            ["赵敏", ID_ZHAO, "5-基层单位荣誉称号", "优秀教师", "2024-09-10", "城关中学"],
        ],
    }, numbers_as_text=True)


def score_sheet(folder: Path, title: str = f"{PROVINCIAL_PROGRAM}参培人员成绩单") -> Path:
    """A training platform's 参培人员成绩单: 成绩 holds a grade word or a number; no programme code."""
    return write_xlsx(folder / "参培人员成绩单.xlsx", {"成绩单": [
        [title],
        ["序号", "姓名", "身份证号", "工作单位", "学时", "成绩", "是否结业"],
        [1, "陈刚", ID_CHEN, "石门小学", "30", "优秀", None],
        [2, "王芳", ID_WANG, "城关一小", "30", "85", "1-是"],
        [3, "赵敏", ID_ZHAO, "城关中学", "12", "不合格", "0-否"],
    ]}, numbers_as_text=True)


def graduation_list(folder: Path, title: str = f"{NATIONAL_PROGRAM}结业名单") -> Path:
    """A 国培 结业名单: the programme only in the title, 结业情况 ticked ✓ or crossed ×, no hours."""
    return write_xlsx(folder / "国培结业名单.xlsx", {"名单": [
        [title],
        ["序号", "姓名", "性别", "身份证号", "工作单位", "结业情况"],
        [1, "王芳", "女", ID_WANG, "城关一小", "✓"],
        [2, "李强", "男", ID_LI15, "城关中学", "×"],
    ]}, numbers_as_text=True)
