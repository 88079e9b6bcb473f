"""Public metric views at province scale: seconds for a full ``select *`` of each, cold then warm.

    python benchmarks/metric_views.py WAREHOUSE [REPEAT]

Opens the warehouse read-only (as an analyst's SQL client would), runs ``select * from <view>``
for every ``metric_*`` view and fetches every row as Arrow batches (as a client streams them;
building Python tuples for 600,000 rows would time Python, not the view): the first run cold,
then the best of ``REPEAT`` warm runs, in wall and in CPU seconds of the process (DuckDB's
threads included). Prints the load average too: the machine is shared.
"""
from __future__ import annotations

import os
import sys
import time

import duckdb


def main(path: str, repeat: int = 3) -> None:
    con = duckdb.connect(path, read_only=True)
    views = [v for (v,) in con.execute(
        "select view_name from duckdb_views() where schema_name = 'main' and view_name like 'metric_%' "
        "union select table_name from duckdb_tables() where schema_name = 'main' and table_name like 'metric_%' "
        "order by 1").fetchall()]
    print(f"load average {os.getloadavg()[0]:.1f}\n\n| view | rows | cold ms | warm ms | warm CPU ms |"
          "\n|---|---:|---:|---:|---:|")
    for view in views:
        times, cpus, rows = [], [], 0
        for _ in range(repeat + 1):
            start, cpu = time.perf_counter(), time.process_time()
            rows = con.sql(f"select * from {view}").to_arrow_table().num_rows
            times.append(1000 * (time.perf_counter() - start))
            cpus.append(1000 * (time.process_time() - cpu))
        print(f"| {view} | {rows:,} | {times[0]:.0f} | {min(times[1:]):.0f} | {min(cpus[1:]):.0f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
