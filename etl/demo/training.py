"""The demo county's training: programs at five tiers and who took part, 2021–2025.

Each year a share of the roster (``targets.TRAINED_SHARE``, lower for rural schools) is
drawn into training. Every one of them joins at least one school-based program of their
own school; the rest of each tier's person-times (``targets.PERSON_TIMES``, met exactly)
go to teachers drawn with weights that favour town schools and, for the national and
provincial tiers, the higher ladder steps. Subject programs draw from that subject's
teachers; the county's 新教师岗前 program takes that year's new hires.

Vectorised throughout (numpy per tier, polars for names), so a province-sized year with
millions of participations takes seconds.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from etl.demo.people import DEV_TIERS, labels, largest_remainder
from etl.demo.program_details import TIERS, choice, program_frame

THEMES = {
    "national": {"学科教学": 5, "信息技术": 2, "师德师风": 1, "心理健康": 1, "班主任": 1, "干部": 2},
    "provincial": {"学科教学": 6, "信息技术": 2, "师德师风": 1, "心理健康": 2, "班主任": 2, "干部": 2},
    "municipal": {"学科教学": 5, "信息技术": 2, "师德师风": 2, "心理健康": 2, "班主任": 2, "干部": 1},
    "county": {"学科教学": 6, "信息技术": 2, "师德师风": 3, "心理健康": 2, "班主任": 2, "干部": 1},
}
_SCHOOL_TOPICS = {  # school-based research topic -> theme
    "集体备课与听评课": "学科教学", "大单元教学设计": "学科教学", "作业设计与管理": "学科教学",
    "课堂教学改革": "学科教学", "小课题研究": "学科教学", "师德师风学习": "师德师风",
    "信息技术与学科融合": "信息技术", "学生心理健康辅导": "心理健康", "班主任经验交流": "班主任",
}
# Teacher weights: ladder step (new..educationist) and school setting.
_DEV_WEIGHT = {
    "national": (0.3, 1.0, 2.2, 3.0, 3.0), "provincial": (0.5, 1.0, 1.8, 2.2, 2.2),
    "municipal": (0.7, 1.0, 1.4, 1.6, 1.6), "county": (1.0, 1.0, 1.1, 1.1, 1.0),
    "school": (1.2, 1.0, 1.0, 0.9, 0.8),
}
_URBAN_WEIGHT = {"urban": 1.15, "town": 1.05, "rural": 0.8}
_TRAINED_WEIGHT = {"urban": 1.06, "town": 1.02, "rural": 0.9}
_KEY = np.int64(1) << 32        # pair key = program_row * 2**32 + roster position
_ALL, _NEW = -1, -2             # pools that are not one subject
RESULTS = ("优秀", "良好", "合格", "不合格", "未完成", "退训")


def simulate(rng: np.random.Generator, schools: pl.DataFrame, teachers: pl.DataFrame,
             roster: pl.DataFrame, person_times: dict[int, dict[str, int]],
             trained_share: dict[int, float], pass_rate: dict[int, float],
             program_size: dict[str, float]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Programs (one row each) and participation rows (one per program and teacher).

    ``program_size`` is the average number of participants per program of each tier.
    """
    subjects = teachers["subject"].unique().sort()
    subject_code = teachers["subject"].replace_strict(
        {s: i for i, s in enumerate(subjects)}, return_dtype=pl.Int64).to_numpy()
    hire_year = teachers["hire_date"].dt.year().to_numpy()
    programs, rows = [], []
    offset = 0
    for year in sorted(person_times):
        r = roster.filter(pl.col("year") == year)
        prog, part = _year(rng, year, schools, r, subject_code[r["teacher_idx"].to_numpy()],
                           hire_year[r["teacher_idx"].to_numpy()] == year, subjects.to_list(),
                           person_times[year], trained_share[year], program_size, offset)
        offset += prog.height
        programs.append(prog)
        rows.append(_results(rng, part, prog, pass_rate[year]))
    return pl.concat(programs), pl.concat(rows)


def _year(rng, year, schools, roster, subject, hired, subject_names, tier_rows, share, program_size, offset):
    urban = schools["urban_rural"].to_numpy()
    school_idx = roster["school_idx"].to_numpy()
    teacher_idx = roster["teacher_idx"].to_numpy()
    dev = roster["dev_tier"].replace_strict({t: i for i, t in enumerate(DEV_TIERS)}, return_dtype=pl.Int64).to_numpy()
    setting = urban[school_idx]
    g = np.array([_TRAINED_WEIGHT[u] for u in urban])[school_idx]
    trained = rng.random(len(g)) < np.minimum(0.995, share * g / g.mean())
    urban_w = np.array([_URBAN_WEIGHT[u] for u in urban])[school_idx]

    specs: list[pl.DataFrame] = []
    pairs: list[np.ndarray] = []
    n_progs = 0
    for tier in TIERS[:-1]:
        R = tier_rows[tier]
        if R <= 0:
            continue
        spec = _tier_programs(rng, tier, R, max(1, round(R / program_size[tier])), trained, hired, subject)
        w = np.array(_DEV_WEIGHT[tier])[dev] * urban_w
        rows = offset + n_progs + np.arange(spec.height)
        pool_of = spec["pool"].to_numpy()
        sizes = spec["size"].to_numpy().astype(np.float64)
        for pool_key in np.unique(pool_of):
            members = pool_of == pool_key
            if pool_key == _ALL:
                pool = trained
            elif pool_key == _NEW:
                pool = trained & hired
            else:
                pool = trained & (subject == pool_key)
            at = np.flatnonzero(pool)
            pairs.append(_sample_pairs(rng, rows[members], sizes[members], at, w[at], int(sizes[members].sum())))
        specs.append(spec)
        n_progs += spec.height
    school_spec, school_pairs = _school_tier(rng, schools, school_idx, trained, dev,
                                             tier_rows["school"], offset + n_progs)
    specs.append(school_spec)
    pairs.append(school_pairs)
    keys = np.concatenate(pairs)
    prog_row = (keys // _KEY).astype(np.int64)
    pos = (keys % _KEY).astype(np.int64)           # position in this year's roster
    part = pl.DataFrame({"prog_row": prog_row, "teacher_idx": teacher_idx[pos], "rural": setting[pos] == "rural"})
    spec = pl.concat(specs, how="diagonal_relaxed")
    sizes = np.bincount(prog_row - offset, minlength=spec.height)
    return program_frame(rng, year, spec, sizes, offset, schools, subject_names), part


def _tier_programs(rng, tier, R, K, trained, hired, subject) -> pl.DataFrame:
    """One non-school tier's programs: theme, pool (_ALL, _NEW or a subject code), size."""
    parts = []
    if tier == "county":
        n_new = int((trained & hired).sum())
        if n_new >= 5 and K > 1:
            size = min(round(n_new * 0.9), R // 4)
            parts.append(pl.DataFrame({"theme": ["新教师岗前"], "pool": [_NEW], "size": [size]}))
            R, K = R - size, K - 1
    sizes = largest_remainder(rng.gamma(4.0, size=K), R)
    theme = choice(rng, THEMES[tier], K)
    # A subject program takes one subject with at least twice its size in trained teachers,
    # chosen in proportion to how many teach it.
    codes, counts = np.unique(subject[trained], return_counts=True)
    order = np.argsort(-counts, kind="stable")
    codes, counts = codes[order], counts[order]
    fits = np.searchsorted(-counts, -2 * sizes, side="right")   # how many of the largest fit
    cum = np.cumsum(counts)
    u = rng.random(K)
    pick = np.searchsorted(cum, u * cum[np.maximum(fits - 1, 0)], side="right")
    is_subject = (theme == "学科教学") & (fits > 0)
    theme = np.where((theme == "学科教学") & (fits == 0), "信息技术", theme)
    pool = np.where(is_subject, codes[np.minimum(pick, len(codes) - 1)], _ALL)
    parts.append(pl.DataFrame({"theme": theme.astype(str), "pool": pool.astype(np.int64), "size": sizes}))
    return pl.concat(parts, how="vertical_relaxed").with_columns(tier=pl.lit(tier))


def _sample_pairs(rng, prog_rows, sizes, pool_at, weights, n) -> np.ndarray:
    """Exactly ``n`` distinct (program, roster position) keys, programs drawn by size."""
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if len(pool_at) == 0:
        raise ValueError("no teachers to draw from")
    p_prog = sizes / sizes.sum()
    p_t = weights / weights.sum()

    def draw(m):
        return prog_rows[rng.choice(len(prog_rows), m, p=p_prog)] * _KEY + pool_at[rng.choice(len(pool_at), m, p=p_t)]

    def everything():
        return (prog_rows[:, None] * _KEY + pool_at[None, :]).ravel()

    return _distinct(rng, draw, everything, n, np.empty(0, dtype=np.int64))


def _distinct(rng, draw, everything, n, have) -> np.ndarray:
    """``have`` topped up with distinct keys from ``draw`` until there are ``n`` (order kept)."""
    for _ in range(40):
        need = n - len(have)
        if need <= 0:
            break
        keys = np.concatenate([have, draw(int(need * 1.25) + 16)])
        first = pl.Series(keys).is_first_distinct().to_numpy()   # hashing: no sort of millions
        have = keys[first][:n]
    need = n - len(have)
    if need > 0:   # nearly full programs: pick from what is left
        rest = np.setdiff1d(everything(), have)
        if len(rest) < need:
            raise ValueError(f"cannot place {n} distinct participations")
        have = np.concatenate([have, rng.choice(rest, need, replace=False)])
    return have


def _school_tier(rng, schools, school_idx, trained, dev, R, first_row):
    """School-based programs: each school runs 4–9; each trained teacher joins at least one."""
    at = np.flatnonzero(trained)
    per_school = np.bincount(school_idx[at], minlength=schools.height)
    k = np.where(per_school > 0, np.clip(4 + per_school // 40, 4, 9), 0)
    prog_start = first_row + np.concatenate([[0], np.cumsum(k)[:-1]])
    if R < len(at):
        raise ValueError("fewer school-based rows than trained teachers")
    own_k = k[school_idx[at]]
    own_start = prog_start[school_idx[at]]
    mandatory = (own_start + np.floor(rng.random(len(at)) * own_k).astype(np.int64)) * _KEY + at
    w = np.array(_DEV_WEIGHT["school"])[dev[at]]
    p = w / w.sum()

    def draw(m):
        j = rng.choice(len(at), m, p=p)
        return (own_start[j] + np.floor(rng.random(m) * own_k[j]).astype(np.int64)) * _KEY + at[j]

    def everything():
        rep = np.repeat(np.arange(len(at)), own_k)
        step = np.arange(len(rep)) - np.repeat(np.cumsum(own_k) - own_k, own_k)
        return (own_start[rep] + step) * _KEY + at[rep]

    keys = _distinct(rng, draw, everything, R, mandatory)
    topics = list(_SCHOOL_TOPICS)
    n = int(k.sum())
    topic = np.array(topics, dtype=object)[rng.integers(0, len(topics), n)]
    spec = pl.DataFrame({
        "topic": topic.astype(str),
        "theme": [_SCHOOL_TOPICS[t] for t in topic],
        "school_idx": np.repeat(np.arange(schools.height), k),
        "pool": np.full(n, _ALL), "size": np.zeros(n, dtype=np.int64),
    }).with_columns(tier=pl.lit("school"))
    return spec, keys


def _results(rng, part: pl.DataFrame, prog: pl.DataFrame, pass_rate: float) -> pl.DataFrame:
    """考核结果, 完成学时, 获得学分 and 成绩 for each participation row."""
    part = part.join(prog.select("program_row", "program_code", "year", "train_tier", "hours", "credits"),
                     left_on="prog_row", right_on="program_row", how="left").sort("prog_row", "teacher_idx")
    n = part.height
    u = rng.random(n)
    p_pass = np.where(part["rural"].to_numpy(), pass_rate - 0.02, pass_rate + 0.005)
    passed = u < p_pass
    v = rng.random(n)
    # 0 优秀, 1 良好, 2 合格 (passed); 3 不合格 (failed); 4 未完成, 5 退训 (incomplete)
    label = np.where(passed, np.where(v < 0.15, 0, np.where(v < 0.32, 1, 2)),
                     np.where(v < 0.5, 3, np.where(v < 0.8, 4, 5)))
    lo = np.array([90, 80, 60, 20, 0, 0])[label]
    hi = np.array([100, 89, 79, 59, 0, 0])[label]
    score = np.where(lo > 0, lo + np.floor(rng.random(n) * (hi - lo + 1)), np.nan)
    full = part["hours"].to_numpy()
    share = np.select(
        [passed, label == 3, label == 4],
        [np.where(rng.random(n) < 0.85, 1.0, rng.uniform(0.8, 1.0, n)),
         rng.uniform(0.4, 0.95, n), rng.uniform(0.1, 0.7, n)],
        rng.uniform(0.0, 0.3, n))
    hours = np.round(full * share * 2) / 2
    credits = np.where(passed, part["credits"].to_numpy(), 0.0)
    return part.select("program_code", "year", "teacher_idx", "train_tier").with_columns(
        hours=pl.Series(hours), credits=pl.Series(credits), result=labels(RESULTS, label),
        score=pl.Series(score).fill_nan(None))


def plan_targets(rng: np.random.Generator, participation: pl.DataFrame) -> pl.DataFrame:
    """年度培训计划: one target per year and tier, near what was then achieved."""
    names = {"national": "国培计划—乡村教师能力提升", "provincial": "省级骨干教师及学科教师培训",
             "municipal": "州级专题培训", "county": "县级全员培训", "school": "校本研修"}
    done = (participation.group_by("year", "train_tier").len()
            .with_columns(order=pl.col("train_tier").replace_strict({t: i for i, t in enumerate(TIERS)},
                                                                    return_dtype=pl.Int32))
            .sort("year", "order"))
    factor = rng.uniform(0.9, 1.1, done.height)
    return done.select(
        "year",
        category=pl.col("train_tier").replace_strict(names),
        train_tier="train_tier",
        target=pl.max_horizontal((pl.col("len") * pl.Series(factor) / 10).round(0) * 10, pl.lit(10)).cast(pl.Int64),
    )
