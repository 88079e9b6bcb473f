"""What a load's staging file costs in I/O: copy the live warehouse, open the copy, write a
little, checkpoint, read it in full, fsync and swap it in (``etl.warehouse_io``), with the
staging connection as it is now (no fsync until ``swap_in``, the copy flushed in a
background thread) and as it was before (DuckDB's default ``fsync_mode``: every commit and
checkpoint waits for the disk; no background flush), interleaved in one command.

    .venv/bin/python -m benchmarks.stage_io WAREHOUSE [RUNS]

Works on copies of WAREHOUSE (with its secret) in a temporary folder beside it, sealed first
as a live file is. The machine is shared: the load average is printed with each run; compare
the two rows of one command, not numbers from different commands.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.sealed_copy import sealed_copy
from etl import warehouse_io


def one(warehouse: Path, work: Path, before: bool) -> dict[str, float]:
    live = work / "live.duckdb"
    sealed_copy(warehouse, live)
    os.sync()  # the copy just made is not the load's to write out
    flush = warehouse_io._flush_in_background
    if before:
        warehouse_io._flush_in_background = lambda path: None
    try:
        start = time.perf_counter()
        stage, con = warehouse_io.open_stage(live)
        if before:
            con.execute("set fsync_mode = 'STANDARD'")
        opened = time.perf_counter()
        con.execute("create or replace table bench_rows as select range as i from range(3000000)")
        con.execute("drop table bench_rows")
        written = time.perf_counter()
        warehouse_io.commit_stage(stage, con, live)
        done = time.perf_counter()
    finally:
        warehouse_io._flush_in_background = flush
        for path in work.glob("live.duckdb*"):
            path.unlink()
    return {"open": opened - start, "write": written - opened, "commit": done - written,
            "total": done - start, "load": os.getloadavg()[0]}


def main(warehouse: Path, runs: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="stage_io_", dir=warehouse.parent))
    try:
        rows = []
        for _ in range(runs):
            for before in (True, False):
                rows.append(("before (fsync at every commit)" if before else "now (one fsync, at the swap)",
                             one(warehouse, work, before)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = warehouse.stat().st_size / 2**20
    print(f"{warehouse.name}: {size:,.0f} MiB, {os.cpu_count()} cores\n")
    print("| staging file | open (copy) s | small write s | checkpoint, full read, swap s | total s | load avg |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows:
        print(f"| {name} | {r['open']:.2f} | {r['write']:.2f} | {r['commit']:.2f} | {r['total']:.2f} | {r['load']:.1f} |")
    for label in ("before", "now"):
        best = min(r["total"] for name, r in rows if name.startswith(label))
        print(f"\nbest total, {label}: {best:.2f} s", end="")
    print()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3)
