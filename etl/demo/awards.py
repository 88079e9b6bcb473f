"""The demo county's awards and honours (获奖荣誉) and its yearly school ratings (学校考核).

Award counts per year and level are ``targets.AWARDS``, met exactly. Winners are drawn
from that year's roster, weighted towards the higher ladder steps, and no teacher gets
the same award (name, year, level, grade) twice: the warehouse keys an award on those.
The 2024 ratings are the seed report's; other years are a plausible mix.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from etl.demo.people import DEV_TIERS, labels

LEVELS = ("national", "provincial", "municipal", "county", "school")
CATEGORIES = ("honour", "contest", "paper", "research", "coaching")
_CATEGORY_P = (0.3, 0.35, 0.15, 0.1, 0.1)
_DEV_WEIGHT = {"national": (0.1, 0.5, 3, 8, 15), "provincial": (0.1, 0.6, 3, 6, 8),
               "municipal": (0.2, 0.8, 2.5, 4, 4), "county": (0.4, 1.0, 2.0, 2.5, 2.5),
               "school": (1.0, 1.0, 1.0, 1.0, 1.0)}
_PREFIX = {"national": "全国", "provincial": "甘肃省", "municipal": "临夏州", "county": "康乐县"}
_HONOURS = {
    "national": ("全国优秀教师", "全国模范教师"),
    "provincial": ("甘肃省园丁奖", "甘肃省优秀教师", "甘肃省骨干教师", "甘肃省师德标兵"),
    "municipal": ("临夏州优秀教师", "临夏州骨干教师", "临夏州优秀班主任", "临夏州师德标兵", "临夏州教学能手"),
    "county": ("康乐县优秀教师", "康乐县优秀班主任", "康乐县师德先进个人", "康乐县教学能手", "康乐县骨干教师"),
    "school": ("校级优秀教师", "校级优秀班主任", "校级师德标兵"),
}
_CONTESTS = ("优质课竞赛", "课堂教学大赛", "青年教师基本功大赛", "教学设计评比")
_ACTIVITIES = ("书法比赛", "作文大赛", "科技创新大赛", "运动会", "艺术展演", "英语演讲比赛")
_GRADES = ("特等奖", "一等奖", "二等奖", "三等奖")
_GRADE_P = (0.04, 0.26, 0.35, 0.35)
_ISSUERS = {"national": ("教育部",),
            "provincial": ("甘肃省教育厅", "甘肃省人力资源和社会保障厅", "甘肃省教育科学研究院"),
            "municipal": ("临夏州教育局", "临夏州教育科学研究所"),
            "county": ("康乐县教育局", "康乐县人民政府")}


def simulate(rng: np.random.Generator, schools: pl.DataFrame, teachers: pl.DataFrame,
             roster: pl.DataFrame, counts: dict[int, dict[str, int]]) -> pl.DataFrame:
    """One row per award: year, teacher_idx, award_name, award_level, category, grade, date, issuer."""
    subject = teachers["subject"]
    school_names = schools["school_name"]
    out = []
    for year in sorted(counts):
        r = roster.filter(pl.col("year") == year)
        t_idx = r["teacher_idx"].to_numpy()
        s_idx = r["school_idx"].to_numpy()
        dev = r["dev_tier"].replace_strict({t: i for i, t in enumerate(DEV_TIERS)}, return_dtype=pl.Int64).to_numpy()
        for level in LEVELS:
            n = counts[year].get(level, 0)
            if not n:
                continue
            w = np.array(_DEV_WEIGHT[level])[dev]
            frame = _draw(rng, year, level, n, t_idx, s_idx, w / w.sum(), subject, school_names)
            for _ in range(50):   # the same award twice for one teacher: draw those rows again
                dup = frame.select(pl.struct("teacher_idx", "award_name", "grade").is_duplicated()).to_series()
                if not dup.any():
                    break
                keep = frame.filter(~dup | pl.struct("teacher_idx", "award_name", "grade").is_first_distinct())
                frame = pl.concat([keep, _draw(rng, year, level, n - keep.height, t_idx, s_idx,
                                               w / w.sum(), subject, school_names)])
            else:
                raise ValueError("could not draw distinct awards")
            out.append(frame)
    return pl.concat(out)


def _draw(rng, year, level, n, t_idx, s_idx, p, subject, school_names) -> pl.DataFrame:
    pick = rng.choice(len(t_idx), n, p=p)
    honours = _HONOURS[level]
    issuers = _ISSUERS.get(level, ("",))
    prefix = _PREFIX.get(level, "")
    frame = pl.DataFrame({
        "category": labels(CATEGORIES, rng.choice(len(CATEGORIES), n, p=_CATEGORY_P)),
        "subject": subject.gather(t_idx[pick]),
        "school": school_names.gather(s_idx[pick]),
        "honour": labels(honours, rng.integers(0, len(honours), n)),
        "contest": labels(_CONTESTS, rng.integers(0, len(_CONTESTS), n)),
        "activity": labels(_ACTIVITIES, rng.integers(0, len(_ACTIVITIES), n)),
        "grade": labels(_GRADES, rng.choice(len(_GRADES), n, p=_GRADE_P)),
        "issuer": labels(issuers, rng.integers(0, len(issuers), n)),
        "day": rng.integers(0, 365, n),
    })
    c = pl.col("category")
    # School-level awards carry the school's name where the others carry a region's.
    where = pl.col("school") if level == "school" else pl.lit(prefix)
    name = (pl.when(c == "honour").then(pl.col("honour") if level != "school" else pl.col("school") + pl.col("honour"))
            .when(c == "contest").then(pl.concat_str(where, pl.lit(f"{year}年中小学"), pl.col("subject"), pl.col("contest")))
            .when(c == "paper").then(pl.concat_str(where, pl.lit(f"{year}年基础教育优秀论文评选")))
            .when(c == "research").then(pl.concat_str(where, pl.lit(f"{year}年度教育科学规划课题成果评选")))
            .otherwise(pl.concat_str(pl.lit("指导学生获"), where, pl.lit(f"{year}年中小学生"), pl.col("activity"),
                                     pl.lit("奖项"))))
    return frame.select(
        year=pl.lit(year, dtype=pl.Int32),
        teacher_idx=pl.Series(t_idx[pick].astype(np.int64)),
        award_name=name,
        award_level=pl.lit(level),
        category=c,
        grade=pl.when(c == "honour").then(None).otherwise(pl.col("grade")),
        award_date=pl.date(year, 1, 1) + pl.duration(days=pl.col("day")),
        issuer=pl.col("school") if level == "school" else pl.col("issuer"),
    )


_RATING_SCORE = {"excellent": (90, 98), "good": (80, 89), "pass": (65, 79), "fail": (50, 64)}


def ratings(rng: np.random.Generator, schools: pl.DataFrame, years: tuple[int, ...]) -> pl.DataFrame:
    """学校考核 for every school and year; 2024 exactly as the seed report."""
    ratings_2024 = schools["rating_2024"].to_numpy()
    weak = schools["is_weak"].to_numpy()
    weights = schools["weight"].to_numpy()
    rows = []
    for year in years:
        if year == 2024:
            r = ratings_2024
        else:
            u = rng.random(schools.height)
            lean = 0.05 * (year - 2021)   # ratings improve a little over the years
            r = np.where(ratings_2024 == "excellent",
                         np.where(u < 0.55 + lean, "excellent", np.where(u < 0.95, "good", "pass")),
                         np.where(u < 0.05, "excellent", np.where(u < 0.4 + lean, "good", "pass")))
            # The odd failing school: a weak one now and then, and in 2021 the smallest weak one.
            fail = weak & (rng.random(schools.height) < 0.08)
            if year == 2021 and weak.any():
                fail[np.flatnonzero(weak)[np.argmin(weights[weak])]] = True
            r = np.where(fail, "fail", r)
        lo = np.array([_RATING_SCORE[x][0] for x in r])
        hi = np.array([_RATING_SCORE[x][1] for x in r])
        score = lo + np.round(rng.random(schools.height) * (hi - lo), 1)
        rows.append(pl.DataFrame({"year": np.full(schools.height, year, dtype=np.int32),
                                  "school_idx": np.arange(schools.height), "rating": r, "score": score}))
    return pl.concat(rows)
