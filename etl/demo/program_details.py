"""What each demo program looks like: its name, hours, form, organiser, dates, credits, seats
and code, per tier (``etl.demo.training`` decides how many programs there are and who attends)."""
from __future__ import annotations

import numpy as np
import polars as pl

TIERS = ("national", "provincial", "municipal", "county", "school")
CODE_PREFIX = {"national": "GP", "provincial": "SP", "municipal": "ZP", "county": "XP", "school": "XB"}
HOURS = {
    "national": (40, 48, 56, 60, 64, 72, 80, 96, 100, 120),
    "provincial": (30, 32, 40, 48, 56, 60, 64, 72, 80),
    "municipal": (24, 32, 36, 40, 48),
    "county": (16, 20, 24, 28, 32),
    "school": (10, 12, 16, 20),
}
FORMS = {
    "national": {"online": 4, "blended": 3, "offline": 2, "shadowing": 2},
    "provincial": {"online": 3, "blended": 3, "offline": 3, "shadowing": 1},
    "municipal": {"offline": 4, "online": 2, "blended": 2, "shadowing": 1},
    "county": {"offline": 6, "online": 2, "blended": 2},
    "school": {"offline": 7, "blended": 2, "online": 1},
}
ORGANIZERS = {
    "national": ("西北师范大学", "兰州城市学院", "天水师范学院", "陕西师范大学", "北京师范大学"),
    "provincial": ("甘肃省教育厅", "甘肃省教育科学研究院", "甘肃省电化教育中心", "兰州文理学院"),
    "municipal": ("临夏州教育局", "临夏州教育科学研究所", "临夏现代职业学院"),
    "county": ("康乐县教育局", "康乐县教师发展中心", "康乐县教研室"),
}
_THEME_NAMES = {
    "信息技术": "中小学教师信息技术应用能力提升工程2.0培训",
    "师德师风": "师德师风建设专题培训",
    "心理健康": "中小学心理健康教育专题培训",
    "班主任": "班主任工作能力提升培训",
    "干部": "中小学校长及管理干部培训",
    "新教师岗前": "新入职教师岗前培训",
}
_PREFIX = {"national": "国培计划（{y}）—甘肃省", "provincial": "甘肃省{y}年",
           "municipal": "临夏州{y}年", "county": "康乐县{y}年"}
_ORDINALS = {i + 1: c for i, c in enumerate("一二三四五六七八九十")}


def choice(rng: np.random.Generator, weights: dict, n: int) -> np.ndarray:
    p = np.array(list(weights.values()), dtype=np.float64)
    return np.array(list(weights), dtype=object)[rng.choice(len(p), n, p=p / p.sum())]


def program_frame(rng, year, spec, sizes, offset, schools, subject_names) -> pl.DataFrame:
    """Names, hours, forms, organisers, dates, credits and seats for one year's programs."""
    n = spec.height
    tier = spec["tier"].to_numpy()
    theme = spec["theme"].to_numpy()
    hours = np.zeros(n)
    form = np.empty(n, dtype=object)
    organizer = np.empty(n, dtype=object)
    for t in TIERS:
        at = np.flatnonzero(tier == t)
        hours[at] = rng.choice(np.array(HOURS[t], dtype=np.float64), len(at))
        form[at] = choice(rng, FORMS[t], len(at))
        if t != "school":
            organizer[at] = np.array(ORGANIZERS[t], dtype=object)[rng.integers(0, len(ORGANIZERS[t]), len(at))]
    hours = np.where(theme == "新教师岗前", 32.0, hours)
    school = tier == "school"
    spring = rng.random(n) < 0.5
    days = np.select(
        [school, form == "online", form == "blended", form == "offline"],
        [rng.integers(20, 60, n), rng.integers(20, 60, n), rng.integers(14, 45, n), np.ceil(hours / 8)],
        np.ceil(hours / 6)).astype(np.int64)
    start = np.where(school, np.where(spring, rng.integers(60, 150, n), rng.integers(245, 300, n)),
                     (40 + rng.random(n) * (300 - days)).astype(np.int64))
    start = np.where(theme == "新教师岗前", rng.integers(228, 240, n), start)   # before the September term
    school_names = schools["school_name"].to_numpy()
    school_idx = spec["school_idx"].fill_null(0).to_numpy() if "school_idx" in spec.columns else np.zeros(n, int)
    organizer = np.where(school, school_names[school_idx], organizer)
    subjects = np.array(subject_names + [""], dtype=object)
    pool = spec["pool"].to_numpy()
    frame = spec.with_columns(
        program_row=pl.int_range(n, dtype=pl.Int64) + offset,
        year=pl.lit(year, dtype=pl.Int32),
        hours=pl.Series(hours), form=pl.Series(form.astype(str)), organizer=pl.Series(organizer.astype(str)),
        participants=pl.Series(sizes, dtype=pl.Int64),
        start_date=pl.date(year, 1, 1) + pl.duration(days=pl.Series(start)),
        days=pl.Series(days),
        subject=pl.Series(subjects[np.where(pool >= 0, pool, len(subject_names))].astype(str)),
        term=pl.Series(np.where(spring, "春季", "秋季")),
        school_name=pl.Series(school_names[school_idx].astype(str)),
        seat_factor=pl.Series(rng.uniform(0.85, 1.2, n)),
    )
    base = (pl.col("tier").replace_strict(_PREFIX, default="").str.replace("{y}", str(year), literal=True)
            + pl.when(pl.col("theme") == "学科教学").then(pl.col("subject") + "教师学科教学能力提升培训")
            .otherwise(pl.col("theme").replace_strict(_THEME_NAMES, default="")))
    school_name = pl.concat_str(pl.col("school_name"), pl.lit(f"{year}年"), pl.col("term"),
                                pl.lit("学期校本研修——"), pl.col("topic"))
    frame = frame.with_columns(name=pl.when(pl.col("tier") == "school").then(school_name).otherwise(base))
    # Later runs of the same course get （第二期）, （第三期）…
    run = pl.int_range(pl.len()).over("name") + 1
    frame = frame.with_columns(
        name=pl.when(pl.len().over("name") > 1)
        .then(pl.concat_str(pl.col("name"), pl.lit("（第"),
                            run.replace_strict(_ORDINALS, default=run.cast(pl.String), return_dtype=pl.String),
                            pl.lit("期）")))
        .otherwise(pl.col("name")),
        end_date=pl.col("start_date") + pl.duration(days=pl.col("days")),
        credits=(pl.col("hours") / 10 * 2).round(0) / 2,
        planned_seats=(pl.col("participants") * pl.col("seat_factor")).round(0).cast(pl.Int64),
    )
    # Codes count up by start date within each tier, like a register would.
    frame = frame.sort(["tier", "start_date", "program_row"]).with_columns(
        program_code=pl.concat_str(
            pl.col("tier").replace_strict(CODE_PREFIX), pl.lit(f"{year}-"),
            (pl.int_range(pl.len()).over("tier") + 1).cast(pl.String).str.zfill(3)),
    ).sort("program_row")
    return frame.select("program_row", "program_code", pl.col("name").alias("program_name"), "year",
                        pl.col("tier").alias("train_tier"), "form", "theme", "organizer", "start_date",
                        "end_date", "hours", "credits", "planned_seats", "participants",
                        pl.col("school_idx").cast(pl.Int64) if "school_idx" in spec.columns
                        else pl.lit(None, dtype=pl.Int64).alias("school_idx"))
