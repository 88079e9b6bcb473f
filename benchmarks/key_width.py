"""What the 32-character teacher key costs the build, against a dense integer key (#13).

    python benchmarks/key_width.py WAREHOUSE [REPEAT]

Opens a province warehouse read-only and copies, into memory, the participation and roster
columns the heavy models group and join on twice: once keyed by ``teacher_key`` (the HMAC in
hex, as stored) and once by an integer numbering the same teachers. Then times, best of
``REPEAT`` alternating runs, the three operations the build spends its time in: a group-by of
participation per teacher and year (``teacher_year``, the credit ledger), a roster join with it
(every teacher-year model), and writing a grouped result as a table (every stored model). Both
keys give the same counts and sums (checked). Prints the load average: the machine is shared.
"""
from __future__ import annotations

import os
import sys
import time

import duckdb

OPERATIONS = {
    "group participation by teacher and year":
        "select count(*), sum(h) from (select {k}, year, sum(hours) as h, count(*) from {p} group by all)",
    "join the roster to it, group by teacher-year":
        "select count(*), sum(h) from (select r.{k}, r.year, sum(p.hours) as h from {r} as r "
        "left join {p} as p using ({k}, year) group by all)",
    "write the grouped rows as a table":
        "create or replace temp table written as select {k}, year, sum(hours) as h, count(*) as n from {p} group by all",
}


def main(path: str, repeat: int = 3) -> None:
    con = duckdb.connect(path, read_only=True)
    con.execute("set enable_progress_bar = false")
    con.execute("create temp table numbered as select teacher_key, (row_number() over ())::integer as teacher_no from teacher")
    con.execute("create temp table p_text as select teacher_key, year, hours from participation")
    con.execute("create temp table p_int as select n.teacher_no, p.year, p.hours from participation as p join numbered as n using (teacher_key)")
    con.execute("create temp table r_text as select teacher_key, year from roster")
    con.execute("create temp table r_int as select n.teacher_no, r.year from roster as r join numbered as n using (teacher_key)")
    rows = con.execute("select count(*) from p_text").fetchall()[0][0]
    print(f"participation rows {rows:,}; load average {os.getloadavg()[0]:.2f}\n\n"
          "| operation | varchar(32) key s | integer key s | ratio |\n|---|---:|---:|---:|")
    for name, sql in OPERATIONS.items():
        text = sql.format(k="teacher_key", p="p_text", r="r_text")
        number = sql.format(k="teacher_no", p="p_int", r="r_int")
        best = {text: float("inf"), number: float("inf")}
        results = {}
        for _ in range(repeat):
            for query in (text, number):
                start = time.perf_counter()
                results[query] = con.execute(query).fetchall()
                best[query] = min(best[query], time.perf_counter() - start)
        if not name.startswith("write"):
            assert results[text] == results[number], (name, results)
        print(f"| {name} | {best[text]:.2f} | {best[number]:.2f} | {best[number] / best[text]:.2f}× |", flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
