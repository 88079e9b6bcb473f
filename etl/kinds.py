"""One pydantic description per input kind: field names, types, bounds, enums.

These models are the single source of what a row of each kind holds. The loader does not
call them row by row (too slow at a million rows); ``etl.fields`` reads their annotations
and bounds and ``etl.validate`` turns them into vectorised polars checks. Headers and value
labels for each field live in ``etl/aliases.toml``.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from warehouse.codebook import codes

# Code lists come from the one codebook (warehouse/codebook.csv), in its order.
Stage = Literal[codes("stage")]
UrbanRural = Literal[codes("urban_rural")]
Gender = Literal["男", "女"]
DevTier = Literal[codes("dev_tier")]
TrainTier = Literal[codes("train_tier")]
Form = Literal[codes("form")]
Result = Literal[codes("result")]
AwardLevel = Literal[codes("award_level")]
AwardCategory = Literal[codes("award_category")]
Rating = Literal[codes("rating")]

Year = Annotated[int, Field(ge=1990, le=2100)]
Text = Annotated[str, Field(min_length=1, max_length=200)]


Groups = tuple[tuple[str, ...], ...]


def _kind(label: str, *, one_of: Groups = (), keys: tuple[str, ...] = (), identify: Groups = (),
          never_with: tuple[str, ...] = ()) -> ConfigDict:
    """label: the kind's Chinese name; one_of: groups where at least one field is required;
    keys: the fields that identify a row within one file (duplicates are rejected).

    What makes a sheet this kind (``etl.headers.recognise``), declared here as data so a new
    kind is added by declaring it: ``identify`` lists groups of fields, and a sheet is this
    kind when it has a column for at least one field of every group; ``never_with`` lists
    fields (of any kind, matched through their aliases) whose column means the sheet is some
    other list, even if every group is there (a roster has no 项目编号)."""
    return ConfigDict(json_schema_extra={"label": label, "one_of": one_of, "keys": keys,
                                         "identify": identify, "never_with": never_with})


class SchoolRow(BaseModel):
    model_config = _kind("学校名册", keys=("school_code",), identify=(("school_code",), ("school_name",), ("stage",)),
                         never_with=("id_number", "teacher_code", "name", "program_code"))
    school_code: Text
    school_name: Text
    stage: Stage
    township: Optional[Text] = None
    urban_rural: Optional[UrbanRural] = None
    is_weak: Optional[bool] = None


class RosterRow(BaseModel):
    model_config = _kind("教师名册", one_of=(("id_number", "teacher_code"), ("school_code", "school_name")),
                         keys=("year", "id_number", "teacher_code"),
                         identify=(("year",), ("id_number", "teacher_code"), ("school_code", "school_name")),
                         never_with=("program_code", "program_name", "train_tier", "award_name", "rating"))
    year: Year
    id_number: Optional[str] = Field(default=None, json_schema_extra={"id": True})
    teacher_code: Optional[Text] = None
    name: Text
    gender: Optional[Gender] = None
    birth_date: Optional[dt.date] = None
    school_code: Optional[Text] = None
    school_name: Optional[Text] = None
    subject: Optional[Text] = None
    stage: Optional[Stage] = None
    title: Optional[Text] = None
    hire_date: Optional[dt.date] = None
    dev_tier: Optional[DevTier] = None


class ProgramRow(BaseModel):
    model_config = _kind("培训项目", keys=("program_code",), identify=(("program_code",), ("program_name",), ("train_tier",)),
                         never_with=("id_number", "teacher_code", "name"))
    program_code: Text
    program_name: Text
    train_tier: TrainTier
    form: Optional[Form] = None
    theme: Optional[Text] = None
    organizer: Optional[Text] = None
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    year: Optional[Year] = None  # from start_date when absent
    hours: Annotated[float, Field(gt=0, le=2000)]
    credits: Optional[Annotated[float, Field(ge=0, le=1000)]] = None
    planned_seats: Optional[Annotated[int, Field(ge=0, le=1_000_000)]] = None


class ParticipationRow(BaseModel):
    model_config = _kind("参训记录", one_of=(("id_number", "teacher_code"),),
                         keys=("program_code", "id_number", "teacher_code"),
                         identify=(("program_code",), ("id_number", "teacher_code"), ("hours",)),
                         never_with=("award_name",))
    program_code: Text
    id_number: Optional[str] = Field(default=None, json_schema_extra={"id": True})
    teacher_code: Optional[Text] = None
    name: Optional[Text] = None
    hours: Annotated[float, Field(ge=0, le=3000)]  # and ≤ program hours × 1.5, checked on load
    credits: Optional[Annotated[float, Field(ge=0, le=1000)]] = None
    result: Optional[Result] = None
    score: Optional[Annotated[float, Field(ge=0, le=100)]] = None


class NationalTrainingRow(BaseModel):
    """全国教师管理信息系统“教职工国内培训”: one person-time a row, the programme named, not coded
    (found or created by year, name and tier: etl.programs)."""
    model_config = _kind("教职工国内培训", one_of=(("id_number", "teacher_code"),),
                         keys=("year", "program_name", "train_tier", "id_number", "teacher_code"),
                         identify=(("year",), ("program_name",), ("train_tier",), ("id_number", "teacher_code")),
                         never_with=("program_code", "award_name"))
    id_number: Optional[str] = Field(default=None, json_schema_extra={"id": True})
    teacher_code: Optional[Text] = None
    name: Optional[Text] = None
    year: Year
    train_tier: TrainTier
    program_name: Text
    organizer: Optional[Text] = None
    form: Optional[Form] = None
    hours: Annotated[float, Field(ge=0, le=3000)]
    credits: Optional[Annotated[float, Field(ge=0, le=1000)]] = None
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    result: Optional[Result] = None  # the record lists training received: passed when hours were obtained


class AwardRow(BaseModel):
    model_config = _kind("获奖荣誉", one_of=(("id_number", "teacher_code"),),
                         identify=(("award_name",), ("award_level",), ("id_number", "teacher_code")),
                         never_with=("program_code",))
    id_number: Optional[str] = Field(default=None, json_schema_extra={"id": True})
    teacher_code: Optional[Text] = None
    name: Optional[Text] = None
    award_name: Text
    award_level: AwardLevel
    category: Optional[AwardCategory] = Field(default=None, json_schema_extra={"values": "award_category"})
    grade: Optional[Text] = None
    year: Year = Field(json_schema_extra={"year_from_date": True})
    issuer: Optional[Text] = None


class SchoolRatingRow(BaseModel):
    model_config = _kind("学校考核", one_of=(("school_code", "school_name"),),
                         keys=("year", "school_code", "school_name"),
                         identify=(("year",), ("school_code", "school_name"), ("rating",)),
                         never_with=("id_number", "teacher_code", "name"))
    year: Year
    school_code: Optional[Text] = None
    school_name: Optional[Text] = None
    rating: Rating
    score: Optional[Annotated[float, Field(ge=0, le=1000)]] = None


class PlanTargetRow(BaseModel):
    model_config = _kind("年度培训计划", keys=("year", "category"), identify=(("year",), ("category",), ("target",)),
                         never_with=("program_code", "id_number", "teacher_code", "name"))
    year: Year
    category: Text = Field(json_schema_extra={"values": None})
    train_tier: Optional[TrainTier] = None
    target: Annotated[int, Field(gt=0, le=10_000_000)]


Money = Annotated[float, Field(ge=0, le=1e11)]


class TrainingFundsRow(BaseModel):
    """培训经费: amounts in 元, or in 万元 under a header that says so (培训经费支出（万元）)."""
    model_config = _kind("培训经费", one_of=(("school_code", "school_name"), ("training_spend", "training_spend_wan")),
                         keys=("year", "school_code", "school_name"),
                         identify=(("year",), ("school_code", "school_name"), ("training_spend", "training_spend_wan")),
                         never_with=("id_number", "teacher_code", "name", "program_code"))
    year: Year
    school_code: Optional[Text] = None
    school_name: Optional[Text] = None
    # the 万元 columns come first: a header "培训经费支出（万元）" is theirs before the 元 field
    # would take it with its unit stripped
    training_spend_wan: Optional[Money] = None
    public_funds_wan: Optional[Money] = None
    training_spend: Optional[Money] = None
    public_funds: Optional[Money] = None


# Kinds in the order they are applied: what others refer to comes first.
KINDS: dict[str, type[BaseModel]] = {
    "school": SchoolRow,
    "roster": RosterRow,
    "program": ProgramRow,
    "participation": ParticipationRow,
    "national_training": NationalTrainingRow,
    "award": AwardRow,
    "school_rating": SchoolRatingRow,
    "plan_target": PlanTargetRow,
    "training_funds": TrainingFundsRow,
}


# Teacher-level lists that bureaus keep but this system does not load. A sheet that has a column
# of every group (literal headers) and none of ``never_with`` is refused by name, never loaded as
# the nearest kind of ours: a 考核 list carries 年度/身份证号/学校 like a roster, and taking it for
# one would overwrite that year's roster. Add a look-alike here by declaring it.
# A programme or completed-hours column means training records, not a look-alike list.
TRAINING_HEADERS = ("项目编号", "项目代码", "班级编号", "项目名称", "培训项目", "培训名称", "班级名称", "完成学时", "获得学时")
TEACHER_HEADERS = ("身份证号", "身份证件号", "证件号码", "公民身份号码", "身份证号码", "教师编号", "教师ID", "工号",
                   "姓名", "教师姓名")
FOREIGN: dict[str, dict[str, tuple]] = {
    "教职工年度考核结果": {"identify": (TEACHER_HEADERS, ("考核结果", "考核等次", "考核等级", "年度考核结果",
                                                          "年度考核等次", "年度考核", "考核情况")),
                           "never_with": TRAINING_HEADERS},
    "骨干教师认定名单": {"identify": (TEACHER_HEADERS, ("认定类别", "认定级别", "认定时间", "认定年度", "认定年份",
                                                        "认定批次", "骨干类别", "骨干级别", "认定文号", "认定层级")),
                         "never_with": ()},
    "学时汇总表": {"identify": (TEACHER_HEADERS, ("累计学时", "学时合计", "合计学时", "总学时", "年度学时",
                                                  "年度总学时", "已获学时", "学时汇总", "应修学时")),
                   "never_with": TRAINING_HEADERS},
}
