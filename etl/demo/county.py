"""The demo county's fixed facts: its schools, the names of its people, its ID numbers.

Modelled on 康乐县 (临夏回族自治州, 甘肃; ID region code 622922) and the seed report of
its 2024 figures (39 schools rated: 20 优秀, 19 合格). Nothing here is random; the
generators in ``people``, ``training`` and ``awards`` draw from these lists.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

COUNTY = "康乐县"
PREFECTURE = "临夏州"
PROVINCE = "甘肃省"
REGION_CODE = "622922"
YEARS = (2021, 2022, 2023, 2024, 2025)


@dataclass(frozen=True)
class SchoolSpec:
    name: str
    stage: str          # warehouse code, see settings.STAGES
    township: str
    urban_rural: str    # urban / town / rural
    is_weak: bool
    weight: int         # relative number of teachers
    rating_2024: str    # excellent / pass (seed report)


_S = SchoolSpec
# The 20 schools rated 优秀 in 2024 come first, in the seed report's order; then the 19 rated 合格.
SCHOOLS: tuple[SchoolSpec, ...] = (
    _S("附城初中", "junior", "附城镇", "town", False, 85, "excellent"),
    _S("莲麓初中", "junior", "莲麓镇", "town", False, 62, "excellent"),
    _S("康乐中学", "senior", "附城镇", "urban", False, 210, "excellent"),
    _S("蓝川初中", "junior", "附城镇", "urban", False, 95, "excellent"),
    _S("康乐一中", "senior", "附城镇", "urban", False, 185, "excellent"),
    _S("八松初中", "junior", "八松乡", "rural", False, 48, "excellent"),
    _S("虎关初中", "junior", "虎关乡", "rural", False, 40, "excellent"),
    _S("五户学校", "nine_year", "五户乡", "rural", False, 55, "excellent"),
    _S("新治街小学", "primary", "附城镇", "urban", False, 110, "excellent"),
    _S("城北学校", "nine_year", "附城镇", "urban", False, 130, "excellent"),
    _S("流川学区", "primary", "流川乡", "rural", False, 95, "excellent"),
    _S("城东小学", "primary", "附城镇", "urban", False, 88, "excellent"),
    _S("胭脂湖小学", "primary", "附城镇", "urban", False, 75, "excellent"),
    _S("胭脂学区", "primary", "胭脂镇", "town", False, 120, "excellent"),
    _S("莲麓学区", "primary", "莲麓镇", "town", False, 105, "excellent"),
    _S("八松学区", "primary", "八松乡", "rural", False, 90, "excellent"),
    _S("康丰学区", "primary", "康丰乡", "rural", False, 80, "excellent"),
    _S("县幼儿园", "kindergarten", "附城镇", "urban", False, 52, "excellent"),
    _S("城东幼儿园", "kindergarten", "附城镇", "urban", False, 30, "excellent"),
    _S("城北幼儿园", "kindergarten", "附城镇", "urban", False, 28, "excellent"),
    _S("苏集初中", "junior", "苏集镇", "town", False, 52, "pass"),
    _S("景古中学", "complete_secondary", "景古镇", "town", False, 84, "pass"),
    _S("县职业技术学校", "vocational", "附城镇", "urban", False, 60, "pass"),
    _S("县特殊教育学校", "special", "附城镇", "urban", False, 9, "pass"),
    _S("苏集学区", "primary", "苏集镇", "town", False, 78, "pass"),
    _S("景古学区", "primary", "景古镇", "town", False, 80, "pass"),
    _S("附城学区", "primary", "附城镇", "town", False, 72, "pass"),
    _S("鸣鹿学区", "primary", "鸣鹿乡", "rural", False, 60, "pass"),
    _S("鸣鹿初中", "junior", "鸣鹿乡", "rural", True, 30, "pass"),
    _S("上湾学区", "primary", "上湾乡", "rural", False, 54, "pass"),
    _S("草滩学区", "primary", "草滩乡", "rural", True, 56, "pass"),
    _S("草滩初中", "junior", "草滩乡", "rural", True, 26, "pass"),
    _S("白王学区", "primary", "白王乡", "rural", False, 50, "pass"),
    _S("八丹学区", "primary", "八丹乡", "rural", False, 44, "pass"),
    _S("虎关学区", "primary", "虎关乡", "rural", False, 52, "pass"),
    _S("胭脂初中", "junior", "胭脂镇", "town", False, 42, "pass"),
    _S("城南小学", "primary", "附城镇", "urban", False, 62, "pass"),
    _S("牙塘小学", "primary", "草滩乡", "rural", True, 7, "pass"),
    _S("鸣鹿幼儿园", "kindergarten", "鸣鹿乡", "rural", True, 8, "pass"),
)
SMALL_SCHOOL_WEIGHT = 10   # schools below this stay below 10 teachers at scale 1

STAGE_LABELS = {
    "kindergarten": "幼儿园", "primary": "小学", "junior": "初中", "senior": "高中",
    "nine_year": "九年一贯制", "complete_secondary": "完全中学", "vocational": "中职",
    "special": "特殊教育",
}
URBAN_LABELS = {"urban": "城区", "town": "镇区", "rural": "乡村"}

# Subjects taught per teaching stage (任教学段), with relative weights.
SUBJECTS_BY_TEACHING_STAGE: dict[str, dict[str, float]] = {
    "幼儿园": {"学前教育": 1.0},
    "小学": {"语文": 32, "数学": 27, "英语": 8, "道德与法治": 5, "科学": 5, "音乐": 6,
             "体育": 7, "美术": 5, "信息技术": 4, "心理健康": 1},
    "初中": {"语文": 15, "数学": 15, "英语": 13, "物理": 7, "化学": 5, "生物": 6, "政治": 7,
             "历史": 6, "地理": 6, "音乐": 4, "体育": 7, "美术": 4, "信息技术": 5},
    "高中": {"语文": 13, "数学": 13, "英语": 12, "物理": 8, "化学": 7, "生物": 7, "政治": 7,
             "历史": 7, "地理": 7, "音乐": 3, "体育": 6, "美术": 3, "信息技术": 4, "心理健康": 2},
    "中职": {"语文": 12, "数学": 12, "英语": 8, "计算机": 15, "机械加工": 10, "电子技术": 10,
             "烹饪": 10, "学前教育": 8, "现代农艺": 7, "体育": 8},
    "特殊教育": {"特殊教育": 1.0},
}
# Which teaching stages a school of each kind employs, with shares.
TEACHING_STAGES_BY_SCHOOL: dict[str, dict[str, float]] = {
    "kindergarten": {"幼儿园": 1.0},
    "primary": {"小学": 1.0},
    "junior": {"初中": 1.0},
    "senior": {"高中": 1.0},
    "nine_year": {"小学": 0.55, "初中": 0.45},
    "complete_secondary": {"初中": 0.45, "高中": 0.55},
    "vocational": {"中职": 1.0},
    "special": {"特殊教育": 1.0},
}
TEACHING_STAGES = tuple(SUBJECTS_BY_TEACHING_STAGE)

# Common surnames in 临夏 (回, 东乡, 汉 families), with rough weights.
SURNAMES = {
    "马": 18, "王": 9, "张": 7, "李": 7, "何": 4, "赵": 4, "刘": 4, "杨": 4, "韩": 3, "妥": 2,
    "冶": 2, "祁": 2, "陈": 3, "孙": 2, "郭": 2, "周": 2, "罗": 2, "朱": 2, "丁": 2, "海": 1,
    "苏": 2, "闫": 2, "包": 1, "蔡": 1, "魏": 2, "吕": 1, "牛": 1, "石": 1, "高": 2, "汪": 2,
    "金": 1, "喇": 1, "尹": 1, "康": 1, "安": 1, "白": 1, "沙": 1, "鲁": 1, "徐": 1, "胡": 1,
}
GIVEN_MALE = "建国军明伟强磊勇军杰涛斌鹏辉刚平华文俊峰志宏学成林海龙忠德福祥云飞彦虎国"
GIVEN_FEMALE = "秀英兰芳娟敏静丽霞燕玲婷红梅琴萍花娜雪慧佳蓉琳晶莉艳欣瑞月凤琼倩丹"

# Where the county's teachers were born (first six ID digits), with weights.
BIRTH_REGIONS = {
    REGION_CODE: 74,
    "622901": 4, "622921": 4, "622923": 2, "622924": 3, "622925": 3, "622926": 2, "622927": 2,
    "620102": 2, "620121": 1, "620421": 1, "620502": 1, "621102": 1,
    "640221": 1, "630121": 1, "610402": 1,
}

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = np.array(_WEIGHTS, dtype=np.int64)
_CHECK_CHARS = np.array(list("10X98765432"))


def check_digit(body17: str) -> str:
    """GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(body17, _WEIGHTS))
    return "10X98765432"[total % 11]


def id_is_valid(id_number: str) -> bool:
    s = id_number.strip().upper()
    return len(s) == 18 and s[:17].isdigit() and check_digit(s[:17]) == s[17]


def check_digits(bodies: np.ndarray) -> np.ndarray:
    """Vectorised ``check_digit`` over an (n, 17) array of digits."""
    return _CHECK_CHARS[(bodies.astype(np.int64) @ _ID_WEIGHTS) % 11]


def school_frame(n_schools: int) -> pl.DataFrame:
    """The schools, one row each, in a fixed order.

    The first 39 are the real county's; beyond that (province-sized benchmarks) the same
    39 repeat as further synthetic counties with their own region codes.
    """
    rows = []
    for i in range(n_schools):
        county_no, j = divmod(i, len(SCHOOLS))
        spec = SCHOOLS[j]
        region = REGION_CODE if county_no == 0 else f"{620100 + county_no:06d}"
        prefix = "" if county_no == 0 else f"样本{county_no:03d}县"
        rows.append({
            "school_idx": i,
            "school_code": f"21{region}{j + 1:02d}",
            "school_name": prefix + spec.name,
            "stage": spec.stage,
            "township": prefix + spec.township,
            "urban_rural": spec.urban_rural,
            "is_weak": spec.is_weak,
            "weight": spec.weight,
            "rating_2024": spec.rating_2024,
            "region": region,
        })
    return pl.DataFrame(rows)
