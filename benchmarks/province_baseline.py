"""The naive baseline: the same metrics computed with pandas from the raw tables, per request.

What a first dashboard often does: read the warehouse's raw tables into pandas DataFrames
once (kept in memory, like an ``st.cache_data`` of whole tables; the read is timed on its
own), then on every request filter, merge and group by the 10 million participation rows
again. Definitions follow warehouse/sql/metrics/ (teacher_year, metric_school_year,
teacher_cycle_year, award_detail, metric_program_plan, metric_dev_tier_year); each baseline
answer is compared with the query function's answer, so the ratio compares equal work.
"""
from __future__ import annotations

import dataclasses
import math
import statistics
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl

import settings
from benchmarks.province_queries import Call, Timing
from warehouse.filters import Filters

TABLES = {
    "school": "select school_code, school_name, stage, township, urban_rural from school",
    "roster": "select year, teacher_key, school_code, subject, dev_tier from roster",
    "program": "select program_code, program_name, year, train_tier, theme, planned_seats from program",
    "participation": "select program_code, teacher_key, year, school_code, hours, result from participation",
    "award": "select award_id, teacher_key, school_code, year, award_level from award",
}
LEVEL_WEIGHT = {"national": 5, "provincial": 4, "municipal": 3, "county": 2, "school": 1}


@dataclasses.dataclass
class Raw:
    frames: dict[str, pd.DataFrame]
    read_seconds: float
    memory_bytes: int


def read_raw(warehouse: Path) -> Raw:
    t0 = time.perf_counter()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        frames = {name: con.sql(sql).df() for name, sql in TABLES.items()}
    finally:
        con.close()
    seconds = time.perf_counter() - t0
    memory = sum(int(f.memory_usage(deep=True).sum()) for f in frames.values())
    return Raw(frames, seconds, memory)


# --- the naive computations -------------------------------------------------------------

def _latest(f: Filters, raw: dict) -> int:
    return int(f.year_to) if f.year_to is not None else int(raw["roster"]["year"].max())


def _school_scope(df: pd.DataFrame, f: Filters, schools: pd.DataFrame, col: str = "school_code") -> pd.DataFrame:
    """Attach school attributes and apply the school-level filters."""
    df = df.merge(schools, left_on=col, right_on="school_code", how="left", suffixes=("", "_s"))
    if f.schools:
        df = df[df[col].isin(f.schools)]
    if f.townships:
        df = df[df["township"].isin(f.townships)]
    if f.stages:
        df = df[df["stage"].isin(f.stages)]
    if f.urban_rural:
        df = df[df["urban_rural"].isin(f.urban_rural)]
    if f.allowed_schools is not None:
        df = df[df[col].isin(list(f.allowed_schools))]
    return df


def teacher_year(raw: dict, f: Filters, year_from: int | None, year_to: int | None,
                 tiers: tuple[str, ...] = ()) -> pd.DataFrame:
    """teacher_year for the years, every school filter applied; the tier filter picks rows."""
    part = raw["participation"]
    ros = raw["roster"]
    if year_from is not None:
        part, ros = part[part["year"] >= year_from], ros[ros["year"] >= year_from]
    if year_to is not None:
        part, ros = part[part["year"] <= year_to], ros[ros["year"] <= year_to]
    part = part.merge(raw["program"][["program_code", "train_tier"]], on="program_code", how="inner")
    if tiers:
        counted = part["train_tier"].isin(tiers)
    else:
        counted = pd.Series(True, index=part.index)
    passed = (part["result"] == "passed") & counted
    part = part.assign(
        person_times=counted.astype("int64"),
        with_result=(part["result"].notna() & counted).astype("int64"),
        passed=passed.astype("int64"),
        passed_hours=part["hours"].where(passed, 0.0).fillna(0.0),
    )
    per_tier = {f"person_times_{t}": (part["train_tier"] == t).astype("int64") for t in settings.TRAIN_TIERS}
    part = part.assign(**per_tier)
    agg = part.groupby(["year", "teacher_key"], as_index=False).agg(
        trained_school_code=("school_code", "min"), person_times=("person_times", "sum"),
        with_result=("with_result", "sum"), passed=("passed", "sum"), passed_hours=("passed_hours", "sum"),
        **{k: (k, "sum") for k in per_tier})
    ty = ros.merge(agg, on=["year", "teacher_key"], how="outer", indicator=True)
    ty["on_roster"] = ty["_merge"] != "right_only"
    ty["school_code"] = ty["school_code"].fillna(ty["trained_school_code"])
    for col in ["person_times", "with_result", "passed", "passed_hours", *per_tier]:
        ty[col] = ty[col].fillna(0)
    ty = ty.drop(columns=["_merge", "trained_school_code"])
    if f.subjects:
        ty = ty[ty["subject"].isin(f.subjects)]
    if f.dev_tiers:
        ty = ty[ty["dev_tier"].isin(f.dev_tiers)]
    return _school_scope(ty, f, raw["school"])


def _totals(ty: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    ty = ty.assign(roster=ty["on_roster"].astype("int64"),
                   trained=(ty["on_roster"] & (ty["passed"] > 0)).astype("int64"))
    out = ty.groupby(keys, as_index=False, dropna=False).agg(
        roster_teachers=("roster", "sum"), trained_teachers=("trained", "sum"),
        person_times=("person_times", "sum"), with_result=("with_result", "sum"),
        passed=("passed", "sum"), passed_hours=("passed_hours", "sum"))
    out["coverage"] = out["trained_teachers"] / out["roster_teachers"].replace(0, np.nan)
    out["pass_rate"] = out["passed"] / out["with_result"].replace(0, np.nan)
    out["hours_per_teacher"] = out["passed_hours"] / out["roster_teachers"].replace(0, np.nan)
    return out.sort_values(keys).reset_index(drop=True)


def _award_detail(raw: dict, f: Filters, year_from: int | None, year_to: int | None) -> pd.DataFrame:
    aw = raw["award"]
    if year_from is not None:
        aw = aw[aw["year"] >= year_from]
    if year_to is not None:
        aw = aw[aw["year"] <= year_to]
    aw = aw.merge(raw["roster"].rename(columns={"school_code": "roster_school"}),
                  on=["year", "teacher_key"], how="left")
    aw["school_code"] = aw["school_code"].fillna(aw["roster_school"])
    aw["level_weight"] = aw["award_level"].map(LEVEL_WEIGHT)
    if f.subjects:
        aw = aw[aw["subject"].isin(f.subjects)]
    if f.dev_tiers:
        aw = aw[aw["dev_tier"].isin(f.dev_tiers)]
    return _school_scope(aw, f, raw["school"])


def headline(raw: dict, f: Filters) -> pd.DataFrame:
    year = _latest(f, raw)
    ty = teacher_year(raw, f, year - 1, year, f.train_tiers)
    totals = _totals(ty, ["year"])
    tiers = ty.groupby("year", as_index=False)[[f"person_times_{t}" for t in settings.TRAIN_TIERS]].sum()
    aw = _award_detail(raw, f, year - 1, year)
    awards = aw.groupby("year", as_index=False).agg(awards=("award_id", "count"),
                                                    weighted_awards=("level_weight", "sum"))
    out = pd.DataFrame({"year": [year, year - 1]})
    out = out.merge(totals, on="year", how="left").merge(tiers, on="year", how="left").merge(awards, on="year", how="left")
    return out


def yearly_trend(raw: dict, f: Filters) -> pd.DataFrame:
    return _totals(teacher_year(raw, f, f.year_from, f.year_to, f.train_tiers), ["year"])


COVERAGE_KEYS = {"year": [], "school": ["school_code"], "township": ["township"], "stage": ["stage"],
                 "subject": ["subject"], "urban_rural": ["urban_rural"], "dev_tier": ["dev_tier"]}


def coverage_by(raw: dict, f: Filters, by: str = "school") -> pd.DataFrame:
    if by == "train_tier":
        parts = []
        for tier in f.train_tiers or settings.TRAIN_TIERS:
            ty = teacher_year(raw, f, f.year_from, f.year_to, (tier,))
            parts.append(_totals(ty, ["year"]).assign(train_tier=tier))
        return pd.concat(parts, ignore_index=True)
    return _totals(teacher_year(raw, f, f.year_from, f.year_to, f.train_tiers), ["year", *COVERAGE_KEYS[by]])


def compliance(raw: dict, f: Filters, by: str = "total") -> pd.DataFrame:
    """Cycle compliance (total) as of the selected year, anchor settings.CYCLE_START."""
    as_of = _latest(f, raw)
    anchor, years, hours = settings.CYCLE_START, settings.CYCLE_YEARS, settings.CYCLE_HOURS
    start = anchor + years * ((as_of - anchor) // years)
    ty = teacher_year(raw, Filters(), start, as_of)
    first = (raw["roster"].groupby("teacher_key", as_index=False)["year"].min()
             .rename(columns={"year": "first_roster_year"}))
    done = ty.groupby("teacher_key", as_index=False)["passed_hours"].sum()
    now = ty[(ty["year"] == as_of) & ty["on_roster"]][["teacher_key", "school_code"]]
    now = now.merge(done, on="teacher_key").merge(first, on="teacher_key")
    elapsed = as_of - np.maximum(start, now["first_roster_year"]) + 1
    required = np.minimum(hours / years * elapsed, hours)
    now = now.assign(compliant=now["passed_hours"] >= required)
    now = _school_scope(now, f.replace(year=None), raw["school"])
    teachers = len(now)
    return pd.DataFrame({"teachers": [teachers], "compliant_teachers": [int(now["compliant"].sum())]})


def awards_by_level(raw: dict, f: Filters) -> pd.DataFrame:
    aw = _award_detail(raw, f, f.year_from, f.year_to)
    return (aw.groupby(["year", "award_level"], as_index=False)
            .agg(awards=("award_id", "count"), weighted_awards=("level_weight", "sum")))


def program_completion(raw: dict, f: Filters, limit: int = 100, offset: int = 0) -> pd.DataFrame:
    prog = raw["program"]
    if f.year_from is not None:
        prog = prog[prog["year"] >= f.year_from]
    if f.year_to is not None:
        prog = prog[prog["year"] <= f.year_to]
    if f.train_tiers:
        prog = prog[prog["train_tier"].isin(f.train_tiers)]
    part = _school_scope(raw["participation"], f.replace(year=None, train_tiers=()), raw["school"])
    part = part[part["program_code"].isin(prog["program_code"])]
    counts = part.assign(p=(part["result"] == "passed").astype("int64")).groupby(
        "program_code", as_index=False).agg(participants=("p", "size"), passed=("p", "sum"))
    out = prog.merge(counts, on="program_code", how="left")
    out[["participants", "passed"]] = out[["participants", "passed"]].fillna(0)
    out["completion"] = out["participants"] / out["planned_seats"].replace(0, np.nan)
    order = {t: i for i, t in enumerate(settings.TRAIN_TIERS)}
    out = out.assign(o=out["train_tier"].map(order)).sort_values(["year", "o", "program_code"],
                                                                  ascending=[False, True, True])
    return out.iloc[offset:offset + limit]


def dev_tier_counts(raw: dict, f: Filters, by_school: bool = False) -> pd.DataFrame:
    ros = raw["roster"]
    if f.year_from is not None:
        ros = ros[ros["year"] >= f.year_from]
    if f.year_to is not None:
        ros = ros[ros["year"] <= f.year_to]
    ros = _school_scope(ros, f.replace(train_tiers=()), raw["school"])
    keys = ["year", "school_code", "dev_tier"] if by_school else ["year", "dev_tier"]
    return ros.groupby(keys, as_index=False, dropna=False).size().rename(columns={"size": "teachers"})


BASELINES = {
    ("warehouse.queries.overview", "headline"): (headline, ["person_times", "roster_teachers", "trained_teachers", "awards"]),
    ("warehouse.queries.overview", "yearly_trend"): (yearly_trend, ["roster_teachers", "trained_teachers", "person_times"]),
    ("warehouse.queries.coverage", "coverage_by"): (coverage_by, ["roster_teachers", "trained_teachers", "person_times"]),
    ("warehouse.queries.cycle", "compliance"): (compliance, ["teachers", "compliant_teachers"]),
    ("warehouse.queries.awards", "awards_by_level"): (awards_by_level, ["awards"]),
    ("warehouse.queries.plan", "program_completion"): (program_completion, ["participants", "passed"]),
    ("warehouse.queries.progression", "dev_tier_counts"): (dev_tier_counts, ["teachers"]),
}
ALLOWED_KWARGS = {"by", "by_school", "limit", "offset"}


def supported(call: Call) -> bool:
    return (call.module, call.name) in BASELINES and set(call.kwargs) <= ALLOWED_KWARGS and (
        call.name != "compliance" or call.kwargs.get("by", "total") == "total")


@dataclasses.dataclass
class Compared:
    call: Call
    seconds: list[float]
    ours_warm_median: float
    agrees: bool | None
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def ratio(self) -> float:
        return self.median / self.ours_warm_median if self.seconds and self.ours_warm_median > 0 else math.nan


def _totals_of(frame, columns: list[str]) -> list[float]:
    if isinstance(frame, pl.DataFrame):
        return [float(frame[c].fill_null(0).sum()) for c in columns]
    return [float(pd.to_numeric(frame[c], errors="coerce").fillna(0).sum()) for c in columns]


def compare(raw: Raw, warehouse: Path, timings: list[Timing], reps: int = 3) -> list[Compared]:
    """Run the baseline of each supported page call ``reps`` times; check its sums against ours.

    Query functions no page calls yet (page NO_PAGE) are compared only when no page call is
    supported at all: at ten million rows each baseline run takes seconds."""
    from benchmarks.province_queries import NO_PAGE
    on_pages = [t for t in timings if t.call.page != NO_PAGE and supported(t.call)]
    if on_pages:
        timings = [t for t in timings if t.call.page != NO_PAGE]
    out = []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for t in timings:
            if t.error or not supported(t.call):
                continue
            fn, columns = BASELINES[(t.call.module, t.call.name)]
            seconds, agrees, error = [], None, None
            try:
                for _ in range(reps):
                    t0 = time.perf_counter()
                    frame = fn(raw.frames, t.call.filters, **t.call.kwargs)
                    seconds.append(time.perf_counter() - t0)
                with con.cursor() as cur:
                    ours = t.call.function(cur, t.call.filters, **t.call.kwargs)
                agrees = all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
                             for a, b in zip(_totals_of(frame, columns), _totals_of(ours, columns)))
            except Exception as exc:
                error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
            out.append(Compared(t.call, seconds, t.warm_median, agrees, error))
    finally:
        con.close()
    return out
