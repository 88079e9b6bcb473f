"""What #15's safety checks cost on the province: the full read of a warehouse (done twice per
load: the live file before it is copied, the new file before the swap) and the measuring of an
.xlsx before it is read (once per workbook), each next to the work it guards, in one command.

    .venv/bin/python -m benchmarks.safety_cost [/work/province/province.duckdb] [/work/province/raw/培训项目.xlsx]

Opens the warehouse read-only (the shared province file is never written). The machine is
shared: the load average is printed with the figures.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import duckdb
import fastexcel

from etl.warehouse_io import verify
from etl.workbook_limits import measure


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(warehouse: Path, workbook: Path) -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    size = warehouse.stat().st_size / 2**20
    full = timed(lambda: verify(warehouse))

    def one_table_count():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            con.execute("select count(*) from participation").fetchall()

    probe = timed(one_table_count)
    print(f"full read of {warehouse.name} ({size:,.0f} MiB, every table): {full:.1f} s; "
          f"the old probe (one count): {probe:.2f} s")
    data = workbook.read_bytes()
    measured = timed(lambda: measure(data))

    def read_all():
        reader = fastexcel.read_excel(data)
        for name in reader.sheet_names:
            reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_polars()

    read = timed(read_all)
    print(f"measuring {workbook.name} ({len(data) / 2**20:.1f} MiB): {measured:.1f} s; reading it: {read:.1f} s "
          f"(measure/read = {measured / read:.2f})")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0] if args else "/work/province/province.duckdb"),
         Path(args[1] if len(args) > 1 else "/work/province/raw/培训项目.xlsx"))
