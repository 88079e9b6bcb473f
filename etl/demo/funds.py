"""The demo county's training funds (培训经费): one sheet a year, amounts in 万元 as a bureau's
finance office writes them, under a title and above a 合计 row.

Each school's public-funds budget (公用经费) grows with its teachers (20 万元 plus 0.45 万元 a
teacher, give or take 5%); most schools spend 10.5–15% of it on training. Every year three
schools spend less than the county's 10% standard and one of them less than the inspection's 5%
(``UNDER_STANDARD`` and ``UNDER_INSPECTION`` of the 2024 sheet name them). Deterministic for a seed.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

from etl.demo import xlsx

FILE_NAME = "学校培训经费.xlsx"
UNDER_STANDARD = 3      # schools a year below 10%
UNDER_INSPECTION = 1    # of those, below 5%


def frame(ds, seed: int = 2024) -> pl.DataFrame:
    """year, school_code, school_name, public_funds_wan, training_spend_wan (万元, two decimals)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1701,)))
    sizes = ds.roster.group_by("year", "school_idx").agg(pl.len().alias("teachers"))
    rows = sizes.join(ds.schools.select("school_idx", "school_code", "school_name"), on="school_idx").sort(
        "year", "school_code")
    n = rows.height
    budget = (20 + 0.45 * rows["teachers"].to_numpy()) * rng.uniform(0.95, 1.05, n)
    share = rng.uniform(0.105, 0.15, n)
    for year in rows["year"].unique().sort().to_list():
        at = np.flatnonzero(rows["year"].to_numpy() == year)
        low = rng.choice(at, UNDER_STANDARD, replace=False)
        share[low] = rng.uniform(0.06, 0.095, UNDER_STANDARD)
        share[low[:UNDER_INSPECTION]] = rng.uniform(0.03, 0.045, UNDER_INSPECTION)
    return rows.select("year", "school_code", "school_name").with_columns(
        pl.Series("public_funds_wan", np.round(budget, 2)),
        pl.Series("training_spend_wan", np.round(budget * share, 2)))


def write(ds, out_dir: Path, seed: int = 2024) -> Path:
    funds = frame(ds, seed)
    sheets = []
    for year in funds["year"].unique().sort().to_list():
        rows = funds.filter(pl.col("year") == year)
        shown = rows.select(pl.col("year").alias("年度"), pl.col("school_code").alias("学校代码"),
                            pl.col("school_name").alias("学校名称"), pl.col("public_funds_wan").alias("公用经费（万元）"),
                            pl.col("training_spend_wan").alias("培训经费支出（万元）"))
        total = ("合计", None, None, round(rows["public_funds_wan"].sum(), 2), round(rows["training_spend_wan"].sum(), 2))
        sheets.append(xlsx.XSheet(f"{year}年", shown, title=f"康乐县{year}年中小学校培训经费支出统计表", footer=total))
    path = Path(out_dir) / FILE_NAME
    xlsx.write_workbook(path, sheets, author="康乐县教育局", created=dt.datetime(2026, 1, 8, 9, 0, 0))
    return path
