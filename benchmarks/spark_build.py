"""Time the Spark build against the DuckDB build of the stored models, at province scale.

    .venv/bin/python -m benchmarks.spark_build [--warehouse /work/province/province.duckdb]
                                              [--work /tmp/spark-bench] [--master local[2]]

Copies the warehouse (the original is shared and read-only), exports it as a lake
(``python -m etl export``), builds every model from that lake with DuckDB and then with
Spark (``python -m warehouse.build``, same lake, same output layout), checks that both give
the same rows (per model: row count and the sum of every numeric column, to 1e-9), and writes
``benchmarks/results/spark_build.md``: seconds, CPU-seconds, rows per second and CPU-seconds
per million input rows for each engine, with the load average before and after (the machine
is shared). Not a test: run it once, on purpose.
"""
from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import time
from pathlib import Path

import duckdb

from etl.export import export_lake
from warehouse import build as batch
from warehouse import lake

RESULTS = Path(__file__).parent / "results" / "spark_build.md"


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_jvm() -> float:
    """CPU-seconds of the local Spark JVM (it outlives the session, until this process ends)."""
    from pyspark import SparkContext

    gateway = getattr(SparkContext, "_gateway", None)
    proc = getattr(gateway, "proc", None)
    if proc is None:
        return 0.0
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _size(folder: Path) -> tuple[int, int]:
    found = lake.files(folder)
    return len(found), sum(p.stat().st_size for p in found)


def _sums(out: Path) -> dict[str, tuple]:
    """Per model: row count and the sum of every numeric column (booleans as 0/1)."""
    con = lake.connect(out)
    con.execute("set variable cycle_start = $a", {"a": lake.read_manifest(out)["cycle_start"]})
    sums = {}
    for model in lake.read_manifest(out)["models"]:
        cols = con.execute(f"describe {model}").fetchall()
        parts = ["count(*)"] + [f"sum({c}::double)" for c, t, *_ in cols
                                if t in ("INTEGER", "BIGINT", "DOUBLE", "HUGEINT", "BOOLEAN") or t.startswith("DECIMAL")]
        sums[model] = con.execute(f"select {', '.join(parts)} from {model}").fetchone()
    return sums


def _same(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(
        (x is None and y is None) or (x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9))
        for x, y in zip(a, b))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.spark_build")
    parser.add_argument("--warehouse", type=Path, default=Path("/work/province/province.duckdb"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/spark-bench"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--memory", default="6g")
    args = parser.parse_args(argv)
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copy = work / "warehouse.duckdb"
    shutil.copyfile(args.warehouse, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        inputs = {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                  for t in ("participation", "roster", "teacher", "program", "award", "school")}
    input_rows = sum(inputs.values())
    load_before = os.getloadavg()
    runs: dict[str, dict] = {}

    started, cpu = time.perf_counter(), _cpu_self()
    export_lake(copy, work / "lake")
    runs["export (DuckDB → lake)"] = {"seconds": time.perf_counter() - started, "cpu": _cpu_self() - cpu}

    started, cpu = time.perf_counter(), _cpu_self()
    batch.build("duckdb", work / "lake", work / "duckdb")
    runs["build, DuckDB"] = {"seconds": time.perf_counter() - started, "cpu": _cpu_self() - cpu}

    started, cpu = time.perf_counter(), _cpu_self()
    batch.build("spark", work / "lake", work / "spark", master=args.master,
                shuffle_partitions=args.shuffle_partitions, memory=args.memory)
    runs[f"build, Spark {args.master}"] = {"seconds": time.perf_counter() - started,
                                           "cpu": _cpu_self() - cpu + _cpu_jvm()}
    load_after = os.getloadavg()

    duck, spark = _sums(work / "duckdb"), _sums(work / "spark")
    differ = sorted(m for m in duck if not _same(duck[m], spark.get(m, ())))
    files, size = _size(work / "lake")
    out_rows = sum(v[0] for v in spark.values())
    lines = [
        "# Spark build vs DuckDB build, province scale",
        "",
        f"Command: `.venv/bin/python -m benchmarks.spark_build` (warehouse {args.warehouse}, "
        f"master {args.master}, {args.shuffle_partitions} shuffle partitions, driver memory {args.memory}).",
        f"Machine: {os.cpu_count()} cores, shared; load average before {load_before[0]:.1f} / "
        f"{load_before[1]:.1f} / {load_before[2]:.1f}, after {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f}.",
        f"Input: {input_rows:,} rows (" + ", ".join(f"{t} {n:,}" for t, n in inputs.items()) + f"); "
        f"lake {files} Parquet files, {size / 2**20:,.0f} MiB. Output: {len(spark)} models, {out_rows:,} rows.",
        "",
        "| step | seconds | CPU-seconds | input rows / s | CPU-s per million input rows |",
        "|---|---:|---:|---:|---:|",
    ]
    for step, run in runs.items():
        lines.append(f"| {step} | {run['seconds']:,.1f} | {run['cpu']:,.1f} | "
                     f"{input_rows / run['seconds']:,.0f} | {run['cpu'] / input_rows * 1e6:,.2f} |")
    lines += ["", "Parity (row count and the sum of every numeric column of each model, to 1e-9): "
              + (f"all {len(duck)} models equal." if not differ else f"DIFFER: {', '.join(differ)}.")]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
