"""Loading one more 1M-row file into a copy of the province warehouse: seconds, and how many of
them rebuild the stored models.

    python benchmarks/incremental_load.py WAREHOUSE RAW_CSV [ROWS] [--baseline]

Copies WAREHOUSE (loaded from the raw files by this code, so its model_state is known and
its file holds no free blocks a rebuild in place would leave) to a temporary folder,
writes the first ROWS (1,000,000) data rows of RAW_CSV (a province participation file) as a
supplementary file with every completed-hours value one hour higher (a corrected export:
same keys, changed rows), and loads it through ``etl.load.load_paths``. The copy is read in
full and sealed first, untimed, as the load that swapped in a live warehouse leaves it.
``aggregates.build`` is timed inside the load. ``--baseline`` loads the same file into a second copy with the build
forced whole (what every load did before), in the same command. Prints wall and CPU seconds,
the load average and the size of the file the load leaves: the machine is shared, so compare
numbers from one run.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import etl.load  # noqa: E402
from benchmarks.sealed_copy import sealed_copy  # noqa: E402
from etl import warehouse_io  # noqa: E402
from warehouse import aggregates  # noqa: E402


def run(warehouse: Path, csv: Path, work: Path, full: bool) -> dict:
    copy = work / ("full.duckdb" if full else "incremental.duckdb")
    sealed_copy(warehouse, copy)
    assert not warehouse_io.verify(copy), f"{warehouse} does not read in full"
    spent = {"build": 0.0, "build_cpu": 0.0}
    original = aggregates.build

    def timed(con, *args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        result = original(con, *args, **(kwargs | ({"full": True} if full else {})))
        spent["build"] += time.perf_counter() - start
        spent["build_cpu"] += time.process_time() - cpu
        spent["result"] = result
        return result

    etl.load.aggregates.build = timed
    try:
        start, cpu = time.perf_counter(), time.process_time()
        report = etl.load.load_paths([csv], copy)
        spent |= {"load": time.perf_counter() - start, "load_cpu": time.process_time() - cpu,
                  "ok": report.ok, "loadavg": os.getloadavg()[0], "mib": copy.stat().st_size / 2**20}
    finally:
        etl.load.aggregates.build = original
        copy.unlink()
    return spent


def main(warehouse: Path, raw: Path, rows: int, baseline: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="incremental_load_"))
    try:
        part = pl.read_csv(raw, n_rows=rows, infer_schema=False)
        hours = pl.col("完成学时").cast(pl.Float64, strict=False)
        part = part.with_columns(pl.when(hours.is_not_null()).then((hours + 1).cast(pl.String))
                                 .otherwise(pl.col("完成学时")).alias("完成学时"))
        csv = work / "参训记录_2025_补充.csv"
        part.write_csv(csv)
        runs = [("incremental", run(warehouse, csv, work, full=False))]
        if baseline:
            runs.append(("whole rebuild (before)", run(warehouse, csv, work, full=True)))
        print(f"{rows:,} participation rows; {warehouse.name} {warehouse.stat().st_size / 2**20:,.0f} MiB\n\n"
              "| build | load s | load CPU s | of which build s | build CPU s | load avg | file after, MiB | ok |\n"
              "|---|---:|---:|---:|---:|---:|---:|---|")
        for name, r in runs:
            print(f"| {name} | {r['load']:.1f} | {r['load_cpu']:.1f} | {r['build']:.1f} | {r['build_cpu']:.1f} "
                  f"| {r['loadavg']:.1f} | {r['mib']:,.0f} | {r['ok']} |")
        print("\nrebuilt:", runs[0][1].get("result"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]), Path(args[1]), int(args[2]) if len(args) > 2 else 1_000_000, "--baseline" in sys.argv)
