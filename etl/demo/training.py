"""The demo county's training: programs at five tiers and who took part, 2021–2025.

Each year a share of the roster (``targets.TRAINED_SHARE``, lower for rural schools) is
drawn into training. Every one of them joins at least one school-based program of their
own school; the rest of each tier's person-times (``targets.PERSON_TIMES``, met exactly)
go to teachers drawn with weights that favour town schools and the higher ladder steps
for the national and provincial tiers. Subject programs draw from that subject's
teachers; the county's 新教师岗前 program takes that year's new hires.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from etl.demo.people import DEV_TIERS, largest_remainder

TIERS = ("national", "provincial", "municipal", "county", "school")
CODE_PREFIX = {"national": "GP", "provincial": "SP", "municipal": "ZP", "county": "XP", "school": "XB"}
HOURS = {
    "national": (40, 48, 56, 60, 64, 72, 80, 96, 100, 120),
    "provincial": (30, 32, 40, 48, 56, 60, 64, 72, 80),
    "municipal": (24, 32, 36, 40, 48),
    "county": (12, 16, 20, 24, 28, 32),
    "school": (6, 8, 10, 12, 16, 20),
}
FORMS = {
    "national": {"online": 4, "blended": 3, "offline": 2, "shadowing": 2},
    "provincial": {"online": 3, "blended": 3, "offline": 3, "shadowing": 1},
    "municipal": {"offline": 4, "online": 2, "blended": 2, "shadowing": 1},
    "county": {"offline": 6, "online": 2, "blended": 2},
    "school": {"offline": 7, "blended": 2, "online": 1},
}
THEMES = {
    "national": {"学科教学": 5, "信息技术": 2, "师德师风": 1, "心理健康": 1, "班主任": 1, "干部": 2},
    "provincial": {"学科教学": 6, "信息技术": 2, "师德师风": 1, "心理健康": 2, "班主任": 2, "干部": 2},
    "municipal": {"学科教学": 5, "信息技术": 2, "师德师风": 2, "心理健康": 2, "班主任": 2, "干部": 1},
    "county": {"学科教学": 6, "信息技术": 2, "师德师风": 3, "心理健康": 2, "班主任": 2, "干部": 1},
}
ORGANIZERS = {
    "national": ("西北师范大学", "兰州城市学院", "天水师范学院", "陕西师范大学", "北京师范大学"),
    "provincial": ("甘肃省教育厅", "甘肃省教育科学研究院", "甘肃省电化教育中心", "兰州文理学院"),
    "municipal": ("临夏州教育局", "临夏州教育科学研究所", "临夏现代职业学院"),
    "county": ("康乐县教育局", "康乐县教师发展中心", "康乐县教研室"),
}
_THEME_NAMES = {
    "学科教学": "{subject}教师学科教学能力提升培训",
    "信息技术": "中小学教师信息技术应用能力提升工程2.0培训",
    "师德师风": "师德师风建设专题培训",
    "心理健康": "中小学心理健康教育专题培训",
    "班主任": "班主任工作能力提升培训",
    "干部": "中小学校长及管理干部培训",
    "新教师岗前": "新入职教师岗前培训",
}
_PREFIX = {"national": "国培计划（{y}）—甘肃省", "provincial": "甘肃省{y}年",
           "municipal": "临夏州{y}年", "county": "康乐县{y}年"}
_SCHOOL_TOPICS = {  # school-based research topic -> theme
    "集体备课与听评课": "学科教学", "大单元教学设计": "学科教学", "作业设计与管理": "学科教学",
    "课堂教学改革": "学科教学", "小课题研究": "学科教学", "师德师风学习": "师德师风",
    "信息技术与学科融合": "信息技术", "学生心理健康辅导": "心理健康", "班主任经验交流": "班主任",
}
_ORDINALS = "一二三四五六七八九十"
# Teacher weights: ladder step (new..educationist) and school setting (urban, town, rural).
_DEV_WEIGHT = {
    "national": (0.3, 1.0, 2.2, 3.0, 3.0), "provincial": (0.5, 1.0, 1.8, 2.2, 2.2),
    "municipal": (0.7, 1.0, 1.4, 1.6, 1.6), "county": (1.0, 1.0, 1.1, 1.1, 1.0),
    "school": (1.2, 1.0, 1.0, 0.9, 0.8),
}
_URBAN_WEIGHT = {"urban": 1.15, "town": 1.05, "rural": 0.8}
_TRAINED_WEIGHT = {"urban": 1.06, "town": 1.02, "rural": 0.9}
_KEY = np.int64(1) << 32   # pair key = program_row * 2**32 + teacher_idx


def simulate(rng: np.random.Generator, schools: pl.DataFrame, teachers: pl.DataFrame,
             roster: pl.DataFrame, person_times: dict[int, dict[str, int]],
             trained_share: dict[int, float], pass_rate: dict[int, float],
             program_size: dict[str, float]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Programs (one row each) and participation rows (one per program and teacher).

    ``program_size`` is the average number of participants per program of each tier.
    """
    programs, rows = [], []
    offset = 0
    for year in sorted(person_times):
        prog, part = _year(rng, year, schools, teachers, roster.filter(pl.col("year") == year),
                           person_times[year], trained_share[year], program_size, offset)
        offset += prog.height
        programs.append(prog)
        rows.append(_results(rng, part, prog, pass_rate[year]))
    return pl.concat(programs), pl.concat(rows)


def _year(rng, year, schools, teachers, roster, tier_rows, share, program_size, offset):
    urban = schools["urban_rural"].to_numpy()
    school_idx = roster["school_idx"].to_numpy()
    teacher_idx = roster["teacher_idx"].to_numpy()
    dev = roster["dev_tier"].replace_strict({t: i for i, t in enumerate(DEV_TIERS)}, return_dtype=pl.Int64).to_numpy()
    setting = urban[school_idx]
    g = np.array([_TRAINED_WEIGHT[u] for u in urban])[school_idx]
    trained = rng.random(len(g)) < np.minimum(0.995, share * g / g.mean())
    subject = teachers["subject"].to_numpy()[teacher_idx]
    hired = teachers["hire_date"].dt.year().to_numpy()[teacher_idx] == year
    urban_w = np.array([_URBAN_WEIGHT[u] for u in urban])[school_idx]

    progs: list[dict] = []
    pairs: list[np.ndarray] = []
    for tier in TIERS[:-1]:
        R = tier_rows[tier]
        if R <= 0:
            continue
        w = np.array(_DEV_WEIGHT[tier])[dev] * urban_w
        K = max(1, round(R / program_size[tier]))
        specs = _tier_programs(rng, year, tier, R, K, trained, hired, subject)
        first = offset + len(progs)
        progs.extend(specs)
        for pool_key in dict.fromkeys(s["pool"] for s in specs):
            members = [i for i, s in enumerate(specs) if s["pool"] == pool_key]
            sizes = np.array([specs[i]["size"] for i in members], dtype=np.float64)
            if pool_key is None:
                pool = trained
            elif pool_key == "new":
                pool = trained & hired
            else:
                pool = trained & (subject == pool_key)
            pool_at = np.flatnonzero(pool)
            pairs.append(_sample_pairs(rng, np.array(members) + first, sizes, pool_at, w[pool_at],
                                       int(sizes.sum())))
    school_progs, school_pairs = _school_tier(rng, year, schools, school_idx, trained, dev,
                                              tier_rows["school"], offset + len(progs))
    progs.extend(school_progs)
    pairs.append(school_pairs)
    keys = np.concatenate(pairs)
    prog_row = (keys // _KEY).astype(np.int64)
    pos = (keys % _KEY).astype(np.int64)           # position in this year's roster
    part = pl.DataFrame({"prog_row": prog_row, "teacher_idx": teacher_idx[pos],
                         "rural": setting[pos] == "rural"})
    sizes = np.bincount(prog_row - offset, minlength=len(progs))
    return _program_frame(rng, year, progs, sizes, offset, schools), part


def _tier_programs(rng, year, tier, R, K, trained, hired, subject) -> list[dict]:
    """Program specs for one non-school tier: theme, pool (None / 'new' / a subject), size."""
    specs: list[dict] = []
    if tier == "county":
        n_new = int((trained & hired).sum())
        if n_new >= 5 and K > 1:
            size = min(round(n_new * 0.9), R // 4)
            specs.append({"tier": tier, "theme": "新教师岗前", "pool": "new", "subject": None, "size": size})
            R -= size
            K -= 1
    sizes = largest_remainder(rng.gamma(4.0, size=K), R)
    themes = list(THEMES[tier])
    tw = np.array(list(THEMES[tier].values()), dtype=np.float64)
    subjects, counts = np.unique(subject[trained], return_counts=True)
    for size in sizes:
        theme = themes[rng.choice(len(themes), p=tw / tw.sum())]
        subj = None
        if theme == "学科教学":
            fits = counts >= 2 * size
            if fits.any():
                subj = str(rng.choice(subjects[fits], p=counts[fits] / counts[fits].sum()))
            else:
                theme = "信息技术"
        specs.append({"tier": tier, "theme": theme, "pool": subj, "subject": subj, "size": int(size)})
    return specs


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
    """Top ``have`` up with distinct keys from ``draw`` until there are ``n``."""
    for _ in range(40):
        need = n - len(have)
        if need <= 0:
            break
        keys = draw(int(need * 1.2) + 16)
        _, first = np.unique(keys, return_index=True)
        keys = keys[np.sort(first)]
        keys = keys[~np.isin(keys, have)]
        have = np.concatenate([have, keys[:need]])
    need = n - len(have)
    if need > 0:   # nearly full programs: pick from what is left
        rest = np.setdiff1d(everything(), have)
        if len(rest) < need:
            raise ValueError(f"cannot place {n} distinct participations")
        have = np.concatenate([have, rng.choice(rest, need, replace=False)])
    return have


def _school_tier(rng, year, schools, school_idx, trained, dev, R, first_row):
    """School-based programs: each school runs 4–9; each trained teacher joins at least one."""
    n_schools = schools.height
    at = np.flatnonzero(trained)
    per_school = np.bincount(school_idx[at], minlength=n_schools)
    k = np.clip(4 + per_school // 40, 4, 9)
    k = np.where(per_school > 0, k, 0)
    prog_start = first_row + np.concatenate([[0], np.cumsum(k)[:-1]])
    if R < len(at):
        raise ValueError("fewer school-based rows than trained teachers")
    own_k = k[school_idx[at]]
    own_start = prog_start[school_idx[at]]
    mandatory = (own_start + rng.integers(0, own_k)) * _KEY + at
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
    progs = []
    for s in np.flatnonzero(k):
        for topic in rng.choice(len(topics), size=int(k[s]), replace=int(k[s]) > len(topics)):
            progs.append({"tier": "school", "theme": _SCHOOL_TOPICS[topics[topic]], "topic": topics[topic],
                          "school_idx": int(s), "pool": None, "subject": None, "size": 0})
    return progs, keys


def _program_frame(rng, year, specs, sizes, offset, schools) -> pl.DataFrame:
    """Names, hours, forms, organisers, dates, credits and seats for one year's programs."""
    school_names = schools["school_name"].to_list()
    rows = []
    seen: dict[str, int] = {}
    for i, spec in enumerate(specs):
        tier = spec["tier"]
        hours = int(rng.choice(HOURS[tier]))
        if spec["theme"] == "新教师岗前":
            hours = 32
        forms = list(FORMS[tier])
        fw = np.array(list(FORMS[tier].values()), dtype=np.float64)
        form = forms[rng.choice(len(forms), p=fw / fw.sum())]
        if tier == "school":
            school = school_names[spec["school_idx"]]
            term = "春季" if rng.random() < 0.5 else "秋季"
            name = f"{school}{year}年{term}学期校本研修——{spec['topic']}"
            organizer = school
            start = int(rng.integers(60, 150)) if term == "春季" else int(rng.integers(245, 300))
            days = int(rng.integers(20, 60))
        else:
            base = _PREFIX[tier].format(y=year) + _THEME_NAMES[spec["theme"]].format(subject=spec["subject"] or "")
            organizer = str(rng.choice(ORGANIZERS[tier]))
            days = {"online": int(rng.integers(20, 60)), "blended": int(rng.integers(14, 45)),
                    "offline": -(-hours // 8), "shadowing": -(-hours // 6)}[form]
            start = int(rng.integers(40, 340 - days))
            if spec["theme"] == "新教师岗前":
                start = int(rng.integers(228, 240))   # before the September term
            seen[base] = seen.get(base, 0) + 1
            name = base
        rows.append({"spec": i, "name": name, "hours": float(hours), "form": form,
                     "organizer": organizer, "start": start, "days": days})
    # Later runs of the same course get 第二期, 第三期 …
    counts: dict[str, int] = {}
    for r in rows:
        n = seen.get(r["name"], 1)
        if n > 1:
            counts[r["name"]] = counts.get(r["name"], 0) + 1
            c = counts[r["name"]]
            r["name"] += f"（第{_ORDINALS[c - 1] if c <= 10 else c}期）"
    frame = pl.DataFrame(rows).with_columns(
        program_row=pl.col("spec") + offset,
        year=pl.lit(year, dtype=pl.Int32),
        train_tier=pl.Series([s["tier"] for s in specs]),
        theme=pl.Series([s["theme"] for s in specs]),
        school_idx=pl.Series([s.get("school_idx") for s in specs], dtype=pl.Int64),
        participants=pl.Series(sizes, dtype=pl.Int64),
        start_date=pl.date(year, 1, 1) + pl.duration(days=pl.col("start")),
    ).with_columns(
        end_date=pl.col("start_date") + pl.duration(days=pl.col("days")),
        credits=(pl.col("hours") / 10 * 2).round(0) / 2,
        planned_seats=(pl.col("participants") * pl.Series(rng.uniform(0.85, 1.2, len(rows)))).round(0).cast(pl.Int64),
    )
    # Codes count up by start date within each tier, like a register would.
    frame = frame.sort(["train_tier", "start_date", "spec"]).with_columns(
        program_code=pl.concat_str(
            pl.col("train_tier").replace_strict(CODE_PREFIX), pl.lit(str(year)), pl.lit("-"),
            (pl.int_range(pl.len()).over("train_tier") + 1).cast(pl.String).str.zfill(3)),
    ).sort("program_row")
    return frame.select("program_row", "program_code", pl.col("name").alias("program_name"), "year",
                        "train_tier", "form", "theme", "organizer", "start_date", "end_date", "hours",
                        "credits", "planned_seats", "participants", "school_idx")


def _results(rng, part: pl.DataFrame, prog: pl.DataFrame, pass_rate: float) -> pl.DataFrame:
    """考核结果, 完成学时, 获得学分 and 成绩 for each participation row."""
    part = part.join(prog.select("program_row", "program_code", "year", "hours", "credits"),
                     left_on="prog_row", right_on="program_row", how="left").sort("prog_row", "teacher_idx")
    n = part.height
    u = rng.random(n)
    p_pass = np.where(part["rural"].to_numpy(), pass_rate - 0.02, pass_rate + 0.005)
    passed = u < p_pass
    v = rng.random(n)
    label = np.where(passed,
                     np.where(v < 0.15, "优秀", np.where(v < 0.32, "良好", "合格")),
                     np.where(v < 0.5, "不合格", np.where(v < 0.8, "未完成", "退训")))
    lo = np.select([label == "优秀", label == "良好", label == "合格", label == "不合格"], [90, 80, 60, 20], 0)
    hi = np.select([label == "优秀", label == "良好", label == "合格", label == "不合格"], [100, 89, 79, 59], 0)
    score = np.where(lo > 0, lo + np.floor(rng.random(n) * (hi - lo + 1)), np.nan)
    full = part["hours"].to_numpy()
    share = np.select(
        [passed, label == "不合格", label == "未完成"],
        [np.where(rng.random(n) < 0.85, 1.0, rng.uniform(0.8, 1.0, n)),
         rng.uniform(0.4, 0.95, n), rng.uniform(0.1, 0.7, n)],
        rng.uniform(0.0, 0.3, n))
    hours = np.round(full * share * 2) / 2
    credits = np.where(passed, part["credits"].to_numpy(), 0.0)
    return part.select("program_code", "year", "teacher_idx").with_columns(
        hours=pl.Series(hours), credits=pl.Series(credits), result=pl.Series(label),
        score=pl.Series(score).fill_nan(None))


def plan_targets(rng: np.random.Generator, participation: pl.DataFrame, programs: pl.DataFrame) -> pl.DataFrame:
    """年度培训计划: one target per year and tier, near what was then achieved."""
    names = {"national": "国培计划—乡村教师能力提升", "provincial": "省级骨干教师及学科教师培训",
             "municipal": "州级专题培训", "county": "县级全员培训", "school": "校本研修"}
    done = (participation.join(programs.select("program_code", "train_tier"), on="program_code")
            .group_by("year", "train_tier").len().sort("year", "train_tier"))
    done = done.with_columns(
        order=pl.col("train_tier").replace_strict({t: i for i, t in enumerate(TIERS)}, return_dtype=pl.Int32),
    ).sort("year", "order")
    factor = rng.uniform(0.9, 1.1, done.height)
    return done.select(
        "year",
        category=pl.col("train_tier").replace_strict(names),
        train_tier="train_tier",
        target=pl.max_horizontal((pl.col("len") * pl.Series(factor) / 10).round(0) * 10, pl.lit(10)).cast(pl.Int64),
    )
