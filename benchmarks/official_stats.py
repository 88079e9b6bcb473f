"""Time each official statistics query on a (province) warehouse, cold and warm.

    .venv/bin/python -m benchmarks.official_stats /work/province/province.duckdb [--year 2024] [--reps 5]

The warehouse is copied first (the codebook, the official models and the funds table are added
to the copy, never to the original). Each query runs ``--reps`` times on a fresh connection (cold:
DuckDB's buffer empty) and ``--reps`` times on one connection (warm), twice: first with the two
official models as views, computed on every call (before), then after storing them as tables the
way the build does (``warehouse.aggregates``; the time to store them is printed: what a load
pays). The floor, run in the same command, is counting persons at all: ``count(distinct
teacher_key)`` over the year's participation. The load average is printed: the machine is shared.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from warehouse import aggregates, codebook
from warehouse.filters import Filters
from warehouse.queries import official_stats as o
from warehouse.schema import METRICS_DIR, TABLES_DIR

MODELS = ("teacher_training_period", "school_stage_resources")


def prepare(source: Path, target: Path) -> None:
    """Copy; the codebook and the funds table as this code has them; the models as views."""
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as con:
        codebook.load(con)
        con.execute((TABLES_DIR / "12_training_funds.sql").read_text(encoding="utf-8"))
        for name in MODELS:
            for (kind,) in con.execute("select 'table' from duckdb_tables() where table_name = $n union all "
                                       "select 'view' from duckdb_views() where view_name = $n", {"n": name}).fetchall():
                con.execute(f"drop {kind} {name}")
            con.execute(f"create view {name} as\n" + (METRICS_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def store(target: Path) -> dict[str, float]:
    """Store the models as the build does (view -> table of the same name); seconds per model."""
    spent = {}
    with duckdb.connect(str(target)) as con:
        for name, order in aggregates.MATERIALISED:
            if name in MODELS:
                start = time.perf_counter()
                con.execute(f"create table {name}__new as select * from {name} order by {order}")
                con.execute(f"drop view {name}")
                con.execute(f"alter table {name}__new rename to {name}")
                spent[name] = time.perf_counter() - start
    return spent


def measure(copy: Path, year: int, reps: int) -> dict[str, tuple[float, float, float, float]]:
    results = {}
    for name, fn in calls(year).items():
        cold = []
        for _ in range(reps):
            with duckdb.connect(str(copy), read_only=True) as con:
                cold.append(timed(fn, con))
        with duckdb.connect(str(copy), read_only=True) as con:
            fn(con)
            warm = [timed(fn, con) for _ in range(reps)]
        results[name] = (statistics.median(cold), max(cold), statistics.median(warm), max(warm))
    return results


def calls(year: int):
    f = Filters(year=year)
    return {
        "baseline: distinct teachers trained": lambda con: con.execute(
            "select count(distinct teacher_key) from participation where year = $y", {"y": year}).fetchall(),
        "表1 training table (calendar)": lambda con: o.training_table(con, f, "calendar"),
        "表1 training table (school year)": lambda con: o.training_table(con, f, "school"),
        "表2 SDG 4.c.7 (calendar)": lambda con: o.sdg_4c7(con, f, "calendar"),
        "表3-1 cycle completion": lambda con: o.cycle_completion(con, f),
        "表3-2 school variation": lambda con: o.school_variation(con, f),
        "表3-3 funds share": lambda con: o.funds_share(con, f),
    }


def timed(fn, con) -> float:
    t0 = time.perf_counter()
    fn(con)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.duckdb"
        prepare(args.warehouse, copy)
        with duckdb.connect(str(copy), read_only=True) as con:
            rows = con.execute("select count(*) from participation").fetchall()[0][0]
        print(f"warehouse {args.warehouse} ({rows:,} participation rows), year {args.year}; "
              f"load average at start {os.getloadavg()}")
        before = measure(copy, args.year, args.reps)
        print(f"load average after the views {os.getloadavg()}")
        spent = store(copy)
        print("stored: " + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items()))
        after = measure(copy, args.year, args.reps)
        base = after["baseline: distinct teachers trained"][2]
        print("| query | view: cold median s | view: warm median s | stored: cold median s | stored: cold max s "
              "| stored: warm median s | stored: warm max s | view ÷ stored (warm) | stored ÷ floor (warm) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, (cm, cx, wm, wx) in after.items():
            vc, _, vw, _ = before[name]
            print(f"| {name} | {vc:.3f} | {vw:.3f} | {cm:.3f} | {cx:.3f} | {wm:.3f} | {wx:.3f} | {vw / wm:.1f}× "
                  f"| {wm / base:.1f}× |")
        print(f"load average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
