"""Public metric views at province scale: seconds for a full ``select *`` of each, cold then warm.

    python benchmarks/metric_views.py WAREHOUSE [REPEAT]

Opens the warehouse read-only (as an analyst's SQL client would), runs ``select * from <view>``
for every ``metric_*`` view and fetches every row: the first run cold, then the best of
``REPEAT`` warm runs. Prints a table with the rows returned and the load average (the
machine is shared, so compare runs made together).
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
    print(f"load average {os.getloadavg()[0]:.1f}\n\n| view | rows | cold ms | warm ms |\n|---|---:|---:|---:|")
    for view in views:
        times, rows = [], 0
        for _ in range(repeat + 1):
            start = time.perf_counter()
            rows = len(con.execute(f"select * from {view}").fetchall())
            times.append(1000 * (time.perf_counter() - start))
        print(f"| {view} | {rows:,} | {times[0]:.0f} | {min(times[1:]):.0f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
