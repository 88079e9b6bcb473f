"""The demo county's teachers, 2021–2025: who they are and where they teach each year.

Starts from the 2021 roster and moves forward a year at a time: teachers retire (women at
55, men at 60) or leave, about 3% move school, the rest climb the development ladder
(新教师 → 合格教师 → 骨干教师 → 名优教师 → 教育家型教师) and the bureau hires new teachers
to reach the next year's roster size. Everything is numpy arrays, so a province-sized run
(600,000 teachers) takes seconds.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from etl.demo import county
from etl.demo.county import (BIRTH_REGIONS, GIVEN_FEMALE, GIVEN_MALE, SUBJECTS_BY_TEACHING_STAGE,
                             SURNAMES, TEACHING_STAGES, TEACHING_STAGES_BY_SCHOOL)

DEV_TIERS = ("new", "qualified", "key", "distinguished", "educationist")
TITLES = ("未定级", "二级教师", "一级教师", "高级教师", "正高级教师")
_FEMALE_SHARE = {"幼儿园": 0.96, "小学": 0.68, "初中": 0.55, "高中": 0.45, "中职": 0.5, "特殊教育": 0.7}
# Which school kinds take a mover, by the teacher's teaching stage.
_MOVE_TARGETS = {
    "幼儿园": ("kindergarten",),
    "小学": ("primary", "nine_year"),
    "初中": ("junior", "nine_year", "complete_secondary"),
    "高中": ("senior", "complete_secondary"),
}
MOVE_RATE = 0.03
ATTRITION = 0.008


SUBJECTS = tuple(dict.fromkeys(s for subj in SUBJECTS_BY_TEACHING_STAGE.values() for s in subj))


def labels(values: tuple[str, ...] | list[str], codes: np.ndarray) -> pl.Series:
    """Text labels for integer codes (building string columns from numpy is slow)."""
    return pl.Series(list(values), dtype=pl.String).gather(np.asarray(codes, dtype=np.int64))


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to ``weights`` that sum to exactly ``total``."""
    w = np.asarray(weights, dtype=np.float64)
    raw = w / w.sum() * total
    out = np.floor(raw).astype(np.int64)
    short = total - int(out.sum())
    if short:
        order = np.argsort(-(raw - out), kind="stable")
        out[order[:short]] += 1
    return out


def _dates(year: np.ndarray, day_of_year: np.ndarray) -> np.ndarray:
    """datetime64[D] for (year, day 0..364)."""
    return (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + day_of_year.astype("timedelta64[D]")


class Population:
    """Growing arrays, one entry per teacher ever employed (index = teacher_idx)."""

    def __init__(self) -> None:
        self.school: list[np.ndarray] = []
        self.cols: dict[str, list[np.ndarray]] = {k: [] for k in (
            "female", "birth", "hire", "stage", "subject", "dev", "title_offset")}

    def add(self, **arrays: np.ndarray) -> None:
        for k, v in arrays.items():
            self.cols[k].append(v)

    def get(self, name: str) -> np.ndarray:
        return np.concatenate(self.cols[name])


def _new_teachers(rng: np.random.Generator, schools: pl.DataFrame, school_idx: np.ndarray,
                  year: int, first_roster: bool) -> dict[str, np.ndarray]:
    """Attributes for teachers joining ``school_idx`` (one entry each) in ``year``."""
    n = len(school_idx)
    school_stage = schools["stage"].to_numpy()[school_idx]
    stage = np.empty(n, dtype=np.int64)
    subject = np.empty(n, dtype=np.int64)
    for kind, shares in TEACHING_STAGES_BY_SCHOOL.items():
        at = np.flatnonzero(school_stage == kind)
        labels = [TEACHING_STAGES.index(s) for s in shares]
        p = np.array(list(shares.values()), dtype=np.float64)
        stage[at] = rng.choice(labels, size=len(at), p=p / p.sum())
    for k, label in enumerate(TEACHING_STAGES):
        at = np.flatnonzero(stage == k)
        subj = SUBJECTS_BY_TEACHING_STAGE[label]
        p = np.array(list(subj.values()), dtype=np.float64)
        codes = np.array([SUBJECTS.index(x) for x in subj])
        subject[at] = codes[rng.choice(len(codes), size=len(at), p=p / p.sum())]
    female_p = np.array([_FEMALE_SHARE[TEACHING_STAGES[k]] for k in stage])
    female = rng.random(n) < female_p
    if first_roster:
        limit = np.where(female, 55, 60)
        age = 22 + np.floor(rng.beta(2.0, 2.1, n) * (limit - 22)).astype(np.int64)
        service = np.clip(age - 22 - rng.integers(0, 4, n), 0, None)
        hire_year = year - service
    else:
        age = rng.integers(22, 28, n)
        hire_year = np.full(n, year)
    birth = _dates(year - age, rng.integers(0, 365, n))
    # Most teachers start on 1 September; some in late August.
    hire_day = np.where(rng.random(n) < 0.8, 243, rng.integers(225, 243, n))
    hire = _dates(hire_year, hire_day)
    if first_roster:
        u = rng.random(n)
        s = year - hire_year
        p_edu = np.where(s >= 20, 0.015, 0.0)
        p_dist = np.where(s >= 12, 0.08, np.where(s >= 8, 0.02, 0.0))
        p_key = np.where(s >= 6, 0.26, np.where(s >= 3, 0.08, 0.0))
        dev = np.where(u < p_edu, 4, np.where(u < p_edu + p_dist, 3, np.where(u < p_edu + p_dist + p_key, 2, 1)))
        dev = np.where(s <= 1, 0, dev)
    else:
        dev = np.zeros(n, dtype=np.int64)
    return {"female": female, "birth": birth, "hire": hire, "stage": stage, "subject": subject,
            "dev": dev.astype(np.int64), "title_offset": rng.integers(-3, 4, n)}


def _titles(service: np.ndarray, dev: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """职称 from years of service and ladder step; 正高级 only for the top two steps."""
    score = service + offset + np.array([0, 0, 3, 6, 10])[dev]
    title = np.select([score < 2, score < 9, score < 24], [0, 1, 2], 3)
    return np.where((title == 3) & (score >= 36) & (dev >= 3), 4, title)


def simulate(rng: np.random.Generator, schools: pl.DataFrame, roster_sizes: dict[int, int],
             n_code_only: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Teachers (one row each) and rosters (one row per year and teacher).

    teachers: teacher_idx, id_number (null for the code-only few), teacher_code, name,
    gender, birth_date, hire_date, subject, teaching_stage.
    roster: year, teacher_idx, school_idx, dev_tier, title.
    """
    years = sorted(roster_sizes)
    weights = schools["weight"].to_numpy().astype(np.float64)
    small = weights < county.SMALL_SCHOOL_WEIGHT
    school_stage = schools["stage"].to_numpy()
    pop = Population()

    first = years[0]
    size0 = largest_remainder(weights, roster_sizes[first])
    school_of = np.repeat(np.arange(len(schools)), size0)
    pop.add(**_new_teachers(rng, schools, school_of, first, first_roster=True))
    current = school_of.copy()                  # school per teacher, -1 when gone
    rosters = []

    for year in years:
        female, birth, hire = pop.get("female"), pop.get("birth"), pop.get("hire")
        stage, dev = pop.get("stage"), pop.get("dev")
        if year != first:
            n = len(current)
            on = current >= 0
            birth_year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
            retire = (year - birth_year) >= np.where(female, 55, 60)
            leave = rng.random(n) < ATTRITION
            current = np.where(on & (retire | leave), -1, current)
            on = current >= 0
            # Moves within the kinds of school that teach the same stage.
            movers = on & (rng.random(n) < MOVE_RATE) & ~small[np.maximum(current, 0)]
            for k, label in enumerate(TEACHING_STAGES):
                kinds = _MOVE_TARGETS.get(label)
                idx = np.flatnonzero(movers & (stage == k))
                if not kinds or not len(idx):
                    continue
                cand = np.flatnonzero(np.isin(school_stage, kinds) & ~small)
                if len(cand) < 2:
                    continue
                dest = rng.choice(cand, size=len(idx), p=weights[cand] / weights[cand].sum())
                same = dest == current[idx]
                # Landing back in one's own school is no move: take the next school instead.
                pos = np.searchsorted(cand, dest[same])
                dest[same] = cand[(pos + 1) % len(cand)]
                current[idx] = dest
            # The ladder: one step at most per year.
            hire_year = hire.astype("datetime64[Y]").astype(np.int64) + 1970
            service = year - hire_year
            u = rng.random(n)
            step = np.select(
                [dev == 0, dev == 1, dev == 2, dev == 3],
                [(service >= 3) | ((service >= 2) & (u < 0.8)),
                 (service >= 5) & (u < 0.04),
                 (service >= 10) & (u < 0.03),
                 u < 0.02],
                False)
            dev = np.where(on & step, dev + 1, dev)
            pop.cols["dev"] = [dev]
            # Hires fill each school back towards its share of this year's roster.
            n_hire = roster_sizes[year] - int(on.sum())
            if n_hire > 0:
                want = largest_remainder(weights, roster_sizes[year])
                have = np.bincount(current[on], minlength=len(schools))
                gap = np.clip(want - have, 0, None) + 0.05 * weights / weights.mean()
                per_school = largest_remainder(gap, n_hire)
                new_school = np.repeat(np.arange(len(schools)), per_school)
                pop.add(**_new_teachers(rng, schools, new_school, year, first_roster=False))
                current = np.concatenate([current, new_school])
            elif n_hire < 0:  # more stayed than the roster holds: the surplus leaves
                drop = rng.choice(np.flatnonzero(on), size=-n_hire, replace=False)
                current[drop] = -1
        on_idx = np.flatnonzero(current >= 0)
        dev = pop.get("dev")
        hire_year = pop.get("hire").astype("datetime64[Y]").astype(np.int64) + 1970
        title = _titles(year - hire_year[on_idx], dev[on_idx], pop.get("title_offset")[on_idx])
        rosters.append(pl.DataFrame({
            "year": np.full(len(on_idx), year, dtype=np.int32),
            "teacher_idx": on_idx.astype(np.int64),
            "school_idx": current[on_idx].astype(np.int64),
            "dev_tier": labels(DEV_TIERS, dev[on_idx]),
            "title": labels(TITLES, title),
        }))

    teachers = _identities(rng, schools, pop, first_school=_first_school(rosters), n_code_only=n_code_only)
    return teachers, pl.concat(rosters)


def _first_school(rosters: list[pl.DataFrame]) -> np.ndarray:
    first = pl.concat(rosters).group_by("teacher_idx").agg(pl.col("school_idx").first()).sort("teacher_idx")
    return first["school_idx"].to_numpy()


def _identities(rng: np.random.Generator, schools: pl.DataFrame, pop: Population,
                first_school: np.ndarray, n_code_only: int) -> pl.DataFrame:
    female = pop.get("female")
    birth = pop.get("birth")
    n = len(female)
    # Birthplace: mostly the county the teacher works in.
    home = schools["region"].to_numpy()[first_school].astype(np.int64)
    regions = np.array([int(r) for r in BIRTH_REGIONS])
    p = np.array(list(BIRTH_REGIONS.values()), dtype=np.float64)
    elsewhere = rng.choice(regions, size=n, p=p / p.sum())
    region = np.where(home == int(county.REGION_CODE), elsewhere,
                      np.where(rng.random(n) < 0.8, home, elsewhere))
    ymd = (birth.astype("datetime64[Y]").astype(np.int64) + 1970) * 10000 + \
          (birth.astype("datetime64[M]").astype(np.int64) % 12 + 1) * 100 + \
          (birth - birth.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    male = (~female).astype(np.int64)
    # 17th digit odd for men, even for women (GB 11643).
    body = region * 10**11 + ymd * 1000 + rng.integers(0, 500, n) * 2 + male
    for _ in range(100):
        _, first = np.unique(body, return_index=True)
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        if not dup.any():
            break
        body[dup] = region[dup] * 10**11 + ymd[dup] * 1000 + rng.integers(0, 500, int(dup.sum())) * 2 + male[dup]
    digits = (body[:, None] // 10 ** np.arange(16, -1, -1)) % 10
    check = county.check_digits(digits)
    id_number = pl.Series(body).cast(pl.String) + pl.Series(check)
    code_only = np.zeros(n, dtype=bool)
    code_only[rng.choice(n, size=min(n_code_only, n), replace=False)] = True
    id_number = pl.select(pl.when(pl.Series(code_only)).then(None).otherwise(id_number)).to_series()

    sp = np.array(list(SURNAMES.values()), dtype=np.float64)
    sur = labels(list(SURNAMES), rng.choice(len(sp), size=n, p=sp / sp.sum()))
    # Given names: one or two characters from the pool for the teacher's sex.
    pool = list(GIVEN_MALE) + list(GIVEN_FEMALE)
    base = np.where(female, len(GIVEN_MALE), 0)
    size = np.where(female, len(GIVEN_FEMALE), len(GIVEN_MALE))
    g1 = labels(pool, base + (rng.random(n) * size).astype(np.int64))
    g2 = labels(pool + [""], np.where(rng.random(n) < 0.3, len(pool), base + (rng.random(n) * size).astype(np.int64)))
    name = sur + g1 + g2

    return pl.DataFrame({
        "teacher_idx": np.arange(n, dtype=np.int64),
        "id_number": id_number,
        "teacher_code": [f"KL{i + 1:07d}" for i in range(n)],
        "name": name,
        "gender": labels(("男", "女"), female.astype(np.int64)),
        "birth_date": birth,
        "hire_date": pop.get("hire"),
        "subject": labels(SUBJECTS, pop.get("subject")),
        "teaching_stage": labels(TEACHING_STAGES, pop.get("stage")),
    }).with_columns(pl.col("birth_date").cast(pl.Date), pl.col("hire_date").cast(pl.Date))

