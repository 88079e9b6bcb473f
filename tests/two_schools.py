"""A two-school county built through the real ETL, for the access tests.

School 甲 (code 1100000001) and school 乙 (code 2200000002), each with three teachers over
2023–2024, training, awards, ratings, and one rejected row each (a bad ID number), so
``etl_reject`` holds raw values of both schools. Everything that belongs to 乙 carries a
token that appears nowhere else (school code, names, teacher codes, masked IDs, award
names), listed in ``B_TOKENS``: a scoped reader of 甲 must never see one of them.

``build(folder, only_a=False)`` writes the raw CSV files and loads them; ``only_a`` leaves
乙's rows out, for comparing "甲 scoped in the two-school county" with "甲 alone".
"""
from __future__ import annotations

from pathlib import Path

from etl.identity import check_char
from etl.load import LoadReport, load_paths
from settings import secret_path

A, B = "1100000001", "2200000002"
SECRET = "ab" * 32  # the same secret for both builds, so a teacher gets the same key in each


def make_id(serial: int) -> str:
    """A valid GB 11643 ID number, born 1985-01-01, ``serial`` in the 3 sequence digits."""
    first17 = f"62292219850101{serial:03d}"
    return first17 + check_char(first17)


# teacher: (school, name, teacher code, id serial, dev tier 2023, dev tier 2024, subject)
TEACHERS = {
    "a1": (A, "甲一老师", "JA001", 101, "新教师", "合格教师", "语文"),
    "a2": (A, "甲二老师", "JA002", 102, "合格教师", "骨干教师", "数学"),
    "a3": (A, "甲三老师", "JA003", 103, "骨干教师", "骨干教师", "英语"),
    "b1": (B, "乙一老师", "YB001", 201, "新教师", "合格教师", "语文"),
    "b2": (B, "乙二老师", "YB002", 202, "合格教师", "合格教师", "数学"),
    "b3": (B, "乙三老师", "YB003", 203, "骨干教师", "名优教师", "物理"),
}
BAD_ID = {A: "622922198501019990", B: "622922198501018880"}  # wrong check digits: rejected


def masked(serial: int) -> str:
    full = make_id(serial)
    return full[:3] + "*" * 11 + full[14:]


B_TOKENS = (
    [B, "乙校", "乙镇"]
    + [t[1] for t in TEACHERS.values() if t[0] == B]
    + [t[2] for t in TEACHERS.values() if t[0] == B]
    + [masked(t[3]) for t in TEACHERS.values() if t[0] == B]
    + ["乙校优秀教师", "乙拒绝老师", BAD_ID[B][:3] + "*" * 11 + BAD_ID[B][14:], "乙校本研修", "YSP24"]
)
B_TEACHER_IDS = [make_id(t[3]) for t in TEACHERS.values() if t[0] == B]


def _csv(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(",".join("" if v is None else str(v) for v in r) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def write_files(folder: Path, only_a: bool = False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    keep = (lambda school: school == A) if only_a else (lambda school: True)
    files = [_csv(folder / "学校名册.csv", [["学校代码", "学校名称", "学段", "所属乡镇", "城乡类型"]]
                  + [r for r in ([A, "甲校", "小学", "甲镇", "城区"], [B, "乙校", "小学", "乙镇", "乡村"])
                     if keep(r[0])])]
    roster = [["年度", "身份证号", "教师编号", "姓名", "性别", "学校代码", "任教学科", "发展层级"]]
    for year, tier_at in ((2023, 4), (2024, 5)):
        for key, t in TEACHERS.items():
            if keep(t[0]):
                roster.append([year, make_id(t[3]), t[2], t[1], "女", t[0], t[6], t[tier_at]])
        for school in (A, B):  # one rejected roster row per school per year
            if keep(school):
                name = "甲拒绝老师" if school == A else "乙拒绝老师"
                roster.append([year, BAD_ID[school], "", name, "男", school, "语文", "合格教师"])
    files.append(_csv(folder / "教师名册.csv", roster))
    files.append(_csv(folder / "培训项目.csv", [
        ["项目编号", "项目名称", "培训层级", "培训形式", "开始日期", "结束日期", "学时", "计划人数"],
        ["GP23", "国培数学", "国培", "线下", "2023-03-01", "2023-03-10", 40, 4],
        ["XP23", "县培语文", "县培", "线上", "2023-05-01", "2023-05-03", 20, 6],
        ["GP24", "国培英语", "国培", "线下", "2024-03-01", "2024-03-10", 40, 4],
        ["SP24", "校本研修", "校培", "线下", "2024-09-01", "2024-12-31", 10, 10],
    ] + ([] if only_a else [["YSP24", "乙校本研修", "校培", "线下", "2024-09-01", "2024-12-31", 8, 7]])))
    took = [("GP23", "a1", "合格", 40), ("XP23", "a2", "合格", 20), ("XP23", "a3", "不合格", 5),
            ("GP24", "a1", "合格", 40), ("SP24", "a3", "合格", 10),
            ("GP23", "b1", "合格", 40), ("XP23", "b2", "合格", 20), ("XP23", "b3", "合格", 20),
            ("GP24", "b2", "合格", 40), ("SP24", "b1", "未完成", 0), ("SP24", "b3", "合格", 10),
            ("YSP24", "b2", "合格", 8)]  # 乙's own school-tier programme: 甲 must never see it
    part = [["项目编号", "身份证号", "姓名", "完成学时", "考核结果"]]
    part += [[p, make_id(TEACHERS[k][3]), TEACHERS[k][1], h, r] for p, k, r, h in took if keep(TEACHERS[k][0])]
    files.append(_csv(folder / "参训记录.csv", part))
    awards = [["身份证号", "姓名", "奖项名称", "级别", "类别", "获奖时间"],
              [make_id(101), "甲一老师", "甲校优秀教师", "县级", "荣誉称号", 2024]]
    if not only_a:
        awards.append([make_id(203), "乙三老师", "乙校优秀教师", "省级", "荣誉称号", 2024])
    files.append(_csv(folder / "获奖荣誉.csv", awards))
    files.append(_csv(folder / "学校考核.csv", [["年度", "学校代码", "考核等次"]]
                      + [r for r in ([2024, A, "优秀"], [2024, B, "合格"]) if keep(r[1])]))
    files.append(_csv(folder / "年度培训计划.csv", [["年度", "计划类别", "培训层级", "计划人数"],
                                                 [2024, "学科教师培训", "国培", 8],
                                                 [2024, "校本研修", "校培", 20]]))
    return files


def build(folder: Path, only_a: bool = False) -> tuple[Path, LoadReport]:
    """Write the raw files under ``folder/raw`` and load them into ``folder/county.duckdb``."""
    warehouse = folder / "county.duckdb"
    secret = secret_path(warehouse)
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(SECRET)
    secret.chmod(0o600)
    report = load_paths(write_files(folder / "raw", only_a), warehouse)
    return warehouse, report
